import { TABLE_NAMES, type MessageCode } from '../../domain/model.ts';
import type { FileRefusal, RefusedRecord } from '../../sync/file.ts';
import { defineMessages, errorText } from '../i18n.ts';

/** Strings of exporting to a file and importing one. */
export const ft = defineMessages(
  {
    title: 'Tệp dữ liệu (không cần mạng)',
    hint: 'Chuyển dữ liệu sang máy khác hoặc máy tính văn phòng khi không có mạng: xuất ra tệp, chép tệp sang máy kia rồi nhập. Dữ liệu được gộp theo đúng quy tắc như khi đồng bộ; không có gì bị ghi đè bởi bản cũ hơn.',
    export_conference: 'Xuất tệp hội nghị này',
    export_all: 'Xuất toàn bộ dữ liệu ra tệp',
    export_gzip: 'Nén tệp (gzip, nhỏ hơn)',
    export_busy: 'Đang xuất…',
    export_done: 'Đã xuất {records} bản ghi và biên bản của {texts} buổi vào tệp {file}.',
    export_failed: 'Không xuất được tệp: {reason}',
    export_no_unit: 'máy này chưa có dữ liệu của đơn vị nào.',
    export_no_conference: 'không tìm thấy hội nghị này trên máy.',
    import_title: 'Nhập tệp',
    import_file: 'Tệp đã xuất từ ứng dụng Đối thoại (.json hoặc .json.gz)',
    import_submit: 'Nhập tệp',
    import_busy: 'Đang kiểm tra và nhập…',
    import_no_file: 'Hãy chọn một tệp.',
    import_done: 'Đã nhập tệp của {unit}: {what}. Tệp có {records} bản ghi; {changed} bản ghi mới hoặc được cập nhật trên máy này; biên bản của {texts} buổi có thêm nội dung.',
    import_one_conference: 'hội nghị «{title}»',
    import_conferences: '{n} hội nghị',
    import_nothing_new: 'Máy này đã có mọi thứ trong tệp, không có gì thay đổi.',
    import_forwarded: 'Những thay đổi mới sẽ được gửi lên máy chủ văn phòng ở lần đồng bộ tới.',
    import_open: 'Mở hội nghị «{title}»',
    confirm_other_unit: 'Vẫn nhập vào máy này',
    unchanged: 'Dữ liệu trên máy này không thay đổi.',
    refused_empty: 'Tệp rỗng.',
    refused_too_large: 'Tệp quá lớn, không phải tệp xuất của ứng dụng.',
    refused_corrupt: 'Tệp bị hỏng, không đọc được nội dung.',
    refused_truncated: 'Tệp không đầy đủ (bị cắt giữa chừng khi chép hoặc tải về). Hãy xuất lại từ máy gốc.',
    refused_gzip_unsupported: 'Trình duyệt này không giải nén được tệp .gz. Hãy xuất lại tệp không nén.',
    refused_foreign: 'Đây không phải tệp xuất của ứng dụng Đối thoại.',
    refused_newer_version: 'Tệp được xuất từ phiên bản ứng dụng mới hơn. Hãy cập nhật ứng dụng rồi nhập lại.',
    refused_checksum_mismatch: 'Tệp đã bị sửa hoặc bị hỏng: mã kiểm tra không khớp.',
    refused_invalid_record: 'Tệp có bản ghi không hợp lệ: {record}.',
    refused_wrong_scope: 'Tệp có bản ghi không thuộc đơn vị hoặc hội nghị của tệp: {record}.',
    refused_future_stamp: 'Tệp có thay đổi ghi thời điểm quá xa trong tương lai ({record}): đồng hồ của máy đã xuất tệp bị sai. Hãy chỉnh ngày giờ máy đó rồi xuất lại.',
    refused_invalid_text: 'Biên bản trong tệp bị hỏng ({record}).',
    refused_other_unit: 'Tệp này là của đơn vị khác: {unit}, không phải {current}. Chỉ nhập nếu bạn chắc chắn.',
    refused_unexpected: 'Không nhập được tệp: {reason}',
    insecure: 'trang đang mở qua HTTP thường nên trình duyệt không tính được mã kiểm tra của tệp; hãy mở ứng dụng qua HTTPS (hoặc trên chính máy tính văn phòng).',
    record_named: '{table} «{label}» (mã {id})',
    record_id: '{table} mã {id}',
    record_field: '{record}, trường “{field}”: {problem}',
    unknown_unit: 'một đơn vị chưa rõ tên',
    this_unit: 'đơn vị của máy này',
    table_units: 'đơn vị',
    table_departments: 'phòng ban',
    table_responders: 'người trả lời',
    table_conferences: 'hội nghị',
    table_sessions: 'buổi',
    table_bridgePoints: 'điểm cầu',
    table_agendaItems: 'mục chương trình',
    table_attendees: 'đại biểu',
    table_registrations: 'phiếu đăng ký',
    table_speakerTurns: 'lượt phát biểu',
    table_timerEvents: 'sự kiện đồng hồ',
    table_followUps: 'việc cần trả lời',
    table_surveyResponses: 'phiếu khảo sát',
    table_calendarYears: 'lịch làm việc của năm',
    table_texts: 'biên bản',
  },
  {
    title: 'Data files (no network needed)',
    hint: 'Move data to another device or the office PC without a network: export to a file, copy it over, import it there. It merges by the same rules as sync; nothing is overwritten by an older copy.',
    export_conference: 'Export this conference to a file',
    export_all: 'Export all data to a file',
    export_gzip: 'Compress (gzip, smaller)',
    export_busy: 'Exporting…',
    export_done: 'Exported {records} records and the minutes of {texts} sessions to {file}.',
    export_failed: 'Could not export: {reason}',
    export_no_unit: 'this device holds no unit’s data yet.',
    export_no_conference: 'this conference is not on this device.',
    import_title: 'Import a file',
    import_file: 'A file exported from Đối thoại (.json or .json.gz)',
    import_submit: 'Import file',
    import_busy: 'Checking and importing…',
    import_no_file: 'Choose a file.',
    import_done: 'Imported a file of {unit}: {what}. The file holds {records} records; {changed} records are new or updated on this device; the minutes of {texts} sessions gained text.',
    import_one_conference: 'the conference “{title}”',
    import_conferences: '{n} conferences',
    import_nothing_new: 'This device already had everything in the file; nothing changed.',
    import_forwarded: 'The new changes will be sent to the office server at the next sync.',
    import_open: 'Open the conference “{title}”',
    confirm_other_unit: 'Import into this device anyway',
    unchanged: 'Nothing on this device changed.',
    refused_empty: 'The file is empty.',
    refused_too_large: 'The file is too large to be an export of this app.',
    refused_corrupt: 'The file is damaged and cannot be read.',
    refused_truncated: 'The file is incomplete (cut off while copying or downloading). Export it again on the original device.',
    refused_gzip_unsupported: 'This browser cannot unpack .gz files. Export an uncompressed file instead.',
    refused_foreign: 'This is not a file exported from Đối thoại.',
    refused_newer_version: 'The file comes from a newer version of the app. Update the app, then import it again.',
    refused_checksum_mismatch: 'The file was edited or damaged: its checksum does not match.',
    refused_invalid_record: 'The file holds an invalid record: {record}.',
    refused_wrong_scope: 'The file holds a record of another unit or conference: {record}.',
    refused_future_stamp: 'The file holds a change stamped far in the future ({record}): the exporting device’s clock is wrong. Set its date and time, then export again.',
    refused_invalid_text: 'The minutes in the file are damaged ({record}).',
    refused_other_unit: 'This file belongs to another unit: {unit}, not {current}. Import it only if you are sure.',
    refused_unexpected: 'Could not import the file: {reason}',
    insecure: 'the page is open over plain HTTP, where the browser cannot compute the file’s checksum; open the app over HTTPS (or on the office PC itself).',
    record_named: '{table} “{label}” (id {id})',
    record_id: '{table} id {id}',
    record_field: '{record}, field “{field}”: {problem}',
    unknown_unit: 'a unit of unknown name',
    this_unit: 'this device’s unit',
    table_units: 'unit',
    table_departments: 'department',
    table_responders: 'responder',
    table_conferences: 'conference',
    table_sessions: 'session',
    table_bridgePoints: 'bridge point',
    table_agendaItems: 'agenda item',
    table_attendees: 'attendee',
    table_registrations: 'registration form',
    table_speakerTurns: 'speaker turn',
    table_timerEvents: 'timer event',
    table_followUps: 'follow-up',
    table_surveyResponses: 'survey response',
    table_calendarYears: 'working-day calendar year',
    table_texts: 'minutes',
  },
);

