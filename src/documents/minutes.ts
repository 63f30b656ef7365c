/**
 * Biên bản hội nghị đối thoại (Mẫu 1.9, DOCUMENTS.md §3.1) of one session,
 * from what was recorded: the actual start and end, the place, who chaired and
 * who took the minutes, attendance by group, the agenda as it ran, every
 * opinion in order with its answer, conclusion and outcome, the chair's
 * general conclusion, the closing sentence and the signatures (THƯ KÝ left,
 * CHỦ TỌA right), with an appendix table of opinions for long meetings.
 */
import { orderedAgenda } from '../domain/agenda.ts';
import { ATTENDEE_GROUP_LABELS } from '../domain/labels.ts';
import { answerKey, agendaNotesKey, questionKey } from '../domain/minutesDoc.ts';
import { ATTENDEE_GROUPS } from '../domain/model.ts';
import { attendanceCounts } from '../domain/attendance.ts';
import { body, header, heading, outcomeWords, publicSpeaker, speakerWords } from './common.ts';
import { live, type ConferenceRecords, type SessionRecords, type TurnRecord } from './inputs.ts';
import type { Block, OfficialDocument, Paragraph, Section, Table } from './model.ts';
import type { DocumentSettings } from './settings.ts';
import { opinionsOf } from './statistics.ts';
import { asciiSlug, count2, dateWords, localTime, paragraphsOf, shortDate, timeWords, unitNames } from './words.ts';

/** From this many opinions the minutes get the appendix table when the setting is 'auto'. */
export const APPENDIX_FROM_OPINIONS = 15;

/** Keys of the minutes' editable paragraphs (see edits.ts). */
export const minutesKeys = {
  start: 'start',
  place: 'place',
  attendance: 'attendance',
  chair: 'chair',
  secretary: 'secretary',
  agendaNotes: (itemId: string) => `item:${itemId}`,
  question: (turnId: string) => `turn:${turnId}:question`,
  answer: (turnId: string) => `turn:${turnId}:answer`,
  conclusion: (turnId: string) => `turn:${turnId}:conclusion`,
  outcome: (turnId: string) => `turn:${turnId}:outcome`,
  generalConclusion: 'general_conclusion',
  closing: 'closing',
} as const;

function startOf(s: SessionRecords): { date: string; time: string } {
  const started = live(s.agenda)
    .map((i) => i.startedAt)
    .filter((x): x is number => x !== null)
    .sort((a, b) => a - b)[0];
  return started !== undefined ? localTime(started) : { date: s.session.date, time: s.session.start };
}

function endOf(s: SessionRecords): { date: string; time: string } {
  const ended = live(s.agenda)
    .map((i) => i.endedAt)
    .filter((x): x is number => x !== null)
    .sort((a, b) => b - a)[0];
  return ended !== undefined ? localTime(ended) : { date: s.session.date, time: s.session.end };
}

function attendanceText(s: SessionRecords): string {
  const people = live(s.attendees);
  const counts = attendanceCounts(people);
  const lines: string[] = [];
  for (const g of ATTENDEE_GROUPS) {
    const present = people.filter((a) => a.group === g && a.present);
    if (present.length === 0) continue;
    // Delegates and leaders are named with their titles (the Party guide names the guests); the hall is counted.
    const named = g === 'upper_level' || g === 'leaders';
    const names = named ? `: ${present.map((a) => [a.name, a.title, a.organisation].filter(Boolean).join(', ')).join('; ')}` : '';
    lines.push(`- ${ATTENDEE_GROUP_LABELS.vi[g]}: ${count2(present.length)} người${names}.`);
  }
  lines.push(
    `Tổng số: ${count2(counts.total.present)} đại biểu có mặt${counts.total.invited > 0 ? ` (được mời: ${count2(counts.total.invited)})` : ''}.`,
  );
  return lines.join('\n');
}

