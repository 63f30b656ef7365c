/**
 * The session's recording parts as the office server has them (issue 11 item 5):
 * not yet all sent; confirmed whole (then the secretary may free the space on
 * this device, after a confirmation); or freed, on the server only (it plays
 * from there when online). Shown on an enrolled device only: one on its own
 * sends nothing anywhere.
 */
import { For, Show, createEffect, createSignal, onCleanup } from 'solid-js';
import { RECORDS_AUDIO, hasAnyRole } from '../../domain/access.ts';
import { freePartAudio, listAudioParts, type AudioPartRow } from '../../storage/audio.ts';
import { getMeta, setMeta } from '../../storage/queries.ts';
import { AUDIO_ANY_NETWORK_KEY } from '../../sync/audioUpload.ts';
import { createRoles } from '../access/roles.ts';
import { ConfirmBox } from '../components/Confirm.tsx';
import { formatTimeSeconds } from '../format.ts';
import { useStore } from '../store.tsx';
import { at } from './audio.i18n.ts';

export function AudioOnServer(props: { sessionId: string; onFreed: () => void }) {
  const store = useStore();
  const roles = createRoles();
  const mayFree = () => {
    const r = roles();
    return r === undefined || r === null || hasAnyRole(r, RECORDS_AUDIO);
  };
  const [parts, setParts] = createSignal<readonly AudioPartRow[]>([]);
  const [asking, setAsking] = createSignal<string | null>(null);
  const [online, setOnline] = createSignal(typeof navigator === 'undefined' || navigator.onLine !== false);
  const [reread, setReread] = createSignal(0);
  // Read again as the uploader moves on (a part confirmed), never per recorded chunk: the secretary types here.
  createEffect(() => {
    const id = props.sessionId;
    const p = store.audioUpload();
    reread();
    if (!id || !p) return;
    let current = true;
    void listAudioParts(store.db, id).then((list) => current && setParts(list));
    onCleanup(() => (current = false));
  });
  const onOnline = () => setOnline(true);
  const onOffline = () => setOnline(false);
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);
  onCleanup(() => {
    window.removeEventListener('online', onOnline);
    window.removeEventListener('offline', onOffline);
  });

  // This device's own consent to send voices over a network other than the office's (the office must allow it too).
  const [anyNetwork, setAnyNetwork] = createSignal(false);
  void getMeta<boolean>(store.db, AUDIO_ANY_NETWORK_KEY).then((v) => setAnyNetwork(v === true));
  const setAny = async (value: boolean) => {
    await setMeta(store.db, AUDIO_ANY_NETWORK_KEY, value);
    setAnyNetwork(value);
    store.audioUploader()?.poke();
  };

  const free = async (partId: string) => {
    setAsking(null);
    await freePartAudio(store.db, partId, store.now());
    setReread((n) => n + 1);
    props.onFreed();
  };

  return (
    <Show when={store.audioUploader() && parts().length > 0}>
      <section class="audio-parts" aria-label={at('on_server_region')}>
        <label class="check">
          <input type="checkbox" checked={anyNetwork()} onChange={(e) => void setAny(e.currentTarget.checked)} /> {at('any_network')}
        </label>
        <ul>
          <For each={parts()}>
            {(part) => (
              <li class="audio-parts__part" data-part-id={part.id}>
                <span>{at('part_from', { time: formatTimeSeconds(part.startedAt) })}: </span>
                <Show
                  when={part.freedAt}
                  fallback={
                    <Show when={part.confirmedAt} fallback={<span>{at('part_not_sent')}</span>}>
                      <span>{at('part_confirmed')}</span>{' '}
                      <Show when={mayFree()}>
                        <Show
                          when={asking() === part.id}
                          fallback={
                            <button type="button" class="btn" onClick={() => setAsking(part.id)}>
                              {at('free_space')}
                            </button>
                          }
                        >
                          <ConfirmBox
                            question={at('free_question', { time: formatTimeSeconds(part.startedAt) })}
                            confirmLabel={at('free_confirm')}
                            onConfirm={() => void free(part.id)}
                            onCancel={() => setAsking(null)}
                          />
                        </Show>
                      </Show>
                    </Show>
                  }
                >
                  <span>{online() ? at('part_on_server') : at('part_on_server_offline')}</span>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}
