/**
 * The office server for the sync benchmark: the same app, store and routes as
 * src/server/main.ts (SQLite file or PostgreSQL), plain HTTP on 127.0.0.1,
 * with access control on (BENCH_ACCESS=on) or off (the baseline, an option
 * only tests and this benchmark use). With access on, the accounts and the
 * enrolled devices are made here, in-process, before listening (not through
 * the login routes, whose per-address limit would rightly stop one address
 * enrolling 200 tablets in a minute), and their cookies written to
 * BENCH_CREDENTIALS as JSON: { units: { [unitId]: cookie[] } }.
 *
 * Env: DATA_DIR or DATABASE_URL; BENCH_ACCESS; BENCH_UNITS (ids, comma-separated);
 * BENCH_DEVICES_PER_UNIT; BENCH_CREDENTIALS (a file path).
 */
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { buildServer } from '../../src/server/app.ts';
import { Accounts } from '../../src/server/auth/accounts.ts';
import { openStore } from '../../src/server/store/index.ts';

const env = process.env;
const store = await openStore({ dataDir: env.DATA_DIR || './data', databaseUrl: env.DATABASE_URL || undefined });
await store.migrate();
const access = env.BENCH_ACCESS === 'on';

if (access) {
  const accounts = new Accounts(store, Date.now);
  const units = (env.BENCH_UNITS ?? '').split(',').filter(Boolean);
  const perUnit = Number(env.BENCH_DEVICES_PER_UNIT ?? 20);
  const credentials: Record<string, string[]> = {};
  const code = await accounts.setupCode();
  const first = await accounts.createFirstAdmin(
    code!,
    { username: 'quantri', displayName: 'Quản trị', password: 'mật khẩu đủ dài 2026', roles: [] },
    units[0],
  );
  const admin = { kind: 'session' as const, accountId: first.id, accountName: first.displayName, unitId: first.unitId, roles: first.roles };
  for (const [u, unitId] of units.entries()) {
    // Each unit's door tablets belong to its office staff (who write attendees) and its chair.
    const staff = await accounts.createAccount(
      admin,
      { username: `vanphong${u}`, displayName: `Văn phòng ${u}`, password: 'mật khẩu đủ dài 2026', roles: ['office', 'chair'] },
      unitId === admin.unitId ? undefined : unitId,
    );
    credentials[unitId] = [];
    const unitAdmin = { ...admin, unitId };
    for (let i = 0; i < perUnit; i++) {
      const { code: enrolment } = await accounts.createEnrolmentCode(unitAdmin, staff.id, `Máy ${u}-${i}`);
      const { token } = await accounts.enrol(enrolment, `bench-${u}-${i}`, undefined);
      credentials[unitId].push(`dt_device=${token}`);
    }
  }
  writeFileSync(env.BENCH_CREDENTIALS!, JSON.stringify({ units: credentials }));
}

const app = await buildServer({ store, staticDir: '/nonexistent', logger: { level: 'warn' }, access });
await app.listen({ host: '127.0.0.1', port: 0 });
// The ready line the benchmark waits for (its stdout is the protocol between the two).
// eslint-disable-next-line no-console
console.log(`Đối thoại: http://localhost:${(app.server.address() as AddressInfo).port} (bench, access ${access ? 'on' : 'off'})`);
const stop = () =>
  void app
    .close()
    .then(() => store.close())
    .then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
