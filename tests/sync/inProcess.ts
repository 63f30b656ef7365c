/**
 * The real office server, in-process: `buildServer` over a SQLite database in
 * memory, reached through Fastify's `inject` (the same routes, schemas, store
 * and SQL as over a socket, without one). `InjectTransport` is the engine's
 * `Transport` onto it.
 */
import Sqlite from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/server/app.ts';
import type { KyselyStore } from '../../src/server/store/kysely-store.ts';
import { sqliteStoreOn } from '../../src/server/store/sqlite.ts';
import {
  SYNC_API,
  type HelloRequest,
  type HelloResponse,
  type PullResponse,
  type PushResponse,
  type Reason,
  type TextDiffRequest,
  type TextDiffResponse,
  type UnitsResponse,
} from '../../src/protocol/index.ts';
import { TransportError, type EncodedPush, type PullArgs, type Transport } from '../../src/sync/transport.ts';

export interface TestServer {
  readonly app: FastifyInstance;
  readonly store: KyselyStore;
  /** The first-run code, when access control is on. */
  readonly setupCode: string | null;
  /** The whole database's bytes: a refused request must leave them exactly as they were. */
  snapshot(): Buffer;
  close(): Promise<void>;
}

/**
 * `access: false` (the default here) runs the sync protocol on its own, as the
 * convergence test does; `access: true` is the real server, where every
 * transport needs an enrolled device's cookie (`tests/server/access-helpers.ts`).
 */
export async function startServer(now: () => number = Date.now, options: { access?: boolean } = {}): Promise<TestServer> {
  const database = new Sqlite(':memory:');
  const store = sqliteStoreOn(database, ':memory:');
  await store.migrate();
  let setupCode: string | null = null;
  const app = await buildServer({ store, staticDir: '/nonexistent', now, access: options.access ?? false, onSetupCode: (c) => (setupCode = c) });
  await app.ready();
  return {
    app,
    store,
    setupCode,
    snapshot: () => database.serialize(),
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

export class InjectTransport implements Transport {
  /** `cookie`: an enrolled device's credentials (`dt_device=…`), as a browser would send them. */
  constructor(
    private readonly app: FastifyInstance,
    private readonly cookie?: string,
  ) {}

  hello(request: HelloRequest): Promise<HelloResponse> {
    return this.call('POST', SYNC_API.hello, request);
  }
  push(push: EncodedPush): Promise<PushResponse> {
    return this.call('POST', SYNC_API.push, push.request);
  }
  pull(args: PullArgs): Promise<PullResponse> {
    const q = new URLSearchParams({ unit: args.unit, after: String(args.after) });
    if (args.limit !== undefined) q.set('limit', String(args.limit));
    return this.call('GET', `${SYNC_API.pull}?${q.toString()}`);
  }
  text(request: TextDiffRequest): Promise<TextDiffResponse> {
    return this.call('POST', SYNC_API.text, request);
  }
  units(): Promise<UnitsResponse> {
    return this.call('GET', SYNC_API.units);
  }

  private async call<T>(method: 'GET' | 'POST', url: string, payload?: unknown): Promise<T> {
    // Through JSON both ways, as over the wire: nothing but JSON-able data crosses.
    const headers: Record<string, string> = this.cookie ? { cookie: this.cookie } : {};
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const res = await this.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }) });
    const body = res.json() as { reason?: Reason; details?: unknown };
    if (res.statusCode >= 400) throw new TransportError(body.reason ?? 'bad_response', res.statusCode, body.details);
    return body as T;
  }
}
