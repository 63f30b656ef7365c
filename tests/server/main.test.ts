/**
 * The real entry point, as `npm start` runs it: a child process configured only
 * by environment variables, listening on a free loopback port.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import https from 'node:https';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type HealthResponse } from '../../src/protocol/index.ts';
import { tempDir, writeFakeDist } from './helpers.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = path.join(ROOT, 'src/server/main.ts');
const READY = /^Đối thoại: (https?):\/\/localhost:(\d+) \((SQLite|PostgreSQL): (.+)\)$/m;

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

interface Running {
  child: ChildProcess;
  port: number;
  line: string;
  output: () => string;
}

function startServer(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: ROOT,
    // DATABASE_URL from the outer environment must not switch this test to PostgreSQL.
    env: { ...process.env, DATABASE_URL: '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 20_000);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = READY.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[2]), line: m[0], output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe('src/server/main.ts', () => {
  it('starts from the environment, prints one friendly line, serves, and stops cleanly on SIGTERM', async () => {
    const tmp = tempDir('main');
    cleanups.push(tmp.remove);
    const dataDir = path.join(tmp.dir, 'data');
    const staticDir = path.join(tmp.dir, 'dist');
    writeFakeDist(staticDir);

    const server = await startServer({ DATA_DIR: dataDir, STATIC_DIR: staticDir });
    expect(server.line).toBe(`Đối thoại: http://localhost:${server.port} (SQLite: ${path.join(dataDir, 'doithoai.sqlite')})`);
    expect(existsSync(path.join(dataDir, 'doithoai.sqlite'))).toBe(true);

    const health = (await (await fetch(`http://127.0.0.1:${server.port}/api/health`)).json()) as HealthResponse;
    expect(health.protocolVersion).toBe(PROTOCOL_VERSION);
    expect(health.store).toBe('sqlite');
    const page = await fetch(`http://127.0.0.1:${server.port}/conferences/x`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');

    server.child.kill('SIGTERM');
    expect(await exited(server.child)).toBe(0);
    // Startup prints where to go, where tablets go, and (no account yet) the one-time setup code;
    // nothing else (no request logs) at the default level.
    const lines = server.output().trim().split('\n');
    expect(lines[0]).toBe(server.line);
    expect(lines[1]).toMatch(/^Đối thoại: máy tính bảng dùng https:\/\/\S+:\d+ \(chứng chỉ gốc cần cài: .*ca\.crt; hướng dẫn: http:\/\/localhost:\d+\/tls\)$/);
    expect(lines[2]).toMatch(/^Đối thoại: mã thiết lập \(dùng một lần\): [A-Z2-9]{8} — mở http:\/\/localhost:\d+\/setup/);
    expect(lines.slice(3)).toEqual(['Đối thoại: SIGTERM, stopping']);
  }, 30_000);

  const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
  it.skipIf(!hasOpenssl)(
    'serves HTTPS when TLS_CERT and TLS_KEY are set (tablets on the LAN need a secure context)',
    async () => {
      const tmp = tempDir('main-https');
      cleanups.push(tmp.remove);
      const cert = path.join(tmp.dir, 'cert.pem');
      const key = path.join(tmp.dir, 'key.pem');
      const made = spawnSync('openssl', [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-keyout',
        key,
        '-out',
        cert,
      ]);
      expect(made.status, made.stderr.toString()).toBe(0);

      const server = await startServer({ DATA_DIR: path.join(tmp.dir, 'data'), TLS_CERT: cert, TLS_KEY: key });
      expect(server.line).toMatch(/^Đối thoại: https:\/\/localhost:\d+ /);
      const body = await new Promise<string>((resolve, reject) => {
        https
          // Self-signed for the test only.
          .get({ host: '127.0.0.1', port: server.port, path: '/api/health', rejectUnauthorized: false }, (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve(text));
          })
          .on('error', reject);
      });
      expect((JSON.parse(body) as HealthResponse).status).toBe('ok');
      server.child.kill('SIGINT');
      expect(await exited(server.child)).toBe(0);
    },
    30_000,
  );

  it('without a certificate, makes its own CA and serves HTTPS that trusts it on 127.0.0.1; plain HTTP stays on localhost', async () => {
    const tmp = tempDir('main-local-tls');
    cleanups.push(tmp.remove);
    const dataDir = path.join(tmp.dir, 'data');
    const server = await startServer({ DATA_DIR: dataDir, STATIC_DIR: '/nonexistent' });
    let out = server.output();
    for (let i = 0; i < 100 && !/máy tính bảng dùng/.test(out); i++) {
      await new Promise((r) => server.child.stdout!.once('data', r));
      out = server.output();
    }
    const httpsPort = Number(/máy tính bảng dùng https:\/\/\S+:(\d+)/.exec(out)![1]);
    const ca = readFileSync(path.join(dataDir, 'tls', 'ca.crt'));
    const body = await new Promise<string>((resolve, reject) => {
      https
        // Verified against the server's own CA, as a tablet that installed it would.
        .get({ host: '127.0.0.1', port: httpsPort, path: '/api/health', ca }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve(text));
        })
        .on('error', reject);
    });
    expect((JSON.parse(body) as HealthResponse).status).toBe('ok');
    const download = await fetch(`http://127.0.0.1:${server.port}/tls/ca.crt`);
    expect(await download.text()).toBe(ca.toString());
    server.child.kill('SIGTERM');
    expect(await exited(server.child)).toBe(0);
  }, 30_000);

  it('refuses to start with only one of TLS_CERT and TLS_KEY', async () => {
    const tmp = tempDir('main-tls');
    cleanups.push(tmp.remove);
    await expect(startServer({ DATA_DIR: tmp.dir, TLS_CERT: path.join(tmp.dir, 'cert.pem') })).rejects.toThrow(
      /TLS_CERT and TLS_KEY must be set together/,
    );
  }, 30_000);
});
