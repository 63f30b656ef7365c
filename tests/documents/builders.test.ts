import { describe, expect, it } from 'vitest';
import { DISPOSITION_LABELS, FIELD_UNSPECIFIED } from '../../src/domain/labels.ts';
import { fieldWords } from '../../src/documents/notice.ts';
import type { Disposition } from '../../src/domain/model.ts';
import {
  applyEdits,
  buildDocument,
  conferenceStatistics,
  documentText,
  noticeDue,
  type OfficialDocument,
  type Signatures,
} from '../../src/documents/index.ts';
import { SAMPLE_OPINIONS, sampleRecords, settings } from './sample.ts';

function build(kind: Parameters<typeof buildDocument>[0], over = {}, opinions = 0): OfficialDocument {
  const doc = buildDocument(kind, sampleRecords(opinions), 'ses-1', settings(over));
  if (typeof doc === 'string') throw new Error(doc);
  return doc;
}

/** Index of each needle in the haystack, each searched after the previous one: -1 if out of order or missing. */
function inOrder(haystack: string, needles: readonly string[]): number[] {
  let from = 0;
  return needles.map((n) => {
    const i = haystack.indexOf(n, from);
    if (i >= 0) from = i + n.length;
    return i;
  });
}

describe('the minutes (Mẫu 1.9)', () => {
  const doc = build('minutes');
  const text = documentText(doc).join('\n');

  it('has the Mẫu 1.9 frame: number for the records office, no date line by default, BIÊN BẢN and the meeting', () => {
    const s = doc.sections[0]!;
    expect(s.header?.agency).toEqual(['ỦY BAN NHÂN DÂN', 'XÃ THANH TRÌ']);
    expect(s.header?.number).toMatch(/^Số:\s+\/BB-UBND$/);
    expect(s.header?.placeDate).toBeNull();
    expect(s.title?.type).toBe('BIÊN BẢN');
    expect(build('minutes', { issuedOn: '2026-10-14', number: '7' }).sections[0]!.header).toMatchObject({
      number: 'Số: 07/BB-UBND',
      placeDate: 'Thanh Trì, ngày 14 tháng 10 năm 2026',
    });
  });

  it('records the actual start and end, the place, chair and secretary, attendance by group with the total', () => {
    expect(text).toContain('Thời gian bắt đầu: 07 giờ 30 phút, ngày 13 tháng 10 năm 2026.');
    expect(text).toContain('Địa điểm: Hội trường Ủy ban nhân dân xã.');
    expect(text).toContain('Chủ trì (chủ tọa): Trần Văn Hưởng');
    expect(text).toContain('Thư ký (người ghi biên bản): Vũ Thị Ngọc Ánh');
    expect(text).toMatch(/Đại biểu cấp trên: 01 người: Bùi Quang Hưng, Phó Chủ tịch UBND thành phố/);
    expect(text).toContain('Tổng số: 07 đại biểu có mặt (được mời: 05).');
    expect(text).toContain('Hội nghị kết thúc vào hồi 11 giờ 15 phút cùng ngày.');
  });

  it('lists every opinion in queue order with speaker, question, answer, conclusion and outcome; withdrawn turns are not opinions', () => {
    const needles = SAMPLE_OPINIONS.flatMap((o, i) => [`Ý kiến ${i + 1}. Ông (Bà) ${o.name}`, o.q, DISPOSITION_LABELS.vi[o.d.kind]]);
    expect(inOrder(text, needles).every((i) => i >= 0)).toBe(true);
    expect(text).toContain('Kết luận của chủ tọa: Giao Văn phòng đăng ký đất đai');
    expect(text).toContain('Trả lời bằng văn bản: giao Phòng Kinh tế, hạn trả lời 20/10/2026');
    expect(text).toContain('Hướng dẫn đến cơ quan có thẩm quyền: Tòa án nhân dân khu vực 3');
    expect(text).not.toContain('Người rút lại');
    expect(text).toContain('Có 05 lượt ý kiến');
  });

  it('prints decomposed input in NFC', () => {
    expect(text).toContain('Ông (Bà) Đỗ Văn Lực');
    expect(text.normalize('NFC')).toBe(text);
  });

  it('ends with THƯ KÝ left and CHỦ TỌA right, then Nơi nhận ending "- Lưu: VT, Hồ sơ."', () => {
    const blocks = doc.sections[0]!.blocks.filter((b): b is Signatures => b.kind === 'signatures');
    expect(blocks[0]).toMatchObject({
      left: { authority: ['THƯ KÝ'], name: 'Vũ Thị Ngọc Ánh' },
      right: { authority: ['CHỦ TỌA'], name: 'Trần Văn Hưởng' },
    });
    const recipients = blocks[1]!.left as { items: string[] };
    expect(recipients.items.at(-1)).toBe('- Lưu: VT, Hồ sơ.');
  });

  it('adds the appendix table of opinions for long meetings, as a section of its own', () => {
    expect(build('minutes').sections).toHaveLength(1);
    const long = build('minutes', {}, 20);
    expect(long.sections).toHaveLength(2);
    const table = long.sections[1]!.blocks[0]!;
    expect(table.kind === 'table' && table.rows.length).toBe(25);
    expect(build('minutes', { appendix: 'no' }, 20).sections).toHaveLength(1);
    expect(build('minutes', { appendix: 'yes' }).sections).toHaveLength(2);
  });
});

