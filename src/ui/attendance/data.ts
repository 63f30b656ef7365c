/**
 * What every part of the attendance tab reads and does, made once per panel:
 * the session's attendees and bridge points (live), the search index, the
 * counts, this device's site, and the check-in actions.
 *
 * Check-in is at the door with a queue, so the actions never wait for the
 * list to re-render: they write and announce; the live query brings the new
 * state back (from this tab, another tab, or sync) for every view at once.
 */
import { createMemo, createSignal, type Accessor } from 'solid-js';
import { v7 as uuidv7 } from 'uuid';
import { attendanceCounts, effectiveHost, indexAttendees, type AttendanceCounts, type AttendeeIndex } from '../../domain/attendance.ts';
import type { Attendee } from '../../domain/model.ts';
import { create, update, type Change } from '../../storage/changes.ts';
import { listBySession, type Row } from '../../storage/queries.ts';
import { formatTime } from '../format.ts';
import { createLiveQuery } from '../primitives/liveQuery.ts';
import type { SessionRow } from '../screens/SessionWorkspace.tsx';
import { createSiteChoice, type SiteChoice } from '../session/siteChoice.ts';
import { useStore } from '../store.tsx';
import { m } from './messages.ts';
import { createMayWrite } from '../access/roles.ts';

export type AttendeeRow = Row<'attendees'>;
export type BridgePointRow = Row<'bridgePoints'>;

export interface AttendanceData {
  readonly session: Accessor<SessionRow>;
  /** undefined until the first read answers. */
  readonly attendees: Accessor<readonly AttendeeRow[] | undefined>;
  readonly byId: Accessor<ReadonlyMap<string, AttendeeRow>>;
  readonly index: Accessor<AttendeeIndex<AttendeeRow>>;
  readonly counts: Accessor<AttendanceCounts>;
  /** In creation order (ids are time-ordered). */
  readonly points: Accessor<readonly BridgePointRow[]>;
  readonly hostId: Accessor<string | null>;
  /** Sites are shown on rows and counted apart only when there is more than one. */
  readonly severalSites: Accessor<boolean>;
  readonly pointName: (id: string | undefined) => string | undefined;
  readonly site: SiteChoice;
  /** The last thing done, for the polite live region. */
  readonly announcement: Accessor<string>;
  readonly announce: (message: string) => void;
  readonly write: (changes: readonly Change[]) => Promise<boolean>;
  readonly checkIn: (a: AttendeeRow) => Promise<void>;
  readonly undo: (a: AttendeeRow) => Promise<void>;
  readonly toggle: (a: AttendeeRow) => Promise<void>;
  /** The new attendee's id, or null when nothing was written. */
  readonly addWalkIn: (name: string) => Promise<string | null>;
  readonly scope: () => { unitId: string; conferenceId: string };
  /** May this device's role write these records (domain/access.ts)? Always true on a device working on its own. */
  readonly mayWrite: (kind: 'attendees' | 'bridgePoints') => boolean;
}

const byIdOrder = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function createAttendanceData(session: Accessor<SessionRow>): AttendanceData {
  const store = useStore();
  const may = createMayWrite();
  // Only a change of session re-subscribes the queries, not every edit of the session record.
  const sessionId = createMemo(() => session().id);
  const attendees = createLiveQuery(sessionId, (id) => listBySession(store.db, 'attendees', id));
  const pointsRaw = createLiveQuery(sessionId, (id) => listBySession(store.db, 'bridgePoints', id));
  const points = createMemo(() => [...(pointsRaw() ?? [])].sort(byIdOrder));
  const list = () => attendees() ?? [];

  // One index per change of the list; a keystroke only searches it.
  const index = createMemo(() => indexAttendees(list()));
  const byId = createMemo(() => new Map(list().map((a) => [a.id, a])));
  const counts = createMemo(() => attendanceCounts(list()));
  const hostId = createMemo(() => effectiveHost(points()));
  const severalSites = createMemo(() => points().length > 1);
  const pointNames = createMemo(() => new Map(points().map((p) => [p.id, p.name])));
  const site = createSiteChoice(sessionId, points);

  const [announcement, setAnnouncement] = createSignal('');
  // The same sentence twice in a row would not be read again: a zero-width space makes it new.
  const announce = (message: string) => setAnnouncement((prev) => (prev === message ? `${message}\u200b` : message));

  const write = async (changes: readonly Change[]) => {
    try {
      await store.write(changes);
      return true;
    } catch (e) {
      announce(m('save_failed', { reason: e instanceof Error ? e.message : String(e) }));
      return false;
    }
  };

  /** Rows with a write in flight: a second tap before it lands must not undo the first. */
  const inFlight = new Set<string>();
  const guarded = async (id: string, run: () => Promise<void>) => {
    if (inFlight.has(id)) return;
    inFlight.add(id);
    try {
      await run();
    } finally {
      inFlight.delete(id);
    }
  };

  const siteFields = (): Partial<Attendee> => {
    const here = site.site();
    return here ? { bridgePointId: here } : {};
  };

  const checkIn = (a: AttendeeRow) =>
    guarded(a.id, async () => {
      if (a.present) {
        announce(m('done_already', { name: a.name, time: a.checkedInAt ? formatTime(a.checkedInAt) : '' }));
        return;
      }
      if (await write([update('attendees', a.id, { present: true, checkedInAt: store.now(), ...siteFields() })])) {
        announce(m('done_checked_in', { name: a.name }));
      }
    });

  const undo = (a: AttendeeRow) =>
    guarded(a.id, async () => {
      if (await write([update('attendees', a.id, { present: false, checkedInAt: null })])) announce(m('done_undone', { name: a.name }));
    });

  const scope = () => ({ unitId: session().unitId, conferenceId: session().conferenceId });

  const addWalkIn = async (typed: string) => {
    const name = typed.replace(/\s+/g, ' ').trim();
    if (!name) return null;
    const id = uuidv7();
    const ok = await write([
      create('attendees', scope(), {
        sessionId: sessionId(),
        name,
        group: 'citizens',
        title: '',
        organisation: '',
        village: '',
        invited: false,
        present: true,
        checkedInAt: store.now(),
        ...siteFields(),
      }, id),
    ]);
    if (ok) announce(m('done_walk_in', { name }));
    return ok ? id : null;
  };

  return {
    session,
    attendees,
    byId,
    index,
    counts,
    points,
    hostId,
    severalSites,
    pointName: (id) => (id ? pointNames().get(id) : undefined),
    site,
    announcement,
    announce,
    write,
    checkIn,
    undo,
    toggle: (a) => (a.present ? undo(a) : checkIn(a)),
    addWalkIn,
    scope,
    mayWrite: (kind) => may(kind),
  };
}
