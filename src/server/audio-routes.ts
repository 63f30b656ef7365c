/**
 * The audio endpoints (`AUDIO_API`, protocol/audio.ts): a device uploads the
 * hall's recording chunk by chunk; the roles that may hear voices read it back.
 * Thin, like the sync routes: parse, check who and which unit, hand to
 * `AudioStore`, map refusals to `{status, reason, details}`.
 *
 * Who: `AUDIO_TABLE` in domain/access.ts. Sending needs a role that `sends`,
 * hearing (a segment's bytes) one that `hears`; the status (which chunks are
 * held, no voice in it) either. Always the principal's own unit only: a part
 * of another unit is 403 `other_unit` (part ids are random uuids, so saying it
 * exists reveals nothing, and a 404 would invite re-declaring it as one's own).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { HEARS_AUDIO, SENDS_AUDIO, hasAnyRole, type Role } from '../domain/access.ts';
import {
  AUDIO_API,
  AUDIO_LIMITS,
  AudioPartDeclarationSchema,
  AudioPartIdSchema,
  CHUNK_SHA256_HEADER,
  type AudioChunkReceipt,
  type AudioPartStatus,
  type AudioSettings,
} from '../protocol/audio.ts';
import { AudioRefusal, AudioStore, sha256Hex, type AudioPartRecord } from './audio-store.ts';
import type { Accounts, Principal } from './auth/accounts.ts';
import type { Guard } from './auth/guard.ts';
import { ApiError, parseInput } from './errors.ts';
import type { Store } from './store/types.ts';

export interface AudioRoutesOptions {
  readonly store: Store;
  readonly guard: Guard;
  readonly accounts: Accounts;
  readonly now: () => number;
  /** The office allows uploads over networks other than its LAN (`AUDIO_UPLOAD_ANY_NETWORK=1`). */
  readonly uploadOverAnyNetwork: boolean;
}

/** A declaration is a few hundred bytes per segment: 10,000 segments fit. */
const DECLARATION_BODY_LIMIT = 1024 * 1024;

const Index = (max: number) => v.pipe(v.string(), v.regex(/^\d{1,6}$/), v.transform(Number), v.maxValue(max));
const PartParams = v.object({ partId: AudioPartIdSchema });
const SegmentParams = v.object({ partId: AudioPartIdSchema, segment: Index(AUDIO_LIMITS.segments - 1) });
const ChunkParams = v.object({
  partId: AudioPartIdSchema,
  segment: Index(AUDIO_LIMITS.segments - 1),
  chunk: Index(AUDIO_LIMITS.chunksPerSegment - 1),
});
const Sha256 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));

function refusal(err: unknown): never {
  if (err instanceof AudioRefusal) {
    throw new ApiError(err.problem === 'part_unknown' ? 404 : 409, err.problem === 'part_unknown' ? 'not_found' : 'conflict', {
      problem: err.problem,
      ...err.details,
    });
  }
  throw err;
}

export function registerAudioRoutes(app: FastifyInstance, opts: AudioRoutesOptions): void {
  const audio = new AudioStore(opts.store.db, opts.now);

  const principalWith = async (request: FastifyRequest, roles: readonly Role[]): Promise<Principal> => {
    const p = await opts.guard.require(request);
    if (!hasAnyRole(p.roles, roles)) throw new ApiError(403, 'forbidden', { problem: 'role', needs: roles });
    if (p.deviceId !== undefined) opts.accounts.touchDevice(p.deviceId);
    return p;
  };
  /** The part, if it is the principal's unit's; 404 when the server has never heard of it. */
  const ownPart = async (p: Principal, partId: string): Promise<AudioPartRecord> => {
    const part = await audio.part(partId);
    if (!part) throw new ApiError(404, 'not_found', { problem: 'part_unknown' });
    if (part.unit_id !== p.unitId) throw new ApiError(403, 'forbidden', { problem: 'other_unit' });
    return part;
  };
  const mayStatus = [...new Set([...SENDS_AUDIO, ...HEARS_AUDIO])];

  app.get(AUDIO_API.settings, async (request): Promise<AudioSettings> => {
    await opts.guard.require(request);
    return { uploadOverAnyNetwork: opts.uploadOverAnyNetwork, limits: AUDIO_LIMITS };
  });

  app.put('/api/audio/:partId', { bodyLimit: DECLARATION_BODY_LIMIT }, async (request): Promise<AudioPartStatus> => {
    const p = await principalWith(request, SENDS_AUDIO);
    const { partId } = parseInput(PartParams, request.params, 'params');
    const decl = parseInput(AudioPartDeclarationSchema, request.body, 'body');
    if (decl.unitId !== p.unitId) throw new ApiError(403, 'forbidden', { problem: 'other_unit' });
    const existing = await audio.part(partId);
    if (existing && existing.unit_id !== p.unitId) throw new ApiError(403, 'forbidden', { problem: 'other_unit' });
    await audio.declare(partId, decl, { accountId: p.accountId, deviceId: p.deviceId ?? null }).catch(refusal);
    return audio.status((await audio.part(partId))!, false);
  });

  app.get('/api/audio/:partId', async (request): Promise<AudioPartStatus> => {
    const p = await principalWith(request, mayStatus);
    const { partId } = parseInput(PartParams, request.params, 'params');
    const query = parseInput(v.object({ hashes: v.optional(v.picklist(['0', '1'])) }), request.query, 'query');
    return audio.status(await ownPart(p, partId), query.hashes === '1');
  });

  // The chunk routes take raw bytes; the parser is scoped to them, every other route keeps JSON only.
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/octet-stream',
      { parseAs: 'buffer', bodyLimit: AUDIO_LIMITS.chunkBytes },
      (_request, body, done) => {
        done(null, body);
      },
    );

    scope.put(
      '/api/audio/:partId/segments/:segment/chunks/:chunk',
      { bodyLimit: AUDIO_LIMITS.chunkBytes },
      async (request): Promise<AudioChunkReceipt> => {
        const p = await principalWith(request, SENDS_AUDIO);
        const { partId, segment, chunk } = parseInput(ChunkParams, request.params, 'params');
        const claimed = parseInput(Sha256, request.headers[CHUNK_SHA256_HEADER], `headers.${CHUNK_SHA256_HEADER}`);
        const body = request.body;
        if (!(body instanceof Buffer) || body.byteLength === 0) throw new ApiError(400, 'bad_request', { problem: 'no_bytes' });
        // The device's checksum against the bytes that arrived: a chunk damaged on the way is refused, never stored.
        if (sha256Hex(body) !== claimed) throw new ApiError(400, 'validation_failed', { problem: 'checksum_mismatch' });
        const part = await ownPart(p, partId);
        return audio.putChunk(part, segment, chunk, body).catch(refusal);
      },
    );

    scope.get('/api/audio/:partId/segments/:segment', async (request, reply) => {
      const p = await principalWith(request, HEARS_AUDIO);
      const { partId, segment } = parseInput(SegmentParams, request.params, 'params');
      const part = await ownPart(p, partId);
      const bytes = await audio.segmentBytes(part, segment);
      if (!bytes) throw new ApiError(404, 'not_found', { problem: 'segment_unknown' });
      // Voices: never kept by a shared cache or a proxy on the way.
      return reply.header('Cache-Control', 'private, no-store').type(part.mime_type).send(bytes);
    });
  });
}
