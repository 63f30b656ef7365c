/**
 * Which session this app is recording, for the indicator every screen shows
 * (ui/components/Layout.tsx). Kept apart from the recorder so the first screen
 * does not load it: the recorder sets this, the header reads it.
 */
import { createSignal } from 'solid-js';

export interface RecordingNow {
  readonly sessionId: string;
  /** Room clock, ms. */
  readonly startedAt: number;
}

const [recordingNow, setRecordingNow] = createSignal<RecordingNow | null>(null);
export { recordingNow, setRecordingNow };
