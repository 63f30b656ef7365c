import { describe, expect, it } from 'vitest';
import {
  firstSessionDate,
  formsHeardIn,
  linkedForms,
  mergeRegistrations,
  possibleDuplicates,
  queueableRegistrations,
  registrationOverview,
  routingStatus,
  samePerson,
  similarTopics,
  timeliness,
  turnFromRegistration,
  type MergeableForm,
} from '../../src/domain/registration.ts';
import { createWorkingDayCalendar, fromVietnamLocal, toVietnamLocal } from '../../src/domain/workingDays.ts';

const cal = createWorkingDayCalendar();
const tenDays = { kind: 'days_before', days: 10 } as const;
const at = (date: string, time: string) => fromVietnamLocal({ date, time });

describe('registration forms', () => {
  it('round-trips Vietnam local time', () => {
    expect(toVietnamLocal(at('2026-10-02', '16:30'))).toEqual({ date: '2026-10-02', time: '16:30' });
  });

  it('judges forms against 10 days before the first session, until the end of office hours', () => {
    // Conference on Tuesday 13/10/2026: 10 days before is Saturday 3/10, moved back to Friday 2/10, 17:00.
    const date = firstSessionDate([{ date: '2026-10-14' }, { date: '2026-10-13' }]);
    expect(date).toBe('2026-10-13');
    expect(timeliness({ receivedAt: at('2026-10-02', '16:59') }, tenDays, date, cal)).toBe('on_time');
    expect(timeliness({ receivedAt: at('2026-10-02', '17:01') }, tenDays, date, cal)).toBe('late');
    expect(timeliness({ receivedAt: at('2026-10-03', '09:00') }, tenDays, date, cal)).toBe('late');
    expect(timeliness({ receivedAt: at('2026-10-03', '09:00') }, tenDays, null, cal)).toBe('no_date');
  });

  it('a fixed deadline (seed 004: 16:30 on 29/9) is kept to the minute', () => {
    const rule = { kind: 'fixed', date: '2026-09-29', time: '16:30' } as const;
    expect(timeliness({ receivedAt: at('2026-09-29', '16:30') }, rule, '2026-10-13', cal)).toBe('on_time');
    expect(timeliness({ receivedAt: at('2026-09-29', '16:31') }, rule, '2026-10-13', cal)).toBe('late');
  });

  it('offers forms in time and not yet queued, oldest first, as the turn they become', () => {
    const form = (id: string, receivedAt: number) => ({ id, fullName: `Người ${id}`, organisation: '', village: 'Thôn 1', procedureName: 'Đăng ký đất đai', field: 'Đất đai', receivedAt });
    const forms = [form('b', 2), form('a', 1), form('late', 0), form('queued', 3)];
    const turns = [{ registrationId: 'queued' }, { registrationId: undefined }];
    const offered = queueableRegistrations(forms, turns, (f) => f.id !== 'late');
    expect(offered.map((f) => f.id)).toEqual(['a', 'b']);
    expect(turnFromRegistration(offered[0]!)).toEqual({ speakerName: 'Người a', affiliation: 'Thôn 1', topic: 'Đăng ký đất đai', field: 'Đất đai', registrationId: 'a' });
  });
});


/** A whole form at its defaults, with what a test names. */
const form = (over: Partial<MergeableForm> & { id: string; deleted?: boolean }): MergeableForm & { deleted?: boolean } => ({
  fullName: 'Nguyễn Thị Hòa',
  organisation: '',
  phone: '',
  houseNumber: '',
  village: 'Thôn Đông',
  addressDetail: '',
  email: '',
  procedureName: 'Cấp giấy chứng nhận quyền sử dụng đất',
  contentQuality: '',
  publication: '',
  initiatives: '',
  facilities: '',
  officialsAttitude: '',
  appointmentSlipGiven: 'unknown',
  feeReceiptGiven: 'unknown',
  resultTimeliness: 'unknown',
  resultNote: '',
  proposals: '',
  signedOn: '',
  receivedAt: at('2026-09-20', '09:00'),
  deliveryNote: '',
  receivedBy: '',
  field: 'Đất đai',
  departmentId: '',
  responderId: '',
  routedOn: '',
  preparedAnswer: '',
  outsideDialogue: '',
  redirectTo: '',
  distinctFrom: [],
  mergedFrom: [],
  mergedNote: '',
  ...over,
});