describe('the notice, the report, the invitations and the form', () => {
  it('notice: results grouped by field, the signer as the office chose, Nơi nhận ending "- Lưu: VT, VP."', () => {
    const doc = build('notice', { signing: 'kt_vice_chair', signerName: 'Trần Văn Hưởng' });
    const text = documentText(doc).join('\n');
    expect(doc.sections[0]!.header?.number).toMatch(/^Số:\s+\/TB-UBND$/);
    expect(text).toContain('1. Lĩnh vực đất đai (01 ý kiến)');
    expect(text).toContain('Đang giải quyết: Phòng Kinh tế trả lời bằng văn bản, hạn 20/10/2026.');
    expect(text).toContain('đã tổng hợp, báo cáo Ủy ban nhân dân thành phố Hà Nội');
    expect(text).toMatch(/TM\. ỦY BAN NHÂN DÂN\nKT\. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrần Văn Hưởng/);
    expect(text).toContain('thông báo để cá nhân, tổ chức được biết./.');
    expect(text).toMatch(/- Lưu: VT, VP\.$/m);
  });

  it('notice: a field heading says "Lĩnh vực" once, for the unclassified group and for a field typed with the word', () => {
    expect(fieldWords('Đất đai')).toBe('Lĩnh vực đất đai');
    expect(fieldWords('Lĩnh vực Hộ tịch')).toBe('Lĩnh vực hộ tịch');
    expect(fieldWords(FIELD_UNSPECIFIED.vi)).toBe('Lĩnh vực khác, chưa phân loại');
  });

  it('report: "Kính gửi" the upper level and "- Như trên;" first when sent upward; neither otherwise', () => {
    const up = build('report');
    expect(up.sections[0]!.kinhGui).toEqual(['Ủy ban nhân dân thành phố Hà Nội']);
    expect(documentText(up)).toContain('- Như trên;');
    const local = build('report', { sendUpward: false });
    expect(local.sections[0]!.kinhGui).toBeUndefined();
    expect(documentText(local)).not.toContain('- Như trên;');
    expect(up.sections[1]!.title?.type).toBe('Phụ lục I');
  });

  it('report: cites the plan’s number, date and legal bases, the announcement, the invitations, and prints the survey tally', () => {
    const doc = build('report');
    const blocks = doc.sections[0]!.blocks;
    const text = documentText(doc).join('\n');
    // The legal bases first, one per line, italic, ";" between and "." after the last.
    expect(blocks.slice(0, 2)).toMatchObject([
      { kind: 'paragraph', italic: true, text: 'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;' },
      { kind: 'paragraph', italic: true, text: 'Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ về kiểm soát thủ tục hành chính.' },
    ]);
    expect(text).toContain('Thực hiện Kế hoạch số 82/KH-UBND ngày 01/09/2026 của Ủy ban nhân dân xã Thanh Trì');
    expect(text).toContain('được thông báo công khai ngày 01/10/2026 (trước 12 ngày)');
    expect(text).toContain('giấy mời được gửi đến cá nhân, tổ chức đã đăng ký ngày 06/10/2026');
    expect(text).toContain('Phát ra 04 phiếu khảo sát, thu về 03 phiếu (đạt 75%).');
    expect(documentText(build('notice')).join('\n')).toContain('theo Kế hoạch số 82/KH-UBND ngày 01/09/2026 tại');
    const survey = blocks.find((b) => b.kind === 'table' && b.columns[1]?.title === 'Nội dung khảo sát');
    expect(survey?.kind === 'table' && survey.rows.slice(0, 5)).toEqual([
      ['1', 'Cơ sở vật chất', 'Rất hài lòng', '2', '66,7%'],
      ['', '', 'Hài lòng', '1', '33,3%'],
      ['', '', 'Chưa hài lòng', '0', '0%'],
      ['', '', 'Để trống', '0', '0%'],
      ['', '', 'Không hợp lệ (đánh nhiều ô)', '0', '0%'],
    ]);
  });

  it('statistics: attendance, forms on time and late, opinions by field and outcome, survey', () => {
    const s = conferenceStatistics(sampleRecords());
    expect(s.attendance.total).toEqual({ invited: 5, present: 7 });
    expect(s.registrations).toMatchObject({ total: 2, onTime: 1, late: 1 });
    expect(s.opinions.total).toBe(5);
    expect(s.opinions.byField[0]).toEqual({ field: 'Đất đai', count: 1 });
    expect(s.opinions.byDisposition).toMatchObject({
      answered_in_room: 1,
      written_reply: 1,
      forwarded_upward: 1,
      guided_elsewhere: 1,
      complaint_outside: 1,
      undecided: 0,
    });
    // s1 and s2 keyed as data, s3 stored before the questions were data (a 5 for the facilities).
    expect(s.survey.forms).toBe(3);
    expect(s.survey.issued).toBe(4);
    const facilities = s.survey.questions.find((q) => q.question.code === 'facilities')!;
    expect(facilities.rows.map((r) => [r.answer, r.count])).toEqual([
      ['very_satisfied', 2],
      ['satisfied', 1],
      ['not_satisfied', 0],
      ['blank', 0],
      ['spoiled', 0],
    ]);
    const fee = s.survey.questions.find((q) => q.question.code === 'fee_receipt')!;
    expect(fee.rows.map((r) => [r.answer, r.count])).toEqual([
      ['yes', 0],
      ['no', 0],
      ['no_fee', 1],
      ['blank', 2],
      ['spoiled', 0],
    ]);
    expect(fee.answered).toBe(1);
  });

  it('invitations: one section (page) per invitee, invited delegates and forms in time, each once', () => {
    const doc = build('invitations');
    const names = doc.sections.map((s) => s.blocks.find((b) => b.kind === 'paragraph' && b.text.startsWith('Ông (Bà):')));
    expect(names.map((p) => p?.kind === 'paragraph' && p.text)).toEqual([
      'Ông (Bà): Bùi Quang Hưng',
      'Ông (Bà): Trần Văn Hưởng',
      'Ông (Bà): Ngô Thị Huyền',
      'Ông (Bà): Nguyễn Thị Diệp',
      'Ông (Bà): Đỗ Văn Lực',
    ]);
    // Đinh Công Mạnh's form came 3 days before the conference: late for a 10-day rule, so not invited.
    expect(documentText(doc).join('\n')).not.toContain('Đinh Công Mạnh');
    expect(doc.sections[0]!.header?.number).toMatch(/^Số:\s+\/GM-UBND$/);
    expect(build('invitee_list').sections[0]!.blocks[0]).toMatchObject({ kind: 'table' });
  });

  it('blank form: national title only, the unit, where to send it and the deadline', () => {
    const doc = build('registration_form');
    const text = documentText(doc).join('\n');
    expect(doc.sections[0]!.header?.agency).toEqual([]);
    expect(text).toContain('Kính gửi: Ủy ban nhân dân xã Thanh Trì');
    // 10 days before 13/10/2026 is Saturday 03/10: moved back to Friday 02/10, end of office hours.
    expect(text).toContain('hạn cuối 17:00 ngày 02/10/2026');
    expect(text).toContain('NGƯỜI ĐĂNG KÝ');
    expect(text).toContain('(Kèm theo Kế hoạch số 82/KH-UBND ngày 01/09/2026 của Ủy ban nhân dân xã Thanh Trì)');
  });
});

