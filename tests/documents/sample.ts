/**
 * A sample meeting for the document tests: a commune, one conference of two
 * sessions, people whose names carry stacked diacritics (ệ ỗ ự ẫ), opinions
 * with every outcome, and `opinions` extra turns for long minutes.
 */
import { answerKey, agendaNotesKey, questionKey } from '../../src/domain/minutesDoc.ts';
import type { Disposition } from '../../src/domain/model.ts';
import { createWorkingDayCalendar } from '../../src/domain/workingDays.ts';
import type { ConferenceRecords, SessionRecords, TurnRecord } from '../../src/documents/index.ts';
import { DEFAULT_SETTINGS, type DocumentSettings } from '../../src/documents/settings.ts';

const at = (date: string, hhmm: string) => Date.parse(`${date}T${hhmm}:00+07:00`);
const DATE = '2026-10-13';

export const SAMPLE_OPINIONS: readonly { name: string; aff: string; field: string; q: string; a: string; who: string; d: Disposition }[] = [
  {
    name: 'Nguyễn Thị Diệp',
    aff: 'thôn Đông Ngạc',
    field: 'Đất đai',
    q: 'Đề nghị hướng dẫn thủ tục cấp Giấy chứng nhận quyền sử dụng đất lần đầu cho thửa đất ông bà để lại; hồ sơ đã nộp từ tháng Năm nhưng chưa được trả kết quả.',
    a: 'Hồ sơ đang chờ xác minh nguồn gốc đất; Văn phòng đăng ký đất đai sẽ trả kết quả trong tháng 11.',
    who: 'Phó Chủ tịch Trần Văn Hưởng',
    d: { kind: 'answered_in_room' },
  },
  {
    name: 'Đỗ Văn Lực',
    aff: 'tổ dân phố số 5',
    field: 'Xây dựng, trật tự xây dựng',
    q: 'Công trình xây dựng trái phép cạnh nhà tôi chưa được xử lý dứt điểm, ảnh hưởng lối đi chung của các hộ.',
    a: '',
    who: 'Công chức địa chính - xây dựng',
    d: { kind: 'written_reply', departmentId: 'dep-kt', dueOn: '2026-10-20' },
  },
  {
    name: 'Phạm Thị Mỗ',
    aff: 'Hợp tác xã Ẫm Thực',
    field: 'Đăng ký kinh doanh, hộ kinh doanh',
    q: 'Thời gian cấp đăng ký hộ kinh doanh còn dài, đề nghị rút ngắn và cho nộp hồ sơ trực tuyến.',
    a: 'Từ tháng 7 năm 2025, hồ sơ nộp trực tuyến được giải quyết trong 03 ngày làm việc.',
    who: 'Trưởng phòng Kinh tế',
    d: { kind: 'forwarded_upward', body: 'Ủy ban nhân dân thành phố Hà Nội' },
  },
  {
    name: 'Lê Văn Tự',
    aff: 'thôn Thượng',
    field: 'Hộ tịch',
    q: 'Xin hướng dẫn thủ tục ly hôn và chia tài sản chung.',
    a: 'Đây là việc của Tòa án nhân dân khu vực.',
    who: 'Công chức tư pháp - hộ tịch',
    d: { kind: 'guided_elsewhere', body: 'Tòa án nhân dân khu vực 3' },
  },
  {
    name: 'Hoàng Thị Nguyệt',
    aff: 'thôn Hạ',
    field: 'Cư trú',
    q: 'Tố cáo cán bộ gây khó khăn khi đăng ký thường trú.',
    a: '',
    who: '',
    d: { kind: 'complaint_outside', complaintKind: 'denunciation', redirectedTo: 'Thanh tra thành phố' },
  },
];

const id = (prefix: string, n: number) => `${prefix}-${String(n).padStart(4, '0')}`;

function longQuestion(n: number): string {
  return (
    `Ý kiến thứ ${n}: hồ sơ nộp tại Bộ phận một cửa được trả kết quả chậm so với giấy hẹn, công chức hướng dẫn chưa đầy đủ; ` +
    'đề nghị niêm yết công khai thủ tục, phí, lệ phí và thời hạn giải quyết.'
  );
}

