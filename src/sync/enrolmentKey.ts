import type { DoiThoaiDb } from '../storage/db.ts';
import { getMeta } from '../storage/queries.ts';
import type { Enrolment } from './enrolment.ts';

/**
 * Where this device's enrolment is kept in `meta` (written by enrolment.ts). A module of its own:
 * the role hiding (ui/access/roles.ts) reads it on the first screen, and importing it from
 * start.ts would pull the sync starter into the first screen's JavaScript.
 */
export const ENROLMENT_KEY = 'enrolment';

/** This device's enrolment, or null when it has none. Here too, for the first-run unit form. */
export async function readEnrolment(db: DoiThoaiDb): Promise<Enrolment | null> {
  return (await getMeta<Enrolment>(db, ENROLMENT_KEY)) ?? null;
}
