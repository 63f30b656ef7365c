/**
 * The words the screens and the documents share: how an opinion was concluded,
 * who sat in which group of the hall. One place, so the button the secretary
 * taps and the line the minutes print say the same thing (they used to differ).
 *
 * Vietnamese is the language of record; English is for the English UI only and
 * never appears in a document.
 */
import type { AttendeeGroup, DispositionKind } from './model.ts';

export type LabelLang = 'vi' | 'en';

/** The chair's outcome for one opinion, short enough for a button, formal enough for the minutes. */
export const DISPOSITION_LABELS: Readonly<Record<LabelLang, Readonly<Record<DispositionKind, string>>>> = {
  vi: {
    answered_in_room: 'Đã trả lời tại hội nghị',
    written_reply: 'Trả lời bằng văn bản',
    forwarded_upward: 'Vượt thẩm quyền, báo cáo cấp trên',
    guided_elsewhere: 'Hướng dẫn đến cơ quan có thẩm quyền',
    complaint_outside: 'Khiếu nại, tố cáo: ngoài đối thoại',
  },
  en: {
    answered_in_room: 'Answered in the room',
    written_reply: 'Written reply',
    forwarded_upward: 'Beyond our authority: report upward',
    guided_elsewhere: 'Guide to the competent body',
    complaint_outside: 'Complaint or denunciation: outside the dialogue',
  },
};

/** Groups of the attendance list, as the minutes' "Thành phần tham dự" names them. */
export const ATTENDEE_GROUP_LABELS: Readonly<Record<LabelLang, Readonly<Record<AttendeeGroup, string>>>> = {
  vi: {
    upper_level: 'Đại biểu cấp trên',
    leaders: 'Lãnh đạo xã/phường (Đảng ủy, HĐND, MTTQ, đoàn thể)',
    village_heads: 'Bí thư chi bộ, Trưởng thôn/Tổ trưởng TDP',
    citizens: 'Người dân, doanh nghiệp',
  },
  en: {
    upper_level: 'Upper-level delegates',
    leaders: 'Commune/ward leaders (Party committee, People’s Council, Fatherland Front, mass organisations)',
    village_heads: 'Party cell secretaries, village and residential group heads',
    citizens: 'Citizens and businesses',
  },
};

/**
 * The fields (lĩnh vực) named in the plans and the news of real dialogues
 * (DOCUMENTS.md §4). A turn's field is free text; the report counts by the text
 * as entered and lists these first, in this order.
 */
export const STANDARD_FIELDS_VI: readonly string[] = [
  'Đất đai',
  'Xây dựng, trật tự xây dựng',
  'Hộ tịch',
  'Chứng thực',
  'Đăng ký kinh doanh, hộ kinh doanh',
  'Lao động, người có công, bảo trợ xã hội',
  'Cư trú',
];

/** A turn recorded with no field. */
export const FIELD_UNSPECIFIED: Readonly<Record<LabelLang, string>> = { vi: 'Lĩnh vực khác, chưa phân loại', en: 'Other or unclassified' };

/** The two sections of the Phiếu đăng ký (seeds 001, 004), as the form and the report word them. */
export const REGISTRATION_SECTION_LABELS: Readonly<Record<LabelLang, { readonly procedures: string; readonly handling: string }>> = {
  vi: {
    procedures: 'Về thủ tục hành chính (chất lượng nội dung, tổ chức công khai, sáng kiến…)',
    handling:
      'Về giải quyết thủ tục hành chính (cơ sở vật chất; thái độ giao tiếp, hướng dẫn của công chức; có được nhận Giấy tiếp nhận và hẹn trả kết quả, Biên lai thu phí; kết quả đúng hạn, sớm hạn, quá hạn…)',
  },
  en: {
    procedures: 'On the procedures (content, publication, initiatives…)',
    handling: 'On how procedures were handled (facilities, officials’ attitude, receipts, timeliness…)',
  },
};
