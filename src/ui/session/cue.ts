/**
 * The audible cue at 1 minute, 30 seconds and time up: a short tone, so the
 * speaker hears it without the chair interrupting. Muting is a device choice
 * (the chair's tablet may sit next to the microphone).
 */
import { createSignal } from 'solid-js';
import type { TimerAlert } from '../../domain/timer.ts';

const KEY = 'doithoai.cueMuted';
const [muted, setMutedSignal] = createSignal(readMuted());
export { muted };

function readMuted(): boolean {
  try {
    return globalThis.localStorage?.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

export function setMuted(value: boolean): void {
  setMutedSignal(value);
  try {
    localStorage.setItem(KEY, value ? '1' : '0');
  } catch {
    /* the choice lasts for this visit */
  }
}

let audio: AudioContext | undefined;

/** Tones rise with urgency: one beep at a minute, two at thirty seconds, a long low one at time up. */
const PATTERNS: Record<Exclude<TimerAlert, 'none'>, { freq: number; beeps: number; ms: number }> = {
  one_minute: { freq: 880, beeps: 1, ms: 180 },
  thirty_seconds: { freq: 988, beeps: 2, ms: 160 },
  overtime: { freq: 440, beeps: 1, ms: 700 },
};

export function playCue(alert: TimerAlert): void {
  if (alert === 'none' || muted() || typeof AudioContext === 'undefined') return;
  audio ??= new AudioContext();
  const { freq, beeps, ms } = PATTERNS[alert];
  const t0 = audio.currentTime;
  for (let i = 0; i < beeps; i++) {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.25, t0 + (i * ms * 1.6) / 1000);
    gain.gain.exponentialRampToValueAtTime(0.001, t0 + (i * ms * 1.6 + ms) / 1000);
    osc.connect(gain).connect(audio.destination);
    osc.start(t0 + (i * ms * 1.6) / 1000);
    osc.stop(t0 + (i * ms * 1.6 + ms) / 1000);
  }
}