export function sampleSession(opinions = 0, sessionId = 'ses-1'): SessionRecords {
  const base = { sessionId, deleted: false };
  const agendaSteps = [
    ['opening', 'Tuyên bố lý do, giới thiệu đại biểu, thông qua chương trình', '07:30', '07:40'],
    ['chair_statement', 'Chủ trì phát biểu khai mạc', '07:40', '07:50'],
    ['report', 'Báo cáo kết quả công tác cải cách thủ tục hành chính', '07:50', '08:10'],
    ['citizen_opinions', 'Đối thoại với cá nhân, tổ chức', '08:10', '10:50'],
    ['upper_level_remarks', 'Đại biểu cấp trên phát biểu', '10:50', '11:00'],
    ['conclusion', 'Chủ trì tiếp thu, kết luận', '11:00', '11:15'],
  ] as const;
  const agenda = agendaSteps.map(([step, title, s, e], i) => ({
    ...base,
    id: `${sessionId}-agenda-${i}`,
    step,
    title,
    position: i + 1,
    plannedMinutes: 10,
    presenter: '',
    skipped: false,
    startedAt: at(DATE, s),
    endedAt: at(DATE, e),
  }));
  const texts: Record<string, string> = {
    [agendaNotesKey(agenda[0]!.id)]:
      'Đồng chí Văn phòng tuyên bố lý do, giới thiệu đại biểu.\nHội nghị thống nhất cử đồng chí Vũ Thị Ngọc Ánh làm thư ký.',
    [agendaNotesKey(agenda[2]!.id)]: 'Năm 2026, Ủy ban nhân dân xã tiếp nhận 4.215 hồ sơ, giải quyết đúng hạn 99,2%.',
  };
  const turns: TurnRecord[] = [];
  const all = [...SAMPLE_OPINIONS];
  for (let n = 0; n < opinions; n++) {
    const kinds: Disposition[] = [
      { kind: 'answered_in_room' },
      { kind: 'written_reply', departmentId: 'dep-kt', dueOn: '2026-10-20' },
      { kind: 'forwarded_upward', body: 'Ủy ban nhân dân thành phố Hà Nội' },
    ];
    all.push({
      name: `Người dân Nguyễn Văn Thắng ${n + 1}`,
      aff: `thôn ${(n % 7) + 1}`,
      field: ['Đất đai', 'Hộ tịch', 'Chứng thực', 'Cư trú'][n % 4]!,
      q: longQuestion(n + 6),
      a: 'Ủy ban nhân dân xã tiếp thu, chỉ đạo Bộ phận một cửa rà soát, niêm yết lại thủ tục.',
      who: 'Phó Chủ tịch Trần Văn Hưởng',
      d: kinds[n % 3]!,
    });
  }
  all.forEach((o, i) => {
    const turnId = id(`${sessionId}-turn`, i);
    // The second opinion's speaker is stored decomposed (NFD), as some keyboards write it: the documents must still print NFC.
    const speakerName = i === 1 ? o.name.normalize('NFD') : o.name;
    turns.push({
      ...base,
      id: turnId,
      position: i + 1,
      speakerName,
      answersRegistrationIds: [],
      affiliation: o.aff,
      topic: o.q.slice(0, 80),
      field: o.field,
      responderName: o.who,
      status: 'done',
      calledAt: at(DATE, '08:15') + i * 60_000,
      finishedAt: at(DATE, '08:19') + i * 60_000,
      spokenMs: 240_000,
      disposition: o.d,
      hideNameOnDisplay: false,
      conclusion: '',
      ...(i === 0 ? { conclusion: 'Giao Văn phòng đăng ký đất đai chi nhánh trả kết quả trước ngày 30/11/2026.' } : {}),
    });
    texts[questionKey(turnId)] = o.q;
    if (o.a) texts[answerKey(turnId)] = o.a;
  });
  turns.push({
    ...turns[0]!,
    id: `${sessionId}-withdrawn`,
    position: 999,
    speakerName: 'Người rút lại',
    status: 'withdrawn',
    disposition: null,
  });
  const attendees = [
    { name: 'Bùi Quang Hưng', group: 'upper_level', title: 'Phó Chủ tịch UBND thành phố', organisation: 'UBND thành phố Hà Nội' },
    { name: 'Trần Văn Hưởng', group: 'leaders', title: 'Phó Chủ tịch UBND xã', organisation: '' },
    { name: 'Ngô Thị Huyền', group: 'village_heads', title: 'Trưởng thôn', organisation: 'thôn Đông Ngạc' },
    ...SAMPLE_OPINIONS.map((o) => ({ name: o.name, group: 'citizens', title: '', organisation: o.aff })),
  ].map((a, i) => ({
    ...base,
    id: `${sessionId}-att-${i}`,
    name: a.name,
    group: a.group as 'upper_level' | 'leaders' | 'village_heads' | 'citizens',
    title: a.title,
    organisation: a.organisation,
    village: '',
    invited: i < 5,
    present: i !== 4,
    checkedInAt: null,
  }));
  return {
    session: {
      id: sessionId,
      deleted: false,
      conferenceId: 'conf-1',
      title: 'Buổi sáng',
      date: DATE,
      start: '07:30',
      end: '11:30',
      venue: 'Hội trường Ủy ban nhân dân xã',
      venueKind: 'committee_hall',
      fieldFocus: '',
      format: 'in_person',
      speakingLimitMs: 300_000,
      chairName: 'Trần Văn Hưởng',
      secretaryName: 'Vũ Thị Ngọc Ánh',
      chairConclusion: '',
      recordingAnnouncedAt: null,
    },
    agenda,
    attendees,
    turns,
    texts,
    generalConclusion: 'Chủ trì ghi nhận các ý kiến; giao các bộ phận chuyên môn trả lời bằng văn bản trong 05 ngày làm việc.',
  };
}

