/**
 * Reusing the invitation list of another session of the same conference (the
 * morning's list for the afternoon): one commit, invited people only, nobody
 * checked in, no one twice (domain/inviteeList.ts invitedListCopy).
 */
import { For, Show, createSignal, createUniqueId } from 'solid-js';
import { invitedListCopy } from '../../domain/inviteeList.ts';
import { create } from '../../storage/changes.ts';
import { listBySession, listSessions } from '../../storage/queries.ts';
import { formatDate } from '../format.ts';
import { createLiveQuery } from '../primitives/liveQuery.ts';
import { useStore } from '../store.tsx';
import type { AttendanceData } from './data.ts';
import { m } from './messages.ts';

export function CopyList(props: { data: AttendanceData }) {
  const store = useStore();
  const ids = { heading: createUniqueId(), select: createUniqueId(), hint: createUniqueId() };
  const others = createLiveQuery(
    () => props.data.session().conferenceId,
    async (conferenceId) => (await listSessions(store.db, conferenceId)).filter((s) => s.id !== props.data.session().id),
  );
  const [from, setFrom] = createSignal('');
  const [done, setDone] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const chosen = () => (others() ?? []).find((s) => s.id === from()) ?? (others() ?? [])[0];
  const label = (s: { title: string; venue: string; date: string; start: string }) => `${s.title || s.venue} · ${formatDate(s.date)} ${s.start}`;

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    const source = chosen();
    if (!source || busy()) return;
    setBusy(true);
    try {
      const people = invitedListCopy(await listBySession(store.db, 'attendees', source.id), props.data.attendees() ?? []);
      const sessionId = props.data.session().id;
      if (people.length === 0) {
        setDone(m('copy_nothing', { session: source.title || source.venue }));
        return;
      }
      const ok = await props.data.write(
        people.map((p) => create('attendees', props.data.scope(), { sessionId, ...p, invited: true, present: false, checkedInAt: null })),
      );
      if (ok) setDone(m('copy_done', { n: people.length, session: source.title || source.venue }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Show when={(others() ?? []).length > 0}>
      <form class="att-card att-form" onSubmit={(e) => void onSubmit(e)} aria-labelledby={ids.heading}>
        <h3 id={ids.heading}>{m('copy_heading')}</h3>
        <div class="field">
          <label for={ids.select}>{m('copy_from')}</label>
          <select id={ids.select} aria-describedby={ids.hint} onChange={(e) => setFrom(e.currentTarget.value)}>
            <For each={others()}>
              {(s) => (
                <option value={s.id} selected={chosen()?.id === s.id}>
                  {label(s)}
                </option>
              )}
            </For>
          </select>
          <p class="field__hint" id={ids.hint}>
            {m('copy_hint')}
          </p>
        </div>
        <p class="att-done" role="status">
          {done()}
        </p>
        <button type="submit" class="btn" disabled={busy()}>
          {m('copy_submit')}
        </button>
      </form>
    </Show>
  );
}