describe('the deadline with and without a session (issue 9)', () => {
  const fixed = { kind: 'fixed', date: '2023-09-29', time: '16:30' } as const;

  it('a fixed date and hour (seed 004: 16:30 on 29/09/2023) is judged on receipt, before any session exists', () => {
    expect(firstSessionDate([])).toBeNull();
    expect(timeliness({ receivedAt: at('2023-09-29', '16:30') }, fixed, null, cal)).toBe('on_time');
    expect(timeliness({ receivedAt: at('2023-09-29', '16:31') }, fixed, null, cal)).toBe('late');
    expect(timeliness({ receivedAt: at('2023-09-30', '08:00') }, fixed, null, cal)).toBe('late');
    expect(timeliness({ receivedAt: at('2023-09-20', '10:00') }, fixed, null, cal)).toBe('on_time');
  });

  it('the same fixed rule gives the same answer once a session exists', () => {
    expect(timeliness({ receivedAt: at('2023-09-29', '16:31') }, fixed, '2023-10-13', cal)).toBe('late');
    expect(timeliness({ receivedAt: at('2023-09-29', '16:29') }, fixed, '2023-10-13', cal)).toBe('on_time');
  });

  it('"N days before" needs the conference date: without a session the form waits, never marked late', () => {
    expect(timeliness({ receivedAt: at('2026-10-30', '09:00') }, tenDays, null, cal)).toBe('no_date');
  });
});

describe('possible duplicates (issue 9)', () => {
  it('the same person typed with the other tone placement, decomposed marks, no marks, or another case', () => {
    const first = form({ id: 'a', fullName: 'Nguyễn Thị Hòa', phone: '0912 345 678' });
    const others = [
      form({ id: 'tone', fullName: 'Nguyễn Thị Hoà', phone: '+84 912.345.678', procedureName: 'Cấp sổ đỏ cho thửa đất' }),
      form({ id: 'nfd', fullName: 'Nguyễn Thị Hòa'.normalize('NFD') }),
      form({ id: 'bare', fullName: 'nguyen thi hoa', field: 'Đất đai' }),
      form({ id: 'other-phone', fullName: 'Nguyễn Thị Hòa', phone: '0987654321' }),
      form({ id: 'other-person', fullName: 'Nguyễn Thị Hồng' }),
      form({ id: 'other-topic', fullName: 'Nguyễn Thị Hòa', procedureName: 'Đăng ký khai sinh', field: 'Hộ tịch' }),
      form({ id: 'gone', deleted: true }),
    ];
    expect(possibleDuplicates(first, others).map((f) => f.id)).toEqual(['tone', 'nfd', 'bare']);
  });

  it('two different numbers are two people; a form without a phone does not rule a match out', () => {
    expect(samePerson({ fullName: 'Lê Văn Thuý', phone: '0912345678' }, { fullName: 'Lê Văn Thúy', phone: '84912345678' })).toBe(true);
    expect(samePerson({ fullName: 'Lê Văn Thuý', phone: '0912345678' }, { fullName: 'Lê Văn Thúy', phone: '' })).toBe(true);
    expect(samePerson({ fullName: 'Lê Văn Thuý', phone: '0912345678' }, { fullName: 'Lê Văn Thúy', phone: '0912345679' })).toBe(false);
  });

  it('topics are alike by field or by their meaningful words', () => {
    expect(similarTopics({ procedureName: 'Cấp giấy chứng nhận quyền sử dụng đất', field: '' }, { procedureName: 'Cấp lại giấy chứng nhận quyền sử dụng đất bị mất', field: '' })).toBe(true);
    expect(similarTopics({ procedureName: 'Cấp giấy phép xây dựng', field: '' }, { procedureName: 'Cấp giấy khai sinh', field: '' })).toBe(false);
    expect(similarTopics({ procedureName: 'Cấp giấy phép xây dựng', field: 'Xây dựng' }, { procedureName: 'Hỏi về nhà ở', field: 'Xây dựng' })).toBe(true);
  });

  it('a pair the office kept as two is not offered again, from either side', () => {
    const a = form({ id: 'a', distinctFrom: ['b'] });
    const b = form({ id: 'b' });
    expect(possibleDuplicates(a, [b])).toEqual([]);
    expect(possibleDuplicates(b, [a])).toEqual([]);
  });
});

