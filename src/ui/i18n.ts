/**
 * Vietnamese first, English second. Every string a screen shows comes from here.
 * The language is a device setting kept in localStorage because the first paint
 * needs it synchronously, before IndexedDB has answered.
 */
import { createSignal } from 'solid-js';
import type { MessageCode } from '../domain/model.ts';

const vi = {
  app_name: 'Đối thoại',
  app_tagline: 'Hội nghị đối thoại về thủ tục hành chính',
  nav_conferences: 'Hội nghị',
  nav_settings: 'Cài đặt',
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
  err_received_in_future: 'Thời điểm nhận phiếu chưa đến. Kiểm tra lại ngày và giờ.',
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
  err_speaking_limit_out_of_range: 'Thời gian mỗi câu hỏi phải từ 0,5 đến 60 phút.',
  err_planned_minutes_out_of_range: 'Số phút phải từ 0 đến 600.',
  err_end_before_start: 'Giờ kết thúc phải sau giờ bắt đầu.',
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
  conference_new: 'Tạo hội nghị mới',
  conference_title: 'Tên hội nghị',
  conference_title_default: 'Hội nghị đối thoại về thủ tục hành chính năm {year}',
  conference_year: 'Năm',
  conference_round: 'Lần',
  conference_round_n: 'Lần {n}',
  conference_plan_number: 'Số kế hoạch',
  conference_plan_number_placeholder: 'VD: 82/KH-UBND',
  conference_deadline_days: 'Hạn nhận phiếu đăng ký (số ngày trước hội nghị)',
  conference_sessions_count: '{n} buổi',
  conference_open: 'Mở',
  conference_not_found: 'Không tìm thấy hội nghị.',
  conference_edit: 'Sửa hội nghị',
  conference_delete: 'Xóa hội nghị',
  conference_delete_confirm: 'Xóa «{title}» cùng {n} buổi đối thoại của nó? Các buổi sẽ không còn trong danh sách.',
  // sessions
  sessions_title: 'Các buổi đối thoại',
  sessions_empty: 'Chưa có buổi nào.',
  session_new: 'Thêm buổi đối thoại',
  session_title: 'Tên buổi',
  session_title_placeholder: 'VD: Buổi sáng – lĩnh vực đất đai',
  session_date: 'Ngày',
  session_start: 'Bắt đầu',
  session_end: 'Kết thúc',
  session_venue: 'Địa điểm',
  session_venue_placeholder: 'VD: Nhà văn hóa thôn 3',
  session_venue_kind: 'Loại địa điểm',
  venue_committee_hall: 'Hội trường UBND',
  venue_village_cultural_house: 'Nhà văn hóa thôn',
  venue_other: 'Khác',
  session_field_focus: 'Lĩnh vực trọng tâm',
  session_format: 'Hình thức',
  format_in_person: 'Trực tiếp',
  format_online_bridge_points: 'Trực tuyến (nhiều điểm cầu)',
  format_written_forms: 'Bằng phiếu ý kiến',
  session_speaking_limit: 'Thời gian mỗi câu hỏi (phút)',
  session_chair: 'Chủ trì',
  session_secretary: 'Thư ký',
  session_not_found: 'Không tìm thấy buổi đối thoại.',
  session_edit: 'Sửa buổi: {name}',
  session_delete_confirm: 'Xóa buổi «{name}» ngày {date}, cùng chương trình, danh sách người dự và lượt phát biểu của buổi?',
  // workspace
  ws_tabs: 'Khu làm việc của buổi',
  tab_agenda: 'Chương trình',
  tab_attendance: 'Điểm danh',
  tab_queue: 'Lượt phát biểu',
  tab_minutes: 'Biên bản',
  tab_display: 'Màn hình hội trường',
  tab_empty: 'Phần này sẽ có ở bản sau.',
  // settings
  settings_title: 'Cài đặt',
  settings_unit: 'Đơn vị',
  settings_departments: 'Phòng, ban chuyên môn',
  department_name: 'Tên phòng, ban',
  department_fields: 'Lĩnh vực phụ trách',
  department_delete_confirm: 'Xóa {name}?',
  department_owns: 'Phòng, ban này còn {followUps} ý kiến phải trả lời bằng văn bản và {forms} phiếu đăng ký được chuyển đến. Chọn phòng, ban nhận lại trước khi xóa.',
  department_move_to: 'Chuyển cho',
  department_choose: '— Chọn phòng, ban —',
  department_move_and_delete: 'Chuyển và xóa',
  department_needs_new_owner: 'Hãy chọn phòng, ban nhận lại các việc còn mở.',
  department_no_other: 'Chưa có phòng, ban nào khác để nhận lại: thêm một phòng, ban trước.',
  unit_fields: 'Các lĩnh vực thủ tục hành chính của đơn vị',
  field_add: 'Thêm lĩnh vực',
  list_empty: 'Chưa có mục nào.',
  list_placeholder: 'Gõ tên rồi nhấn Enter, VD: Đăng ký, quản lý cư trú',
  list_remove: 'Bỏ {item}',
  list_duplicate: '«{item}» đã có trong danh sách.',
  edit: 'Sửa',
  undo: 'Hoàn tác',
  undo_close: 'Đóng thông báo',
  departments_empty: 'Chưa có phòng, ban nào.',
  settings_device: 'Thiết bị này',
  device_name: 'Tên thiết bị',
  device_name_placeholder: 'VD: Máy tính bảng thư ký',
  device_id: 'Mã thiết bị',
  settings_language: 'Ngôn ngữ',
  settings_storage: 'Lưu trữ',
  storage_persisted: 'Dữ liệu được lưu bền vững: trình duyệt sẽ không tự xóa.',
  storage_not_persisted: 'Trình duyệt chưa cho lưu bền vững: dữ liệu có thể bị xóa khi máy thiếu dung lượng. Hãy cài ứng dụng lên màn hình chính.',
  storage_unknown: 'Trình duyệt này không hỗ trợ lưu bền vững.',
  storage_usage: 'Đã dùng {used} / {quota}',
  storage_pending: 'Thay đổi chưa gửi lên máy chủ: {n}',
  // pwa
  update_available: 'Có phiên bản mới của ứng dụng.',
  update_now: 'Cập nhật',
  update_later: 'Để sau',
  offline_ready: 'Ứng dụng đã sẵn sàng dùng khi không có mạng.',
};

