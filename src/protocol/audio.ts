/**
 * The hall's audio on the office server (issue 11 item 5): what a device and the
 * server say to each other to upload a recording, and to hear it back.
 *
 * Its own module beside the record sync (`sync.ts`): the audio never travels in
 * pushes and pulls (voices are personal data, and 11 MB an hour does not fit a
 * push), it has routes of its own, and the routes say who may hear it.
 *
 * The upload is resumable and idempotent per chunk:
 * - a part (one "Ghi âm" to "Dừng", or to a crash) is declared first with its
 *   metadata (`PUT /api/audio/:partId`), again as often as the device likes;
 * - each chunk the recorder handed over (about a second) is sent as it is, at its
 *   own address (`PUT …/segments/:s/chunks/:c`), with its SHA-256: the same bytes
 *   again are a no-op, other bytes for the same chunk are a 409, so the server
 *   can only ever hold what the device recorded;
 * - the status (`GET /api/audio/:partId`) says which chunks the server holds, so
 *   an upload cut by a reload or a lost Wi-Fi continues where it stopped;
 * - once the part has ended its declaration carries how many chunks each segment
 *   has, and the server answers `complete` when it holds every one of them: only
 *   then may the device free its copy.
 * docs/sync-protocol.md ("Audio") describes the routes for client authors.
 */
import * as v from 'valibot';

/** Bounds of one request: a recorder's chunk of a second at 24 kbit/s is about 3 KB, the first of a segment a little more. */
export const AUDIO_LIMITS = {
  /** Bytes in one chunk request. Far above a second of audio at any bitrate the app records; far below a burden for the office PC. */
  chunkBytes: 512 * 1024,
  /** Segments in one part: a 30 s segment each, 10,000 is 83 hours. */
  segments: 10_000,
  /** Chunks in one segment: a segment is about 30 chunks; a recorder that kept one going for a day stays under this. */
  chunksPerSegment: 100_000,
} as const;

const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(64), v.regex(/^[A-Za-z0-9_.:-]+$/));
const Count = (max: number) => v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(max));

/** `audio/webm;codecs=opus`, `audio/mp4`: what `MediaRecorder` reported. */
const MimeType = v.pipe(v.string(), v.maxLength(100), v.regex(/^audio\/[a-z0-9.+-]+(;[ a-z0-9=.,+"-]*)?$/i));

/** One segment of an ended part: how many chunks and bytes it has on the device. */
export const AudioSegmentTotalSchema = v.object({
  index: Count(AUDIO_LIMITS.segments - 1),
  chunks: Count(AUDIO_LIMITS.chunksPerSegment),
  bytes: Count(Number.MAX_SAFE_INTEGER),
});
export type AudioSegmentTotal = v.InferOutput<typeof AudioSegmentTotalSchema>;

/** PUT /api/audio/:partId: the part's metadata; `segments` once it has ended (recording stopped or cut). */
export const AudioPartDeclarationSchema = v.object({
  unitId: Id,
  conferenceId: Id,
  sessionId: Id,
  mimeType: MimeType,
  /** The part's start on the room's clock (server-corrected), ms since the epoch. */
  startedAt: Count(Number.MAX_SAFE_INTEGER),
  /** Null while it still records; then every segment's totals, which are final. */
  segments: v.optional(v.nullable(v.pipe(v.array(AudioSegmentTotalSchema), v.maxLength(AUDIO_LIMITS.segments))), null),
});
export type AudioPartDeclaration = v.InferOutput<typeof AudioPartDeclarationSchema>;

/** What the server holds of one segment. */
export interface AudioSegmentHeld {
  readonly index: number;
  /** The chunk indexes held, ascending. */
  readonly chunks: readonly number[];
  /** Each held chunk's SHA-256 (hex), aligned with `chunks`: sent with `?hashes=1` only. */
  readonly hashes?: readonly string[];
  readonly bytes: number;
}

/** The reply of PUT and GET /api/audio/:partId. */
export interface AudioPartStatus {
  readonly partId: string;
  readonly sessionId: string;
  readonly startedAt: number;
  readonly mimeType: string;
  /** The part's segment totals are known (it has ended). */
  readonly final: boolean;
  /** Final, and every chunk of every segment is held: the device may free its copy. */
  readonly complete: boolean;
  readonly segments: readonly AudioSegmentHeld[];
}

/** The reply of a chunk PUT. `duplicate`: the server had these very bytes already. */
export interface AudioChunkReceipt {
  readonly status: 'stored' | 'duplicate';
  readonly sha256: string;
}

/**
 * GET /api/audio/settings: what this office allows. A device uploads over the
 * LAN (the server's address is private or loopback) always, over any other
 * network only when the office allows it here and its own setting does too.
 */
export interface AudioSettings {
  readonly uploadOverAnyNetwork: boolean;
  readonly limits: typeof AUDIO_LIMITS;
}

/** The header a chunk's SHA-256 (hex) travels in; the server refuses a chunk whose bytes do not match it. */
export const CHUNK_SHA256_HEADER = 'x-chunk-sha256';

export const AUDIO_API = {
  settings: '/api/audio/settings',
  part: (partId: string) => `/api/audio/${encodeURIComponent(partId)}`,
  segment: (partId: string, segment: number) => `/api/audio/${encodeURIComponent(partId)}/segments/${segment}`,
  chunk: (partId: string, segment: number, chunk: number) =>
    `/api/audio/${encodeURIComponent(partId)}/segments/${segment}/chunks/${chunk}`,
} as const;

export const AudioPartIdSchema = Id;
