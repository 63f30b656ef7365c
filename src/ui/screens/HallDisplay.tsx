import { Show } from 'solid-js';
import { getRecord } from '../../storage/queries.ts';
import { t } from '../i18n.ts';
import { createLiveQuery } from '../primitives/liveQuery.ts';
import { useStore } from '../store.tsx';

/** The projector screen: no controls, readable from the back of the hall. */
export function HallDisplay(props: { sessionId: string }) {
  const { db } = useStore();
  const session = createLiveQuery(
    () => props.sessionId,
    async (id) => (await getRecord(db, 'sessions', id)) ?? null,
  );
  return (
    <main class="display" id="main">
      <Show when={session()} fallback={<p>{t('loading')}</p>}>
        {(s) => <h1 class="display__title">{s().title || s().venue}</h1>}
      </Show>
    </main>
  );
}
