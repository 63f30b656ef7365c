/**
 * The blank Phiếu đăng ký tham gia đối thoại (seeds 001, 004; DOCUMENTS.md §3.5)
 * to print and hand out: the citizen is its author, so it has the national
 * title only, no agency column and no number; the unit's name, where to send
 * it and the conference's deadline are filled in; the rest are dotted lines.
 */
import { REGISTRATION_SECTION_LABELS } from '../domain/labels.ts';
import { deadlineFor, firstSessionDate } from '../domain/registration.ts';
import type { ConferenceRecords } from './inputs.ts';
import { planWords } from './common.ts';
import type { Block, OfficialDocument, Paragraph } from './model.ts';
import { asciiSlug, shortDate, unitNames } from './words.ts';

const dotted = (label: string): Paragraph => ({ kind: 'paragraph', label, text: '', dots: true, align: 'left' });
const blankLine = (): Paragraph => ({ kind: 'paragraph', text: '', dots: true, align: 'left' });

export function buildRegistrationForm(records: ConferenceRecords): OfficialDocument {
  const names = unitNames(records.unit.name);
  const first = firstSessionDate(records.sessions.filter((s) => !s.session.deleted).map((s) => s.session));
  const deadline = deadlineFor(records.conference.registrationDeadline, first, records.calendar);
  const where = [
    records.unit.address && `nộp trực tiếp tại ${records.unit.address}`,
    records.unit.email && `gửi thư điện tử đến ${records.unit.email}`,
  ]
    .filter(Boolean)
    .join(' hoặc ');
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      italic: true,
      align: 'justify',
      indent: true,
      size: 13,
      text:
        `(Phiếu đăng ký có thể đánh máy hoặc viết tay${where ? `, ${where}` : ''}` +
        `${deadline ? `; hạn cuối ${deadline.time} ngày ${shortDate(deadline.date)}` : ''}.)`,
    },
    { kind: 'paragraph', label: 'Kính gửi:', text: names.committee, align: 'center' },
    dotted('Họ và tên (hoặc tên tổ chức):'),
    dotted('Điện thoại:'),
    dotted('Địa chỉ (số nhà, thôn/tổ dân phố):'),
    dotted('Email:'),
    {
      kind: 'paragraph',
      text: `Đăng ký tham gia ${records.conference.title} với Lãnh đạo ${names.committee}, với nội dung sau:`,
      align: 'justify',
      indent: true,
    },
    { kind: 'paragraph', text: `1. ${REGISTRATION_SECTION_LABELS.vi.procedures}:`, bold: true, align: 'justify', keepWithNext: true },
    blankLine(),
    blankLine(),
    blankLine(),
    blankLine(),
    { kind: 'paragraph', text: `2. ${REGISTRATION_SECTION_LABELS.vi.handling}:`, bold: true, align: 'justify', keepWithNext: true },
    blankLine(),
    blankLine(),
    blankLine(),
    blankLine(),
    {
      kind: 'signatures',
      left: null,
      right: {
        above: `..............., ngày ...... tháng ...... năm ${records.conference.year}`,
        authority: ['NGƯỜI ĐĂNG KÝ'],
        note: '(Ký, ghi rõ họ tên)',
        name: '',
      },
    },
  ];
  return {
    kind: 'registration_form',
    fileName: `Phieu-dang-ky-${asciiSlug(names.place)}-${records.conference.year}`,
    title: 'Phiếu đăng ký tham gia đối thoại',
    sections: [
      {
        header: { agency: [], number: null, placeDate: null },
        title: {
          type: 'PHIẾU ĐĂNG KÝ THAM GIA ĐỐI THOẠI',
          subject: '',
          // Handed out with the plan (seeds 001, 004): the form says which plan it belongs to.
          ...(records.conference.planNumber.trim()
            ? { subjectItalic: `(Kèm theo ${planWords(records.conference)} của ${names.committee})` }
            : {}),
        },
        blocks,
      },
    ],
  };
}