/** The registration fields added with routing (issue 9), at their defaults. */
const routingDefaults = {
  resultNote: '',
  deliveryNote: '',
  receivedBy: '',
  responderId: '',
  routedOn: '',
  preparedAnswer: '',
  outsideDialogue: '' as const,
  redirectTo: '',
  distinctFrom: [] as string[],
  mergedFrom: [] as string[],
  mergedNote: '',
};

export function sampleRecords(opinions = 0): ConferenceRecords {
  return {
    unit: {
      name: 'UBND xã Thanh Trì',
      upperLevel: 'Ủy ban nhân dân thành phố Hà Nội',
      address: 'Số 1 đường Ngọc Hồi',
      email: 'ubnd@thanhtri.gov.vn',
      fields: [],
      phone: '',
    },
    conference: {
      id: 'conf-1',
      deleted: false,
      title: 'Hội nghị đối thoại với cá nhân, tổ chức về thủ tục hành chính năm 2026',
      year: 2026,
      planNumber: '82/KH-UBND',
      round: 2,
      legalBases: [
        'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015',
        'Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ về kiểm soát thủ tục hành chính',
      ],
      registrationDeadline: { kind: 'days_before', days: 10 },
      planDate: '2026-09-01',
      announcedOn: '2026-10-01',
      invitationsSentOn: '2026-10-06',
      surveyFormsIssued: 4,
    },
    departments: {
      'dep-kt': { id: 'dep-kt', name: 'Phòng Kinh tế', fields: ['Đất đai'] },
    },
    sessions: [sampleSession(opinions)],
    registrations: [
      {
        id: 'reg-1',
        fullName: 'Nguyễn Thị Diệp',
        organisation: '',
        phone: '',
        houseNumber: '12',
        village: 'thôn Đông Ngạc',
        addressDetail: '',
        email: '',
        procedureName: 'Cấp Giấy chứng nhận quyền sử dụng đất',
        contentQuality: '',
        publication: '',
        initiatives: '',
        facilities: '',
        officialsAttitude: '',
        appointmentSlipGiven: 'yes',
        feeReceiptGiven: 'yes',
        resultTimeliness: 'late',
        proposals: '',
        signedOn: '',
        receivedAt: Date.parse('2026-09-20T09:00:00+07:00'),
        channel: 'paper',
        field: 'Đất đai',
        ...routingDefaults,
      },
      {
        id: 'reg-2',
        fullName: 'Đinh Công Mạnh',
        organisation: 'Công ty TNHH Ngọc Hồi',
        phone: '',
        houseNumber: '',
        village: '',
        addressDetail: 'Khu công nghiệp Ngọc Hồi',
        email: '',
        procedureName: 'Đăng ký kinh doanh',
        contentQuality: '',
        publication: '',
        initiatives: '',
        facilities: '',
        officialsAttitude: '',
        appointmentSlipGiven: 'unknown',
        feeReceiptGiven: 'unknown',
        resultTimeliness: 'unknown',
        proposals: '',
        signedOn: '',
        receivedAt: Date.parse('2026-10-10T09:00:00+07:00'),
        channel: 'email',
        field: '',
        ...routingDefaults,
      },
    ],
    followUps: [],
    surveys: [
      {
        id: 's1',
        sessionId: 'ses-1',
        ratings: {},
        comment: '',
        answers: { facilities: 'very_satisfied', officials_attitude: 'satisfied', appointment_slip: 'yes', fee_receipt: 'no_fee', result_timeliness: 'on_time' },
      },
      {
        id: 's2',
        sessionId: 'ses-1',
        ratings: {},
        comment: '',
        answers: { facilities: 'satisfied', officials_attitude: 'spoiled', appointment_slip: 'no', fee_receipt: 'blank', result_timeliness: 'pending' },
      },
      // A form stored before the questions were data: a 1-5 rating of the facilities only.
      { id: 's3', sessionId: 'ses-1', ratings: { facilities: 5 }, comment: '', answers: {} },
    ],
    calendar: createWorkingDayCalendar(),
    today: '2026-10-25',
  };
}

export const settings = (over: Partial<DocumentSettings> = {}): DocumentSettings => ({ ...DEFAULT_SETTINGS, ...over });
