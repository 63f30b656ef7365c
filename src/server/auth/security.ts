/**
 * Security headers, limits and timeouts for every reply, so a client on the
 * hall's open Wi-Fi can neither inject script into the app nor tie up the
 * office PC.
 */
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import { ApiError } from '../errors.ts';

/**
 * Timeouts: a request must arrive whole within 30 s (a slow-loris client
 * dribbling bytes is cut off), an idle keep-alive connection closes after 5 s.
 * The live channel (server-sent events) is hijacked from Fastify and keeps its
 * own heartbeat, so it is not cut by these.
 */
export const TIMEOUTS = {
  connectionTimeout: 60_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 5_000,
} as const;

/** What the logger never writes, whatever the level: credentials in headers and secrets in bodies. */
export const LOG_REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
  'body.password',
  'body.code',
  'password',
  'token',
] as const;

/**
 * The Content-Security-Policy the app passes: scripts only from this origin
 * (index.html has no inline script), no plugins, no framing, forms and fetches
 * only to this origin. Styles allow inline attributes: Solid and the hall
 * display set style properties on elements, which no script can use.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  // The hall's audio plays from object URLs of segments read out of IndexedDB (issue 11).
  mediaSrc: ["'self'", 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // Not upgrade-insecure-requests: http://localhost on the office PC must keep working.
  upgradeInsecureRequests: null,
} as const;

export async function registerSecurity(app: FastifyInstance): Promise<void> {
  // Helmet itself, built once, not the Fastify plugin: @fastify/helmet 13 builds a new helmet (and
  // parses this policy again) for every request, about 3% of the server's CPU with 200 tablets syncing.
  const securityHeaders = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    // The QR code and the CA certificate are same-origin; nothing is embedded from elsewhere.
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
    // HSTS would make a browser refuse http://localhost after one HTTPS visit to a LAN name; the office decides at its proxy.
    strictTransportSecurity: false,
  });
  app.addHook('onRequest', (request, reply, done) => {
    // Helmet 8 sets the headers and calls back at once; it throws rather than passing an error on.
    securityHeaders(request.raw, reply.raw, () => done());
  });
  // Only the routes that take a secret are limited (login, setup, enrolment): sync traffic of 200 tablets must not be.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new ApiError(429, 'rate_limited', { problem: 'too_many_attempts', retryAfterMs: context.ttl }),
  });
  // The office PC's pages post plain HTML forms (no script needed, so the CSP stays strict).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 8 * 1024 }, (_request, body, done) => {
    const params = new URLSearchParams(body as string);
    const out: Record<string, string | string[]> = {};
    for (const key of new Set(params.keys())) {
      const all = params.getAll(key);
      out[key] = all.length === 1 ? all[0]! : all;
    }
    done(null, out);
  });
}
