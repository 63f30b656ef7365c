/**
 * Enrolment for end-to-end tests of several devices: with access control on,
 * only enrolled devices sync. `officeFor(t)` makes (through the server's API,
 * from the office PC's loopback) a fresh unit's administrator, and `enrol(page)`
 * enrols a browser context with a one-time code, as a tablet would: the first
 * enrolled device brings the unit it set up; a device with no unit joins it.
 */
import { expectVisible, waitUntil } from './helpers.mjs';

export const E2E_PASSWORD = 'mật khẩu văn phòng 2026';
let unitCount = 0;

function cookieFrom(res) {
  const raw = res.headers.getSetCookie().find((c) => /^dt_session=/.test(c));
  if (!raw) throw new Error(`no session cookie (${res.status})`);
  return raw.split(';', 1)[0];
}

async function post(url, body, cookie) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
}

/** The server's first administrator: created with the printed setup code on first use, else logged in. */
async function serverAdmin(t) {
  const state = await (await fetch(`${t.baseURL}/api/auth/setup-state`)).json();
  if (state.needsSetup) {
    await waitUntil(() => /mã thiết lập \(dùng một lần\): [A-Z2-9]{8}/.test(t.serverOutput()), 'the setup code on the console');
    const code = /mã thiết lập \(dùng một lần\): ([A-Z2-9]{8})/.exec(t.serverOutput())[1];
    const res = await post(`${t.baseURL}/api/auth/setup`, { code, username: 'quantri', displayName: 'Quản trị', password: E2E_PASSWORD });
    if (!res.ok) throw new Error(`setup: ${res.status} ${await res.text()}`);
    return cookieFrom(res);
  }
  const res = await post(`${t.baseURL}/api/auth/login`, { username: 'quantri', password: E2E_PASSWORD });
  if (!res.ok) throw new Error(`login: ${res.status} ${await res.text()}`);
  return cookieFrom(res);
}

/** A fresh unit (its administrator holds every role) and a way to enrol devices into it. */
export async function officeFor(t) {
  const admin = await serverAdmin(t);
  const username = `donvi${Date.now().toString(36)}${unitCount++}`;
  const made = await post(
    `${t.baseURL}/api/admin/accounts`,
    {
      username,
      displayName: `Cán bộ ${username}`,
      password: E2E_PASSWORD,
      roles: ['admin', 'chair', 'secretary', 'office'],
      newUnitId: `e2e-${username}`,
    },
    admin,
  );
  if (!made.ok) throw new Error(`account: ${made.status} ${await made.text()}`);
  const { account } = await made.json();
  const login = await post(`${t.baseURL}/api/auth/login`, { username, password: E2E_PASSWORD });
  const unitAdmin = cookieFrom(login);
  return {
    /** The unit administrator's login (`dt_session` cookie): what the office PC syncs with, for reading the server back. */
    cookie: unitAdmin,
    /** The unit the office made for these devices (the first enrolled device may bring its own instead). */
    unitId: account.unitId,
    /** Enrols the page's device (it stays on the enrolment screen; callers navigate on). */
    async enrol(page, deviceName = 'Máy tính bảng') {
      const res = await post(`${t.baseURL}/api/admin/enrolment-codes`, { accountId: account.id, deviceName }, unitAdmin);
      if (!res.ok) throw new Error(`enrolment code: ${res.status} ${await res.text()}`);
      const { code } = await res.json();
      const origin = new URL(page.url()).origin;
      await page.goto(`${origin.startsWith('http') ? origin : t.baseURL}/enrol?code=${code}`);
      await page.getByRole('button', { name: 'Ghi danh', exact: true }).click();
      await expectVisible(page.getByText(`Đã ghi danh: ${deviceName}`), `${deviceName} enrolled`);
    },
  };
}
