/**
 * The office PC's own pages, rendered by the server as plain HTML forms (no
 * script at all, so they pass the strict CSP and work in any browser):
 *   /setup   first run: the one-time setup code (shown only to the office PC
 *            itself, i.e. requests from loopback) and the first administrator;
 *   /admin   login; staff accounts; enrolment codes with their QR code; the
 *            devices, with "Thu hồi" (revoke);
 *   /tls     the local certificate authority to install on tablets, with steps.
 * Vietnamese first, English second (`pages.i18n.ts`): a switch on every page,
 * remembered in a cookie. Every string comes from there, so no page mixes the two.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ROLES, hasAnyRole } from '../../domain/access.ts';
import { vietnamParts } from '../../domain/vnTime.ts';
import { ApiError } from '../errors.ts';
import { AccessRefusal, type AccountView, type Accounts, type Principal } from './accounts.ts';
import { cookie, readCookies, SESSION_COOKIE, type Guard } from './guard.ts';
import { LOGIN_RATE, enrolmentUrl, isLoopback, qrSvg, setSessionCookie } from './routes.ts';
import { ERASED_NAME, eraseRecord } from './records.ts';
import type { Store } from '../store/types.ts';
import {
  LANGUAGE_COOKIE,
  PAGE_LANGUAGES,
  PAGE_TEXT,
  choosePageLanguage,
  fill,
  roleLabel,
  type PageLanguage,
  type PageText,
} from './pages.i18n.ts';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
const h = escapeHtml;

/** One page's language: its words, and its code for `<html lang>`. */
interface Lang {
  readonly code: PageLanguage;
  readonly t: PageText;
}

/** A language chosen with the switch is remembered for a year: the office PC keeps its person's choice. */
const LANGUAGE_COOKIE_MAX_AGE_S = 365 * 24 * 3600;

/**
 * The request's language (see `choosePageLanguage`); a choice made with the
 * switch is remembered, so the form posts that follow stay in it.
 */
function languageOf(request: FastifyRequest, reply: FastifyReply): Lang {
  const asked = (request.query as { lang?: unknown } | null)?.lang;
  const code = choosePageLanguage(asked, readCookies(request.headers.cookie).get(LANGUAGE_COOKIE), request.headers['accept-language']);
  if (asked === code) reply.header('Set-Cookie', cookie(request, LANGUAGE_COOKIE, code, LANGUAGE_COOKIE_MAX_AGE_S));
  return { code, t: PAGE_TEXT[code] };
}

/** The switch: each language named in itself, a link to the same page in it (GET, so no script is needed). */
function languageSwitch(lang: Lang, path: string): string {
  const links = PAGE_LANGUAGES.map((code) => {
    const name = h(PAGE_TEXT[code].lang_name);
    return code === lang.code
      ? `<a class="lang" href="${path}?lang=${code}" lang="${code}" hreflang="${code}" aria-current="true">${name}</a>`
      : `<a class="lang" href="${path}?lang=${code}" lang="${code}" hreflang="${code}">${name}</a>`;
  }).join('');
  return `<nav aria-label="${h(lang.t.switch_label)}" class="langs">${links}</nav>`;
}

