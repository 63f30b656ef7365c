/**
 * The records most screen tests start from: one commune, its conference of October 2026 and a
 * morning session, with a speaker turn shaped as the queue makes it. Each test overrides only
 * what it is about, so a schema change is made here once, not in every test's copy.
 */
import { standardAgenda } from '../../src/domain/agenda.ts';
import type { RecordInput } from '../../src/domain/model.ts';
import { create, type Change } from '../../src/storage/changes.ts';

export const scope = { unitId: 'u1', conferenceId: 'c1' };

export const unitRecord = (fields: Partial<RecordInput<'units'>> = {}): Change =>
  create('units', { unitId: 'u1' }, { name: 'UBND xã Thanh Trì', upperLevel: '', address: '', email: '', phone: '', ...fields }, 'u1');

export const conferenceRecord = (fields: Partial<RecordInput<'conferences'>> = {}): Change =>
  create(
    'conferences',
    { unitId: 'u1' },
    {
      title: 'Hội nghị đối thoại TTHC 2026',
      year: 2026,
      round: 2,
      planNumber: '',
      legalBases: [],
      registrationDeadline: { kind: 'days_before', days: 10 },
      ...fields,
    },
    'c1',
  );

/** Tuesday 13/10/2026, 07:30-11:30 in the committee's hall. */
export const sessionFields = (fields: Partial<RecordInput<'sessions'>> = {}): RecordInput<'sessions'> => ({
  conferenceId: 'c1',
  title: 'Buổi sáng',
  date: '2026-10-13',
  start: '07:30',
  end: '11:30',
  venue: 'Hội trường UBND xã',
  venueKind: 'committee_hall',
  fieldFocus: '',
  format: 'in_person',
  speakingLimitMs: 300_000,
  chairName: 'Ông Trần Văn Chủ',
  secretaryName: 'Bà Lê Thị Ký',
  ...fields,
});

export const sessionRecord = (fields: Partial<RecordInput<'sessions'>> = {}, id = 's1'): Change =>
  create('sessions', scope, sessionFields(fields), id);

/** A question on land in session s1, not yet called. */
export const turnFields = (
  speakerName: string,
  position: number,
  fields: Partial<RecordInput<'speakerTurns'>> = {},
): RecordInput<'speakerTurns'> => ({
  sessionId: 's1',
  position,
  speakerName,
  affiliation: 'Thôn Đông',
  topic: 'Cấp giấy chứng nhận quyền sử dụng đất',
  field: 'Đất đai',
  responderName: '',
  status: 'waiting',
  calledAt: null,
  finishedAt: null,
  spokenMs: null,
  disposition: null,
  ...fields,
});

/** The hall the audio screens are tested in: a session of 15/05/2026 in a village cultural house, with the standard running order. */
export const recordedHallRecords = (): Change[] => [
  unitRecord(),
  conferenceRecord({ title: 'Hội nghị đối thoại 2026', round: 1 }),
  sessionRecord({ title: '', date: '2026-05-15', venue: 'Nhà văn hóa thôn 3', venueKind: 'village_cultural_house', chairName: '', secretaryName: '' }),
  ...standardAgenda().map((a, i) =>
    create('agendaItems', scope, { sessionId: 's1', step: a.step, title: a.title, position: i, plannedMinutes: 10, presenter: '', startedAt: null, endedAt: null }, `a${i}`),
  ),
];
