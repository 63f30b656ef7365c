/**
 * The sync endpoints (`SYNC_API`): thin. Each parses its input with the
 * protocol's valibot schema (nothing past that line sees an unchecked shape),
 * hands it to a named store method, and maps refusals to `{status, reason,
 * details}`. docs/sync-protocol.md describes them for client authors.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import {
  HelloRequestSchema,
  OLDEST_ACCEPTED_RECORD_SCHEMA_VERSION,
  PROTOCOL_VERSION,
  PullQuerySchema,
  PushRequestSchema,
  RECORD_SCHEMA_VERSION,
  SYNC_API,
  SERVER_LIMITS,
  SYNC_LIMITS,
  TextDiffRequestSchema,
  type HelloResponse,
  type PullResponse,
  type PushResponse,
  type TextDiffResponse,
  type UnitsResponse,
} from '../protocol/index.ts';
import { ApiError, type ValidationIssue } from './errors.ts';
import { StoreRefusal, type Store } from './store/types.ts';
import type { LiveEvents } from './live-events.ts';
import type { Accounts, Principal } from './auth/accounts.ts';
import { authorizeChange, checkUnit, redactChanges, type Guard } from './auth/guard.ts';

/**
 * Body limits per route. A push may carry one text update of up to
 * `SYNC_LIMITS.textUpdateBase64` (a compacted 20,000-word minutes document)
 * besides its record changes; the others carry a few ids and a state vector.
 */
export const SYNC_BODY_LIMITS = {
  hello: 4 * 1024,
  push: SYNC_LIMITS.textUpdateBase64 + 1024 * 1024,
  text: 256 * 1024,
} as const;

/** Issues listed in one refusal: enough to find the problem, not a megabyte of them for a garbage batch. */
const MAX_ISSUES = 20;

export interface SyncRoutesOptions {
  store: Store;
  events: LiveEvents;
  /** The server's clock (epoch ms); tests pass their own. */
  now: () => number;
  /**
   * Access control (issue 8): who may sync what. Absent only where a test
   * builds the server with `access: false` explicitly; every other server has it.
   */
  access?: { readonly guard: Guard; readonly accounts: Accounts };
}

/**
 * The path of the first string holding a NUL character, if any. PostgreSQL
 * text cannot hold one (the query fails), and no person types one: such a
 * request is refused at the door like any other malformed input.
 */
function nulPath(value: unknown, path: string): string | null {
  // The usual answer is "none": found without building a path string for every field of a 2,000-change push.
  return hasNul(value) ? nulPathOf(value, path) : null;
}

