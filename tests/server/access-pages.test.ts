/**
 * The office PC's pages (/setup, /admin, /tls) in Vietnamese and in English:
 * which language a request gets, every page wholly in it (no word of the
 * other), Vietnam time as dd/MM/yyyy HH:mm, messages next to the field, the
 * switch remembered, and still no script (the CSP stays strict).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, RECORD_SCHEMA_VERSION, SYNC_API } from '../../src/protocol/index.ts';
import { PAGE_TEXT, choosePageLanguage } from '../../src/server/auth/pages.i18n.ts';
import { startServer, type TestServer } from '../sync/inProcess.ts';
import { PASSWORD, accessServer, cookieOf, createAccount, enrolDevice, login, type AccessServer } from './access-helpers.ts';

/** 13/10/2026 09:05 in Vietnam (02:05 UTC): the hour differs from UTC's, so a page in the wrong zone shows. */
const NOW = Date.UTC(2026, 9, 13, 2, 5);

/** Letters only Vietnamese uses: an English page must have none outside the proper names below. */
const VIETNAMESE_LETTERS = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;
/** Names that stay Vietnamese in English: the app, the decree, the certificate's own name, the switch's "Tiếng Việt", and people. */
const PROPER_NAMES = ['Đối thoại', 'NĐ-CP', 'CA văn phòng', 'Tiếng Việt', 'Quản trị viên', 'Người chutri', 'Thiết bị tab-1'];

/** The visible text of a page (tags and the style sheet dropped, entities left as they are). */
function textOf(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
}

function expectAllEnglish(html: string): void {
  let text = textOf(html);
  // aria-labels are read aloud: they must be English too.
  text += ' ' + [...html.matchAll(/aria-label="([^"]*)"/g)].map((m) => m[1]).join(' ');
  for (const name of PROPER_NAMES) text = text.replaceAll(name, '');
  const at = text.search(VIETNAMESE_LETTERS);
  // The words around the first Vietnamese letter, so a failure says where it is.
  expect(at < 0 ? null : text.slice(Math.max(0, at - 40), at + 40)).toBeNull();
}

function expectNoScriptAndStrictCsp(res: { body: string; headers: Record<string, unknown> }): void {
  expect(res.body).not.toMatch(/<script|\son[a-z]+=/i);
  const csp = String(res.headers['content-security-policy']);
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
}

describe('which language a page is in', () => {
  it.each([
    ['nothing said: Vietnamese', undefined, undefined, undefined, 'vi'],
    ['a browser in English only', undefined, undefined, 'en-US,en;q=0.9', 'en'],
    ['English ranked above Vietnamese', undefined, undefined, 'en-GB,vi;q=0.8', 'en'],
    ['Vietnamese ranked above English', undefined, undefined, 'vi-VN,vi;q=0.9,en-US;q=0.8', 'vi'],
    ['English listed first but weighted lower', undefined, undefined, 'en;q=0.5,vi;q=0.7', 'vi'],
    ['equal weights: Vietnamese', undefined, undefined, 'en,vi', 'vi'],
    ['another language only: Vietnamese', undefined, undefined, 'fr-FR,fr;q=0.9', 'vi'],
    ['the remembered choice beats the browser', undefined, 'vi', 'en-US', 'vi'],
    ['the switch beats the remembered choice', 'en', 'vi', undefined, 'en'],
    ['an unknown ?lang is ignored', 'de', 'en', undefined, 'en'],
  ] as const)('%s', (_case, query, remembered, accept, expected) => {
    expect(choosePageLanguage(query, remembered, accept)).toBe(expected);
  });

  it('the two tables have the same strings, none empty, and differ where words are', () => {
    expect(Object.keys(PAGE_TEXT.en).sort()).toEqual(Object.keys(PAGE_TEXT.vi).sort());
    for (const [key, value] of Object.entries(PAGE_TEXT.en)) {
      expect(String(value).length, key).toBeGreaterThan(0);
      if (key.startsWith('tls_') && Array.isArray(value))
        expect(value.length, key).toBe((PAGE_TEXT.vi[key as keyof typeof PAGE_TEXT.vi] as readonly string[]).length);
    }
  });
});

