/**
 * The real office server, in-process: `buildServer` over a SQLite database in
 * memory, reached through Fastify's `inject` (the same routes, schemas, store
 * and SQL as over a socket, without one). `InjectTransport` is the engine's
 * `Transport` onto it.
 */
import Sqlite from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { SqliteDialect } from 'kysely';
import { buildServer } from '../../src/server/app.ts';
import { KyselyStore } from '../../src/server/store/kysely-store.ts';
import {
  SYNC_API,
  type HelloRequest,
  type HelloResponse,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type Reason,
  type TextDiffRequest,
  type TextDiffResponse,
  type UnitsResponse,
} from '../../src/protocol/index.ts';
import { TransportError, type PullArgs, type Transport } from '../../src/sync/transport.ts';

export interface TestServer {
  readonly app: FastifyInstance;
  readonly store: KyselyStore;
  close(): Promise<void>;
}

export async function startServer(now: () => number = Date.now): Promise<TestServer> {
  const store = new KyselyStore('sqlite', ':memory:', new SqliteDialect({ database: new Sqlite(':memory:') }));
  await store.migrate();
  const app = await buildServer({ store, staticDir: '/nonexistent', now });
  await app.ready();
  return {
    app,
    store,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

export class InjectTransport implements Transport {
  constructor(private readonly app: FastifyInstance) {}

  hello(request: HelloRequest): Promise<HelloResponse> {
    return this.call('POST', SYNC_API.hello, request);
  }
  push(request: PushRequest): Promise<PushResponse> {
    return this.call('POST', SYNC_API.push, request);
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
    const res = await this.app.inject({ method, url, ...(payload === undefined ? {} : { payload: JSON.stringify(payload), headers: { 'content-type': 'application/json' } }) });
    const body = res.json() as { reason?: Reason; details?: unknown };
    if (res.statusCode >= 400) throw new TransportError(body.reason ?? 'bad_response', res.statusCode, body.details);
    return body as T;
  }
}