export type MessageKey = keyof typeof vi;

const en: Record<MessageKey, string> = {
  app_name: 'Đối thoại',
  app_tagline: 'Dialogue conferences on administrative procedures',
  nav_conferences: 'Conferences',
  nav_settings: 'Settings',
  nav_main: 'Main navigation',
  skip_to_content: 'Skip to main content',
  loading: 'Loading…',
  save: 'Save',
  saved: 'Saved',
  cancel: 'Cancel',
  add: 'Add',
  delete: 'Delete',
  create: 'Create',
  back: 'Back',
  offline: 'Offline: data is still saved on this device',
  online: 'Online',
  form_has_errors: 'Please correct the marked fields.',
  err_required: 'Required.',
  err_too_long: 'Too long.',
  err_invalid_date: 'Invalid date (dd/mm/yyyy).',
  err_no_such_date: 'There is no such day in the calendar (e.g. 30/02).',
  err_no_such_month: 'The month must be 1 to 12.',
  err_date_too_far_past: 'This date is too far in the past (over a year ago). Check the year.',
  err_date_too_far_ahead: 'This date is too far ahead (over three years). Check the year.',
  err_received_in_future: 'This receipt time has not come yet. Check the date and time.',
  err_invalid_time: 'Invalid time (24-hour, e.g. 07:30 or 7h30).',
  err_time_out_of_range: 'The time must be 00:00 to 23:59.',
  err_invalid_email: 'Invalid email address.',
  err_invalid_phone: 'A phone number has only digits (spaces, dots and dashes allowed).',
  err_phone_prefix: 'The number must start with 0 or +84.',
  err_phone_too_short: 'Digits missing: mobiles have 10 digits, landlines 11 (starting 02).',
  err_phone_too_long: 'Too many digits: mobiles have 10 digits, landlines 11 (starting 02).',
  err_phone_not_vietnamese: 'Only Vietnamese numbers (+84) are accepted.',
  err_invalid_number: 'Invalid number.',
  err_not_a_number: 'Type the number in digits (e.g. 10).',
  err_not_whole_number: 'Type a whole number.',
  err_year_out_of_range: 'The year must be 2000 to 2100.',
  err_deadline_days_out_of_range: 'The number of days must be 0 to 60.',
  err_speaking_limit_out_of_range: 'The time per question must be 0.5 to 60 minutes.',
  err_planned_minutes_out_of_range: 'Minutes must be 0 to 600.',
  err_end_before_start: 'End time must be after start time.',
  err_invalid_choice: 'Invalid choice.',
  err_save_failed: 'Could not save: {reason}',
  unit_setup_title: 'Set up your unit',
  unit_setup_hint: 'Enter the ward/commune People’s Committee using this device. You can change it later in Settings.',
  unit_name: 'Unit name',
  unit_name_placeholder: 'e.g. UBND xã Thanh Trì',
  unit_upper_level: 'Upper level',
  unit_upper_level_hint: 'e.g. Hanoi People’s Committee',
  unit_address: 'Address',
  unit_email: 'Email',
  unit_phone: 'Phone',
  conferences_title: 'Dialogue conferences',
  conferences_empty: 'No conferences yet. Create the first one below.',
  conference_new: 'New conference',
  conference_title: 'Conference title',
  conference_title_default: 'Dialogue conference on administrative procedures {year}',
  conference_year: 'Year',
  conference_round: 'Round',
  conference_round_n: 'Round {n}',
  conference_plan_number: 'Plan number',
  conference_plan_number_placeholder: 'e.g. 82/KH-UBND',
  conference_deadline_days: 'Registration deadline (days before the conference)',
  conference_sessions_count: '{n} sessions',
  conference_open: 'Open',
  conference_not_found: 'Conference not found.',
  conference_edit: 'Edit conference',
  conference_delete: 'Delete conference',
  conference_delete_confirm: 'Delete "{title}" with its {n} sessions? The sessions will no longer be listed.',
  sessions_title: 'Sessions',
  sessions_empty: 'No sessions yet.',
  session_new: 'Add a session',
  session_title: 'Session title',
  session_title_placeholder: 'e.g. Morning – land',
  session_date: 'Date',
  session_start: 'Start',
  session_end: 'End',
  session_venue: 'Venue',
  session_venue_placeholder: 'e.g. Village 3 cultural house',
  session_venue_kind: 'Kind of venue',
  venue_committee_hall: 'Committee hall',
  venue_village_cultural_house: 'Village cultural house',
  venue_other: 'Other',
  session_field_focus: 'Field focus',
  session_format: 'Format',
  format_in_person: 'In person',
  format_online_bridge_points: 'Online (bridge points)',
  format_written_forms: 'Written opinion forms',
  session_speaking_limit: 'Time per question (minutes)',
  session_chair: 'Chair',
  session_secretary: 'Secretary',
  session_not_found: 'Session not found.',
  session_edit: 'Edit session: {name}',
  session_delete_confirm: 'Delete the session "{name}" on {date}, with its agenda, attendance list and speaker turns?',
  ws_tabs: 'Session workspace',
  tab_agenda: 'Agenda',
  tab_attendance: 'Attendance',
  tab_queue: 'Speakers',
  tab_minutes: 'Minutes',
  tab_display: 'Hall display',
  tab_empty: 'Coming in a later version.',
  settings_title: 'Settings',
  settings_unit: 'Unit',
  settings_departments: 'Departments',
  department_name: 'Department name',
  department_fields: 'Fields it answers for',
  department_delete_confirm: 'Delete {name}?',
  department_owns: 'This department still has {followUps} opinions to answer in writing and {forms} registration forms routed to it. Choose who takes them over before deleting.',
  department_move_to: 'Move to',
  department_choose: '— Choose a department —',
  department_move_and_delete: 'Move and delete',
  department_needs_new_owner: 'Choose the department that takes over the open work.',
  department_no_other: 'There is no other department to take over: add one first.',
  unit_fields: "The unit's fields of administrative procedures",
  field_add: 'Add field',
  list_empty: 'Nothing listed yet.',
  list_placeholder: 'Type a name and press Enter',
  list_remove: 'Remove {item}',
  list_duplicate: '"{item}" is already in the list.',
  edit: 'Edit',
  undo: 'Undo',
  undo_close: 'Close the notice',
  departments_empty: 'No departments yet.',
  settings_device: 'This device',
  device_name: 'Device name',
  device_name_placeholder: 'e.g. Secretary’s tablet',
  device_id: 'Device id',
  settings_language: 'Language',
  settings_storage: 'Storage',
  storage_persisted: 'Storage is persistent: the browser will not clear it.',
  storage_not_persisted: 'Storage is not persistent: the browser may clear it when space runs low. Install the app to the home screen.',
  storage_unknown: 'This browser does not support persistent storage.',
  storage_usage: 'Used {used} of {quota}',
  storage_pending: 'Changes not yet sent to the server: {n}',
  update_available: 'A new version of the app is available.',
  update_now: 'Update',
  update_later: 'Later',
  offline_ready: 'The app is ready to work offline.',
};

export type Lang = 'vi' | 'en';
const DICTS: Record<Lang, Record<MessageKey, string>> = { vi, en };
const STORAGE_KEY = 'doithoai.lang';

function initialLang(): Lang {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

const [lang, setLangSignal] = createSignal<Lang>(initialLang());
export { lang };

export function setLang(next: Lang): void {
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
  return interpolate(DICTS[lang()][key], params);
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
