/**
 * Brings the follow-ups of some conferences up to date (storage/followUps.reconcileConference):
 * a report upward, a written guidance and a form heard in no turn get theirs only when this runs,
 * so every screen that reads follow-ups (the dashboard, the statistics, the documents that print
 * them) runs it when it opens. Only on a device whose person may write follow-ups: a viewer reads
 * what the office's devices made. Ids are made from what each follow-up answers, so two devices
 * doing this at once write the same records.
 */
import { createEffect, createSignal, on, type Accessor } from 'solid-js';
import { mayWriteAny } from '../../domain/access.ts';
import { vietnamIsoDate } from '../../domain/vnTime.ts';
import { listConferences } from '../../storage/queries.ts';
import { createRoles } from '../access/roles.ts';
import { workingDayCalendar } from '../calendar.ts';
import { useStore } from '../store.tsx';

/**
 * `conferenceId`: the conference a screen shows, or null for every conference of the device (the
 * dashboard). Runs again when it changes. Returns whether it is still running (the dashboard says so).
 */
export function createFollowUpsUpkeep(conferenceId: Accessor<string | null>): Accessor<boolean> {
  const store = useStore();
  const roles = createRoles();
  const [updating, setUpdating] = createSignal(false);
  createEffect(
    on(
      [roles, conferenceId],
      ([r, only]) => {
        if (r === undefined || (r !== null && !mayWriteAny(r, 'followUps'))) return;
        setUpdating(true);
        void (async () => {
          try {
            const { reconcileConference } = await import('../../storage/followUps.ts');
            const today = vietnamIsoDate(store.now());
            let written = 0;
            const ids = only !== null ? [only] : (await listConferences(store.db)).map((c) => c.id);
            for (const id of ids) written += await reconcileConference(store.db, id, today, workingDayCalendar, store.now);
            if (written > 0) store.sync()?.poke();
          } catch (error) {
            console.error('follow-ups not updated', error);
          } finally {
            setUpdating(false);
          }
        })();
      },
      { defer: false },
    ),
  );
  return updating;
}
