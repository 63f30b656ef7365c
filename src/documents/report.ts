/**
 * Báo cáo kết quả tổ chức hội nghị đối thoại (Mẫu 1.4, DOCUMENTS.md §3.3):
 * the conference's figures in the phần–mục–khoản shape of a Vietnamese
 * report, "Kính gửi" the upper level when it is sent upward (then Nơi nhận
 * starts "- Như trên;"), and the table of opinions as Phụ lục I.
 */
import { ATTENDEE_GROUP_LABELS, DISPOSITION_LABELS } from '../domain/labels.ts';
import { questionKey } from '../domain/minutesDoc.ts';
import { ATTENDEE_GROUPS, DISPOSITION_KINDS, type REGISTRATION_CHANNELS } from '../domain/model.ts';
import { body, capitalise, committeeSigner, header, heading, legalBasisParagraphs, planWords, publicSpeaker } from './common.ts';
import type { ConferenceRecords } from './inputs.ts';
import { calendarDaysBetween } from '../domain/workingDays.ts';
import { opinionsTable, summary } from './minutes.ts';
import type { Block, OfficialDocument, Section, Table } from './model.ts';
import type { DocumentSettings } from './settings.ts';
import { conferenceStatistics, opinionsOf } from './statistics.ts';
import { SURVEY_ANSWER_LABELS, largestRemainder, percentText, type QuestionTally } from '../domain/survey.ts';
import { asciiSlug, count2, shortDate, unitNames } from './words.ts';

export const reportKeys = {
  preparation: 'preparation',
  strengths: 'strengths',
  weaknesses: 'weaknesses',
  proposals: 'proposals',
} as const;

type RegistrationChannel = (typeof REGISTRATION_CHANNELS)[number];

const CHANNEL_WORDS: Readonly<Record<RegistrationChannel, string>> = {
  paper: 'bằng văn bản giấy',
  email: 'qua thư điện tử',
  online: 'trực tuyến',
  in_person: 'trực tiếp tại hội nghị',
  at_office: 'nộp trực tiếp tại trụ sở',
};


/** The publicity and the invitations (seeds 003, 004), as far as the office has entered them. */
function preparationWords(c: ConferenceRecords['conference'], firstDate: string | undefined): string {
  const parts: string[] = [];
  if (c.announcedOn) {
    const ahead = firstDate ? calendarDaysBetween(c.announcedOn, firstDate) : null;
    parts.push(`Thời gian, địa điểm, nội dung hội nghị được thông báo công khai ngày ${shortDate(c.announcedOn)}${ahead !== null && ahead > 0 ? ` (trước ${count2(ahead)} ngày)` : ''}`);
  }
  if (c.invitationsSentOn) parts.push(`giấy mời được gửi đến cá nhân, tổ chức đã đăng ký ngày ${shortDate(c.invitationsSentOn)}`);
  return parts.length ? `${capitalise(parts.join('; '))}. ` : '';
}

/** One row per answer, the question's wording on its first row: the tally as the report prints it. */
export function surveyTable(questions: readonly QuestionTally[]): Table {
  return {
    kind: 'table',
    columns: [
      { title: 'STT', width: 0.08, align: 'center' },
      { title: 'Nội dung khảo sát', width: 0.4 },
      { title: 'Trả lời', width: 0.28 },
      { title: 'Số phiếu', width: 0.12, align: 'center' },
      { title: 'Tỷ lệ', width: 0.12, align: 'center' },
    ],
    rows: questions.flatMap((q, i) =>
      q.rows.map((r, j) => [j === 0 ? String(i + 1) : '', j === 0 ? q.question.text.vi : '', SURVEY_ANSWER_LABELS.vi[r.answer], String(r.count), percentText(r.tenths)]),
    ),
  };
}

