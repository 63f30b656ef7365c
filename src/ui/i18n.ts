/**
 * Vietnamese first, English second. Every string a screen shows comes from here.
 * The language is a device setting kept in localStorage because the first paint
 * needs it synchronously, before IndexedDB has answered.
 */
import { createSignal } from 'solid-js';
import type { MessageCode } from '../domain/model.ts';
import type { ScreenKey, screenStrings } from './i18n.screens.ts';

const vi = {
  app_name: 'Đối thoại',
  app_tagline: 'Hội nghị đối thoại về thủ tục hành chính',
  nav_conferences: 'Hội nghị',
  nav_settings: 'Cài đặt',
  nav_follow_ups: 'Theo dõi trả lời',
  nav_main: 'Điều hướng chính',
  skip_to_content: 'Bỏ qua, đến nội dung chính',
  loading: 'Đang tải…',
  save: 'Lưu',
  saved: 'Đã lưu',
  cancel: 'Hủy',
  add: 'Thêm',
  delete: 'Xóa',
  create: 'Tạo',
  back: 'Quay lại',
  offline: 'Ngoại tuyến: dữ liệu vẫn được lưu trên máy',
  recording_short: 'Đang ghi âm',
  recording_now: 'Đang ghi âm hội nghị: về buổi đang ghi',
  online: 'Trực tuyến',
  form_has_errors: 'Vui lòng sửa các trường được đánh dấu.',
  // validation messages
  err_required: 'Không được để trống.',
  err_too_long: 'Quá dài.',
  err_invalid_date: 'Ngày không hợp lệ (dd/mm/yyyy).',
  err_no_such_date: 'Không có ngày này trong lịch (VD: 30/02).',
  err_no_such_month: 'Tháng phải từ 1 đến 12.',
  err_date_too_far_past: 'Ngày này đã quá xa trong quá khứ (hơn một năm trước). Kiểm tra lại năm.',
  err_date_too_far_ahead: 'Ngày này quá xa trong tương lai (hơn ba năm tới). Kiểm tra lại năm.',
  err_invalid_time: 'Giờ không hợp lệ (24 giờ, VD: 07:30 hoặc 7h30).',
  err_time_out_of_range: 'Giờ phải từ 00:00 đến 23:59.',
  err_invalid_email: 'Địa chỉ email không hợp lệ.',
  err_invalid_phone: 'Số điện thoại chỉ gồm chữ số (có thể có dấu cách, chấm, gạch nối).',
  err_phone_prefix: 'Số điện thoại phải bắt đầu bằng 0 hoặc +84.',
  err_phone_too_short: 'Số điện thoại thiếu chữ số: di động có 10 số, máy bàn có 11 số (bắt đầu bằng 02).',
  err_phone_too_long: 'Số điện thoại thừa chữ số: di động có 10 số, máy bàn có 11 số (bắt đầu bằng 02).',
  err_phone_not_vietnamese: 'Chỉ nhận số điện thoại Việt Nam (+84).',
  err_invalid_number: 'Số không hợp lệ.',
  err_not_a_number: 'Hãy nhập bằng chữ số (VD: 10).',
  err_not_whole_number: 'Hãy nhập số nguyên.',
  err_year_out_of_range: 'Năm phải từ 2000 đến 2100.',
  err_deadline_days_out_of_range: 'Số ngày phải từ 0 đến 60.',
  err_invalid_choice: 'Lựa chọn không hợp lệ.',
  err_save_failed: 'Không lưu được: {reason}',
  // unit
  unit_setup_title: 'Thiết lập đơn vị',
  unit_setup_hint: 'Nhập tên UBND xã/phường dùng thiết bị này. Có thể sửa sau trong Cài đặt.',
  unit_name: 'Tên đơn vị',
  unit_name_placeholder: 'VD: UBND xã Thanh Trì',
  unit_upper_level: 'Cấp trên',
  unit_upper_level_hint: 'VD: UBND thành phố Hà Nội',
  unit_address: 'Địa chỉ',
  unit_email: 'Email',
  unit_phone: 'Điện thoại',
  // conferences
  conferences_title: 'Các hội nghị đối thoại',
  conferences_empty: 'Chưa có hội nghị nào. Tạo hội nghị đầu tiên bên dưới.',
  conferences_empty_office_creates: 'Chưa có hội nghị nào. Hội nghị do văn phòng tạo; máy này nhận được khi đồng bộ với máy chủ văn phòng.',
  conference_new: 'Tạo hội nghị mới',
  conference_title: 'Tên hội nghị',
  conference_title_default: 'Hội nghị đối thoại về thủ tục hành chính năm {year}',
  conference_year: 'Năm',
  conference_round: 'Lần',
  conference_round_n: 'Lần {n}',
  conference_plan_number: 'Số kế hoạch',
  conference_plan_number_placeholder: 'VD: 82/KH-UBND',
  conference_deadline_days: 'Hạn nhận phiếu đăng ký (số ngày trước hội nghị)',
  conference_deadline_kind: 'Cách tính hạn nhận phiếu',
  conference_deadline_days_before: 'Số ngày trước hội nghị, trong giờ hành chính',
  conference_deadline_fixed: 'Một ngày giờ cố định',
  conference_deadline_date: 'Ngày hết hạn nhận phiếu',
  conference_deadline_time: 'Giờ hết hạn',
  conference_sessions_count: '{n} buổi',
  conference_edit: 'Sửa hội nghị',
  // settings
  settings_unit: 'Đơn vị',
  unit_fields: 'Các lĩnh vực thủ tục hành chính của đơn vị',
  field_add: 'Thêm lĩnh vực',
  list_empty: 'Chưa có mục nào.',
  list_placeholder: 'Gõ tên rồi nhấn Enter, VD: Đăng ký, quản lý cư trú',
  list_remove: 'Bỏ {item}',
  list_duplicate: '«{item}» đã có trong danh sách.',
  undo: 'Hoàn tác',
  undo_close: 'Đóng thông báo',
  // pwa
  update_available: 'Có phiên bản mới của ứng dụng.',
  update_now: 'Cập nhật',
  update_later: 'Để sau',
  offline_ready: 'Ứng dụng đã sẵn sàng dùng khi không có mạng.',
};

