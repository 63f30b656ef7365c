/**
 * The real server process (`src/server/main.ts`) killed with SIGKILL in the
 * middle of a stream of pushes, then started again on the same data: every
 * operation it acknowledged is still there, and the pushes that were cut off
 * can be retried (applied now, or `duplicate` if they had committed after all).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, describe, expect, it } from 'vitest';
import { RECORD_SCHEMA_VERSION, SYNC_API, type Change, type PullResponse, type PushResponse } from '../../src/protocol/index.ts';
import { Device, departmentFields, seedUnit } from './sync-fixtures.ts';
import { STORE_KINDS, freshStore, type TestStore } from './stores.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = path.join(ROOT, 'src/server/main.ts');
const READY = /^Đối thoại: https?:\/\/localhost:(\d+) /m;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** The first run prints the one-time setup code: with it, an administrator and an enrolled tablet whose cookie every request carries. */
const SETUP = /mã thiết lập \(dùng một lần\): ([A-Z2-9]{8})/;
let deviceCookie = '';

async function enrolOn(base: string, code: string): Promise<void> {
  const setup = await fetch(`${base}/api/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, username: 'quantri', displayName: 'Quản trị', password: 'mật khẩu đủ dài 2026' }),
  });
  const admin = setup.headers.getSetCookie()[0]!.split(';', 1)[0]!;
  const me = (await setup.json()) as { me: { accountId: string } };
  const made = await fetch(`${base}/api/admin/enrolment-codes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: admin },
    body: JSON.stringify({ accountId: me.me.accountId, deviceName: 'Máy thử' }),
  });
  const enrolment = (await made.json()) as { code: string };
  const enrol = await fetch(`${base}/api/auth/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: enrolment.code, deviceId: 'setup' }) });
  deviceCookie = enrol.headers.getSetCookie()[0]!.split(';', 1)[0]!;
}

function startServer(env: Record<string, string>, waitForSetupCode = false): Promise<{ child: ChildProcess; base: string; setupCode?: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', STATIC_DIR: '/nonexistent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = READY.exec(out);
      const code = SETUP.exec(out);
      if (m && (!waitForSetupCode || code)) resolve({ child, base: `http://127.0.0.1:${m[1]}`, ...(code ? { setupCode: code[1]! } : {}) });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.on('exit', () => resolve());
  });
}

async function pushTo(base: string, device: Device, changes: Change[]): Promise<PushResponse> {
  const res = await fetch(`${base}${SYNC_API.push}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: deviceCookie },
    body: JSON.stringify({ deviceId: device.id, recordSchemaVersion: RECORD_SCHEMA_VERSION, changes }),
  });
  if (res.status !== 200) throw new Error(`push answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as PushResponse;
}

async function pullEverything(base: string, unitId: string): Promise<Set<string>> {
  const ops = new Set<string>();
  let after = 0;
  for (;;) {
    const page = (await (await fetch(`${base}${SYNC_API.pull}?unit=${unitId}&after=${after}`, { headers: { cookie: deviceCookie } })).json()) as PullResponse;
    for (const c of page.changes) ops.add(c.op);
    after = page.next;
    if (!page.more) return ops;
  }
}

describe.each(STORE_KINDS)('the server killed mid-stream on %s', (kind) => {
  it('loses no acknowledged operation, and a retry of the cut-off pushes is safe', async () => {
    const t: TestStore = await freshStore(kind);
    // The test's own store is only for creating and dropping the data: the server process opens its own.
    await t.store.close();
    cleanups.push(() => t.dispose());

    const first = await startServer(t.env, true);
    await enrolOn(first.base, first.setupCode!);
    const me = (await (await fetch(`${first.base}/api/auth/me`, { headers: { cookie: deviceCookie } })).json()) as { me: { unitId: string } };
    const seed = seedUnit(new Device('setup'), me.me.unitId);
    await pushTo(first.base, new Device('setup'), seed.changes);

    const acknowledged = new Set<string>();
    const cutOff: Array<{ device: Device; changes: Change[] }> = [];
    const KILL_AFTER = 120;
    let killing: Promise<void> | undefined;

    // Four tablets pushing small batches back to back; the server dies once it has acknowledged KILL_AFTER ops.
    const writers = Array.from({ length: 4 }, (_, i) => new Device(`tablet${i}`));
    await Promise.all(
      writers.map(async (device) => {
        for (let round = 0; round < 200 && !killing; round++) {
          const changes = Array.from({ length: 3 }, () =>
            device.change('departments', uuidv7(), { unitId: seed.unitId }, departmentFields(`${device.id} ${round}`)),
          );
          try {
            const res = await pushTo(first.base, device, changes);
            for (const r of res.results) {
              expect(r.status).toBe('applied');
              acknowledged.add(r.op);
            }
            if (acknowledged.size >= KILL_AFTER && !killing) {
              first.child.kill('SIGKILL');
              killing = killed(first.child);
            }
          } catch {
            // The connection died with the server: this batch is not acknowledged; the device keeps it.
            cutOff.push({ device, changes });
            return;
          }
        }
      }),
    );
    await killing;
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER);

    const second = await startServer(t.env);
    const ops = await pullEverything(second.base, seed.unitId);
    for (const op of acknowledged) expect(ops.has(op), `acknowledged op ${op} lost`).toBe(true);
    for (const c of seed.changes) expect(ops.has(c.op)).toBe(true);

    // What was in flight: either committed before the kill (duplicate now) or not (applied now); never lost, never twice.
    for (const { device, changes } of cutOff) {
      const res = await pushTo(second.base, device, changes);
      for (const r of res.results) expect(['applied', 'duplicate']).toContain(r.status);
    }
    const after = await pullEverything(second.base, seed.unitId);
    for (const { changes } of cutOff) for (const c of changes) expect(after.has(c.op)).toBe(true);
    expect(after.size).toBe(ops.size + cutOff.flatMap((c) => c.changes).filter((c) => !ops.has(c.op)).length);

    second.child.kill('SIGTERM');
    await killed(second.child);
  }, 60_000);
});
