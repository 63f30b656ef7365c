#!/usr/bin/env node
/**
 * `npm start`: build the app if its sources are newer than dist/, then run the
 * office server in the foreground.
 *
 * The build check exists so that an office PC can be updated with `git pull &&
 * npm start` and never serve a stale app; it is skipped when STATIC_DIR points
 * somewhere else (a prebuilt app, or a test), since then dist/ is not what we serve.
 *
 * The server runs under `node --import tsx` because Node 20 cannot strip
 * TypeScript types by itself.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const BUILT = path.join(DIST, 'index.html');
/** What the app build reads. src/server is the server's own code and never goes into dist/. */
const APP_INPUTS = ['src', 'index.html', 'vite.config.ts', 'public'].map((p) => path.join(ROOT, p));
const EXCLUDED = [path.join(ROOT, 'src', 'server')];

/** Newest modification time under `p` (a file or a folder), or 0 if it does not exist. */
function newestMtime(p) {
  if (EXCLUDED.includes(p)) return 0;
  let stat;
  try {
    stat = statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file shows only as a newer folder
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

function needsBuild() {
  if (!existsSync(BUILT)) return 'dist/index.html is missing';
  const builtAt = statSync(BUILT).mtimeMs;
  const newest = Math.max(...APP_INPUTS.map(newestMtime));
  return newest > builtAt ? 'the app sources changed since the last build' : undefined;
}

const servesDist = process.env.STATIC_DIR === undefined || path.resolve(ROOT, process.env.STATIC_DIR) === DIST;
const reason = servesDist ? needsBuild() : undefined;
if (reason !== undefined) {
  console.log(`Đối thoại: building the app (${reason})…`);
  const build = spawnSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: 'inherit', env: process.env });
  if (build.status !== 0) {
    console.error(`Đối thoại: the app build failed (${build.error?.message ?? `exit code ${build.status}`}); not starting.`);
    process.exit(build.status || 1);
  }
}

const server = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'server', 'main.ts')], {
  cwd: ROOT,
  stdio: 'inherit',
  env: process.env,
});

// A service manager stops us with SIGTERM sent to this process only: pass it on
// so the server can close the database cleanly. (Ctrl+C in a terminal reaches
// both processes; the server ignores the repeat.)
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (server.exitCode === null) server.kill(signal);
  });
}

// `npm start` puts npm and a shell above us. On SIGTERM npm passes the signal
// only to that shell, which dies without passing it on, leaving us orphaned and
// the server holding the port and the database. Notice the orphaning and stop.
const parentAtStart = process.ppid;
setInterval(() => {
  if (process.ppid !== parentAtStart && server.exitCode === null) server.kill('SIGTERM');
}, 1000).unref();

server.on('error', (err) => {
  console.error('Đối thoại: could not run the server:', err.message);
  process.exit(1);
});
server.on('exit', (code, signal) => {
  // Mirror the child's end, so a supervisor sees the real outcome.
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  } else {
    process.exit(code ?? 1);
  }
});