function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (const inner of value) if (hasNul(inner)) return true;
    return false;
  }
  for (const key in value) {
    if (key.includes('\u0000') || hasNul((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

function nulPathOf(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes('\u0000')) return `${path}.${key.replaceAll('\u0000', '\\0')}`;
    const found = nulPathOf(inner, `${path}.${key}`);
    if (found !== null) return found;
  }
  return null;
}

/** Parses `input` with a protocol schema or refuses it with 400 `validation_failed`, naming each field. */
function parse<S extends v.GenericSchema>(schema: S, input: unknown, where: 'body' | 'query'): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (result.success) {
    const nul = nulPath(result.output, where);
    if (nul !== null) throw new ApiError(400, 'validation_failed', { issues: [{ field: nul, message: 'nul_character' }] });
    return result.output;
  }
  const issues: ValidationIssue[] = result.issues.slice(0, MAX_ISSUES).map((issue) => {
    const path = v.getDotPath(issue);
    return { field: path === null ? where : `${where}.${path}`, message: issue.message };
  });
  throw new ApiError(400, 'validation_failed', { issues });
}

function checkRecordSchemaVersion(version: number): void {
  if (version < OLDEST_ACCEPTED_RECORD_SCHEMA_VERSION) {
    // The device keeps all its data; an update of the app lets it sync again.
    throw new ApiError(400, 'schema_too_old', { oldestAccepted: OLDEST_ACCEPTED_RECORD_SCHEMA_VERSION, current: RECORD_SCHEMA_VERSION });
  }
}

/** Store refusals of a whole request, as wire errors. */
function refusal(err: unknown): never {
  if (err instanceof StoreRefusal) {
    const status = err.reason === 'validation_failed' ? 400 : 409;
    throw new ApiError(status, err.reason, err.details);
  }
  throw err;
}

export function registerSyncRoutes(app: FastifyInstance, opts: SyncRoutesOptions): void {
  const { store, events, now, access } = opts;
  /** The caller, when access control is on (401 without credentials); null when it is off. */
  const caller = async (request: FastifyRequest): Promise<Principal | null> => {
    if (!access) return null;
    const principal = await access.guard.require(request);
    if (principal.deviceId !== undefined) access.accounts.touchDevice(principal.deviceId);
    return principal;
  };

  app.post(SYNC_API.hello, { bodyLimit: SYNC_BODY_LIMITS.hello }, async (request): Promise<HelloResponse> => {
    await caller(request);
    const body = parse(HelloRequestSchema, request.body, 'body');
    if (body.protocolVersion !== PROTOCOL_VERSION) {
      // "Please update": the app says so and keeps working offline with its data.
      throw new ApiError(400, 'unsupported_protocol', { protocolVersion: PROTOCOL_VERSION });
    }
    checkRecordSchemaVersion(body.recordSchemaVersion);
    const { serverId, head } = await store.hello();
    return {
      protocolVersion: PROTOCOL_VERSION,
      recordSchemaVersion: RECORD_SCHEMA_VERSION,
      serverId,
      head,
      limits: { pushBatch: SERVER_LIMITS.pushBatch, pullPage: SERVER_LIMITS.pullPage, pushBytes: SYNC_BODY_LIMITS.push },
      serverTime: now(),
    };
  });

  app.post(SYNC_API.push, { bodyLimit: SYNC_BODY_LIMITS.push }, async (request): Promise<PushResponse> => {
    const principal = await caller(request);
    const body = parse(PushRequestSchema, request.body, 'body');
    checkRecordSchemaVersion(body.recordSchemaVersion);
    const who = principal ? { accountId: principal.accountId, authorize: authorizeChange(principal) } : {};
    const outcome = await store.push(body.changes, { deviceId: body.deviceId, now: now(), ...who });
    events.notify(outcome.changedUnits, outcome.head);
    return { results: outcome.results, head: outcome.head, serverTime: now() };
  });

  app.get(SYNC_API.pull, async (request): Promise<PullResponse> => {
    const principal = await caller(request);
    const query = parse(PullQuerySchema, request.query, 'query');
    if (principal) checkUnit(principal, query.unit);
    const page = await store.pull(query.unit, query.after, query.limit ?? SYNC_LIMITS.pullPage).catch(refusal);
    return { ...page, ...(principal ? { changes: redactChanges(principal, page.changes) } : {}), serverTime: now() };
  });

  app.post(SYNC_API.text, { bodyLimit: SYNC_BODY_LIMITS.text }, async (request): Promise<TextDiffResponse> => {
    const principal = await caller(request);
    const body = parse(TextDiffRequestSchema, request.body, 'body');
    if (principal) checkUnit(principal, body.unitId);
    const diff = await store.textDiff(body.unitId, body.docId, Buffer.from(body.stateVector, 'base64')).catch(refusal);
    return {
      docId: body.docId,
      update: Buffer.from(diff.update).toString('base64'),
      stateVector: Buffer.from(diff.stateVector).toString('base64'),
      serverTime: now(),
    };
  });

  app.get(SYNC_API.units, async (request): Promise<UnitsResponse> => {
    const principal = await caller(request);
    const units = await store.units();
    // An account sees its own unit only: which other communes this server keeps is none of its business.
    return { units: principal ? units.filter((u) => u.id === principal.unitId) : units, serverTime: now() };
  });

  app.get(SYNC_API.events, async (request, reply) => {
    const principal = await caller(request);
    const query = parse(v.object({ unit: PullQuerySchema.entries.unit }), request.query, 'query');
    if (principal) checkUnit(principal, query.unit);
    if (!events.hasRoom()) throw new ApiError(429, 'rate_limited', { maxListeners: events.maxListeners });
    const head = await store.head();
    // From here the stream is ours, not Fastify's: it stays open until the device or the server ends it.
    reply.hijack();
    events.open(query.unit, reply.raw, head);
  });
}
