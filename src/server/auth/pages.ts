/**
 * The office PC's own pages, rendered by the server as plain HTML forms (no
 * script at all, so they pass the strict CSP and work in any browser):
 *   /setup   first run: the one-time setup code (shown only to the office PC
 *            itself, i.e. requests from loopback) and the first administrator;
 *   /admin   login; staff accounts; enrolment codes with their QR code; the
 *            devices, with "Thu hồi" (revoke);
 *   /tls     the local certificate authority to install on tablets, with steps.
 * Vietnamese only: these are the commune office's screens.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ROLES, hasAnyRole, type Role } from '../../domain/access.ts';
import { ApiError } from '../errors.ts';
import { AccessRefusal, type Accounts, type Principal } from './accounts.ts';
import { cookie, readCookies, SESSION_COOKIE, type Guard } from './guard.ts';
import { LOGIN_RATE, enrolmentUrl, isLoopback, qrSvg, setSessionCookie } from './routes.ts';
import { ERASED_NAME, eraseRecord } from './records.ts';
import type { Store } from '../store/types.ts';

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  admin: 'Quản trị',
  chair: 'Chủ trì',
  secretary: 'Thư ký',
  office: 'Văn phòng / đầu mối KSTTHC',
  viewer: 'Chỉ xem',
};

/** What a refusal's problem code means, in words, next to the field. */
const PROBLEMS: Readonly<Record<string, string>> = {
  wrong_setup_code: 'Mã thiết lập không đúng.',
  already_set_up: 'Máy chủ đã có tài khoản quản trị.',
  invalid_username: 'Tên đăng nhập gồm 3–40 chữ thường không dấu, số, dấu chấm, gạch.',
  invalid_display_name: 'Hãy nhập họ tên (tối đa 100 ký tự).',
  password_too_short: 'Mật khẩu cần ít nhất 10 ký tự.',
  password_too_long: 'Mật khẩu quá dài.',
  invalid_roles: 'Hãy chọn ít nhất một vai trò.',
  username_taken: 'Tên đăng nhập này đã có.',
  wrong_credentials: 'Tên đăng nhập hoặc mật khẩu không đúng.',
  account_locked: 'Tài khoản tạm khoá sau nhiều lần nhập sai. Hãy thử lại sau 15 phút.',
  invalid_device_name: 'Hãy đặt tên cho thiết bị (tối đa 100 ký tự).',
  other_unit: 'Không thuộc đơn vị của bạn.',
  cannot_disable_self: 'Không thể tự khoá tài khoản của mình.',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
const h = escapeHtml;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)} · Đối thoại</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;line-height:1.5;color:#1a1a1a}
h1{color:#9b1c1c}label{display:block;margin:.75rem 0 .25rem;font-weight:600}
input,select{font-size:1rem;min-height:44px;padding:0 .5rem;width:100%;max-width:28rem;box-sizing:border-box}
input[type=checkbox]{width:auto;min-height:auto}
button,.btn{font-size:1rem;min-height:44px;min-width:44px;padding:0 1rem;margin-top:.75rem;cursor:pointer;background:#9b1c1c;color:#fff;border:0;border-radius:4px;display:inline-flex;align-items:center;text-decoration:none}
.err{color:#9b1c1c;font-weight:600}.code{font-size:2rem;letter-spacing:.2em;font-family:monospace}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:.5rem;text-align:left}
.qr svg{width:16rem;height:16rem}fieldset{border:1px solid #ccc;margin:1rem 0}
</style></head><body><main>${body}</main></body></html>`;
}

function send(reply: FastifyReply, html: string, status = 200): FastifyReply {
  return reply.code(status).header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(html);
}

function problemOf(err: unknown): { message: string; field?: string } {
  if (err instanceof AccessRefusal) return { message: PROBLEMS[err.problem] ?? err.problem, ...(err.field ? { field: err.field } : {}) };
  if (err instanceof ApiError && err.reason === 'rate_limited') return { message: 'Quá nhiều lần thử. Hãy đợi một phút.' };
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

function field(label: string, name: string, type: string, error: { message: string; field?: string } | null, extra = ''): string {
  const id = `f-${name}`;
  const err = error?.field === name ? `<p class="err" id="${id}-err">${h(error.message)}</p>` : '';
  const described = err ? ` aria-describedby="${id}-err" aria-invalid="true"` : '';
  return `<label for="${id}">${h(label)}</label><input id="${id}" name="${name}" type="${type}"${described} ${extra}>${err}`;
}

function generalError(error: { message: string; field?: string } | null): string {
  return error && !error.field ? `<p class="err" role="alert">${h(error.message)}</p>` : '';
}

function vnTime(ms: number | null): string {
  if (ms === null) return 'chưa';
  return new Intl.DateTimeFormat('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ms);
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

  const setupPage = async (request: FastifyRequest, reply: FastifyReply, error: { message: string; field?: string } | null) => {
    const code = await accounts.setupCode();
    if (code === null) return reply.redirect('/admin', 303);
    if (!isLoopback(request)) {
      return send(
        reply,
        page(
          'Thiết lập',
          '<h1>Thiết lập máy chủ</h1><p>Trang này chỉ mở được trên chính máy tính văn phòng chạy máy chủ (http://localhost).</p>',
        ),
        403,
      );
    }
    return send(
      reply,
      page(
        'Thiết lập',
        `<h1>Thiết lập máy chủ Đối thoại</h1>
<p>Máy chủ chưa có tài khoản nào. Mã thiết lập dùng một lần (cũng in trên cửa sổ dòng lệnh của máy chủ):</p>
<p class="code">${h(code)}</p>
<form method="post" action="/setup">${generalError(error)}
${field('Mã thiết lập', 'code', 'text', error, 'required autocomplete="off"')}
${field('Họ và tên người quản trị', 'displayName', 'text', error, 'required')}
${field('Tên đăng nhập', 'username', 'text', error, 'required autocomplete="username"')}
${field('Mật khẩu (ít nhất 10 ký tự)', 'password', 'password', error, 'required autocomplete="new-password"')}
<button type="submit">Tạo tài khoản quản trị</button></form>`,
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
      return setupPage(request, reply, problemOf(err));
    }
  });

  // ------------------------------------------------------------ login

  const loginPage = (reply: FastifyReply, error: { message: string; field?: string } | null) =>
    send(
      reply,
      page(
        'Đăng nhập',
        `<h1>Đăng nhập quản trị</h1><form method="post" action="/admin/login">${generalError(error)}
${field('Tên đăng nhập', 'username', 'text', error, 'required autocomplete="username"')}
${field('Mật khẩu', 'password', 'password', error, 'required autocomplete="current-password"')}
<button type="submit">Đăng nhập</button></form><p><a href="/tls">Cài chứng chỉ cho máy tính bảng</a></p>`,
      ),
      error ? 401 : 200,
    );
  app.post('/admin/login', limited, async (request, reply) => {
    try {
      const { token } = await accounts.login(str(request.body, 'username'), str(request.body, 'password'));
      setSessionCookie(request, reply, token);
      return reply.redirect('/admin', 303);
    } catch (err) {
      return loginPage(reply, problemOf(err));
    }
  });
  app.post('/admin/logout', async (request, reply) => {
    const token = readCookies(request.headers.cookie).get(SESSION_COOKIE);
    if (token) await accounts.logout(token);
    reply.header('Set-Cookie', cookie(request, SESSION_COOKIE, '', 0));
    return reply.redirect('/admin', 303);
  });

  // ------------------------------------------------------------ administration

  const adminOnly = async (request: FastifyRequest, reply: FastifyReply): Promise<Principal | null> => {
    const p = await guard.who(request);
    if (p && p.kind === 'session' && hasAnyRole(p.roles, ['admin'])) return p;
    if (await accounts.setupCode()) {
      await reply.redirect('/setup', 303);
      return null;
    }
    if (p) {
      await send(reply, page('Không có quyền', '<h1>Không có quyền</h1><p>Chỉ người quản trị mở được trang này.</p>'), 403);
      return null;
    }
    await loginPage(reply, null);
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

  const personalSection = async (p: Principal, query: string) => {
    const found = query ? await findPeople(p.unitId, query) : [];
    const rows = found
      .map(
        (r) => `<tr><td>${h(r.name)}</td><td>${r.table === 'registrations' ? 'Phiếu đăng ký' : 'Danh sách dự'}</td><td>${h(r.village)}</td>
<td><a class="btn" href="/api/access/person?table=${r.table}&amp;id=${encodeURIComponent(r.id)}">Xuất ra tệp</a></td>
<td><form method="post" action="/admin/erase"><input type="hidden" name="table" value="${r.table}"><input type="hidden" name="id" value="${h(r.id)}">
<button type="submit" aria-label="Xoá dữ liệu cá nhân của ${h(r.name)}">Xoá dữ liệu cá nhân</button></form></td></tr>`,
      )
      .join('');
    return `<h2>Dữ liệu cá nhân theo yêu cầu (Nghị định 13/2023/NĐ-CP)</h2>
<form method="get" action="/admin"><label for="f-person">Tìm người theo họ tên</label><input id="f-person" name="person" type="search" value="${h(query)}">
<button type="submit">Tìm</button></form>
${query ? (rows ? `<table><thead><tr><th>Họ tên</th><th>Hồ sơ</th><th>Thôn, tổ</th><th></th><th></th></tr></thead><tbody>${rows}</tbody></table>` : '<p>Không tìm thấy ai.</p>') : ''}
<p class="muted">Xoá: họ tên, số điện thoại, địa chỉ, thư điện tử được xoá trên máy chủ và trên mọi thiết bị ở lần đồng bộ sau; nhật ký chỉ còn ai đã sửa và khi nào.</p>`;
  };

  const adminPage = async (
    reply: FastifyReply,
    p: Principal,
    notice: string,
    error: { message: string; field?: string } | null,
    query = '',
  ) => {
    const [staff, devices] = await Promise.all([accounts.listAccounts(p.unitId), accounts.listDevices(p.unitId)]);
    const roleBoxes = ROLES.map((r) => `<label><input type="checkbox" name="roles" value="${r}"> ${h(ROLE_LABELS[r])}</label>`).join('');
    const staffRows = staff
      .map(
        (a) =>
          `<tr><td>${h(a.displayName)}</td><td>${h(a.username)}</td><td>${a.roles.map((r) => h(ROLE_LABELS[r])).join(', ')}</td><td>${a.disabled ? 'Đã khoá' : a.locked ? 'Tạm khoá' : 'Hoạt động'}</td></tr>`,
      )
      .join('');
    const accountOptions = staff
      .filter((a) => !a.disabled)
      .map((a) => `<option value="${h(a.id)}">${h(a.displayName)} (${a.roles.map((r) => h(ROLE_LABELS[r])).join(', ')})</option>`)
      .join('');
    const deviceRows = devices
      .map(
        (d) =>
          `<tr><td>${h(d.name)}</td><td>${h(d.accountName)}</td><td>${vnTime(d.lastSyncAt)}</td><td>${
            d.revoked
              ? 'Đã thu hồi'
              : `<form method="post" action="/admin/devices/${encodeURIComponent(d.id)}/revoke"><button type="submit" aria-label="Thu hồi ${h(d.name)}">Thu hồi</button></form>`
          }</td></tr>`,
      )
      .join('');
    return send(
      reply,
      page(
        'Quản trị',
        `<h1>Quản trị máy chủ Đối thoại</h1><p>Đăng nhập: ${h(p.accountName)}</p>
<form method="post" action="/admin/logout"><button type="submit">Đăng xuất</button></form>
${notice}
<h2>Thiết bị</h2><table><thead><tr><th>Tên thiết bị</th><th>Người dùng</th><th>Đồng bộ lần cuối</th><th></th></tr></thead><tbody>${deviceRows || '<tr><td colspan="4">Chưa có thiết bị nào.</td></tr>'}</tbody></table>
<h2>Ghi danh thiết bị mới</h2><form method="post" action="/admin/enrol">${error?.field === 'deviceName' || error?.field === 'accountId' ? '' : ''}
<label for="f-accountId">Người dùng thiết bị</label><select id="f-accountId" name="accountId">${accountOptions}</select>
${field('Tên thiết bị (ví dụ: Máy tính bảng chủ trì)', 'deviceName', 'text', error, 'required')}
<button type="submit">Tạo mã ghi danh</button></form>
<h2>Tài khoản</h2><table><thead><tr><th>Họ tên</th><th>Tên đăng nhập</th><th>Vai trò</th><th>Trạng thái</th></tr></thead><tbody>${staffRows}</tbody></table>
<h3>Thêm tài khoản</h3><form method="post" action="/admin/accounts">${generalError(error)}
${field('Họ và tên', 'displayName', 'text', error, 'required')}
${field('Tên đăng nhập', 'username', 'text', error, 'required autocomplete="off"')}
${field('Mật khẩu (ít nhất 10 ký tự)', 'password', 'password', error, 'required autocomplete="new-password"')}
<fieldset><legend>Vai trò</legend>${roleBoxes}${error?.field === 'roles' ? `<p class="err">${h(error.message)}</p>` : ''}</fieldset>
<button type="submit">Thêm tài khoản</button></form>
${await personalSection(p, query)}
<p><a href="/tls">Chứng chỉ HTTPS cho máy tính bảng</a></p>`,
      ),
      error ? 400 : 200,
    );
  };

  app.get('/admin', async (request, reply) => {
    const p = await adminOnly(request, reply);
    const person = (request.query as { person?: unknown }).person;
    if (p) return adminPage(reply, p, '', null, typeof person === 'string' ? person.slice(0, 100) : '');
    return reply;
  });

  app.post('/admin/accounts', async (request, reply) => {
    const p = await adminOnly(request, reply);
    if (!p) return reply;
    const body = request.body;
    try {
      const a = await accounts.createAccount(p, {
        username: str(body, 'username'),
        displayName: str(body, 'displayName'),
        password: str(body, 'password'),
        roles: list(body, 'roles'),
      });
      return adminPage(reply, p, `<p role="status">Đã thêm tài khoản ${h(a.displayName)}.</p>`, null);
    } catch (err) {
      return adminPage(reply, p, '', problemOf(err));
    }
  });

  app.post('/admin/enrol', async (request, reply) => {
    const p = await adminOnly(request, reply);
    if (!p) return reply;
    try {
      const { code, expiresAt } = await accounts.createEnrolmentCode(p, str(request.body, 'accountId'), str(request.body, 'deviceName'));
      const url = enrolmentUrl(base(request), code);
      const notice = `<section aria-label="Mã ghi danh"><h2>Mã ghi danh</h2>
<p>Trên máy tính bảng, mở ứng dụng Đối thoại, vào <strong>Cài đặt → Ghi danh với máy chủ</strong> và nhập mã (dùng một lần, hết hạn lúc ${vnTime(expiresAt)}):</p>
<p class="code" data-code="${h(code)}">${h(code)}</p><p>Hoặc quét mã QR bằng máy ảnh của máy tính bảng:</p>
<div class="qr" role="img" aria-label="Mã QR ghi danh">${await qrSvg(url)}</div><p><a href="${h(url)}">${h(url)}</a></p></section>`;
      return adminPage(reply, p, notice, null);
    } catch (err) {
      return adminPage(reply, p, '', problemOf(err));
    }
  });

  app.post('/admin/devices/:id/revoke', async (request, reply) => {
    const p = await adminOnly(request, reply);
    if (!p) return reply;
    const id = String((request.params as { id?: unknown }).id ?? '');
    try {
      await accounts.revokeDevice(p, id);
      return adminPage(
        reply,
        p,
        '<p role="status">Đã thu hồi thiết bị. Lần đồng bộ sau của thiết bị sẽ bị từ chối; dữ liệu trên thiết bị vẫn được giữ.</p>',
        null,
      );
    } catch (err) {
      return adminPage(reply, p, '', problemOf(err));
    }
  });

  app.post('/admin/erase', async (request, reply) => {
    const p = await adminOnly(request, reply);
    if (!p) return reply;
    const table = str(request.body, 'table');
    const id = str(request.body, 'id');
    if (table !== 'registrations' && table !== 'attendees') return adminPage(reply, p, '', { message: 'Loại hồ sơ không đúng.' });
    try {
      await eraseRecord(opts.store, p, table, id, opts.now());
      return adminPage(reply, p, '<p role="status">Đã xoá dữ liệu cá nhân. Các thiết bị nhận thay đổi này ở lần đồng bộ sau.</p>', null);
    } catch (err) {
      if (err instanceof ApiError) return adminPage(reply, p, '', { message: `Không xoá được (${err.reason}).` });
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

  app.get('/tls', async (request, reply) => send(reply, page('Chứng chỉ HTTPS', tlsInstructions(Boolean(opts.caCertPem), base(request)))));
}

function tlsInstructions(hasCa: boolean, url: string): string {
  const download = hasCa
    ? '<p><a class="btn" href="/tls/ca.crt" download>Tải chứng chỉ gốc (doithoai-ca.crt)</a></p>'
    : '<p>Máy chủ đang dùng chứng chỉ do cơ quan cung cấp: máy tính bảng không cần cài thêm gì.</p>';
  return `<h1>Dùng Đối thoại qua HTTPS trên mạng nội bộ</h1>
<p>Máy tính bảng chỉ chạy được ứng dụng khi không có mạng nếu kết nối tới máy chủ bằng HTTPS. Máy chủ đã tự tạo một
“chứng chỉ gốc” riêng của văn phòng. Cài chứng chỉ này một lần trên mỗi thiết bị, rồi mở <strong>${h(url)}</strong>.</p>
${download}
<h2>Máy tính bảng Android</h2><ol>
<li>Mở trang này trên máy tính bảng, bấm “Tải chứng chỉ gốc”.</li>
<li>Vào <em>Cài đặt → Bảo mật (hoặc Bảo mật và quyền riêng tư) → Cài đặt khác → Mã hoá và thông tin xác thực → Cài đặt chứng chỉ → Chứng chỉ CA</em>.</li>
<li>Bấm “Vẫn cài đặt”, chọn tệp <code>doithoai-ca.crt</code> trong mục Tải xuống, xác nhận bằng mã khoá màn hình.</li>
<li>Mở lại Chrome và vào địa chỉ máy chủ: không còn cảnh báo.</li></ol>
<h2>iPad</h2><ol>
<li>Mở trang này bằng Safari, bấm “Tải chứng chỉ gốc”, chọn “Cho phép”.</li>
<li>Vào <em>Cài đặt → Đã tải về hồ sơ</em>, bấm “Cài đặt” và nhập mật mã.</li>
<li>Vào <em>Cài đặt → Cài đặt chung → Giới thiệu → Cài đặt tin cậy chứng nhận</em>, bật công tắc cho “Đối thoại — CA văn phòng”.</li>
<li>Mở lại Safari và vào địa chỉ máy chủ.</li></ol>
<h2>Máy tính xách tay Windows</h2><ol>
<li>Tải chứng chỉ gốc, bấm đúp vào tệp <code>doithoai-ca.crt</code>, chọn “Install Certificate” (Cài đặt chứng chỉ).</li>
<li>Chọn “Local Machine”, rồi “Place all certificates in the following store” → “Trusted Root Certification Authorities”.</li>
<li>Bấm Next, Finish, đồng ý cảnh báo; khởi động lại Chrome hoặc Edge.</li></ol>
<p>Trên chính máy tính văn phòng, <a href="http://localhost">http://localhost</a> vẫn dùng được mà không cần chứng chỉ.</p>`;
}
