/**
 * Consent and notice (issue 11): under the running order's first item, on the
 * chair's running order and in the minutes, the reminder that the chair tells
 * the hall the dialogue is recorded, and the box the chair or the secretary
 * ticks once it was said (one field: ticked on either, shown on both). The
 * time it was ticked goes into the session and the biên bản prints it.
 */
import { createUniqueId } from 'solid-js';
import { update } from '../../storage/changes.ts';
import { createMayWrite } from '../access/roles.ts';
import { formatTime } from '../format.ts';
import { useStore } from '../store.tsx';
import { at } from './audio.i18n.ts';
import './audio.css';

export function AnnounceRecording(props: { sessionId: string; announcedAt: number | null }) {
  const store = useStore();
  const may = createMayWrite();
  const id = createUniqueId();
  const toggle = (checked: boolean) => {
    void store.write([update('sessions', props.sessionId, { recordingAnnouncedAt: checked ? store.now() : null })]).catch(() => {
      // shown by the store's failure list
    });
  };
  return (
    <div class="announce-recording">
      <p class="announce-recording__reminder">{at('announce_reminder')}</p>
      <label for={id} class="announce-recording__check">
        <input
          id={id}
          type="checkbox"
          checked={props.announcedAt !== null}
          disabled={!may('sessions', 'recordingAnnouncedAt')}
          onChange={(e) => toggle(e.currentTarget.checked)}
        />{' '}
        {at('announced')}
        {props.announcedAt !== null ? ` (${formatTime(props.announcedAt)})` : ''}
      </label>
    </div>
  );
}