/** `path`: where the language switch leads (the page's GET address). */
function page(lang: Lang, path: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang.code}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${lang.t.app_name}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;line-height:1.5;color:#1a1a1a}
h1{color:#9b1c1c}label{display:block;margin:.75rem 0 .25rem;font-weight:600}
input,select{font-size:1rem;min-height:44px;padding:0 .5rem;width:100%;max-width:28rem;box-sizing:border-box}
input[type=checkbox]{width:auto;min-height:auto}
button,.btn{font-size:1rem;min-height:44px;min-width:44px;padding:0 1rem;margin-top:.75rem;cursor:pointer;background:#9b1c1c;color:#fff;border:0;border-radius:4px;display:inline-flex;align-items:center;text-decoration:none}
.err{color:#9b1c1c;font-weight:600}.code{font-size:2rem;letter-spacing:.2em;font-family:monospace}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:.5rem;text-align:left}
.qr svg{width:16rem;height:16rem}fieldset{border:1px solid #ccc;margin:1rem 0}
.langs{display:flex;justify-content:flex-end;gap:.5rem}
.lang{min-height:44px;min-width:44px;padding:0 .75rem;display:inline-flex;align-items:center;color:#9b1c1c;border:1px solid #9b1c1c;border-radius:4px}
.lang[aria-current]{background:#9b1c1c;color:#fff}
summary{min-height:44px;display:inline-flex;align-items:center;cursor:pointer;color:#9b1c1c;font-weight:600}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
</style></head><body>${languageSwitch(lang, path)}<main>${body}</main></body></html>`;
}

function send(reply: FastifyReply, html: string, status = 200): FastifyReply {
  return reply
    .code(status)
    .header('Cache-Control', 'no-store')
    .header('Vary', 'Cookie, Accept-Language')
    .type('text/html; charset=utf-8')
    .send(html);
}

/** A refusal to show: next to `field` when it names one; `at`: in the row of this account (its own forms). */
type Problem = { message: string; field?: string; at?: string };

function problemOf(t: PageText, err: unknown): Problem {
  if (err instanceof AccessRefusal) {
    const known = (t as unknown as Record<string, string | undefined>)[`problem_${err.problem}`];
    return { message: known ?? fill(t.problem_unknown, { code: h(err.problem) }), ...(err.field ? { field: err.field } : {}) };
  }
  if (err instanceof ApiError && err.reason === 'rate_limited') return { message: t.problem_rate_limited };
  throw err;
}

const str = (body: unknown, key: string): string => {
  const value = (body as Record<string, unknown> | null)?.[key];
  return typeof value === 'string' ? value : '';
};
const list = (body: unknown, key: string): string[] => {
  const value = (body as Record<string, unknown> | null)?.[key];
  return Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : typeof value === 'string' ? [value] : [];
};

/** `label` and problems' messages are the pages' own text (trusted HTML); anything a person typed is escaped before it gets here. */
function field(label: string, name: string, type: string, error: Problem | null, extra = ''): string {
  const id = `f-${name}`;
  const err = error?.field === name ? `<p class="err" id="${id}-err">${error.message}</p>` : '';
  const described = err ? ` aria-describedby="${id}-err" aria-invalid="true"` : '';
  return `<label for="${id}">${label}</label><input id="${id}" name="${name}" type="${type}"${described} ${extra}>${err}`;
}

function generalError(error: Problem | null): string {
  return error && !error.field ? `<p class="err" role="alert">${error.message}</p>` : '';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** dd/MM/yyyy HH:mm in Vietnam time, whatever the office PC's zone, in both languages. */
function vnDateTime(t: PageText, ms: number | null): string {
  if (ms === null) return t.not_yet;
  const p = vietnamParts(ms);
  return `${pad(p.day)}/${pad(p.month)}/${p.year} ${pad(p.hours)}:${pad(p.minutes)}`;
}

/** HH:mm dd/MM/yyyy in Vietnam time: "until when", read as a time of day first. */
function vnTimeDate(ms: number): string {
  const p = vietnamParts(ms);
  return `${pad(p.hours)}:${pad(p.minutes)} ${pad(p.day)}/${pad(p.month)}/${p.year}`;
}

export interface PagesOptions {
  readonly store: Store;
  readonly now: () => number;
  readonly accounts: Accounts;
  readonly guard: Guard;
  readonly publicUrl: () => string;
  readonly caCertPem?: string;
}

export function registerPages(app: FastifyInstance, opts: PagesOptions): void {
  const { accounts, guard } = opts;
  const limited = {
    config: {
      rateLimit: { ...LOGIN_RATE, errorResponseBuilder: () => new ApiError(429, 'rate_limited', { problem: 'too_many_attempts' }) },
    },
  };
  const base = (request: FastifyRequest) => opts.publicUrl() || `${request.protocol}://${request.host}`;

  // ------------------------------------------------------------ first run

  const setupPage = async (request: FastifyRequest, reply: FastifyReply, error: Problem | null) => {
    const lang = languageOf(request, reply);
    const { t } = lang;
    const code = await accounts.setupCode();
    if (code === null) return reply.redirect('/admin', 303);
    if (!isLoopback(request)) {
      return send(reply, page(lang, '/setup', t.setup_title, `<h1>${t.setup_local_only_heading}</h1><p>${t.setup_local_only}</p>`), 403);
    }
    return send(
      reply,
      page(
        lang,
        '/setup',
        t.setup_title,
        `<h1>${t.setup_heading}</h1>
<p>${t.setup_intro}</p>
<p class="code">${h(code)}</p>
<form method="post" action="/setup">${generalError(error)}
${field(t.setup_code, 'code', 'text', error, 'required autocomplete="off"')}
${field(t.setup_admin_name, 'displayName', 'text', error, 'required')}
${field(t.username, 'username', 'text', error, 'required autocomplete="username"')}
${field(t.password_new, 'password', 'password', error, 'required autocomplete="new-password"')}
<button type="submit">${t.setup_submit}</button></form>`,
      ),
      error ? 400 : 200,
    );
  };
  app.get('/setup', (request, reply) => setupPage(request, reply, null));
  app.post('/setup', limited, async (request, reply) => {
    if (!isLoopback(request)) return setupPage(request, reply, null);
    const body = request.body;
    try {
      const account = {
        username: str(body, 'username'),
        displayName: str(body, 'displayName'),
        password: str(body, 'password'),
        roles: [],
      };
      await accounts.createFirstAdmin(str(body, 'code'), account, undefined);
      const { token } = await accounts.login(account.username, account.password);
      setSessionCookie(request, reply, token);
      return reply.redirect('/admin', 303);
    } catch (err) {
      return setupPage(request, reply, problemOf(languageOf(request, reply).t, err));
    }
  });

  // ------------------------------------------------------------ login

  const loginPage = (lang: Lang, reply: FastifyReply, error: Problem | null) => {
    const { t } = lang;
    return send(
      reply,
      page(
        lang,
        '/admin',
        t.login_title,
        `<h1>${t.login_heading}</h1><form method="post" action="/admin/login">${generalError(error)}
${field(t.username, 'username', 'text', error, 'required autocomplete="username"')}
${field(t.password, 'password', 'password', error, 'required autocomplete="current-password"')}
<button type="submit">${t.login_submit}</button></form><p><a href="/tls">${t.login_tls_link}</a></p>`,
      ),
      error ? 401 : 200,
    );
  };
  app.post('/admin/login', limited, async (request, reply) => {
    const lang = languageOf(request, reply);
    try {
      const { token } = await accounts.login(str(request.body, 'username'), str(request.body, 'password'));
      setSessionCookie(request, reply, token);
      return reply.redirect('/admin', 303);
    } catch (err) {
      return loginPage(lang, reply, problemOf(lang.t, err));
    }
  });
  app.post('/admin/logout', async (request, reply) => {
    const token = readCookies(request.headers.cookie).get(SESSION_COOKIE);
    if (token) await accounts.logout(token);
    reply.header('Set-Cookie', cookie(request, SESSION_COOKIE, '', 0));
    return reply.redirect('/admin', 303);
  });

  // ------------------------------------------------------------ administration

  const adminOnly = async (request: FastifyRequest, reply: FastifyReply): Promise<{ p: Principal; lang: Lang } | null> => {
    const lang = languageOf(request, reply);
    const p = await guard.who(request);
    if (p && p.kind === 'session' && hasAnyRole(p.roles, ['admin'])) return { p, lang };
    if (await accounts.setupCode()) {
      await reply.redirect('/setup', 303);
      return null;
    }
    if (p) {
      await send(
        reply,
        page(lang, '/admin', lang.t.forbidden_title, `<h1>${lang.t.forbidden_title}</h1><p>${lang.t.forbidden_text}</p>`),
        403,
      );
      return null;
    }
    await loginPage(lang, reply, null);
    return null;
  };

  /** Registration forms and attendees of the unit whose name contains `query` (accents and case ignored). */
  const findPeople = async (unitId: string, query: string) => {
    const fold = (x: string) =>
      x
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/đ/gi, 'd')
        .toLowerCase();
    const wanted = fold(query.trim());
    if (wanted.length < 2) return [];
    const rows = await opts.store.db
      .selectFrom('records')
      .select(['table_name', 'record_id', 'fields'])
      .where('unit_id', '=', unitId)
      .where('table_name', 'in', ['registrations', 'attendees'])
      .where('deleted', '=', 0)
      .execute();
    return rows
      .map((r) => {
        const f = JSON.parse(r.fields) as Record<string, unknown>;
        const name = String(f.fullName ?? f.name ?? '');
        return { table: r.table_name as 'registrations' | 'attendees', id: r.record_id, name, village: String(f.village ?? '') };
      })
      .filter((r) => r.name !== ERASED_NAME && fold(r.name).includes(wanted))
      .slice(0, 50);
  };

  const personalSection = async (t: PageText, p: Principal, query: string) => {
    const found = query ? await findPeople(p.unitId, query) : [];
    const rows = found
      .map(
        (
          r,
        ) => `<tr><td>${h(r.name)}</td><td>${r.table === 'registrations' ? t.kind_registrations : t.kind_attendees}</td><td>${h(r.village)}</td>
<td><a class="btn" href="/api/access/person?table=${r.table}&amp;id=${encodeURIComponent(r.id)}" aria-label="${fill(t.person_export_label, { name: h(r.name) })}">${t.person_export}</a></td>
<td><form method="post" action="/admin/erase"><input type="hidden" name="table" value="${r.table}"><input type="hidden" name="id" value="${h(r.id)}">
<button type="submit" aria-label="${fill(t.person_erase_label, { name: h(r.name) })}">${t.person_erase}</button></form></td></tr>`,
      )
      .join('');
    return `<h2>${t.personal_heading}</h2>
<form method="get" action="/admin"><label for="f-person">${t.person_search}</label><input id="f-person" name="person" type="search" value="${h(query)}">
<button type="submit">${t.person_search_submit}</button></form>
${
  query
    ? rows
      ? `<table><thead><tr><th>${t.account_name}</th><th>${t.person_record}</th><th>${t.person_village}</th><th colspan="2"><span class="sr-only">${t.actions}</span></th></tr></thead><tbody>${rows}</tbody></table>`
      : `<p>${t.person_none}</p>`
    : ''
}
<p>${t.person_note}</p>`;
  };

  const adminPage = async (reply: FastifyReply, lang: Lang, p: Principal, notice: string, error: Problem | null, query = '') => {
    const { t } = lang;
    const roles = (names: readonly (typeof ROLES)[number][]) => names.map((r) => roleLabel(t, r)).join(', ');
    const [staff, devices] = await Promise.all([accounts.listAccounts(p.unitId), accounts.listDevices(p.unitId)]);
    const roleBoxes = ROLES.map((r) => `<label><input type="checkbox" name="roles" value="${r}"> ${roleLabel(t, r)}</label>`).join('');
    // A refusal of one account's own forms is shown in that account's row; one naming an account not listed, at the top.
    const rowError = (a: AccountView) => (error?.at === a.id ? error : null);
    const orphanError = error?.at !== undefined && !staff.some((a) => a.id === error.at) ? error : null;
    const formError = error?.at === undefined ? error : null;
    const staffRows = staff.map((a) => accountRow(t, a, a.id === p.accountId, rowError(a))).join('');
    const accountOptions = staff
      .filter((a) => !a.disabled)
      .map((a) => `<option value="${h(a.id)}">${h(a.displayName)} (${roles(a.roles)})</option>`)
      .join('');
    const deviceRows = devices
      .map(
        (d) =>
          `<tr><td>${h(d.name)}</td><td>${h(d.accountName)}</td><td>${vnDateTime(t, d.lastSyncAt)}</td><td>${
            d.revoked
              ? t.device_revoked
              : `<form method="post" action="/admin/devices/${encodeURIComponent(d.id)}/revoke"><button type="submit" aria-label="${fill(t.revoke_label, { name: h(d.name) })}">${t.revoke}</button></form>`
          }</td></tr>`,
      )
      .join('');
    // A refusal of the enrolment form that names no field of its own (another unit's account) is shown on that form.
    const enrolError = formError?.field === 'accountId' ? `<p class="err" role="alert">${formError.message}</p>` : '';
    return send(
      reply,
      page(
        lang,
        '/admin',
        t.admin_title,
        `<h1>${t.admin_heading}</h1><p>${fill(t.signed_in_as, { name: h(p.accountName) })}</p>
<form method="post" action="/admin/logout"><button type="submit">${t.logout}</button></form>
${notice}${orphanError ? `<p class="err" role="alert">${orphanError.message}</p>` : ''}
<h2>${t.devices_heading}</h2><table><thead><tr><th>${t.device_name}</th><th>${t.device_user}</th><th>${t.device_last_sync}</th><th><span class="sr-only">${t.actions}</span></th></tr></thead><tbody>${deviceRows || `<tr><td colspan="4">${t.no_devices}</td></tr>`}</tbody></table>
<h2>${t.enrol_heading}</h2><form method="post" action="/admin/enrol">${enrolError}
<label for="f-accountId">${t.enrol_account}</label><select id="f-accountId" name="accountId">${accountOptions}</select>
${field(t.enrol_device_name, 'deviceName', 'text', formError, 'required')}
<button type="submit">${t.enrol_submit}</button></form>
<h2>${t.accounts_heading}</h2><table><thead><tr><th>${t.account_name}</th><th>${t.username}</th><th>${t.account_roles}</th><th>${t.account_state}</th><th><span class="sr-only">${t.actions}</span></th></tr></thead><tbody>${staffRows}</tbody></table>
<h3>${t.add_account_heading}</h3><form method="post" action="/admin/accounts">${formError?.field === 'accountId' ? '' : generalError(formError)}
${field(t.full_name, 'displayName', 'text', formError, 'required')}
${field(t.username, 'username', 'text', formError, 'required autocomplete="off"')}
${field(t.password_new, 'password', 'password', formError, 'required autocomplete="new-password"')}
<fieldset><legend>${t.account_roles}</legend>${roleBoxes}${formError?.field === 'roles' ? `<p class="err">${formError.message}</p>` : ''}</fieldset>
<button type="submit">${t.add_account_submit}</button></form>
${await personalSection(t, p, query)}
<p><a href="/tls">${t.admin_tls_link}</a></p>`,
      ),
      error ? 400 : 200,
    );
  };

  app.get('/admin', async (request, reply) => {
    const who = await adminOnly(request, reply);
    const person = (request.query as { person?: unknown }).person;
    if (who) return adminPage(reply, who.lang, who.p, '', null, typeof person === 'string' ? person.slice(0, 100) : '');
    return reply;
  });

  app.post('/admin/accounts', async (request, reply) => {
    const who = await adminOnly(request, reply);
    if (!who) return reply;
    const { p, lang } = who;
    const body = request.body;
    try {
      const a = await accounts.createAccount(p, {
        username: str(body, 'username'),
        displayName: str(body, 'displayName'),
        password: str(body, 'password'),
        roles: list(body, 'roles'),
      });
      return adminPage(reply, lang, p, `<p role="status">${fill(lang.t.account_added, { name: h(a.displayName) })}</p>`, null);
    } catch (err) {
      return adminPage(reply, lang, p, '', problemOf(lang.t, err));
    }
  });

  /**
   * One account's action from its row: lock, unlock, its roles, a new
   * password. Done by the same `Accounts` methods as the API; the notice names
   * the account, a refusal is shown in its row.
   */
  const accountAction = (
    path: string,
    act: (p: Principal, id: string, body: unknown) => Promise<unknown>,
    notice: (t: PageText) => string,
  ) =>
    app.post(`/admin/accounts/:id/${path}`, async (request, reply) => {
      const who = await adminOnly(request, reply);
      if (!who) return reply;
      const { p, lang } = who;
      const id = String((request.params as { id?: unknown }).id ?? '').slice(0, 64);
      try {
        await act(p, id, request.body);
        const name = (await accounts.listAccounts(p.unitId)).find((a) => a.id === id)?.displayName ?? '';
        return adminPage(reply, lang, p, `<p role="status">${fill(notice(lang.t), { name: h(name) })}</p>`, null);
      } catch (err) {
        return adminPage(reply, lang, p, '', { ...problemOf(lang.t, err), at: id });
      }
    });
  accountAction(
    'disable',
    (p, id) => accounts.disableAccount(p, id),
    (t) => t.locked_notice,
  );
  accountAction(
    'enable',
    (p, id) => accounts.enableAccount(p, id),
    (t) => t.unlocked_notice,
  );
  accountAction(
    'roles',
    (p, id, body) => accounts.setRoles(p, id, list(body, 'roles')),
    (t) => t.roles_saved_notice,
  );
  accountAction(
    'password',
    (p, id, body) => accounts.resetPassword(p, id, str(body, 'password')),
    (t) => t.password_reset_notice,
  );

  app.post('/admin/enrol', async (request, reply) => {
    const who = await adminOnly(request, reply);
    if (!who) return reply;
    const { p, lang } = who;
    const { t } = lang;
    try {
      const { code, expiresAt } = await accounts.createEnrolmentCode(p, str(request.body, 'accountId'), str(request.body, 'deviceName'));
      const url = enrolmentUrl(base(request), code);
      const notice = `<section aria-label="${t.enrol_code_heading}"><h2>${t.enrol_code_heading}</h2>
<p>${fill(t.enrol_code_steps, { time: vnDateTime(t, expiresAt) })}</p>
<p class="code" data-code="${h(code)}">${h(code)}</p><p>${t.enrol_qr_hint}</p>
<div class="qr" role="img" aria-label="${t.enrol_qr_label}">${await qrSvg(url)}</div><p><a href="${h(url)}">${h(url)}</a></p></section>`;
      return adminPage(reply, lang, p, notice, null);
    } catch (err) {
      return adminPage(reply, lang, p, '', problemOf(t, err));
    }
  });

  app.post('/admin/devices/:id/revoke', async (request, reply) => {
    const who = await adminOnly(request, reply);
    if (!who) return reply;
    const { p, lang } = who;
    const id = String((request.params as { id?: unknown }).id ?? '');
    try {
      await accounts.revokeDevice(p, id);
      return adminPage(reply, lang, p, `<p role="status">${lang.t.revoked_notice}</p>`, null);
    } catch (err) {
      return adminPage(reply, lang, p, '', problemOf(lang.t, err));
    }
  });

  app.post('/admin/erase', async (request, reply) => {
    const who = await adminOnly(request, reply);
    if (!who) return reply;
    const { p, lang } = who;
    const table = str(request.body, 'table');
    const id = str(request.body, 'id');
    if (table !== 'registrations' && table !== 'attendees') return adminPage(reply, lang, p, '', { message: lang.t.erase_wrong_kind });
    try {
      await eraseRecord(opts.store, p, table, id, opts.now());
      return adminPage(reply, lang, p, `<p role="status">${lang.t.erased_notice}</p>`, null);
    } catch (err) {
      if (err instanceof ApiError) return adminPage(reply, lang, p, '', { message: fill(lang.t.erase_failed, { code: h(err.reason) }) });
      throw err;
    }
  });

  // ------------------------------------------------------------ the certificate

  app.get('/tls/ca.crt', async (_request, reply) => {
    if (!opts.caCertPem) throw new ApiError(404, 'not_found', { problem: 'no_local_ca' });
    return reply
      .header('Content-Disposition', 'attachment; filename="doithoai-ca.crt"')
      .header('Cache-Control', 'no-cache')
      .type('application/x-x509-ca-cert')
      .send(opts.caCertPem);
  });

  app.get('/tls', async (request, reply) => {
    const lang = languageOf(request, reply);
    return send(reply, page(lang, '/tls', lang.t.tls_title, tlsInstructions(lang.t, Boolean(opts.caCertPem), base(request))));
  });
}

/**
 * One account's row: its state ("locked until HH:mm dd/MM/yyyy" after wrong
 * passwords, in Vietnam time), lock or unlock, and under "Sửa" its roles and a
 * new password. `self`: the administrator's own account, which cannot be locked.
 */
function accountRow(t: PageText, a: AccountView, self: boolean, error: Problem | null): string {
  const name = h(a.displayName);
  const id = h(a.id);
  const action = (path: string) => `/admin/accounts/${encodeURIComponent(a.id)}/${path}`;
  const state = a.disabled
    ? t.state_disabled
    : a.lockedUntil !== null
      ? fill(t.state_locked_until, { time: vnTimeDate(a.lockedUntil) })
      : t.state_active;
  const lock =
    a.disabled || a.lockedUntil !== null
      ? `<form method="post" action="${action('enable')}"><button type="submit" aria-label="${fill(t.unlock_label, { name })}">${t.unlock}</button></form>`
      : self
        ? ''
        : `<form method="post" action="${action('disable')}"><button type="submit" aria-label="${fill(t.lock_label, { name })}">${t.lock}</button></form>`;
  const general = error && error.field !== 'roles' && error.field !== 'password' ? `<p class="err" role="alert">${error.message}</p>` : '';
  const rolesErr = error?.field === 'roles' ? `<p class="err" id="f-roles-${id}-err">${error.message}</p>` : '';
  const passwordErr = error?.field === 'password' ? `<p class="err" id="f-password-${id}-err">${error.message}</p>` : '';
  const boxes = ROLES.map(
    (r) => `<label><input type="checkbox" name="roles" value="${r}"${a.roles.includes(r) ? ' checked' : ''}> ${roleLabel(t, r)}</label>`,
  ).join('');
  const described = passwordErr ? ` aria-describedby="f-password-${id}-err" aria-invalid="true"` : '';
  const edit = `<details${rolesErr || passwordErr ? ' open' : ''}><summary aria-label="${fill(t.account_edit_label, { name })}">${t.account_edit}</summary>
<form method="post" action="${action('roles')}"><fieldset><legend>${fill(t.roles_of, { name })}</legend>${boxes}${rolesErr}</fieldset>
<button type="submit">${t.roles_submit}</button></form>
<form method="post" action="${action('password')}"><label for="f-password-${id}">${t.password_new}</label>
<input id="f-password-${id}" name="password" type="password" required autocomplete="new-password"${described}>${passwordErr}
<button type="submit" aria-label="${fill(t.password_reset_label, { name })}">${t.password_reset}</button></form></details>`;
  return `<tr><td>${name}</td><td>${h(a.username)}</td><td>${a.roles.map((r) => roleLabel(t, r)).join(', ')}</td><td>${state}</td><td>${general}${lock}${edit}</td></tr>`;
}

function tlsInstructions(t: PageText, hasCa: boolean, url: string): string {
  const steps = (items: readonly string[]) => `<ol>${items.map((i) => `<li>${i}</li>`).join('')}</ol>`;
  const download = hasCa ? `<p><a class="btn" href="/tls/ca.crt" download>${t.tls_download}</a></p>` : `<p>${t.tls_office_cert}</p>`;
  return `<h1>${t.tls_heading}</h1>
<p>${fill(t.tls_intro, { url: h(url) })}</p>
${download}
<h2>${t.tls_android}</h2>${steps(t.tls_android_steps)}
<h2>${t.tls_ipad}</h2>${steps(t.tls_ipad_steps)}
<h2>${t.tls_windows}</h2>${steps(t.tls_windows_steps)}
<p>${t.tls_localhost}</p>`;
}
