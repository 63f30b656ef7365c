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
 *   TLS_CERT, TLS_KEY  optional PEM files (the office's own certificate); both
 *                 set → HTTPS on HOST:PORT. Browsers give a service worker
 *                 (offline use) only to a secure context, and http://192.168.x.x
 *                 is not one: tablets on the LAN need HTTPS.
 *   (neither)     the server makes its own certificate authority and a
 *                 certificate for its LAN addresses in DATA_DIR/tls (first run),
 *                 serves HTTPS on HOST:HTTPS_PORT for the tablets, and plain
 *                 HTTP on 127.0.0.1:PORT only, for the office PC itself.
 *   HTTPS_PORT    default 8443 (0 when PORT is 0: tests pick free ports)
 *   TLS           `off`: no HTTPS at all, plain HTTP on HOST:PORT; only behind a
 *                 reverse proxy that terminates TLS (README)
 *   TRUST_PROXY   the proxy's address(es), e.g. `127.0.0.1`: X-Forwarded-For and
 *                 X-Forwarded-Proto are believed only from there
 *   PUBLIC_URL    the address tablets use, for the enrolment QR code (default:
 *                 https://<first LAN address>:HTTPS_PORT)
 *   LOG_LEVEL     default warn (errors and warnings only); cookies, tokens and
 *                 passwords are redacted at every level
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { buildServer } from './app.ts';
import { ensureLocalTls, lanAddresses } from './auth/tls.ts';
import { TIMEOUTS } from './auth/security.ts';
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
  /** No office certificate: make our own (unless TLS=off). */
  localTls: boolean;
  httpsPort: number;
  trustProxy: string | undefined;
  publicUrl: string | undefined;
  logLevel: string;
  /** `AUDIO_UPLOAD_ANY_NETWORK=1`: tablets may upload the hall's audio over any network, not only the office LAN. */
  audioUploadOverAnyNetwork: boolean;
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
  const httpsPort = Number(env.HTTPS_PORT ?? (port === 0 ? 0 : 8443));
  if (!Number.isInteger(httpsPort) || httpsPort < 0 || httpsPort > 65535) {
    throw new Error(`HTTPS_PORT must be a number from 0 to 65535, got "${env.HTTPS_PORT}"`);
  }
  return {
    port,
    httpsPort,
    localTls: certPath === undefined && env.TLS !== 'off',
    trustProxy: env.TRUST_PROXY || undefined,
    publicUrl: env.PUBLIC_URL || undefined,
    host: env.HOST || '0.0.0.0',
    dataDir: env.DATA_DIR || './data',
    databaseUrl: env.DATABASE_URL || undefined,
    staticDir: env.STATIC_DIR || 'dist',
    tls: certPath !== undefined && keyPath !== undefined ? { cert: readFileSync(certPath), key: readFileSync(keyPath) } : undefined,
    logLevel: env.LOG_LEVEL || 'warn',
    audioUploadOverAnyNetwork: env.AUDIO_UPLOAD_ANY_NETWORK === '1',
  };
}

async function main(): Promise<void> {
  const config = readConfig(process.env);
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  await store.migrate();

  const local = config.localTls ? ensureLocalTls(path.join(config.dataDir, 'tls')) : undefined;
  const tls = config.tls ?? (local ? { cert: Buffer.from(local.cert), key: Buffer.from(local.key) } : undefined);
  let setupCode: string | null = null;
  const app = await buildServer({
    store,
    staticDir: config.staticDir,
    logger: { level: config.logLevel },
    ...(tls ? { https: tls } : {}),
    ...(local ? { caCertPem: local.caCert } : {}),
    ...(config.trustProxy ? { trustProxy: config.trustProxy } : {}),
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    onSetupCode: (code) => (setupCode = code),
    audioUploadOverAnyNetwork: config.audioUploadOverAnyNetwork,
  });
  // With our own certificate, the office PC keeps plain http://localhost (a secure context already):
  // the same app, its requests handed over as they come, on loopback only.
  const plain = local ? http.createServer((req, res) => app.routing(req, res)) : undefined;
  if (plain) {
    // The same limits as the HTTPS server's (Fastify sets those from TIMEOUTS on its own server only).
    plain.requestTimeout = TIMEOUTS.requestTimeout;
    plain.keepAliveTimeout = TIMEOUTS.keepAliveTimeout;
    plain.setTimeout(TIMEOUTS.connectionTimeout);
  }
  if (plain) {
    app.addHook('onClose', (_instance, done) => {
      if (!plain.listening) return done();
      plain.close(() => done());
      plain.closeAllConnections();
    });
  }

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
    await app.listen({ port: local ? config.httpsPort : config.port, host: config.host });
    if (plain) {
      await app.ready();
      await new Promise<void>((resolve, reject) => {
        plain.once('error', reject);
        plain.listen(config.port, '127.0.0.1', () => resolve());
      });
    }
  } catch (err) {
    // e.g. the port is taken: release the database before reporting.
    await store.close();
    throw err;
  }
  const storeLabel = store.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const mainPort = (app.server.address() as AddressInfo).port;
  if (plain) {
    const { port } = plain.address() as AddressInfo;
    console.log(`Đối thoại: http://localhost:${port} (${storeLabel}: ${store.location})`);
    const lan = config.publicUrl ?? `https://${lanAddresses()[0] ?? '127.0.0.1'}:${mainPort}`;
    console.log(`Đối thoại: máy tính bảng dùng ${lan} (chứng chỉ gốc cần cài: ${path.join(config.dataDir, 'tls', 'ca.crt')}; hướng dẫn: http://localhost:${port}/tls)`);
    if (setupCode) console.log(`Đối thoại: mã thiết lập (dùng một lần): ${setupCode} — mở http://localhost:${port}/setup để tạo tài khoản quản trị`);
  } else {
    const scheme = config.tls ? 'https' : 'http';
    console.log(`Đối thoại: ${scheme}://localhost:${mainPort} (${storeLabel}: ${store.location})`);
    if (setupCode) console.log(`Đối thoại: mã thiết lập (dùng một lần): ${setupCode} — mở ${scheme}://localhost:${mainPort}/setup trên máy này`);
  }
}

main().catch((err: unknown) => {
  console.error('Đối thoại: could not start:', err);
  process.exit(1);
});