function turnBlocks(t: TurnRecord, n: number, s: SessionRecords, records: ConferenceRecords): Paragraph[] {
  const question = (s.texts[questionKey(t.id)] ?? '').trim() || t.topic;
  const answer = (s.texts[answerKey(t.id)] ?? '').trim();
  const field = t.field ? `, lĩnh vực ${t.field.toLocaleLowerCase('vi')}` : '';
  const out: Paragraph[] = [heading(`Ý kiến ${n}. Ông (Bà) ${speakerWords(t)}${field}`)];
  out.push(body(question || '(Không ghi nội dung)', { key: minutesKeys.question(t.id), label: 'Nội dung:' }));
  if (answer || t.responderName) {
    const text = answer ? (t.responderName ? `${t.responderName} trả lời: ${answer}` : answer) : t.responderName;
    out.push(body(text, { key: minutesKeys.answer(t.id), label: 'Trả lời:' }));
  }
  if (t.conclusion?.trim()) out.push(body(t.conclusion.trim(), { key: minutesKeys.conclusion(t.id), label: 'Kết luận của chủ tọa:' }));
  out.push(body(`${outcomeWords(t.disposition, records)}.`, { key: minutesKeys.outcome(t.id), label: 'Hướng xử lý:' }));
  return out;
}

/** A table cell gives the gist; the full text is in the body of the minutes. */
export const CELL_SUMMARY_CHARS = 160;

