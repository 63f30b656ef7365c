/**
 * Every word of the office PC's pages (/setup, /admin, /tls), Vietnamese
 * first and English second, and which of the two a request gets.
 *
 * The English table has the Vietnamese one's type, so a string added in one
 * language and forgotten in the other does not compile.
 */
import type { Role } from '../../domain/access.ts';

export const PAGE_LANGUAGES = ['vi', 'en'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

/** Remembers the choice made with the switch (`?lang=`), for the forms' POSTs and the next visit. */
export const LANGUAGE_COOKIE = 'dt_lang';

function isPageLanguage(value: unknown): value is PageLanguage {
  return typeof value === 'string' && (PAGE_LANGUAGES as readonly string[]).includes(value);
}

/** The weight (q) a browser's Accept-Language gives a primary language: 0 when it is absent. */
function weightOf(acceptLanguage: string, language: string): number {
  let best = 0;
  for (const part of acceptLanguage.split(',')) {
    const [tag, ...params] = part.trim().split(';');
    if (!tag || tag.split('-')[0]!.toLowerCase() !== language) continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((x) => x !== undefined);
    const weight = q === undefined ? 1 : Number(q);
    if (Number.isFinite(weight)) best = Math.max(best, weight);
  }
  return best;
}

/**
 * Which language a page is in: the switch's `?lang=` first, then the
 * remembered choice, then the browser, which may choose English only if it
 * ranks English above Vietnamese (an office PC set to English by whoever
 * installed it still shows the commune's own language when Vietnamese is
 * listed first). Vietnamese otherwise.
 */
export function choosePageLanguage(query: unknown, remembered: string | undefined, acceptLanguage: string | undefined): PageLanguage {
  if (isPageLanguage(query)) return query;
  if (isPageLanguage(remembered)) return remembered;
  if (acceptLanguage && weightOf(acceptLanguage, 'en') > weightOf(acceptLanguage, 'vi')) return 'en';
  return 'vi';
}

const vi = {
  lang_name: 'Tiếng Việt',
  switch_label: 'Ngôn ngữ',
  app_name: 'Đối thoại',
  not_yet: 'chưa',
  actions: 'Thao tác',

  role_admin: 'Quản trị',
  role_chair: 'Chủ trì',
  role_secretary: 'Thư ký',
  role_office: 'Văn phòng / đầu mối KSTTHC',
  role_viewer: 'Chỉ xem',

  problem_wrong_setup_code: 'Mã thiết lập không đúng.',
  problem_already_set_up: 'Máy chủ đã có tài khoản quản trị.',
  problem_invalid_username: 'Tên đăng nhập gồm 3–40 chữ thường không dấu, số, dấu chấm, gạch.',
  problem_invalid_display_name: 'Hãy nhập họ tên (tối đa 100 ký tự).',
  problem_password_too_short: 'Mật khẩu cần ít nhất 10 ký tự.',
  problem_password_too_long: 'Mật khẩu quá dài.',
  problem_invalid_roles: 'Hãy chọn ít nhất một vai trò.',
  problem_username_taken: 'Tên đăng nhập này đã có.',
  problem_wrong_credentials: 'Tên đăng nhập hoặc mật khẩu không đúng.',
  problem_account_locked: 'Tài khoản tạm khoá sau nhiều lần nhập sai. Hãy thử lại sau 15 phút.',
  problem_invalid_device_name: 'Hãy đặt tên cho thiết bị (tối đa 100 ký tự).',
  problem_other_unit: 'Không thuộc đơn vị của bạn.',
  problem_cannot_disable_self: 'Không thể tự khoá tài khoản của mình.',
  problem_cannot_remove_own_admin: 'Không thể bỏ vai trò quản trị của chính mình.',
  problem_rate_limited: 'Quá nhiều lần thử. Hãy đợi một phút.',
  problem_unknown: 'Máy chủ từ chối ({code}).',

  setup_title: 'Thiết lập',
  setup_local_only_heading: 'Thiết lập máy chủ',
  setup_local_only: 'Trang này chỉ mở được trên chính máy tính văn phòng chạy máy chủ (http://localhost).',
  setup_heading: 'Thiết lập máy chủ Đối thoại',
  setup_intro: 'Máy chủ chưa có tài khoản nào. Mã thiết lập dùng một lần (cũng in trên cửa sổ dòng lệnh của máy chủ):',
  setup_code: 'Mã thiết lập',
  setup_admin_name: 'Họ và tên người quản trị',
  username: 'Tên đăng nhập',
  password_new: 'Mật khẩu (ít nhất 10 ký tự)',
  setup_submit: 'Tạo tài khoản quản trị',

  login_title: 'Đăng nhập',
  login_heading: 'Đăng nhập quản trị',
  password: 'Mật khẩu',
  login_submit: 'Đăng nhập',
  login_tls_link: 'Cài chứng chỉ cho máy tính bảng',

  forbidden_title: 'Không có quyền',
  forbidden_text: 'Chỉ người quản trị mở được trang này.',

  admin_title: 'Quản trị',
  admin_heading: 'Quản trị máy chủ Đối thoại',
  signed_in_as: 'Đăng nhập: {name}',
  logout: 'Đăng xuất',
  devices_heading: 'Thiết bị',
  device_name: 'Tên thiết bị',
  device_user: 'Người dùng',
  device_last_sync: 'Đồng bộ lần cuối',
  no_devices: 'Chưa có thiết bị nào.',
  device_revoked: 'Đã thu hồi',
  revoke: 'Thu hồi',
  revoke_label: 'Thu hồi {name}',
  revoked_notice: 'Đã thu hồi thiết bị. Lần đồng bộ sau của thiết bị sẽ bị từ chối; dữ liệu trên thiết bị vẫn được giữ.',
  enrol_heading: 'Ghi danh thiết bị mới',
  enrol_account: 'Người dùng thiết bị',
  enrol_device_name: 'Tên thiết bị (ví dụ: Máy tính bảng chủ trì)',
  enrol_submit: 'Tạo mã ghi danh',
  enrol_code_heading: 'Mã ghi danh',
  enrol_code_steps:
    'Trên máy tính bảng, mở ứng dụng Đối thoại, vào <strong>Cài đặt → Ghi danh với máy chủ</strong> và nhập mã (dùng một lần, hết hạn lúc {time}):',
  enrol_qr_hint: 'Hoặc quét mã QR bằng máy ảnh của máy tính bảng:',
  enrol_qr_label: 'Mã QR ghi danh',
  accounts_heading: 'Tài khoản',
  account_name: 'Họ tên',
  account_roles: 'Vai trò',
  account_state: 'Trạng thái',
  state_disabled: 'Đã khoá',
  state_active: 'Hoạt động',
  state_locked_until: 'Tạm khoá đến {time}',
  lock: 'Khoá',
  lock_label: 'Khoá tài khoản {name}',
  unlock: 'Mở khoá',
  unlock_label: 'Mở khoá tài khoản {name}',
  locked_notice: 'Đã khoá tài khoản {name}. Các phiên đăng nhập và thiết bị của tài khoản ngừng hoạt động ngay.',
  unlocked_notice: 'Đã mở khoá tài khoản {name}. Thiết bị đã bị thu hồi khi khoá cần ghi danh lại.',
  account_edit: 'Sửa',
  account_edit_label: 'Sửa vai trò, mật khẩu của {name}',
  roles_of: 'Vai trò của {name}',
  roles_submit: 'Lưu vai trò',
  roles_saved_notice: 'Đã lưu vai trò của {name}.',
  password_reset: 'Đặt lại mật khẩu',
  password_reset_label: 'Đặt lại mật khẩu của {name}',
  password_reset_notice:
    'Đã đặt mật khẩu mới cho {name}. Các phiên đăng nhập của tài khoản đã kết thúc; hãy báo mật khẩu mới trực tiếp cho người đó.',
  add_account_heading: 'Thêm tài khoản',
  full_name: 'Họ và tên',
  add_account_submit: 'Thêm tài khoản',
  account_added: 'Đã thêm tài khoản {name}.',
  admin_tls_link: 'Chứng chỉ HTTPS cho máy tính bảng',

  personal_heading: 'Dữ liệu cá nhân theo yêu cầu (Nghị định 13/2023/NĐ-CP)',
  person_search: 'Tìm người theo họ tên',
  person_search_submit: 'Tìm',
  person_record: 'Hồ sơ',
  person_village: 'Thôn, tổ',
  kind_registrations: 'Phiếu đăng ký',
  kind_attendees: 'Danh sách dự',
  person_export: 'Xuất ra tệp',
  person_export_label: 'Xuất dữ liệu của {name} ra tệp',
  person_erase: 'Xoá dữ liệu cá nhân',
  person_erase_label: 'Xoá dữ liệu cá nhân của {name}',
  person_none: 'Không tìm thấy ai.',
  person_note:
    'Xoá: họ tên, số điện thoại, địa chỉ, thư điện tử được xoá trên máy chủ và trên mọi thiết bị ở lần đồng bộ sau; nhật ký chỉ còn ai đã sửa và khi nào.',
  erase_wrong_kind: 'Loại hồ sơ không đúng.',
  erase_failed: 'Không xoá được ({code}).',
  erased_notice: 'Đã xoá dữ liệu cá nhân. Các thiết bị nhận thay đổi này ở lần đồng bộ sau.',

  tls_title: 'Chứng chỉ HTTPS',
  tls_heading: 'Dùng Đối thoại qua HTTPS trên mạng nội bộ',
  tls_intro:
    'Máy tính bảng chỉ chạy được ứng dụng khi không có mạng nếu kết nối tới máy chủ bằng HTTPS. Máy chủ đã tự tạo một “chứng chỉ gốc” riêng của văn phòng. Cài chứng chỉ này một lần trên mỗi thiết bị, rồi mở <strong>{url}</strong>.',
  tls_download: 'Tải chứng chỉ gốc (doithoai-ca.crt)',
  tls_office_cert: 'Máy chủ đang dùng chứng chỉ do cơ quan cung cấp: máy tính bảng không cần cài thêm gì.',
  tls_android: 'Máy tính bảng Android',
  tls_android_steps: [
    'Mở trang này trên máy tính bảng, bấm “Tải chứng chỉ gốc”.',
    'Vào <em>Cài đặt → Bảo mật (hoặc Bảo mật và quyền riêng tư) → Cài đặt khác → Mã hoá và thông tin xác thực → Cài đặt chứng chỉ → Chứng chỉ CA</em>.',
    'Bấm “Vẫn cài đặt”, chọn tệp <code>doithoai-ca.crt</code> trong mục Tải xuống, xác nhận bằng mã khoá màn hình.',
    'Mở lại Chrome và vào địa chỉ máy chủ: không còn cảnh báo.',
  ],
  tls_ipad: 'iPad',
  tls_ipad_steps: [
    'Mở trang này bằng Safari, bấm “Tải chứng chỉ gốc”, chọn “Cho phép”.',
    'Vào <em>Cài đặt → Đã tải về hồ sơ</em>, bấm “Cài đặt” và nhập mật mã.',
    'Vào <em>Cài đặt → Cài đặt chung → Giới thiệu → Cài đặt tin cậy chứng nhận</em>, bật công tắc cho “Đối thoại — CA văn phòng”.',
    'Mở lại Safari và vào địa chỉ máy chủ.',
  ],
  tls_windows: 'Máy tính xách tay Windows',
  tls_windows_steps: [
    'Tải chứng chỉ gốc, bấm đúp vào tệp <code>doithoai-ca.crt</code>, chọn “Install Certificate” (Cài đặt chứng chỉ).',
    'Chọn “Local Machine”, rồi “Place all certificates in the following store” → “Trusted Root Certification Authorities”.',
    'Bấm Next, Finish, đồng ý cảnh báo; khởi động lại Chrome hoặc Edge.',
  ],
  tls_localhost: 'Trên chính máy tính văn phòng, <a href="http://localhost">http://localhost</a> vẫn dùng được mà không cần chứng chỉ.',
};

export type PageText = { readonly [K in keyof typeof vi]: (typeof vi)[K] extends string[] ? readonly string[] : string };

const en: PageText = {
  lang_name: 'English',
  switch_label: 'Language',
  app_name: 'Đối thoại',
  not_yet: 'not yet',
  actions: 'Actions',

  role_admin: 'Administrator',
  role_chair: 'Chair',
  role_secretary: 'Secretary',
  role_office: 'Office staff (administrative procedures)',
  role_viewer: 'Viewer',

  problem_wrong_setup_code: 'The setup code is wrong.',
  problem_already_set_up: 'The server already has an administrator account.',
  problem_invalid_username: 'A username is 3–40 lowercase letters without accents, digits, dots or hyphens.',
  problem_invalid_display_name: 'Type the full name (at most 100 characters).',
  problem_password_too_short: 'The password needs at least 10 characters.',
  problem_password_too_long: 'The password is too long.',
  problem_invalid_roles: 'Choose at least one role.',
  problem_username_taken: 'This username is already taken.',
  problem_wrong_credentials: 'The username or the password is wrong.',
  problem_account_locked: 'The account is locked for a while after too many wrong attempts. Try again in 15 minutes.',
  problem_invalid_device_name: 'Give the device a name (at most 100 characters).',
  problem_other_unit: 'This does not belong to your unit.',
  problem_cannot_disable_self: 'You cannot lock your own account.',
  problem_cannot_remove_own_admin: 'You cannot remove your own administrator role.',
  problem_rate_limited: 'Too many attempts. Wait a minute.',
  problem_unknown: 'The server refused ({code}).',

  setup_title: 'Setup',
  setup_local_only_heading: 'Server setup',
  setup_local_only: 'This page opens only on the office PC that runs the server itself (http://localhost).',
  setup_heading: 'Setting up the Đối thoại server',
  setup_intro: 'The server has no account yet. The one-time setup code (also printed in the server’s console window):',
  setup_code: 'Setup code',
  setup_admin_name: 'Administrator’s full name',
  username: 'Username',
  password_new: 'Password (at least 10 characters)',
  setup_submit: 'Create the administrator account',

  login_title: 'Sign in',
  login_heading: 'Administrator sign-in',
  password: 'Password',
  login_submit: 'Sign in',
  login_tls_link: 'Install the certificate on tablets',

  forbidden_title: 'Not allowed',
  forbidden_text: 'Only an administrator may open this page.',

  admin_title: 'Administration',
  admin_heading: 'Đối thoại server administration',
  signed_in_as: 'Signed in: {name}',
  logout: 'Sign out',
  devices_heading: 'Devices',
  device_name: 'Device name',
  device_user: 'User',
  device_last_sync: 'Last sync',
  no_devices: 'No device yet.',
  device_revoked: 'Revoked',
  revoke: 'Revoke',
  revoke_label: 'Revoke {name}',
  revoked_notice: 'The device is revoked. Its next sync will be refused; the data on the device is kept.',
  enrol_heading: 'Enrol a new device',
  enrol_account: 'User of the device',
  enrol_device_name: 'Device name (for example: Chair’s tablet)',
  enrol_submit: 'Make an enrolment code',
  enrol_code_heading: 'Enrolment code',
  enrol_code_steps:
    'On the tablet, open the Đối thoại app, go to <strong>Settings → Enrol with the server</strong> and type the code (works once, expires at {time}):',
  enrol_qr_hint: 'Or scan the QR code with the tablet’s camera:',
  enrol_qr_label: 'Enrolment QR code',
  accounts_heading: 'Accounts',
  account_name: 'Full name',
  account_roles: 'Roles',
  account_state: 'Status',
  state_disabled: 'Disabled',
  state_active: 'Active',
  state_locked_until: 'Locked until {time}',
  lock: 'Lock',
  lock_label: 'Lock the account of {name}',
  unlock: 'Unlock',
  unlock_label: 'Unlock the account of {name}',
  locked_notice: 'The account of {name} is locked. Its logins and devices stop working at once.',
  unlocked_notice: 'The account of {name} is unlocked. Devices revoked when it was locked need to be enrolled again.',
  account_edit: 'Edit',
  account_edit_label: 'Edit the roles and password of {name}',
  roles_of: 'Roles of {name}',
  roles_submit: 'Save the roles',
  roles_saved_notice: 'The roles of {name} are saved.',
  password_reset: 'Reset the password',
  password_reset_label: 'Reset the password of {name}',
  password_reset_notice: 'A new password is set for {name}. The account’s logins have ended; tell the person the new password directly.',
  add_account_heading: 'Add an account',
  full_name: 'Full name',
  add_account_submit: 'Add the account',
  account_added: 'Account {name} added.',
  admin_tls_link: 'HTTPS certificate for tablets',

  personal_heading: 'Personal data on request (Decree 13/2023/NĐ-CP)',
  person_search: 'Find a person by name',
  person_search_submit: 'Find',
  person_record: 'Record',
  person_village: 'Village, residential group',
  kind_registrations: 'Registration form',
  kind_attendees: 'Attendance list',
  person_export: 'Export to a file',
  person_export_label: 'Export the data of {name} to a file',
  person_erase: 'Erase personal data',
  person_erase_label: 'Erase the personal data of {name}',
  person_none: 'Nobody found.',
  person_note:
    'Erasing: the name, phone number, address and e-mail are erased on the server and on every device at its next sync; the log keeps only who changed the record and when.',
  erase_wrong_kind: 'Wrong kind of record.',
  erase_failed: 'Could not erase ({code}).',
  erased_notice: 'The personal data is erased. The devices receive this change at their next sync.',

  tls_title: 'HTTPS certificate',
  tls_heading: 'Using Đối thoại over HTTPS on the office network',
  tls_intro:
    'A tablet can run the app without a network only if it reaches the server over HTTPS. The server has made the office’s own “root certificate”. Install it once on each device, then open <strong>{url}</strong>.',
  tls_download: 'Download the root certificate (doithoai-ca.crt)',
  tls_office_cert: 'The server uses a certificate supplied by the office: tablets need nothing more.',
  tls_android: 'Android tablets',
  tls_android_steps: [
    'Open this page on the tablet and tap “Download the root certificate”.',
    'Go to <em>Settings → Security (or Security and privacy) → More settings → Encryption and credentials → Install a certificate → CA certificate</em>.',
    'Tap “Install anyway”, choose <code>doithoai-ca.crt</code> in Downloads and confirm with the screen lock.',
    'Reopen Chrome and go to the server’s address: the warning is gone.',
  ],
  tls_ipad: 'iPad',
  tls_ipad_steps: [
    'Open this page in Safari, tap “Download the root certificate” and choose “Allow”.',
    'Go to <em>Settings → Profile Downloaded</em>, tap “Install” and enter the passcode.',
    'Go to <em>Settings → General → About → Certificate Trust Settings</em> and turn on “Đối thoại — CA văn phòng”.',
    'Reopen Safari and go to the server’s address.',
  ],
  tls_windows: 'Windows laptops',
  tls_windows_steps: [
    'Download the root certificate, double-click <code>doithoai-ca.crt</code> and choose “Install Certificate”.',
    'Choose “Local Machine”, then “Place all certificates in the following store” → “Trusted Root Certification Authorities”.',
    'Click Next, Finish, accept the warning; restart Chrome or Edge.',
  ],
  tls_localhost: 'On the office PC itself, <a href="http://localhost">http://localhost</a> keeps working without a certificate.',
};

export const PAGE_TEXT: Readonly<Record<PageLanguage, PageText>> = { vi, en };

/** A role's name in the page's language. */
export function roleLabel(t: PageText, role: Role): string {
  return t[`role_${role}`];
}

/** `{name}` placeholders filled in; the values must already be escaped HTML. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
