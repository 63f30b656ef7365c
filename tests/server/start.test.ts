/**
 * scripts/start.mjs (`npm start`): rebuild only when the app's sources are newer
 * than dist/, then run the server and pass stop signals on to it.
 *
 * Each test runs a copy of the script in a scratch project whose src/server and
 * node_modules link to the real ones, with a stub `npx` first on PATH that records
 * the build request and fails with exit code 42, so no real build ever runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir, writeFakeDist } from './helpers.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const STUB_EXIT = 42;

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

interface Project {
  root: string;
  marker: string;
  /** Set a file's modification time, in seconds since the epoch, creating it if needed. */
  touch: (rel: string, seconds: number) => void;
  /** PATH with the stub `npx` first. */
  searchPath: string;
}

function scratchProject(): Project {
  const tmp = tempDir('start');
  cleanups.push(tmp.remove);
  const root = path.join(tmp.dir, 'project');
  mkdirSync(path.join(root, 'scripts'), { recursive: true });
  mkdirSync(path.join(root, 'src', 'app'), { recursive: true });
  copyFileSync(path.join(REPO, 'scripts', 'start.mjs'), path.join(root, 'scripts', 'start.mjs'));
  symlinkSync(path.join(REPO, 'src', 'server'), path.join(root, 'src', 'server'));
  symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'));
  copyFileSync(path.join(REPO, 'package.json'), path.join(root, 'package.json'));

  const bin = path.join(tmp.dir, 'bin');
  const marker = path.join(tmp.dir, 'build-requested');
  mkdirSync(bin);
  writeFileSync(path.join(bin, 'npx'), `#!/bin/sh\necho "$@" > "${marker}"\nexit ${STUB_EXIT}\n`);
  chmodSync(path.join(bin, 'npx'), 0o755);

  const touch = (rel: string, seconds: number): void => {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    if (!existsSync(file)) writeFileSync(file, '// test\n');
    utimesSync(file, seconds, seconds);
  };
  // Sources and their folders start out old; tests move single files forward.
  touch('src/app/main.tsx', 1000);
  touch('index.html', 1000);
  for (const dir of ['src/app', 'src', '.']) utimesSync(path.join(root, dir), 1000, 1000);

  return { root, marker, touch, searchPath: `${bin}${path.delimiter}${process.env.PATH ?? ''}` };
}

function run(project: Project, env: Record<string, string>): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [path.join(project.root, 'scripts', 'start.mjs')], {
    cwd: project.root,
    env: {
      ...process.env,
      PATH: project.searchPath,
      DATABASE_URL: '',
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: path.join(project.root, 'data'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  return Object.assign(child, { output: () => out });
}

function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

/** Runs the wrapper with a PORT the server refuses: it exits at once, after the build decision. */
async function buildDecision(project: Project, env: Record<string, string> = {}): Promise<'built' | 'not built'> {
  const child = run(project, { PORT: 'not-a-port', ...env });
  const code = await exitCode(child);
  if (existsSync(project.marker)) {
    expect(code).toBe(STUB_EXIT); // a failed build stops the start
    expect(readFileSync(project.marker, 'utf8').trim()).toBe('vite build');
    return 'built';
  }
  expect(child.output()).toMatch(/PORT must be a number/); // the server itself was started
  expect(code).toBe(1);
  return 'not built';
}

describe('scripts/start.mjs', () => {
  it('builds when dist/index.html is missing, and does not start the server if the build fails', async () => {
    const p = scratchProject();
    expect(await buildDecision(p)).toBe('built');
  }, 30_000);

  it('does not build when dist/ is newer than every app source', async () => {
    const p = scratchProject();
    writeFakeDist(path.join(p.root, 'dist'));
    p.touch('dist/index.html', 2000);
    expect(await buildDecision(p)).toBe('not built');
  }, 30_000);

  it.each(['src/app/main.tsx', 'index.html', 'vite.config.ts', 'public/icons/icon-192.png'])(
    'rebuilds when %s is newer than dist/',
    async (source) => {
      const p = scratchProject();
      writeFakeDist(path.join(p.root, 'dist'));
      p.touch('dist/index.html', 2000);
      p.touch(source, 3000);
      expect(await buildDecision(p)).toBe('built');
    },
    30_000,
  );

  it('ignores changes to the server code, which is not part of the app build', async () => {
    const p = scratchProject();
    writeFakeDist(path.join(p.root, 'dist'));
    p.touch('dist/index.html', 2000);
    // src/server is a link to the real (recently edited) server code: it must not count.
    expect(await buildDecision(p)).toBe('not built');
  }, 30_000);

  it('does not build dist/ when STATIC_DIR points at another built app', async () => {
    const p = scratchProject();
    const other = path.join(p.root, 'prebuilt');
    writeFakeDist(other);
    expect(await buildDecision(p, { STATIC_DIR: other })).toBe('not built');
  }, 30_000);

  it('runs the server and stops it when it is itself told to stop', async () => {
    const p = scratchProject();
    writeFakeDist(path.join(p.root, 'dist'));
    p.touch('dist/index.html', 2000);
    const child = run(p, {});
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start line:\n${child.output()}`)), 20_000);
      const poll = setInterval(() => {
        const m = /http:\/\/localhost:(\d+)/.exec(child.output());
        if (m) {
          clearInterval(poll);
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      }, 50);
    });
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);

    child.kill('SIGTERM'); // only the wrapper, as a service manager would
    expect(await exitCode(child)).toBe(0);
    expect(child.output()).toContain('SIGTERM, stopping');
    // The server is gone with it: the port no longer answers.
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
  }, 30_000);
});