export function summary(text: string): string {
  const t = text.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (t.length <= CELL_SUMMARY_CHARS) return t;
  const cut = t.slice(0, CELL_SUMMARY_CHARS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), CELL_SUMMARY_CHARS - 20))}…`;
}

/** `published`: for the report, which leaves denouncers' names out (the minutes are the record and keep them). */
export function opinionsTable(
  turns: readonly TurnRecord[],
  s: SessionRecords | null,
  records: ConferenceRecords,
  published = false,
): Table {
  return {
    kind: 'table',
    size: 11,
    columns: [
      { title: 'STT', width: 0.06, align: 'center' },
      { title: 'Người phát biểu', width: 0.17 },
      { title: 'Địa chỉ', width: 0.12 },
      { title: 'Lĩnh vực', width: 0.12 },
      { title: 'Nội dung ý kiến', width: 0.25 },
      { title: 'Người trả lời', width: 0.12 },
      { title: 'Hình thức xử lý', width: 0.16 },
    ],
    rows: turns.map((turn, i) => {
      const t = published ? publicSpeaker(turn) : turn;
      return [
        String(i + 1),
        t.speakerName,
        t.affiliation,
        t.field,
        summary((s ? (s.texts[questionKey(t.id)] ?? '').trim() : '') || t.topic),
        t.responderName,
        outcomeWords(t.disposition, records),
      ];
    }),
  };
}

/** The biên bản's line that the chair announced the recording. */
export function recordingAnnouncement(at: number): string {
  return `Chủ tọa đã thông báo với hội nghị việc ghi âm buổi đối thoại (lúc ${localTime(at).time}).`;
}

export function buildMinutes(records: ConferenceRecords, s: SessionRecords, settings: DocumentSettings): OfficialDocument {
  const { session } = s;
  const names = unitNames(records.unit.name);
  const start = startOf(s);
  const end = endOf(s);
  const opinions = opinionsOf(s.turns);
  const subject = `${records.conference.title}${session.title ? ` – ${session.title}` : ''}`;
  const blocks: Block[] = [
    body(`${timeWords(start.time)}, ${dateWords(start.date)}.`, { key: minutesKeys.start, label: 'Thời gian bắt đầu:' }),
    body(`${session.venue}.`, { key: minutesKeys.place, label: 'Địa điểm:' }),
    body(attendanceText(s), { key: minutesKeys.attendance, label: 'Thành phần tham dự:' }),
    body(session.chairName || '', { key: minutesKeys.chair, label: 'Chủ trì (chủ tọa):' }),
    body(session.secretaryName || '', { key: minutesKeys.secretary, label: 'Thư ký (người ghi biên bản):' }),
    heading('Nội dung (theo diễn biến hội nghị):', { indent: true }),
  ];

  const agenda = orderedAgenda(live(s.agenda));
  let opinionsPlaced = false;
  const placeOpinions = () => {
    if (opinionsPlaced) return;
    opinionsPlaced = true;
    if (opinions.length === 0) {
      blocks.push(body('Không có ý kiến của cá nhân, tổ chức.'));
      return;
    }
    blocks.push(body(`Có ${count2(opinions.length)} lượt ý kiến của cá nhân, tổ chức, cụ thể như sau:`));
    opinions.forEach((t, i) => blocks.push(...turnBlocks(t, i + 1, s, records)));
  };
  agenda.forEach((item, i) => {
    const times =
      item.startedAt !== null
        ? ` (${localTime(item.startedAt).time}${item.endedAt !== null ? `–${localTime(item.endedAt).time}` : ''})`
        : '';
    blocks.push(heading(`${i + 1}. ${item.title}${item.presenter ? `: ${item.presenter}` : ''}${times}`));
    const notes = paragraphsOf(s.texts[agendaNotesKey(item.id)] ?? '').join('\n');
    if (notes) blocks.push(body(notes, { key: minutesKeys.agendaNotes(item.id) }));
    // Issue 11: that the hall was told it is recorded belongs with the opening, where it was said.
    if (item.step === 'opening' && session.recordingAnnouncedAt != null) blocks.push(body(recordingAnnouncement(session.recordingAnnouncedAt)));
    if (item.step === 'citizen_opinions') placeOpinions();
  });
  if (!opinionsPlaced) {
    blocks.push(heading(`${agenda.length + 1}. Ý kiến của cá nhân, tổ chức`));
    placeOpinions();
  }

  const conclusion = s.generalConclusion?.trim();
  if (conclusion) blocks.push(body(conclusion, { key: minutesKeys.generalConclusion, label: 'Kết luận chung của chủ tọa:' }));

  blocks.push(
    body(
      `Hội nghị kết thúc vào hồi ${timeWords(end.time)}${end.date === start.date ? ' cùng ngày' : `, ${dateWords(end.date)}`}. ` +
        'Biên bản đã được đọc lại cho các đại biểu dự hội nghị cùng nghe và nhất trí thông qua./.',
      { key: minutesKeys.closing },
    ),
    {
      kind: 'signatures',
      left: { authority: ['THƯ KÝ'], note: '(Ký, ghi rõ họ tên)', name: session.secretaryName },
      right: { authority: ['CHỦ TỌA'], note: '(Ký, ghi rõ họ tên, đóng dấu)', name: session.chairName },
    },
    {
      kind: 'signatures',
      left: {
        items: [
          `- Thường trực Đảng ủy, HĐND ${names.locality};`,
          `- Chủ tịch, các Phó Chủ tịch UBND ${names.locality};`,
          '- Lưu: VT, Hồ sơ.',
        ],
      },
      right: null,
    },
  );

  const sections: Section[] = [
    {
      header: header('minutes', records.unit, settings, Number(session.date.slice(0, 4)), settings.issuedOn !== ''),
      title: { type: 'BIÊN BẢN', subject },
      blocks,
    },
  ];
  const withAppendix = settings.appendix === 'yes' || (settings.appendix === 'auto' && opinions.length >= APPENDIX_FROM_OPINIONS);
  if (withAppendix && opinions.length > 0) {
    sections.push({
      header: null,
      title: {
        type: 'Phụ lục',
        subject: 'TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA CÁ NHÂN, TỔ CHỨC TẠI HỘI NGHỊ',
        subjectItalic: `(Kèm theo Biên bản hội nghị đối thoại ngày ${shortDate(session.date)})`,
      },
      blocks: [opinionsTable(opinions, s, records)],
    });
  }
  return {
    kind: 'minutes',
    fileName: `Bien-ban-${asciiSlug(names.place)}-${session.date}`,
    title: `Biên bản ${subject}`,
    sections,
  };
}
