/**
 * The office server's HTTP surface: the API under /api and the built app.
 *
 * The app is offline-first: after the first visit the service worker serves it,
 * so this server mostly matters for that first load, for updates, and (next
 * issue) for sync. That shapes the caching rules below.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ServerOptions as HttpsServerOptions } from 'node:https';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import fastifyStatic from '@fastify/static';
import { API, PROTOCOL_VERSION, type HealthResponse, type WireError } from '../protocol/index.ts';
import { classifyError } from './errors.ts';
import type { Store } from './store/types.ts';
import { LiveEvents } from './live-events.ts';
import { registerSyncRoutes } from './sync-routes.ts';
import { registerAudioRoutes } from './audio-routes.ts';
import { Accounts } from './auth/accounts.ts';
import { makeGuard } from './auth/guard.ts';
import { registerAccessRoutes } from './auth/routes.ts';
import { registerPages } from './auth/pages.ts';
import { registerSecurity, LOG_REDACT_PATHS, TIMEOUTS } from './auth/security.ts';

export interface BuildServerOptions {
  store: Store;
  /** The built app (vite's outDir). Default `dist`, relative to the working directory. */
  staticDir?: string;
  /** Fastify's logger: `true`, `false`, or options such as `{ level: 'warn' }`. Default off. */
  logger?: FastifyServerOptions['logger'];
  /** Serve HTTPS with this certificate and key. */
  https?: Pick<HttpsServerOptions, 'cert' | 'key'>;
  /** The server's clock, epoch ms (default `Date.now`): tests move it to check the clock-skew limit. */
  now?: () => number;
  /** Live-update streams open at once (default `MAX_LISTENERS`). */
  maxListeners?: number;
  /**
   * Access control (issue 8): on unless a test says `false` explicitly, to
   * exercise the sync protocol on its own. A real server always has it.
   */
  access?: boolean;
  /** The address tablets use to reach this server (the enrolment QR code's target). Default: the request's own origin. */
  publicUrl?: string;
  /** The local certificate authority's certificate (PEM), offered for download on /tls when the server made its own. */
  caCertPem?: string;
  /** Behind nginx or Caddy: trust X-Forwarded-For / X-Forwarded-Proto from these addresses (Fastify's `trustProxy`). */
  trustProxy?: FastifyServerOptions['trustProxy'];
  /**
   * Told the one-time setup code while the server has no account (main.ts
   * prints it on the office PC's console). The code is never logged.
   */
  onSetupCode?: (code: string) => void;
  /** The office lets tablets upload the hall's audio over networks other than its LAN (default: LAN only). */
  audioUploadOverAnyNetwork?: boolean;
}

/**
 * Request bodies above this are refused with 413, unless a route sets its own
 * limit (the sync routes do: `SYNC_BODY_LIMITS`). 1 MiB keeps one request from
 * tying up a small office PC.
 */
export const BODY_LIMIT_BYTES = 1024 * 1024;

const APP_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

