/**
 * Errors on the wire: every failure the server sends is `{ status, reason, details? }`
 * (`WireError` in src/protocol) so the app can branch on `reason` without parsing
 * prose, and nothing the client sees depends on Fastify's own error format.
 */
import type { FastifyError } from 'fastify';
import * as v from 'valibot';
import type { Reason, WireError } from '../protocol/index.ts';

/**
 * What a route throws to refuse a request on purpose. The error handler sends
 * it as is; anything else thrown is treated as a bug (500, logged).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: Reason,
    readonly details?: unknown,
  ) {
    super(reason);
    this.name = 'ApiError';
  }
}

/** A field path the app can show next to an input, e.g. `body.items.0.title`. */
export interface ValidationIssue {
  readonly field: string;
  readonly message: string;
}

/** Result of classifying a thrown value: the body to send and whether it is a bug worth logging. */
export interface Classified {
  readonly wire: WireError;
  readonly unexpected: boolean;
}

/** Fastify's own client errors, by code, mapped to our reasons. */
const FASTIFY_CODES: Readonly<Record<string, Reason>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'bad_request',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
};

/** Fallback for other 4xx errors that carry only a status code (from plugins, or `http-errors`). */
function reasonForStatus(status: number): Reason {
  switch (status) {
    case 401:
    case 403:
      return 'unauthorized';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    default:
      return 'bad_request';
  }
}

export function classifyError(error: unknown): Classified {
  if (error instanceof ApiError) {
    const wire: WireError =
      error.details === undefined
        ? { status: error.status, reason: error.reason }
        : { status: error.status, reason: error.reason, details: error.details };
    return { wire, unexpected: error.status >= 500 };
  }

  const fe = error as Partial<FastifyError> | null | undefined;

  // Schema validation (Ajv): say which field, so a form can point at it.
  if (fe && Array.isArray(fe.validation)) {
    const where = fe.validationContext ?? 'body';
    const issues: ValidationIssue[] = fe.validation.map((v) => ({
      field: fieldPath(where, v.instancePath, v.params),
      message: v.message ?? v.keyword,
    }));
    return { wire: { status: 400, reason: 'validation_failed', details: { issues } }, unexpected: false };
  }

  const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 400 && status < 500) {
    const byCode = fe?.code !== undefined ? FASTIFY_CODES[fe.code] : undefined;
    const reason = byCode ?? reasonForStatus(status);
    // The message of a client error is Fastify's fixed text (e.g. "Body cannot be
    // empty when content-type is set to 'application/json'"): useful, never secret.
    const details = typeof fe?.message === 'string' && fe.message !== '' ? { message: fe.message } : undefined;
    return {
      wire: details === undefined ? { status, reason } : { status, reason, details },
      unexpected: false,
    };
  }

  // Everything else is a bug or an outage (database down, disk full). The client
  // gets no message and no stack: they can carry SQL, file paths or data.
  return { wire: { status: 500, reason: 'internal' }, unexpected: true };
}

function fieldPath(where: string, instancePath: string | undefined, params: unknown): string {
  const parts = [where];
  for (const seg of (instancePath ?? '').split('/')) {
    // JSON Pointer escapes: ~1 is '/', ~0 is '~'.
    if (seg !== '') parts.push(seg.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  // A missing required property is reported on its parent object; name the property itself.
  const missing = (params as { missingProperty?: unknown } | undefined)?.missingProperty;
  if (typeof missing === 'string') parts.push(missing);
  return parts.join('.');
}

/**
 * Reads a request's body, query, params or a header with its schema: the parsed value, or a 400
 * `validation_failed` naming each field in error (at most 20), so a bad request is told what to
 * fix and nothing behind the route runs.
 */
export function parseInput<S extends v.GenericSchema>(schema: S, input: unknown, where = 'body'): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const issues = result.issues.slice(0, 20).map((issue) => {
    const path = v.getDotPath(issue);
    return { field: path === null ? where : `${where}.${path}`, message: issue.message };
  });
  throw new ApiError(400, 'validation_failed', { issues });
}