describe('follow-ups in the figures and the notice', () => {
  const withFollowUps = () => {
    const r = sampleRecords();
    const base = {
      kind: 'written_reply' as const,
      registrationId: undefined,
      departmentId: 'dep-kt',
      responderName: '',
      assignedOn: '2026-10-13',
      dueOn: '2026-10-20',
      noticeDueOn: '',
      replyNumber: '',
      informedBy: '' as const,
      deleted: false,
    };
    return {
      ...r,
      followUps: [
        {
          ...base,
          id: 'f1',
          turnId: 'ses-1-turn-0001',
          repliedOn: '2026-10-19',
          replyText: 'Đã lập biên bản, yêu cầu tháo dỡ phần lấn chiếm.',
          status: 'replied' as const,
        },
        { ...base, id: 'f2', turnId: 'x', repliedOn: '2026-10-22', replyText: '', status: 'replied' as const },
        { ...base, id: 'f3', turnId: 'y', repliedOn: '', replyText: '', status: 'assigned' as const },
        { ...base, id: 'f4', turnId: 'z', repliedOn: '', replyText: '', status: 'assigned' as const, dueOn: '2026-10-30' },
      ],
    };
  };

  it('counts replies on time, late, open and overdue against "today"', () => {
    expect(conferenceStatistics(withFollowUps()).followUps).toEqual({ total: 4, repliedOnTime: 1, repliedLate: 1, open: 2, overdue: 1 });
  });

  it('gives the written reply in the notice once it is in', () => {
    const doc = buildDocument('notice', withFollowUps(), null, settings());
    if (typeof doc === 'string') throw new Error(doc);
    expect(documentText(doc).join('\n')).toContain(
      'Kết quả: Phòng Kinh tế đã trả lời bằng văn bản ngày 19/10/2026: Đã lập biên bản, yêu cầu tháo dỡ phần lấn chiếm.',
    );
  });

  it('is due 7 working days after the first session', () => {
    // Tuesday 13/10/2026 + 7 working days = Thursday 22/10/2026.
    expect(noticeDue(sampleRecords())).toBe('2026-10-22');
  });
});