export async function buildServer(opts: BuildServerOptions): Promise<FastifyInstance> {
  const staticRoot = path.resolve(opts.staticDir ?? 'dist');
  const logger = opts.logger ?? false;
  const common = {
    // Whatever the level, no cookie, token or password ever reaches the log (see LOG_REDACT_PATHS).
    logger: logger === false ? false : { ...(logger === true ? {} : logger), redact: { paths: [...LOG_REDACT_PATHS], censor: '[redacted]' } },
    bodyLimit: BODY_LIMIT_BYTES,
    ...TIMEOUTS,
    ...(opts.trustProxy === undefined ? {} : { trustProxy: opts.trustProxy }),
  };
  // The HTTPS instance only differs in its raw server class; requests and replies
  // have the same types, so callers can treat both as the default instance.
  const app = (opts.https ? Fastify({ ...common, https: opts.https }) : Fastify(common)) as unknown as FastifyInstance;

  app.setErrorHandler((error, request, reply) => {
    const { wire, unexpected } = classifyError(error);
    if (unexpected) {
      // The only place a bug's stack is kept: in the server log, never in the reply.
      request.log.error({ err: error }, 'unexpected error');
    }
    return sendWireError(reply, wire);
  });

  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?', 1)[0] ?? '/';
    const isRead = request.method === 'GET' || request.method === 'HEAD';
    // Checked per request, not once at startup: dist/ may be rebuilt while we run.
    if (isRead && isClientRoute(pathname) && existsSync(path.join(staticRoot, 'index.html'))) {
      // SPA fallback: a client route like /conferences/abc opened directly, or
      // reloaded, must get the app shell, which then routes in the browser.
      // Status 200, not 404: the service worker only caches successful responses.
      reply.code(200);
      return reply.sendFile('index.html');
    }
    return sendWireError(reply, { status: 404, reason: 'not_found' });
  });

  const events = new LiveEvents(opts.maxListeners);
  // Before the server stops accepting: end the live streams, or close() would wait for them forever.
  app.addHook('preClose', (done) => {
    events.close();
    done();
  });
  const now = opts.now ?? Date.now;
  await registerSecurity(app);
  if (opts.access === false) {
    registerSyncRoutes(app, { store: opts.store, events, now });
  } else {
    const accounts = new Accounts(opts.store, now);
    // The devices' "last sync" times are written behind the requests: written before the store closes.
    app.addHook('onClose', async () => {
      await accounts.settleLastSync();
    });
    const guard = makeGuard(accounts);
    registerSyncRoutes(app, { store: opts.store, events, now, access: { guard, accounts } });
    const publicUrl = () => opts.publicUrl ?? '';
    registerAccessRoutes(app, { store: opts.store, accounts, guard, now, publicUrl });
    registerAudioRoutes(app, { store: opts.store, guard, accounts, now, uploadOverAnyNetwork: opts.audioUploadOverAnyNetwork ?? false });
    registerPages(app, { store: opts.store, now, accounts, guard, publicUrl, ...(opts.caCertPem === undefined ? {} : { caCertPem: opts.caCertPem }) });
    const setupCode = await accounts.setupCode();
    if (setupCode !== null) opts.onSetupCode?.(setupCode);
  }

  app.get(API.health, async (): Promise<HealthResponse> => ({
    status: 'ok',
    protocolVersion: PROTOCOL_VERSION,
    app: 'doithoai',
    store: opts.store.kind,
    version: APP_VERSION,
  }));

  await app.register(fastifyStatic, {
    root: staticRoot,
    // A missing dist/ (API-only run, tests) is not an error: GETs then fall through to 404.
    suppressWarning: true,
    // We set Cache-Control ourselves, per file, below.
    cacheControl: false,
    // Dotfiles in dist/ are never part of the app.
    dotfiles: 'deny',
    // The build writes .br and .gz beside each text file: a tablet on a weak link downloads a
    // third of the bytes, and the office PC spends no CPU compressing on every request.
    preCompressed: true,
    setHeaders(reply, filePath) {
      reply.header('Cache-Control', cacheControlFor(staticRoot, filePath));
    },
  });

  return app;
}

/**
 * - Files under assets/ carry a content hash in their name (vite's output), so a
 *   name always means the same bytes: cache them for a year, never revalidate.
 *   (So nothing unhashed may be put in public/assets/.)
 * - Everything else is `no-cache` (store, but revalidate; a 304 is cheap). Above
 *   all index.html, sw.js and manifest.webmanifest: they keep their names across
 *   releases, and a browser that cached them would keep running an old release
 *   and never see the new service worker. Icons and fonts from public/ get the
 *   same rule: correctness over a few conditional requests, as the service worker
 *   serves them offline anyway.
 */
export function cacheControlFor(staticRoot: string, filePath: string): string {
  const rel = path.relative(staticRoot, filePath).split(path.sep).join('/');
  return rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/**
 * Whether a path that matched no file should get the app shell.
 * Not for /api (clients need a JSON 404 to tell "no such endpoint" from a page),
 * not under /assets/ and not for names with a file extension: a stale page asking
 * for a deleted hashed chunk or a missing icon must fail with 404, not receive
 * HTML with status 200 that the browser would try to run as a script and the
 * service worker would cache under that name.
 */
function isClientRoute(pathname: string): boolean {
  if (pathname === '/api' || pathname.startsWith('/api/')) return false;
  if (pathname.startsWith('/assets/')) return false;
  const last = pathname.slice(pathname.lastIndexOf('/') + 1);
  return !last.includes('.');
}

function sendWireError(reply: FastifyReply, wire: WireError): FastifyReply {
  // Errors must never be cached: the same URL may work a moment later.
  return reply.code(wire.status).header('Cache-Control', 'no-store').type('application/json; charset=utf-8').send(wire);
}
