/**
 * Where this device's enrolment is kept in `meta` (written by enrolment.ts). A module of its own:
 * the role hiding (ui/access/roles.ts) reads it on the first screen, and importing it from
 * start.ts would pull the sync starter into the first screen's JavaScript.
 */
export const ENROLMENT_KEY = 'enrolment';