describe('the first-run page', () => {
  let server: TestServer;
  afterEach(async () => {
    await server?.close();
  });

  it('is Vietnamese by default and English with ?lang=en, remembered by a cookie for the form it posts', async () => {
    server = await startServer(() => NOW, { access: true });
    const vi = await server.app.inject({ method: 'GET', url: '/setup' });
    expect(vi.body).toContain('<html lang="vi">');
    expect(vi.body).toContain('<h1>Thiết lập máy chủ Đối thoại</h1>');
    expect(vi.body).toContain('<label for="f-code">Mã thiết lập</label>');
    expect(vi.body).toMatch(/<a class="lang" href="\/setup\?lang=en" lang="en" hreflang="en">English<\/a>/);
    expect(vi.body).toMatch(/href="\/setup\?lang=vi" lang="vi" hreflang="vi" aria-current="true">Tiếng Việt</);
    expect(vi.headers['set-cookie']).toBeUndefined();
    expectNoScriptAndStrictCsp(vi);

    const en = await server.app.inject({ method: 'GET', url: '/setup?lang=en' });
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('<h1>Setting up the Đối thoại server</h1>');
    expect(en.body).toContain('<label for="f-password">Password (at least 10 characters)</label>');
    expect(en.body).toContain(server.setupCode);
    expectAllEnglish(en.body);
    expectNoScriptAndStrictCsp(en);
    const lang = cookieOf(en, 'dt_lang');
    expect(lang).toBe('dt_lang=en');

    // The form's post carries no ?lang: the cookie keeps it English, with the problem next to its field.
    const refused = await server.app.inject({
      method: 'POST',
      url: '/setup',
      headers: { cookie: lang, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `code=${server.setupCode}&displayName=Admin&username=quantri&password=short`,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('<p class="err" id="f-password-err">The password needs at least 10 characters.</p>');
    expect(refused.body).toMatch(/id="f-password"[^>]*aria-describedby="f-password-err" aria-invalid="true"/);
    expectAllEnglish(refused.body);

    // From the hall's Wi-Fi: refused, in the language asked for, still without the code.
    const remote = await server.app.inject({
      method: 'GET',
      url: '/setup',
      remoteAddress: '192.168.1.23',
      headers: { 'accept-language': 'en-US' },
    });
    expect(remote.statusCode).toBe(403);
    expect(remote.body).toContain('This page opens only on the office PC');
    expect(remote.body).not.toContain(server.setupCode);
  });

  it('a browser that ranks English above Vietnamese gets English; one that ranks Vietnamese first does not', async () => {
    server = await startServer(() => NOW, { access: true });
    const en = await server.app.inject({ method: 'GET', url: '/setup', headers: { 'accept-language': 'en-US,en;q=0.9,vi;q=0.5' } });
    expect(en.body).toContain('<html lang="en">');
    const vi = await server.app.inject({ method: 'GET', url: '/setup', headers: { 'accept-language': 'vi,en-US;q=0.9' } });
    expect(vi.body).toContain('<html lang="vi">');
    expect(vi.headers.vary).toContain('Accept-Language');
  });
});

// Each case hashes a few passwords with scrypt (memory-hard on purpose): seconds on a loaded 2-core machine.
describe('the administration page', { timeout: 30_000 }, () => {
  let s: AccessServer;
  afterEach(async () => {
    await s?.close();
  });

  async function withDevice(): Promise<void> {
    s = await accessServer(() => NOW, 'unit-A');
    const chair = await createAccount(s.app, s.admin, 'chutri', ['chair', 'secretary']);
    const device = await enrolDevice(s.app, s.admin, chair, 'tab-1');
    await s.app.inject({
      method: 'POST',
      url: SYNC_API.hello,
      headers: { cookie: device.cookie },
      payload: { protocolVersion: PROTOCOL_VERSION, recordSchemaVersion: RECORD_SCHEMA_VERSION, deviceId: 'tab-1' },
    });
  }

  it('in Vietnamese: roles, the last sync in Vietnam time as dd/MM/yyyy HH:mm, a labelled revoke button', async () => {
    await withDevice();
    const res = await s.app.inject({ method: 'GET', url: '/admin', headers: { cookie: s.admin } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="vi">');
    expect(res.body).toContain('<h1>Quản trị máy chủ Đối thoại</h1>');
    expect(res.body).toContain('<td>Chủ trì, Thư ký</td>');
    expect(res.body).toContain('<td>13/10/2026 09:05</td>');
    expect(res.body).toContain('aria-label="Thu hồi Thiết bị tab-1"');
    // The action columns have a header a screen reader can say.
    expect(res.body).toContain('<span class="sr-only">Thao tác</span>');
    expectNoScriptAndStrictCsp(res);
  });

  it('in English, everywhere: the page, an enrolment code, a refusal next to its field, a search, a revocation', async () => {
    await withDevice();
    const cookie = `${s.admin}; dt_lang=en`;
    const res = await s.app.inject({ method: 'GET', url: '/admin', headers: { cookie } });
    expect(res.body).toContain('<html lang="en">');
    expect(res.body).toContain('<h1>Đối thoại server administration</h1>');
    expect(res.body).toContain('<td>Chair, Secretary</td>');
    expect(res.body).toContain('<td>13/10/2026 09:05</td>');
    expect(res.body).toContain('aria-label="Revoke Thiết bị tab-1"');
    expect(res.body).toMatch(/href="\/admin\?lang=en" lang="en" hreflang="en" aria-current="true">English</);
    expectAllEnglish(res.body);
    expectNoScriptAndStrictCsp(res);

    const form = { cookie, 'content-type': 'application/x-www-form-urlencoded' };
    const accounts = (await s.app.inject({ method: 'GET', url: '/api/admin/accounts', headers: { cookie: s.admin } })).json<{
      accounts: { id: string; username: string }[];
    }>().accounts;
    const chairId = accounts.find((a) => a.username === 'chutri')!.id;
    const code = await s.app.inject({
      method: 'POST',
      url: '/admin/enrol',
      headers: form,
      payload: `accountId=${chairId}&deviceName=Tablet`,
    });
    // Codes live 15 minutes: expires at 09:20 Vietnam time.
    expect(code.body).toContain('expires at 13/10/2026 09:20');
    expect(code.body).toContain('aria-label="Enrolment QR code"');
    expectAllEnglish(code.body);

    const refused = await s.app.inject({
      method: 'POST',
      url: '/admin/accounts',
      headers: form,
      payload: 'displayName=New&username=moi&password=short&roles=viewer',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('<p class="err" id="f-password-err">The password needs at least 10 characters.</p>');
    const noRole = await s.app.inject({
      method: 'POST',
      url: '/admin/accounts',
      headers: form,
      payload: 'displayName=New&username=moi&password=long enough 2026',
    });
    expect(noRole.body).toContain('Choose at least one role.');

    const search = await s.app.inject({ method: 'GET', url: '/admin?person=nobody', headers: { cookie } });
    expect(search.body).toContain('Nobody found.');
    expectAllEnglish(search.body);

    const devices = (await s.app.inject({ method: 'GET', url: '/api/admin/devices', headers: { cookie: s.admin } })).json<{
      devices: { id: string }[];
    }>().devices;
    const revoked = await s.app.inject({ method: 'POST', url: `/admin/devices/${devices[0]!.id}/revoke`, headers: form, payload: '' });
    expect(revoked.body).toContain('The device is revoked.');
    expect(revoked.body).toContain('<td>Revoked</td>');
    expectAllEnglish(revoked.body);
  });

  it('the login form and its refusal in English', async () => {
    s = await accessServer(() => NOW, 'unit-A');
    const login = await s.app.inject({ method: 'GET', url: '/admin?lang=en' });
    expect(login.body).toContain('<h1>Administrator sign-in</h1>');
    expectAllEnglish(login.body);
    const wrong = await s.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: { cookie: 'dt_lang=en', 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'username=quantri&password=wrong password here',
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('<p class="err" role="alert">The username or the password is wrong.</p>');
  });
});

describe('accounts from the administration page: lock, unlock, roles, a new password', { timeout: 30_000 }, () => {
  let s: AccessServer;
  afterEach(async () => {
    await s?.close();
  });

  /** The action of the form on `page` that holds `marker` (a button's label, a legend): what a person's click posts. */
  function formAction(page: string, marker: string): string {
    const form = [...page.matchAll(/<form method="post" action="([^"]+)">([\s\S]*?)<\/form>/g)].find((m) => m[2]!.includes(marker));
    if (!form) throw new Error(`no form with ${marker}`);
    return form[1]!.replaceAll('&amp;', '&');
  }
  /** The row of one account on the page. */
  const rowOf = (page: string, name: string) => page.split('<tr>').find((r) => r.startsWith(`<td>${name}</td>`)) ?? '';
  const post = (url: string, cookie: string, payload = '') =>
    s.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload });
  const adminPage = async (cookie: string) => (await s.app.inject({ method: 'GET', url: '/admin', headers: { cookie } })).body;
  const tryLogin = (password: string) =>
    s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'chutri', password } });

  it('a lockout after wrong passwords shows until when (HH:mm dd/MM/yyyy, Vietnam time), and Mở khoá ends it', async () => {
    s = await accessServer(() => NOW, 'unit-A');
    await createAccount(s.app, s.admin, 'chutri', ['chair']);
    for (let i = 0; i < 5; i++) await tryLogin('sai mật khẩu rồi nhé');
    expect((await tryLogin(PASSWORD)).statusCode).toBe(429);

    const page = await adminPage(s.admin);
    // 09:05 in Vietnam plus the 15-minute lockout.
    expect(rowOf(page, 'Người chutri')).toContain('<td>Tạm khoá đến 09:20 13/10/2026</td>');
    expect(rowOf(page, 'Người chutri')).not.toContain('aria-label="Khoá tài khoản');
    const unlocked = await post(formAction(page, 'aria-label="Mở khoá tài khoản Người chutri"'), s.admin);
    expect(unlocked.statusCode).toBe(200);
    expect(unlocked.body).toContain('<p role="status">Đã mở khoá tài khoản Người chutri.');
    expect(rowOf(unlocked.body, 'Người chutri')).toContain('<td>Hoạt động</td>');
    expect((await tryLogin(PASSWORD)).statusCode).toBe(200);

    const en = await adminPage(`${s.admin}; dt_lang=en`);
    expectAllEnglish(en);
  });

  it('Khoá stops the account’s logins and devices at once; Mở khoá lets it log in again; nobody locks themself', async () => {
    s = await accessServer(() => NOW, 'unit-A');
    const chair = await createAccount(s.app, s.admin, 'chutri', ['chair']);
    const session = await login(s.app, 'chutri');
    const device = await enrolDevice(s.app, s.admin, chair, 'tab-1');
    const page = await adminPage(s.admin);
    expect(rowOf(page, 'Quản trị viên')).not.toContain('aria-label="Khoá tài khoản');

    const locked = await post(formAction(page, 'aria-label="Khoá tài khoản Người chutri"'), s.admin);
    expect(locked.body).toContain('<p role="status">Đã khoá tài khoản Người chutri.');
    expect(rowOf(locked.body, 'Người chutri')).toContain('<td>Đã khoá</td>');
    expect((await tryLogin(PASSWORD)).statusCode).toBe(401);
    expect((await s.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: session } })).statusCode).toBe(401);
    expect((await s.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: device.cookie } })).statusCode).toBe(401);

    const unlocked = await post(formAction(locked.body, 'aria-label="Mở khoá tài khoản Người chutri"'), s.admin);
    expect(unlocked.body).toContain('Thiết bị đã bị thu hồi khi khoá cần ghi danh lại.');
    expect((await tryLogin(PASSWORD)).statusCode).toBe(200);
    // A lost tablet does not come back with the account: it is enrolled again.
    expect((await s.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: device.cookie } })).statusCode).toBe(401);

    // The page offers no lock for oneself; posting it anyway is refused in the row, nothing locked.
    const accounts = (await s.app.inject({ method: 'GET', url: '/api/admin/accounts', headers: { cookie: s.admin } })).json<{
      accounts: { id: string; username: string }[];
    }>().accounts;
    const self = accounts.find((a) => a.username === 'quantri')!.id;
    const refused = await post(`/admin/accounts/${self}/disable`, s.admin);
    expect(refused.statusCode).toBe(400);
    expect(rowOf(refused.body, 'Quản trị viên')).toContain('<p class="err" role="alert">Không thể tự khoá tài khoản của mình.</p>');
  });

  it('Sửa: the roles box saves new roles (the next request has them); an administrator cannot drop their own role', async () => {
    s = await accessServer(() => NOW, 'unit-A');
    await createAccount(s.app, s.admin, 'chutri', ['chair']);
    const session = await login(s.app, 'chutri');
    const page = await adminPage(s.admin);
    expect(rowOf(page, 'Người chutri')).toMatch(/<input type="checkbox" name="roles" value="chair" checked> Chủ trì/);
    const saved = await post(formAction(page, 'Vai trò của Người chutri'), s.admin, 'roles=secretary&roles=office');
    expect(saved.body).toContain('<p role="status">Đã lưu vai trò của Người chutri.</p>');
    expect(rowOf(saved.body, 'Người chutri')).toContain('<td>Thư ký, Văn phòng / đầu mối KSTTHC</td>');
    const me = await s.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: session } });
    expect(me.json<{ me: { roles: string[] } }>().me.roles).toEqual(['secretary', 'office']);

    const none = await post(formAction(page, 'Vai trò của Người chutri'), s.admin, '');
    expect(none.statusCode).toBe(400);
    expect(rowOf(none.body, 'Người chutri')).toMatch(
      /<details open>[\s\S]*<p class="err" id="f-roles-[^"]+-err">Hãy chọn ít nhất một vai trò.<\/p>/,
    );
    const own = await post(formAction(page, 'Vai trò của Quản trị viên'), s.admin, 'roles=chair');
    expect(rowOf(own.body, 'Quản trị viên')).toContain('Không thể bỏ vai trò quản trị của chính mình.');
    expect(rowOf(own.body, 'Quản trị viên')).toContain('<td>Quản trị</td>');
  });

  it('Đặt lại mật khẩu: a short one is refused next to its field; a good one replaces the old and ends the account’s logins', async () => {
    s = await accessServer(() => NOW, 'unit-A');
    await createAccount(s.app, s.admin, 'chutri', ['chair']);
    const session = await login(s.app, 'chutri');
    const page = await adminPage(`${s.admin}; dt_lang=en`);
    const action = formAction(page, 'aria-label="Reset the password of Người chutri"');
    const short = await post(action, `${s.admin}; dt_lang=en`, 'password=short');
    expect(short.statusCode).toBe(400);
    const row = rowOf(short.body, 'Người chutri');
    expect(row).toMatch(
      /id="f-password-([^"]+)" name="password" type="password" required autocomplete="new-password" aria-describedby="f-password-\1-err" aria-invalid="true"/,
    );
    expect(row).toContain('The password needs at least 10 characters.</p>');
    // The add-account form's own password field says nothing: the problem is this account's.
    expect(short.body).not.toContain('id="f-password-err"');
    expectAllEnglish(short.body);

    const reset = await post(action, `${s.admin}; dt_lang=en`, `password=${encodeURIComponent('một mật khẩu mới 2026')}`);
    expect(reset.body).toContain('<p role="status">A new password is set for Người chutri.');
    expect((await tryLogin(PASSWORD)).statusCode).toBe(401);
    expect((await tryLogin('một mật khẩu mới 2026')).statusCode).toBe(200);
    expect((await s.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: session } })).statusCode).toBe(401);
  });
});

describe('the certificate page', () => {
  let s: AccessServer;
  afterEach(async () => {
    await s?.close();
  });

  it('gives the steps for Android, iPad and Windows in each language', async () => {
    s = await accessServer(() => NOW);
    const vi = await s.app.inject({ method: 'GET', url: '/tls' });
    expect(vi.body).toContain('<h1>Dùng Đối thoại qua HTTPS trên mạng nội bộ</h1>');
    expect(vi.body).toContain('<h2>Máy tính bảng Android</h2>');
    expect(vi.body).toContain('<h2>Máy tính xách tay Windows</h2>');
    expectNoScriptAndStrictCsp(vi);
    const en = await s.app.inject({ method: 'GET', url: '/tls?lang=en' });
    expect(en.body).toContain('<h1>Using Đối thoại over HTTPS on the office network</h1>');
    expect(en.body).toContain('<h2>Android tablets</h2>');
    expect(en.body).toContain('<h2>iPad</h2>');
    expect(en.body).toContain('<h2>Windows laptops</h2>');
    expect(en.body.match(/<li>/g)?.length).toBe(vi.body.match(/<li>/g)?.length);
    expectAllEnglish(en.body);
    expectNoScriptAndStrictCsp(en);
  });
});