type Key = Parameters<typeof ft>[0];

const MESSAGE_CODES = new Set<string>(['required', 'too_long', 'invalid_date', 'invalid_time', 'invalid_email', 'invalid_phone', 'invalid_number', 'end_before_start', 'invalid_choice']);

/** "buổi «Buổi sáng» (mã s1), trường “end”: Giờ kết thúc phải sau giờ bắt đầu." */
export function recordText(r: RefusedRecord): string {
  const table = r.table === 'texts' || (TABLE_NAMES as string[]).includes(r.table) ? ft(`table_${r.table}` as Key) : r.table;
  const named = r.label ? ft('record_named', { table, label: r.label, id: r.id }) : ft('record_id', { table, id: r.id });
  if (!r.field) return named;
  // The field messages are sentences of their own; here one sits inside another, so it loses its full stop.
  const problem = (r.code && MESSAGE_CODES.has(r.code) ? errorText(r.code as MessageCode) : String(r.code ?? '')).replace(/\.$/, '');
  return ft('record_field', { record: named, field: r.field, problem });
}

/** Why a file was refused, in one sentence a person can act on, ending with "nothing changed". */
export function refusalText(refusal: FileRefusal, currentUnitName: string | undefined): string {
  const record = refusal.record ? recordText(refusal.record) : '';
  const reason =
    refusal.code === 'other_unit'
      ? ft('refused_other_unit', { unit: refusal.unit?.name || ft('unknown_unit'), current: currentUnitName || ft('this_unit') })
      : ft(`refused_${refusal.code}` as Key, { record });
  return `${reason} ${ft('unchanged')}`;
}
