/**
 * Entry point of the office server: `node --import tsx src/server/main.ts`
 * (what `npm start` runs after building the app).
 *
 * Environment:
 *   PORT          default 8080 (0 picks a free port)
 *   HOST          default 0.0.0.0, so tablets on the office LAN can connect
 *   DATA_DIR      default ./data, holds doithoai.sqlite
 *   DATABASE_URL  optional; if set, PostgreSQL is used instead of SQLite
 *   STATIC_DIR    default dist, the built app
 *   TLS_CERT, TLS_KEY  optional PEM files; both set → HTTPS. Browsers give a
 *                 service worker (offline use) only to a secure context, and
 *                 http://192.168.x.x is not one: tablets on the LAN need HTTPS.
 *   LOG_LEVEL     default warn (errors and warnings only; one line at startup)
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { buildServer } from './app.ts';
import { openStore } from './store/index.ts';

/** After a stop signal, give open requests this long to finish before exiting anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  staticDir: string;
  tls: { cert: Buffer; key: Buffer } | undefined;
  logLevel: string;
}

function readConfig(env: NodeJS.ProcessEnv): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a number from 0 to 65535, got "${env.PORT}"`);
  }
  const certPath = env.TLS_CERT || undefined;
  const keyPath = env.TLS_KEY || undefined;
  if ((certPath === undefined) !== (keyPath === undefined)) {
    throw new Error('TLS_CERT and TLS_KEY must be set together');
  }
  return {
    port,
    host: env.HOST || '0.0.0.0',
    dataDir: env.DATA_DIR || './data',
    databaseUrl: env.DATABASE_URL || undefined,
    staticDir: env.STATIC_DIR || 'dist',
    tls: certPath !== undefined && keyPath !== undefined ? { cert: readFileSync(certPath), key: readFileSync(keyPath) } : undefined,
    logLevel: env.LOG_LEVEL || 'warn',
  };
}

async function main(): Promise<void> {
  const config = readConfig(process.env);
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  await store.migrate();

  const app = await buildServer({
    store,
    staticDir: config.staticDir,
    logger: { level: config.logLevel },
    ...(config.tls ? { https: config.tls } : {}),
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    // Ctrl+C under `npm start` reaches both the wrapper (which forwards it) and
    // this process: the second signal must not cut the graceful close short.
    if (stopping) return;
    stopping = true;
    console.log(`Đối thoại: ${signal}, stopping`);
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    app
      .close()
      .then(() => store.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          console.error('Đối thoại: error while stopping', err);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    // e.g. the port is taken: release the database before reporting.
    await store.close();
    throw err;
  }
  const { port } = app.server.address() as AddressInfo;
  const scheme = config.tls ? 'https' : 'http';
  const storeLabel = store.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  console.log(`Đối thoại: ${scheme}://localhost:${port} (${storeLabel}: ${store.location})`);
}

main().catch((err: unknown) => {
  console.error('Đối thoại: could not start:', err);
  process.exit(1);
});
