/**
 * The follow-ups of a conference brought up to date with its records, read and
 * written in one transaction (commitAction): the rule (domain/followUps.ts)
 * decides on the records as they are when the changes land, so a disposition
 * changed meanwhile on another tab is never answered with a stale follow-up.
 */
import { reconcileFollowUps } from '../domain/followUps.ts';
import type { WorkingDayCalendar } from '../domain/workingDays.ts';
import { create, remove, update, type Change } from './changes.ts';
import type { DoiThoaiDb } from './db.ts';
import { getRecord, listBy, type Row } from './queries.ts';
import { commitAction } from './write.ts';

export async function reconcileConference(
  db: DoiThoaiDb,
  conferenceId: string,
  today: string,
  calendar: WorkingDayCalendar,
  now: () => number = Date.now,
): Promise<number> {
  return commitAction(
    db,
    {
      tables: ['conferences', 'sessions', 'speakerTurns', 'registrations', 'followUps'],
      read: async () => {
        const conference = await getRecord(db, 'conferences', conferenceId);
        const sessions = await listBy(db, 'sessions', 'conferenceId', conferenceId);
        const turns: Row<'speakerTurns'>[] = [];
        for (const s of sessions) turns.push(...(await listBy(db, 'speakerTurns', 'sessionId', s.id)));
        const [registrations, followUps] = await Promise.all([
          listBy(db, 'registrations', 'conferenceId', conferenceId),
          // Tombstones too: a retired follow-up re-created later is lifted, not duplicated under the same id.
          db.followUps.where('conferenceId').equals(conferenceId).toArray(),
        ]);
        return { conference, sessions, turns, registrations, followUps };
      },
      decide: ({ conference, sessions, turns, registrations, followUps }) => {
        if (!conference) return { changes: [], result: 0 };
        const plan = reconcileFollowUps({ sessions, turns, registrations, followUps, rule: conference.registrationDeadline, today, calendar });
        const tombstoned = new Set(followUps.filter((f) => f.deleted).map((f) => f.id));
        const scope = { unitId: conference.unitId, conferenceId };
        const changes: Change[] = plan.map((c) => {
          if (c.kind === 'delete') return remove('followUps', c.id);
          if (c.kind === 'update') return update('followUps', c.id, c.fields);
          // Same id as the one retired earlier: write it back over the tombstone.
          if (c.id && tombstoned.has(c.id)) return update('followUps', c.id, { ...c.fields, deleted: false } as never);
          return create('followUps', scope, c.fields, c.id);
        });
        return { changes, result: changes.length };
      },
    },
    now,
  );
}
