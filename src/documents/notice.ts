/**
 * Thông báo kết quả giải quyết ý kiến, kiến nghị (Mẫu 1.4, DOCUMENTS.md §3.2):
 * due within 7 working days of the conference (seed 002), grouped by field,
 * each opinion with its result: the answer given in the room, the written
 * reply (or its due date while it is still open), or where it was sent.
 */
import { DISPOSITION_LABELS, FIELD_UNSPECIFIED } from '../domain/labels.ts';
import { answerKey, questionKey } from '../domain/minutesDoc.ts';
import { body, capitalise, committeeSigner, departmentName, header, heading, planWords, publicSpeaker, speakerWords } from './common.ts';
import { live, type ConferenceRecords, type TurnRecord } from './inputs.ts';
import type { Block, OfficialDocument } from './model.ts';
import type { DocumentSettings } from './settings.ts';
import { conferenceStatistics, countByField, opinionsOf } from './statistics.ts';
import { asciiSlug, count2, dateWords, shortDate, unitNames } from './words.ts';

export const noticeKeys = {
  context: 'context',
  result: (turnId: string) => `result:${turnId}`,
  closing: 'closing',
} as const;

/** The result of one opinion, as the person who raised it will read it. */
export function resultWords(t: TurnRecord, records: ConferenceRecords, answers: Readonly<Record<string, string>>): string {
  const d = t.disposition;
  if (d === null) return 'Đang tổng hợp, sẽ thông báo sau.';
  switch (d.kind) {
    case 'answered_in_room': {
      const answer = (answers[answerKey(t.id)] ?? '').trim();
      const who = t.responderName ? `${t.responderName} đã trả lời trực tiếp tại hội nghị` : 'Đã trả lời trực tiếp tại hội nghị';
      return answer ? `${who}: ${answer}` : `${who}.`;
    }
    case 'written_reply': {
      const dept = departmentName(records, d.departmentId);
      const f = live(records.followUps).find((x) => x.turnId === t.id);
      if (f && f.status !== 'assigned') {
        const when = f.repliedOn ? ` ngày ${shortDate(f.repliedOn)}` : '';
        return f.replyText.trim()
          ? `${dept || 'Đơn vị'} đã trả lời bằng văn bản${when}: ${f.replyText.trim()}`
          : `${dept || 'Đơn vị'} đã trả lời bằng văn bản${when}.`;
      }
      return `Đang giải quyết: ${dept ? `${dept} ` : ''}trả lời bằng văn bản, hạn ${shortDate(f?.dueOn ?? d.dueOn)}.`;
    }
    case 'forwarded_upward':
      return `Vượt thẩm quyền của Ủy ban nhân dân ${unitNames(records.unit.name).locality}: đã tổng hợp, báo cáo ${records.unit.upperLevel || 'cấp trên'} xem xét, giải quyết.`;
    case 'guided_elsewhere':
      return `Không thuộc trách nhiệm giải quyết: đã hướng dẫn đến ${d.body || 'cơ quan có thẩm quyền'}.`;
    case 'complaint_outside':
      return `${DISPOSITION_LABELS.vi.complaint_outside}: đã hướng dẫn thực hiện theo quy định của pháp luật về khiếu nại, tố cáo.`;
  }
}

/**
 * "Lĩnh vực đất đai" for a field the office named; the unclassified group already says
 * "Lĩnh vực khác, chưa phân loại", and an office that typed "Lĩnh vực …" itself must not
 * read "Lĩnh vực lĩnh vực …" in a signed notice.
 */
export function fieldWords(field: string): string {
  if (field === FIELD_UNSPECIFIED.vi) return field;
  const bare = field.replace(/^lĩnh vực\s+/iu, '');
  return `Lĩnh vực ${bare.toLocaleLowerCase('vi')}`;
}

export function buildNotice(records: ConferenceRecords, settings: DocumentSettings): OfficialDocument {
  const names = unitNames(records.unit.name);
  const sessions = records.sessions.filter((s) => !s.session.deleted).sort((a, b) => (a.session.date < b.session.date ? -1 : 1));
  const stats = conferenceStatistics(records);
  const first = sessions[0]?.session;
  const opinions = sessions.flatMap((s) => opinionsOf(s.turns).map((t) => ({ t, texts: s.texts })));
  const chair = first?.chairName ?? '';

  const when = first ? `${dateWords(first.date)}, ` : '';
  const blocks: Block[] = [
    body(
      `${capitalise(when)}${names.committee} tổ chức ${records.conference.title}${records.conference.planNumber.trim() ? ` theo ${planWords(records.conference)}` : ''}${first ? ` tại ${first.venue}` : ''}` +
        `${chair ? `, do ông (bà) ${chair} chủ trì` : ''}; có ${count2(stats.attendance.total.present)} đại biểu tham dự; ` +
        `${count2(stats.opinions.total)} lượt ý kiến, kiến nghị của cá nhân, tổ chức. ${names.committee} thông báo kết quả giải quyết, trả lời như sau:`,
      { key: noticeKeys.context },
    ),
  ];
  const fields = countByField(opinions.map((o) => o.t));
  let n = 0;
  fields.forEach((f, i) => {
    blocks.push(heading(`${i + 1}. ${fieldWords(f.field)} (${count2(f.count)} ý kiến)`));
    for (const o of opinions) {
      const field = o.t.field.trim().normalize('NFC') || FIELD_UNSPECIFIED.vi;
      if (field !== f.field) continue;
      n += 1;
      blocks.push(
        body((o.texts[questionKey(o.t.id)] ?? '').trim() || o.t.topic || '(Không ghi nội dung)', {
          label: `${n}. Ông (Bà) ${speakerWords(publicSpeaker(o.t))}:`,
        }),
        body(resultWords(o.t, records, o.texts), { key: noticeKeys.result(o.t.id), label: 'Kết quả:' }),
      );
    }
  });
  if (opinions.length === 0) blocks.push(body('Hội nghị không có ý kiến, kiến nghị của cá nhân, tổ chức.'));
  blocks.push(body(`${names.committee} thông báo để cá nhân, tổ chức được biết./.`, { key: noticeKeys.closing }), {
    kind: 'signatures',
    left: {
      items: [
        '- Cá nhân, tổ chức có ý kiến, kiến nghị;',
        `- Thường trực Đảng ủy, HĐND ${names.locality};`,
        `- UB MTTQ Việt Nam ${names.locality};`,
        '- Các phòng, ban liên quan;',
        `- Trang thông tin điện tử ${names.locality};`,
        '- Lưu: VT, VP.',
      ],
    },
    right: committeeSigner(settings, chair),
  });
  return {
    kind: 'notice',
    fileName: `Thong-bao-ket-qua-${asciiSlug(names.place)}-${records.conference.year}`,
    title: `Thông báo kết quả giải quyết ý kiến, kiến nghị - ${records.conference.title}`,
    sections: [
      {
        header: header('notice', records.unit, settings, records.conference.year),
        title: {
          type: 'THÔNG BÁO',
          subject: `Kết quả giải quyết, trả lời ý kiến, kiến nghị của cá nhân, tổ chức tại ${records.conference.title}`,
        },
        blocks,
      },
    ],
  };
}