describe('details the room records (optional until that issue lands)', () => {
  /** The fifth sample opinion made a denunciation redirected to the inspectorate, the third forwarded to a named body. */
  function withDetails() {
    const r = sampleRecords();
    const s = r.sessions[0]!;
    const turns = s.turns.map((t) =>
      t.speakerName === 'Hoàng Thị Nguyệt'
        ? {
            ...t,
            disposition: { kind: 'complaint_outside', complaintKind: 'denunciation', redirectedTo: 'Thanh tra thành phố' } as Disposition,
          }
        : t.speakerName === 'Phạm Thị Mỗ'
          ? { ...t, disposition: { kind: 'forwarded_upward', body: 'Sở Tài chính' } as Disposition }
          : t,
    );
    return { ...r, sessions: [{ ...s, turns }] };
  }
  const textOf = (kind: 'minutes' | 'notice' | 'report') => {
    const doc = buildDocument(kind, withDetails(), 'ses-1', settings());
    if (typeof doc === 'string') throw new Error(doc);
    return documentText(doc).join('\n');
  };

  it('names where an opinion went and whether a complaint is a khiếu nại or a tố cáo', () => {
    const minutes = textOf('minutes');
    expect(minutes).toContain('Hướng xử lý: Khiếu nại, tố cáo: ngoài đối thoại (tố cáo), hướng dẫn đến Thanh tra thành phố.');
    expect(minutes).toContain('Hướng xử lý: Vượt thẩm quyền, báo cáo cấp trên (Sở Tài chính).');
  });

  it('keeps a denouncer’s name in the minutes (the record) and out of the notice and the report (published)', () => {
    expect(textOf('minutes')).toContain('Hoàng Thị Nguyệt');
    for (const kind of ['notice', 'report'] as const) {
      const text = textOf(kind);
      expect(text, kind).not.toContain('Hoàng Thị Nguyệt');
      expect(text, kind).toContain('Người tố cáo (được giữ bí mật)');
    }
  });
});

describe('edits', () => {
  it('keeps an edit, flags it when its source changed, never drops it silently', () => {
    const doc = build('minutes');
    const key = 'turn:ses-1-turn-0000:question';
    const base = doc.sections[0]!.blocks.find((b) => b.kind === 'paragraph' && b.key === key);
    if (base?.kind !== 'paragraph') throw new Error('no question paragraph');
    const edited = applyEdits(doc, { [key]: { text: 'Đề nghị cấp sổ đỏ.', base: base.text } });
    expect(edited.conflicts).toEqual([]);
    expect(documentText(edited.doc)).toContain('Nội dung: Đề nghị cấp sổ đỏ.');

    const changedUnder = applyEdits(doc, { [key]: { text: 'Đề nghị cấp sổ đỏ.', base: 'an older generated text' } });
    expect(changedUnder.conflicts).toEqual([
      { key, label: 'Nội dung:', edited: 'Đề nghị cấp sổ đỏ.', generated: base.text, kind: 'source_changed' },
    ]);
    expect(documentText(changedUnder.doc)).toContain('Nội dung: Đề nghị cấp sổ đỏ.');

    const orphan = applyEdits(doc, { 'turn:gone:question': { text: 'x', base: 'y' } });
    expect(orphan.conflicts[0]?.kind).toBe('orphaned');
    expect(applyEdits(doc, { [key]: { text: '', base: '' } }).conflicts).toEqual([]);
  });
});