describe('merging two forms of one person keeps everything typed', () => {
  it('fills the gaps, joins long answers, keeps a second phone and address aside, takes the earlier receipt', () => {
    const keep = form({ id: 'keep', phone: '0912345678', houseNumber: '12', proposals: 'Rút ngắn thời gian cấp sổ.', receivedAt: at('2026-09-22', '10:00') });
    const other = form({
      id: 'other',
      fullName: 'Nguyễn Thị Hoà',
      phone: '0987654321',
      houseNumber: '14',
      email: 'hoa@example.vn',
      proposals: 'Công khai lệ phí.',
      officialsAttitude: 'Tận tình.',
      feeReceiptGiven: 'no_fee',
      resultTimeliness: 'not_returned',
      signedOn: '2026-09-18',
      receivedAt: at('2026-09-19', '08:00'),
      departmentId: 'd1',
    });
    const { fields, kept } = mergeRegistrations(keep, other);
    expect(fields).toMatchObject({
      email: 'hoa@example.vn',
      proposals: 'Rút ngắn thời gian cấp sổ.\nCông khai lệ phí.',
      officialsAttitude: 'Tận tình.',
      feeReceiptGiven: 'no_fee',
      resultTimeliness: 'not_returned',
      signedOn: '2026-09-18',
      receivedAt: at('2026-09-19', '08:00'),
      departmentId: 'd1',
      mergedFrom: ['other'],
    });
    // The name is the same name (tone placement only): nothing to keep aside for it.
    expect(kept).toEqual([
      { field: 'houseNumber', value: '14' },
      { field: 'phone', value: '0987654321' },
    ]);
    expect(fields).not.toHaveProperty('fullName');
  });

  it('the same long answer on both forms is not written twice', () => {
    const keep = form({ id: 'k', proposals: 'Công khai lệ phí.' });
    expect(mergeRegistrations(keep, form({ id: 'o', proposals: 'Công khai lệ phí.' })).fields).not.toHaveProperty('proposals');
  });
});

describe('routing and the overview', () => {
  const turn = (status: string, registrationId?: string, answers: string[] = []) => ({ status, registrationId, answersRegistrationIds: answers });

  it('one status per form, the furthest it has come', () => {
    const f = form({ id: 'f' });
    expect(routingStatus(f, false, [])).toBe('not_routed');
    expect(routingStatus({ ...f, departmentId: 'd1' }, false, [])).toBe('routed');
    expect(routingStatus({ ...f, departmentId: 'd1', preparedAnswer: 'Trả lời: …' }, false, [])).toBe('answer_prepared');
    expect(routingStatus(f, false, [turn('waiting', 'f')])).toBe('in_queue');
    // Heard in a turn made from another form, to which this one is linked.
    expect(routingStatus(f, false, [turn('done', 'g', ['f'])])).toBe('heard');
    expect(routingStatus(f, false, [turn('withdrawn', 'f')])).toBe('not_routed');
    expect(routingStatus(f, true, [])).toBe('late');
    expect(routingStatus({ ...f, outsideDialogue: 'complaint' }, false, [])).toBe('outside_dialogue');
  });

  it('counts forms by field, by department and by status, the unclassified last', () => {
    const forms = [
      form({ id: 'a', field: 'Xây dựng', departmentId: 'd2' }),
      form({ id: 'b', field: 'Đất đai', departmentId: 'd1', preparedAnswer: 'Đã có.' }),
      form({ id: 'c', field: '', departmentId: '' }),
      form({ id: 'd', field: 'Đất đai', departmentId: 'd1' }),
      form({ id: 'late', field: 'Đất đai', departmentId: 'd1' }),
    ];
    const o = registrationOverview(forms, (f) => f.id === 'late', [turn('waiting', 'd')]);
    expect(o.total).toBe(5);
    expect(o.byField.map((r) => [r.key, r.total])).toEqual([
      ['Đất đai', 3],
      ['Xây dựng', 1],
      ['', 1],
    ]);
    expect(o.byField[0]!.byStatus).toMatchObject({ answer_prepared: 1, in_queue: 1, late: 1 });
    expect(o.byDepartment.map((r) => [r.key, r.total])).toEqual([
      ['d1', 3],
      ['d2', 1],
      ['', 1],
    ]);
    expect(o.byStatus).toMatchObject({ not_routed: 1, routed: 1, answer_prepared: 1, in_queue: 1, late: 1, heard: 0 });
  });

  it('a turn answers its own form and the ones linked to it; a complaint is never offered for the queue', () => {
    const t = { registrationId: 'a', answersRegistrationIds: ['b'] };
    expect(formsHeardIn(t)).toEqual(['a', 'b']);
    expect(linkedForms(t, 'c', true)).toEqual(['b', 'c']);
    expect(linkedForms(t, 'b', false)).toEqual([]);
    // Its own form cannot be linked a second time.
    expect(linkedForms(t, 'a', true)).toEqual(['b']);
    const forms = [form({ id: 'q' }), form({ id: 'k', outsideDialogue: 'denunciation', redirectTo: 'Thanh tra xã' }), form({ id: 'b' })];
    expect(queueableRegistrations(forms, [t], () => true).map((f) => f.id)).toEqual(['q']);
  });
});
