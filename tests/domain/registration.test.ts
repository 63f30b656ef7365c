import { describe, expect, it } from 'vitest';
import { firstSessionDate, queueableRegistrations, timeliness, turnFromRegistration } from '../../src/domain/registration.ts';
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