/** The first screen's strings, here in Vietnamese (English: i18n.en.ts). */
export type ShellKey = keyof typeof vi;
/** Every key `t` takes: the first screen's and the other screens' (i18n.screens.ts). */
export type MessageKey = ShellKey | ScreenKey;

export type Lang = 'vi' | 'en';
/** English arrives with `loadLang` (i18n.en.ts); Vietnamese is always here. */
const DICTS: { vi: Record<ShellKey, string>; en?: Record<ShellKey, string> } = { vi };
/** The other screens' strings, once loaded; a signal, so a string shown before they arrived is redrawn. */
const [screens, setScreens] = createSignal<typeof screenStrings | null>(null);
let screensLoading: Promise<void> | null = null;
const STORAGE_KEY = 'doithoai.lang';

function storedLang(): Lang {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

/** Shows Vietnamese until English has loaded: the signal changes only once its strings are here. */
const [lang, setLangSignal] = createSignal<Lang>('vi');
export { lang };

/** Loads a language's strings (English is a chunk of its own); resolves once `t` can show it. */
export async function loadLang(next: Lang): Promise<void> {
  if (next === 'en' && !DICTS.en) DICTS.en = (await import('./i18n.en.ts')).en;
}

/**
 * Loads the strings of the screens after the first one: app/router.tsx waits for it before
 * drawing one of them.
 */
export function loadScreenStrings(): Promise<void> {
  screensLoading ??= import('./i18n.screens.ts').then((m) => void setScreens(m.screenStrings));
  return screensLoading;
}

/** The device's language, loaded: app/main.tsx waits for it before the first render. */
export async function applyStoredLang(): Promise<void> {
  const stored = storedLang();
  await loadLang(stored);
  setLangSignal(stored);
}

export async function setLang(next: Lang): Promise<void> {
  await loadLang(next);
  setLangSignal(next);
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    /* private mode: the choice lasts for this visit */
  }
  if (typeof document !== 'undefined') document.documentElement.lang = next;
}

function interpolate(s: string, params?: Record<string, string | number>): string {
  if (params) for (const [k, v] of Object.entries(params)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const shell: Record<string, string> = DICTS[lang()] ?? vi;
  const text = shell[key] ?? (screens()?.[lang()] as Record<string, string> | undefined)?.[key];
  if (text !== undefined) return interpolate(text, params);
  // A screen drawn before its strings arrived (one not loaded through the router): shown again once they have.
  void loadScreenStrings();
  return '';
}

/**
 * A feature's own messages (each session panel keeps its strings beside it).
 * English must have every Vietnamese key: the type says so.
 */
export function defineMessages<K extends string>(vi: Record<K, string>, en: NoInfer<Record<K, string>>) {
  return (key: K, params?: Record<string, string | number>): string => interpolate((lang() === 'en' ? en : vi)[key], params);
}

export function errorText(code: MessageCode): string {
  return t(`err_${code}` as MessageKey);
}