export function buildReport(records: ConferenceRecords, settings: DocumentSettings): OfficialDocument {
  const names = unitNames(records.unit.name);
  const stats = conferenceStatistics(records);
  const sessions = records.sessions.filter((s) => !s.session.deleted).sort((a, b) => (a.session.date < b.session.date ? -1 : 1));
  const first = sessions[0]?.session;
  const upward = settings.sendUpward && records.unit.upperLevel.trim() !== '';
  const c = records.conference;

  const attendanceTable: Table = {
    kind: 'table',
    columns: [
      { title: 'Thành phần', width: 0.6 },
      { title: 'Được mời', width: 0.2, align: 'center' },
      { title: 'Có mặt', width: 0.2, align: 'center' },
    ],
    rows: [
      ...ATTENDEE_GROUPS.map((g) => [
        ATTENDEE_GROUP_LABELS.vi[g],
        String(stats.attendance.byGroup[g].invited),
        String(stats.attendance.byGroup[g].present),
      ]),
      ['Tổng số', String(stats.attendance.total.invited), String(stats.attendance.total.present)],
    ],
    totalRow: true,
  };
  // Shares rounded by largest remainder, as on the statistics screen: each table's column adds up to 100 %.
  const fieldShares = largestRemainder(stats.opinions.byField.map((f) => f.count));
  const d = stats.opinions.byDisposition;
  const dispositionShares = largestRemainder([...DISPOSITION_KINDS.map((k) => d[k]), d.undecided]);
  const fieldTable: Table = {
    kind: 'table',
    columns: [
      { title: 'STT', width: 0.1, align: 'center' },
      { title: 'Lĩnh vực', width: 0.6 },
      { title: 'Số ý kiến', width: 0.15, align: 'center' },
      { title: 'Tỷ lệ', width: 0.15, align: 'center' },
    ],
    rows: [
      ...stats.opinions.byField.map((f, i) => [String(i + 1), f.field, String(f.count), percentText(fieldShares[i]!)]),
      ['', 'Tổng số', String(stats.opinions.total), stats.opinions.total ? '100%' : '0%'],
    ],
    totalRow: true,
  };
  const dispositionTable: Table = {
    kind: 'table',
    columns: [
      { title: 'Hình thức xử lý', width: 0.7 },
      { title: 'Số ý kiến', width: 0.15, align: 'center' },
      { title: 'Tỷ lệ', width: 0.15, align: 'center' },
    ],
    rows: [
      ...DISPOSITION_KINDS.map((k, i) => [DISPOSITION_LABELS.vi[k], String(d[k]), percentText(dispositionShares[i]!)]),
      ...(d.undecided > 0 ? [['Chưa kết luận', String(d.undecided), percentText(dispositionShares[DISPOSITION_KINDS.length]!)]] : []),
    ],
  };

  const sessionsWords = sessions
    .map((s) => `${shortDate(s.session.date)} tại ${s.session.venue}${s.session.title ? ` (${s.session.title})` : ''}`)
    .join('; ');
  const channels = (Object.entries(stats.registrations.byChannel) as [RegistrationChannel, number][])
    .filter(([, n]) => n > 0)
    .map(([ch, n]) => `${count2(n)} phiếu ${CHANNEL_WORDS[ch]}`)
    .join(', ');
  const f = stats.followUps;

  const blocks: Block[] = [
    ...legalBasisParagraphs(c.legalBases),
    body(`Thực hiện ${planWords(c)} của ${names.committee} về tổ chức ${c.title}, ${names.committee} báo cáo kết quả như sau:`),
    heading('I. CÔNG TÁC CHUẨN BỊ VÀ TỔ CHỨC HỘI NGHỊ', { indent: false }),
    body(
      `Hội nghị được tổ chức ${stats.sessions > 1 ? `thành ${count2(stats.sessions)} buổi: ` : ''}${sessionsWords || '(chưa có buổi)'}. ` +
        preparationWords(c, first?.date) +
        `${names.committee} đã tiếp nhận ${count2(stats.registrations.total)} phiếu đăng ký tham gia đối thoại${channels ? ` (${channels})` : ''}; ` +
        `trong đó ${count2(stats.registrations.onTime)} phiếu đúng hạn, ${count2(stats.registrations.late)} phiếu quá hạn.`,
      { key: reportKeys.preparation },
    ),
    body('Thành phần tham dự:', { keepWithNext: true }),
    attendanceTable,
    heading('II. KẾT QUẢ ĐỐI THOẠI', { indent: false, spaceBefore: 6 }),
    body(
      `Tại hội nghị có ${count2(stats.opinions.total)} lượt ý kiến của ${count2(stats.opinions.speakers)} cá nhân, tổ chức ` +
        `(${count2(stats.opinions.spoken)} ý kiến phát biểu trực tiếp, ${count2(stats.opinions.fromForms)} ý kiến theo phiếu đăng ký).`,
    ),
    heading('1. Ý kiến theo lĩnh vực'),
    fieldTable,
    heading('2. Kết quả xử lý ý kiến', { spaceBefore: 6 }),
    dispositionTable,
    body(
      `Ý kiến giao trả lời bằng văn bản: ${count2(f.total)}; đã trả lời đúng hạn ${count2(f.repliedOnTime)}, trả lời quá hạn ${count2(f.repliedLate)}, ` +
        `đang giải quyết ${count2(f.open)}${f.overdue ? ` (trong đó ${count2(f.overdue)} ý kiến đã quá hạn)` : ''}.`,
      { spaceBefore: 6 },
    ),
  ];
  if (stats.opinions.byBridgePoint.length > 0) {
    blocks.push(heading('3. Ý kiến và người dự theo điểm cầu', { spaceBefore: 6 }), {
      kind: 'table',
      columns: [
        { title: 'Điểm cầu', width: 0.6 },
        { title: 'Người dự', width: 0.2, align: 'center' },
        { title: 'Số ý kiến', width: 0.2, align: 'center' },
      ],
      rows: [
        ...stats.opinions.byBridgePoint.map((b) => [b.name || 'Không ghi điểm cầu', String(b.present), String(b.opinions)]),
        ['Tổng số', String(stats.opinions.byBridgePoint.reduce((n, b) => n + b.present, 0)), String(stats.opinions.total)],
      ],
      totalRow: true,
    });
  }
  if (stats.survey.forms > 0) {
    const n = stats.opinions.byBridgePoint.length > 0 ? 4 : 3;
    const issued = stats.survey.issued;
    blocks.push(
      heading(`${n}. Kết quả khảo sát mức độ hài lòng`, { spaceBefore: 6 }),
      body(
        `${issued > 0 ? `Phát ra ${count2(issued)} phiếu khảo sát, thu về ${count2(stats.survey.forms)} phiếu (đạt ${percentText(Math.round((Math.min(stats.survey.forms, issued) * 1000) / issued))}). ` : `Thu về ${count2(stats.survey.forms)} phiếu khảo sát. `}` +
          'Tỷ lệ tính trên tổng số phiếu thu về, kể cả phiếu để trống hoặc không hợp lệ ở từng nội dung.',
      ),
      surveyTable(stats.survey.questions),
    );
  }
  const forwarded = sessions.flatMap((s) => opinionsOf(s.turns)).filter((t) => t.disposition?.kind === 'forwarded_upward');
  blocks.push(
    heading('III. ĐÁNH GIÁ CHUNG', { indent: false, spaceBefore: 6 }),
    body('Hội nghị được tổ chức đúng kế hoạch; các ý kiến, kiến nghị của cá nhân, tổ chức được tiếp thu, trả lời công khai, cụ thể.', {
      key: reportKeys.strengths,
      label: '1. Ưu điểm:',
    }),
    body('…', { key: reportKeys.weaknesses, label: '2. Tồn tại, hạn chế và nguyên nhân:' }),
    heading('IV. KIẾN NGHỊ, ĐỀ XUẤT', { indent: false }),
    body(
      forwarded.length
        ? `Đề nghị ${records.unit.upperLevel || 'cấp trên'} xem xét, giải quyết ${count2(forwarded.length)} ý kiến vượt thẩm quyền của ${names.committee}: ` +
            forwarded.map((t) => `${t.topic || t.field || 'ý kiến'} (${publicSpeaker(t).speakerName})`).join('; ') +
            '.'
        : 'Không có.',
      { key: reportKeys.proposals },
    ),
    body(`Trên đây là báo cáo kết quả tổ chức ${c.title} của ${names.committee}./.`),
    {
      kind: 'signatures',
      left: {
        items: [
          ...(upward ? ['- Như trên;'] : []),
          `- Thường trực Đảng ủy, HĐND ${names.locality};`,
          `- Chủ tịch, các Phó Chủ tịch UBND ${names.locality};`,
          '- Lưu: VT, VP.',
        ],
      },
      right: committeeSigner(settings, first?.chairName ?? ''),
    },
  );

  const opinions = sessions.flatMap((s) => opinionsOf(s.turns).map((t) => ({ t, s })));
  const sections: Section[] = [
    {
      header: header('report', records.unit, settings, c.year),
      title: { type: 'BÁO CÁO', subject: `Kết quả tổ chức ${c.title}` },
      ...(upward ? { kinhGui: [records.unit.upperLevel.trim()] } : {}),
      blocks,
    },
  ];
  if (opinions.length > 0) {
    const table = opinionsTable(
      opinions.map((o) => o.t),
      null,
      records,
      true,
    );
    // The question as the minutes recorded it, from each opinion's own session.
    const rows = table.rows.map((r, i) => {
      const o = opinions[i]!;
      const q = (o.s.texts[questionKey(o.t.id)] ?? '').trim();
      return q ? r.map((cell, j) => (j === 4 ? summary(q) : cell)) : r;
    });
    sections.push({
      header: null,
      title: {
        type: 'Phụ lục I',
        subject: 'TỔNG HỢP Ý KIẾN, KIẾN NGHỊ VÀ KẾT QUẢ GIẢI QUYẾT',
        subjectItalic: `(Kèm theo Báo cáo kết quả tổ chức ${c.title})`,
      },
      blocks: [{ ...table, rows }],
    });
  }
  return {
    kind: 'report',
    fileName: `Bao-cao-ket-qua-${asciiSlug(names.place)}-${c.year}`,
    title: `Báo cáo kết quả tổ chức ${c.title}`,
    sections,
  };
}
