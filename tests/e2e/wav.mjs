/**
 * What the fake microphone hears (`--use-file-for-fake-audio-capture`): a mono 16-bit PCM WAV
 * file, written from a function giving each sample in -1..1. Called once per sample in order,
 * so a generator may keep its own phase between calls.
 */
import { writeFileSync } from 'node:fs';

export function writeWav(path, { seconds, rate = 48_000, sample }) {
  const samples = rate * seconds;
  const buf = Buffer.alloc(44 + samples * 2);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + samples * 2, 4);
  buf.write('WAVEfmt ', 8);
  buf.writeUInt32LE(16, 16); // fmt chunk size
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28); // bytes per second
  buf.writeUInt16LE(2, 32); // bytes per frame
  buf.writeUInt16LE(16, 34); // bits per sample
  buf.write('data', 36);
  buf.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) buf.writeInt16LE(Math.round(Math.max(-1, Math.min(1, sample(i, rate))) * 32_000), 44 + i * 2);
  writeFileSync(path, buf);
}

/** Chromium's switches for a microphone that hears `path` (with no permission prompt). */
export const fakeMicrophone = (path) => [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  `--use-file-for-fake-audio-capture=${path}`,
];
