/**
 * The meeting's records: what a ward/commune People's Committee plans, runs and
 * follows up for a dialogue conference on administrative procedures.
 *
 * Each record is declared once, as a valibot schema, and its TypeScript type is
 * inferred from it, so the app's forms, the storage layer and the office server
 * validate exactly the same shape. Validation messages are message codes
 * (see `MessageCode`), translated by the UI, never prose here.
 *
 * Vocabulary (Vietnamese in the UI, English in code):
 *   Unit = UBND xã/phường; Conference = hội nghị đối thoại (one per plan and round);
 *   Session = buổi (morning/afternoon, by field); BridgePoint = điểm cầu;
 *   AgendaItem = mục chương trình; Attendee = đại biểu / người dự;
 *   Registration = Phiếu đăng ký tham gia đối thoại; SpeakerTurn = lượt phát biểu
 *   (one question); Disposition = hướng xử lý ý kiến; FollowUp = theo dõi trả lời.
 */
import * as v from 'valibot';
import { DEFAULT_UNIT_FIELDS } from './unitFields.ts';
import { isCalendarDate } from './typedInput.ts';
import { parseVietnamesePhone } from './phone.ts';
import { SURVEY_ANSWERS, SURVEY_QUESTIONS, isAnswerOf } from './survey.ts';

/**
 * Every message a field can get. Each names its own problem ("no such day",
 * "at most 60 days"), so a person knows what to change; 'invalid_choice' is
 * left only for a choice list given a value it does not offer.
 */
export const MESSAGE_CODES = [
  'required',
  'too_long',
  'invalid_date',
  'no_such_date',
  'no_such_month',
  'date_too_far_past',
  'date_too_far_ahead',
  'received_in_future',
  'signed_after_received',
  'invalid_time',
  'time_out_of_range',
  'invalid_email',
  'invalid_phone',
  'phone_prefix',
  'phone_too_short',
  'phone_too_long',
  'phone_not_vietnamese',
  'invalid_number',
  'not_a_number',
  'not_whole_number',
  'year_out_of_range',
  'deadline_days_out_of_range',
  'speaking_limit_out_of_range',
  'planned_minutes_out_of_range',
  'end_before_start',
  'invalid_choice',
  'date_outside_year',
  'reply_before_assignment',
  'reply_in_future',
  'department_gone',
] as const;
export type MessageCode = (typeof MESSAGE_CODES)[number];

const LIMITS = { short: 200, basis: 1_000, long: 20_000 } as const;

export const text = () => v.pipe(v.string(), v.trim(), v.maxLength(LIMITS.short, 'too_long'));
export const requiredText = () =>
  v.pipe(v.string(), v.trim(), v.minLength(1, 'required'), v.maxLength(LIMITS.short, 'too_long'));
export const longText = () => v.pipe(v.string(), v.maxLength(LIMITS.long, 'too_long'));
/** Calendar date as the meeting knows it, 'YYYY-MM-DD', no time zone: a date on a plan is the same date everywhere. */
export const isoDate = () =>
  v.pipe(
    v.string('invalid_date'),
    v.regex(/^\d{4}-\d{2}-\d{2}$/, 'invalid_date'),
    v.check((s) => isRealDate(s), 'no_such_date'),
  );
const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
/** Time of day in Vietnam, 24-hour 'HH:mm'. */
export const clockTime = () => v.pipe(v.string('invalid_time'), v.regex(CLOCK_TIME, 'invalid_time'));
const email = () =>
  v.union([v.literal(''), v.pipe(v.string(), v.trim(), v.email('invalid_email'), v.maxLength(LIMITS.short, 'too_long'))], 'invalid_email');
/** A Vietnamese number (typedInput.parseVietnamesePhone), kept as typed; empty when not given. */
const phone = () =>
  v.pipe(
    v.string('invalid_phone'),
    v.trim(),
    v.maxLength(LIMITS.short, 'too_long'),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const read = parseVietnamesePhone(dataset.value);
      if (!read.ok) addIssue({ message: read.code });
    }),
  );
const id = () => v.pipe(v.string(), v.minLength(1, 'required'), v.maxLength(64, 'too_long'));
const optionalId = () => v.optional(v.pipe(v.string(), v.maxLength(64, 'too_long')));

export const isRealDate = isCalendarDate;
/** A date that may be left blank. */
const optionalDate = () => v.union([v.literal(''), isoDate()], 'invalid_date');

/** A whole number in [min, max], with messages for "not digits", "not whole" and "out of range". */
const wholeNumber = (min: number, max: number, range: MessageCode) =>
  v.pipe(v.number('not_a_number'), v.integer('not_whole_number'), v.minValue(min, range), v.maxValue(max, range));

export { DEFAULT_UNIT_FIELDS };

// ---------------------------------------------------------------- unit and departments

export const UnitSchema = v.object({
  /** e.g. "UBND xã Thanh Trì". */
  name: requiredText(),
  /** Since 1 July 2025 the province or city; before, the district. The unit names it; the software only says "upper level". */
  upperLevel: text(),
  address: text(),
  email: email(),
  phone: v.optional(phone(), ''),
  /** The unit's list of fields (lĩnh vực) that turns, forms and departments choose from. Older records get the default list. */
  fields: v.optional(v.array(requiredText()), () => [...DEFAULT_UNIT_FIELDS]),
});
export type Unit = v.InferOutput<typeof UnitSchema>;

export const DepartmentSchema = v.object({
  /** e.g. "Phòng Kinh tế", "Công an xã". */
  name: requiredText(),
  /** The fields (lĩnh vực) it answers for, each one whole ("Đăng ký, quản lý cư trú" is one field), e.g. "Đất đai", "Hộ tịch". */
  fields: v.array(requiredText()),
});
export type Department = v.InferOutput<typeof DepartmentSchema>;

export const ResponderSchema = v.object({
  name: requiredText(),
  /** e.g. "Phó Chủ tịch UBND", "Trưởng Công an", "Chỉ huy trưởng quân sự". */
  title: text(),
  departmentId: optionalId(),
});
export type Responder = v.InferOutput<typeof ResponderSchema>;

// ---------------------------------------------------------------- conference and sessions

export const RegistrationDeadlineRuleSchema = v.variant('kind', [
  /** Seed 001: forms accepted up to N days before, in working hours Monday-Friday. */
  v.object({ kind: v.literal('days_before'), days: wholeNumber(0, 60, 'deadline_days_out_of_range') }),
  /** Seed 004: a fixed date and hour, e.g. 16:30 on 29/9. */
  v.object({ kind: v.literal('fixed'), date: isoDate(), time: clockTime() }),
]);
export type RegistrationDeadlineRule = v.InferOutput<typeof RegistrationDeadlineRuleSchema>;

export const ConferenceSchema = v.object({
  title: requiredText(),
  year: wholeNumber(2000, 2100, 'year_out_of_range'),
  /** The plan's number, "Số: 82/KH-UBND". */
  planNumber: text(),
  /** Round of the year: the conference is held twice a year (May and October). */
  round: v.picklist([1, 2], 'invalid_choice'),
  /** "Căn cứ …" lines of the plan, one basis each (a basis names a law, a decree and its date: longer than a short field). */
  legalBases: v.array(v.pipe(v.string(), v.trim(), v.maxLength(LIMITS.basis, 'too_long'))),
  registrationDeadline: RegistrationDeadlineRuleSchema,
  // The conference's own facts that the documents cite (issue 9 item 7); '' until the office enters them.
  /** The plan's date ("Kế hoạch số 82/KH-UBND ngày 05/3/2026"). */
  planDate: v.optional(optionalDate(), ''),
  /** When the conference was announced (radio, website): at least 7 days before the first session (seed 003). */
  announcedOn: v.optional(optionalDate(), ''),
  /** When the invitations went out to the registrants (seed 004: 06/10/2023, a week before). */
  invitationsSentOn: v.optional(optionalDate(), ''),
  /** Survey forms handed out (the report gives issued and returned); 0 when not counted. */
  surveyFormsIssued: v.optional(wholeNumber(0, 100_000, 'invalid_number'), 0),
});
export type Conference = v.InferOutput<typeof ConferenceSchema>;

export const VENUE_KINDS = ['committee_hall', 'village_cultural_house', 'other'] as const;
export const SESSION_FORMATS = ['in_person', 'online_bridge_points', 'written_forms'] as const;

export const SessionSchema = v.pipe(
  v.object({
    conferenceId: id(),
    title: text(),
    date: isoDate(),
    start: clockTime(),
    end: clockTime(),
    venue: requiredText(),
    venueKind: v.picklist(VENUE_KINDS, 'invalid_choice'),
    /** Seed 002 splits sessions by field: morning business registration, afternoon construction. */
    fieldFocus: text(),
    format: v.picklist(SESSION_FORMATS, 'invalid_choice'),
    /** Seed 003: at most 5 minutes per question; configurable per session. */
    speakingLimitMs: wholeNumber(30_000, 60 * 60_000, 'speaking_limit_out_of_range'),
    chairName: text(),
    secretaryName: text(),
    /** The chair's general conclusion of the session (the last part of the running order), for the biên bản. */
    chairConclusion: v.optional(longText(), ''),
    /**
     * When the chair told the hall that the dialogue is recorded (issue 11: voices are personal data,
     * and people speak knowing it); null until then. The biên bản records it.
     */
    recordingAnnouncedAt: v.optional(v.nullable(v.number()), null),
  }),
  // Only two real times can be in the wrong order: a bad start time gets its own message, not a second one under the end.
  v.forward(
    v.check((s) => !CLOCK_TIME.test(s.start) || !CLOCK_TIME.test(s.end) || s.end > s.start, 'end_before_start'),
    ['end'],
  ),
);
export type Session = v.InferOutput<typeof SessionSchema>;

export const BridgePointSchema = v.object({
  sessionId: id(),
  name: requiredText(),
  address: text(),
  /** The site where the chair sits. */
  isHost: v.boolean(),
});
export type BridgePoint = v.InferOutput<typeof BridgePointSchema>;

// ---------------------------------------------------------------- agenda

/** The standard running order of seeds 000 and 003; `custom` for anything the chair adds. */
export const AGENDA_STEPS = [
  'opening',
  'chair_statement',
  'report',
  'citizen_opinions',
  'upper_level_remarks',
  'conclusion',
  'custom',
] as const;
export type AgendaStep = (typeof AGENDA_STEPS)[number];

export const AgendaItemSchema = v.object({
  sessionId: id(),
  step: v.picklist(AGENDA_STEPS, 'invalid_choice'),
  title: requiredText(),
  /** Fractional position: moving an item rewrites one field, so two devices reordering do not clobber each other's items. */
  position: v.number(),
  plannedMinutes: wholeNumber(0, 600, 'planned_minutes_out_of_range'),
  presenter: text(),
  /** Epoch ms, set when the chair starts and ends the item. */
  startedAt: v.nullable(v.number()),
  endedAt: v.nullable(v.number()),
  /** The chair passed over it (no upper-level delegate came, say): neither pending nor run. */
  skipped: v.optional(v.boolean(), false),
});
export type AgendaItem = v.InferOutput<typeof AgendaItemSchema>;

// ---------------------------------------------------------------- attendance

export const ATTENDEE_GROUPS = ['upper_level', 'leaders', 'village_heads', 'citizens'] as const;
export type AttendeeGroup = (typeof ATTENDEE_GROUPS)[number];

export const AttendeeSchema = v.object({
  sessionId: id(),
  name: requiredText(),
  group: v.picklist(ATTENDEE_GROUPS, 'invalid_choice'),
  title: text(),
  organisation: text(),
  /** Thôn / tổ dân phố. */
  village: text(),
  bridgePointId: optionalId(),
  invited: v.boolean(),
  present: v.boolean(),
  checkedInAt: v.nullable(v.number()),
});
export type Attendee = v.InferOutput<typeof AttendeeSchema>;

// ---------------------------------------------------------------- registration form (Phiếu đăng ký)

export const YES_NO_UNKNOWN = ['yes', 'no', 'unknown'] as const;
export const TIMELINESS = ['on_time', 'early', 'late', 'unknown'] as const;
/** `at_office`: handed in at the office's desk; `in_person`: at the conference itself. */
export const REGISTRATION_CHANNELS = ['paper', 'email', 'online', 'in_person', 'at_office'] as const;
/** The fee receipt: a procedure with no fee has no receipt to give, which is not a "no". */
export const FEE_RECEIPT_ANSWERS = ['yes', 'no', 'no_fee', 'unknown'] as const;
/** How the result came back; `not_returned` while the application is still pending. */
export const RESULT_TIMELINESS = ['on_time', 'early', 'late', 'not_returned', 'unknown'] as const;
/** A form that is a complaint or a denunciation is outside the dialogue (seeds 001, 004); '' for a dialogue question. */
export const OUTSIDE_DIALOGUE_KINDS = ['', 'complaint', 'denunciation'] as const;

export const RegistrationSchema = v.object({
  /** Họ tên, or the organisation's name. */
  fullName: requiredText(),
  organisation: text(),
  phone: phone(),
  /** Số nhà. */
  houseNumber: text(),
  /** Thôn / tổ dân phố. */
  village: text(),
  addressDetail: text(),
  email: email(),
  // (1) Về thủ tục hành chính
  procedureName: text(),
  contentQuality: longText(),
  publication: longText(),
  initiatives: longText(),
  // (2) Về giải quyết thủ tục hành chính
  facilities: longText(),
  officialsAttitude: longText(),
  appointmentSlipGiven: v.picklist(YES_NO_UNKNOWN, 'invalid_choice'),
  feeReceiptGiven: v.picklist(FEE_RECEIPT_ANSWERS, 'invalid_choice'),
  resultTimeliness: v.picklist(RESULT_TIMELINESS, 'invalid_choice'),
  /** A note on the result ("trả qua bưu điện", "còn thiếu giấy tờ"). */
  resultNote: v.optional(text(), ''),
  proposals: longText(),
  /** Ngày ký on the form. */
  signedOn: v.union([v.literal(''), isoDate()], 'invalid_date'),
  /** When the office received it: decides whether it was in time. */
  receivedAt: v.number('invalid_date'),
  channel: v.picklist(REGISTRATION_CHANNELS, 'invalid_choice'),
  /** How it came, beside the channel: "con trai nộp thay", "qua bưu điện". */
  deliveryNote: v.optional(text(), ''),
  /** The official who took the form in. */
  receivedBy: v.optional(text(), ''),
  /** Lĩnh vực, set by the office when classifying. */
  field: text(),
  departmentId: optionalId(),
  /** The official responsible for the answer (a responder of the unit). */
  responderId: v.optional(v.pipe(v.string(), v.maxLength(64, 'too_long')), ''),
  /** The day the office forwarded it to the department. */
  routedOn: v.optional(v.union([v.literal(''), isoDate()], 'invalid_date'), ''),
  /** The department's answer, prepared before the meeting. */
  preparedAnswer: v.optional(longText(), ''),
  /** A complaint or denunciation is not heard in the dialogue: which one, and where the person is redirected. */
  outsideDialogue: v.optional(v.picklist(OUTSIDE_DIALOGUE_KINDS, 'invalid_choice'), ''),
  redirectTo: v.optional(text(), ''),
  /** Forms the office judged not to be duplicates of this one: not offered again. */
  distinctFrom: v.optional(v.array(id()), () => []),
  /** Forms merged into this one (deleted), so the history says where their text went. */
  mergedFrom: v.optional(v.array(id()), () => []),
  /** What a merged form said differently and had no room in its field (a second phone, another address): nothing typed is lost. */
  mergedNote: v.optional(longText(), ''),
});
export type Registration = v.InferOutput<typeof RegistrationSchema>;

// ---------------------------------------------------------------- in the room

export const DISPOSITION_KINDS = [
  'answered_in_room',
  'written_reply',
  'forwarded_upward',
  'guided_elsewhere',
  'complaint_outside',
] as const;
export type DispositionKind = (typeof DISPOSITION_KINDS)[number];

/** Khiếu nại (Law on Complaints) or tố cáo (Law on Denunciation, whose denouncer must stay anonymous). */
export const COMPLAINT_KINDS = ['complaint', 'denunciation'] as const;
export type ComplaintKind = (typeof COMPLAINT_KINDS)[number];

/** How the chair concludes one opinion (seed 003, 001). */
export const DispositionSchema = v.variant('kind', [
  v.object({ kind: v.literal('answered_in_room') }),
  /** Written reply by a named department, due within 5 days of assignment (seed 001). */
  v.object({ kind: v.literal('written_reply'), departmentId: id(), dueOn: isoDate() }),
  /** Beyond the unit's authority: summarised and reported to the upper level; `body` is the one it goes to. */
  v.object({ kind: v.literal('forwarded_upward'), body: v.optional(text(), '') }),
  /** Not the unit's responsibility: the person is guided to the competent body. */
  v.object({ kind: v.literal('guided_elsewhere'), body: text() }),
  /**
   * Complaints and denunciations are not handled in the dialogue (seeds 001, 004): which of the two it
   * is (they follow different laws) and where the person was redirected.
   */
  v.object({
    kind: v.literal('complaint_outside'),
    complaintKind: v.optional(v.picklist(COMPLAINT_KINDS, 'invalid_choice'), 'complaint'),
    redirectedTo: v.optional(text(), ''),
  }),
]);
export type Disposition = v.InferOutput<typeof DispositionSchema>;

export const TURN_STATUSES = ['waiting', 'speaking', 'done', 'withdrawn'] as const;
export type TurnStatus = (typeof TURN_STATUSES)[number];

/** One question: a speaker with several questions has several turns. */
export const SpeakerTurnSchema = v.object({
  sessionId: id(),
  position: v.number(),
  speakerName: requiredText(),
  attendeeId: optionalId(),
  registrationId: optionalId(),
  /**
   * Further forms this one turn answers (people often ask the same thing): with `registrationId`,
   * the forms heard in this turn. A form may also be heard in more than one turn.
   */
  answersRegistrationIds: v.optional(v.array(id()), () => []),
  /** Village or organisation, shown next to the name. */
  affiliation: text(),
  topic: text(),
  field: text(),
  responderName: text(),
  bridgePointId: optionalId(),
  status: v.picklist(TURN_STATUSES, 'invalid_choice'),
  calledAt: v.nullable(v.number()),
  finishedAt: v.nullable(v.number()),
  /** Actual speaking time, from the timer events, recorded when the turn ends. */
  spokenMs: v.nullable(v.number()),
  disposition: v.nullable(DispositionSchema),
  /** The chair's conclusion on this opinion (seed 003: the chair concludes each one; the biên bản records it). */
  conclusion: v.optional(longText(), ''),
  /** The chair keeps this person's name off the hall display (complaints and denunciations always are). */
  hideNameOnDisplay: v.optional(v.boolean(), false),
});
export type SpeakerTurn = v.InferOutput<typeof SpeakerTurnSchema>;

export const TIMER_EVENT_TYPES = ['start', 'pause', 'resume', 'add', 'stop'] as const;
export type TimerEventType = (typeof TIMER_EVENT_TYPES)[number];

/** The speaking timer is stored as these events, never as a ticking counter. Append-only. */
export const TimerEventSchema = v.object({
  sessionId: id(),
  turnId: id(),
  type: v.picklist(TIMER_EVENT_TYPES, 'invalid_choice'),
  /**
   * Epoch ms on the room's shared clock (the server-corrected time when there is one). Only the
   * lengths between events are read from it; their order is the record's HLC stamp (see timer.ts).
   */
  at: v.number(),
  /** For `add`: extra time granted (may be negative to take time back). For `start`: the limit. */
  amountMs: v.number(),
});
export type TimerEvent = v.InferOutput<typeof TimerEventSchema>;

// ---------------------------------------------------------------- after the conference

export const FOLLOW_UP_STATUSES = ['assigned', 'replied', 'notified'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/**
 * What is owed after the room (issue 9): a department's written reply; a report to the upper level
 * for a matter beyond the unit's authority; a written guidance to the competent body; the answer to
 * a form that came in time but was not heard in the room (its author may have been invited and absent).
 */
export const FOLLOW_UP_KINDS = ['written_reply', 'forwarded_upward', 'guided_elsewhere', 'unheard_form'] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];

/** How the citizen was told the answer; '' until they are. */
export const INFORMED_BY = ['', 'post', 'email', 'in_person'] as const;
export type InformedBy = (typeof INFORMED_BY)[number];

export const FollowUpSchema = v.object({
  /** Older records are all written replies (the only kind there was). */
  kind: v.optional(v.picklist(FOLLOW_UP_KINDS, 'invalid_choice'), 'written_reply'),
  /** The opinion it answers: a speaker turn or a registration form. */
  turnId: optionalId(),
  registrationId: optionalId(),
  /** '' while nobody has been given it yet (a matter sent upward, a form never routed). */
  departmentId: v.optional(v.pipe(v.string(), v.maxLength(64, 'too_long')), ''),
  /** The official (người phụ trách) who answers, by name as the chair assigned it. */
  responderName: v.optional(text(), ''),
  /** The day of the session in which the chair assigned it (the conference's last day for an unheard form). */
  assignedOn: isoDate(),
  /** The reply to the office: 5 days from assignment (seed 001). */
  dueOn: isoDate(),
  /** The notice of results: 7 working days after the conference (seed 002); '' on records older than this field. */
  noticeDueOn: v.optional(v.union([v.literal(''), isoDate()], 'invalid_date'), ''),
  /** The reply document's number ("Số: 15/UBND-ĐC") and date. */
  replyNumber: v.optional(text(), ''),
  repliedOn: v.union([v.literal(''), isoDate()], 'invalid_date'),
  replyText: longText(),
  informedBy: v.optional(v.picklist(INFORMED_BY, 'invalid_choice'), ''),
  status: v.picklist(FOLLOW_UP_STATUSES, 'invalid_choice'),
});
export type FollowUp = v.InferOutput<typeof FollowUpSchema>;

/** One paper survey form as tallied (domain/survey.ts holds the questions and their answers). */
export const SurveyResponseSchema = v.pipe(
  v.object({
    sessionId: optionalId(),
    /** Forms stored before the questions were data: question code to rating 1-5 (0 = no answer). New forms write `{}`. */
    ratings: v.optional(v.record(v.string(), v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(5))), () => ({})),
    comment: v.optional(longText(), ''),
    /**
     * Question code to the answer ticked, or 'blank' / 'spoiled'. Keys are open strings, so a form
     * keyed by a newer app with one more question still validates here.
     */
    answers: v.optional(v.record(v.pipe(v.string(), v.maxLength(64, 'too_long')), v.picklist(SURVEY_ANSWERS, 'invalid_choice')), () => ({})),
  }),
  // A known question takes only its own kind of answer ("no fee" is no answer to the appointment slip).
  v.forward(
    v.check((r) => SURVEY_QUESTIONS.every((q) => r.answers[q.code] === undefined || isAnswerOf(q, r.answers[q.code]!)), 'invalid_choice'),
    ['answers'],
  ),
);
export type SurveyResponse = v.InferOutput<typeof SurveyResponseSchema>;

// ---------------------------------------------------------------- the unit's working-day calendar

export const CalendarDaySchema = v.object({
  date: isoDate(),
  /** 'off': a day off (holiday, swapped or compensatory day); 'working': worked, even a Saturday (làm bù). */
  kind: v.picklist(['off', 'working'], 'invalid_choice'),
  label: text(),
});

/**
 * One year of the office's working-day calendar (officialCalendar.ts explains the shape): when the
 * unit has one for a year it replaces the shipped schedule of that year on every device.
 */
export const CalendarYearSchema = v.pipe(
  v.object({
    year: wholeNumber(2000, 2100, 'year_out_of_range'),
    /** The announcing documents: number, date and who issued them. */
    source: v.pipe(v.string(), v.trim(), v.maxLength(2000, 'too_long')),
    days: v.array(CalendarDaySchema),
  }),
  v.forward(
    v.check((y) => y.days.every((d) => d.date.startsWith(`${y.year}-`)), 'date_outside_year'),
    ['days'],
  ),
);
export type CalendarYear = v.InferOutput<typeof CalendarYearSchema>;

// ---------------------------------------------------------------- the table registry

/**
 * Every synced table and the schema of its records. The storage layer, the
 * write path and the server's validator all read this one map.
 */
export const RECORD_SCHEMAS = {
  units: UnitSchema,
  departments: DepartmentSchema,
  responders: ResponderSchema,
  conferences: ConferenceSchema,
  sessions: SessionSchema,
  bridgePoints: BridgePointSchema,
  agendaItems: AgendaItemSchema,
  attendees: AttendeeSchema,
  registrations: RegistrationSchema,
  speakerTurns: SpeakerTurnSchema,
  timerEvents: TimerEventSchema,
  followUps: FollowUpSchema,
  surveyResponses: SurveyResponseSchema,
  calendarYears: CalendarYearSchema,
} as const;

export type TableName = keyof typeof RECORD_SCHEMAS;
export const TABLE_NAMES = Object.keys(RECORD_SCHEMAS) as TableName[];
export type RecordOf<T extends TableName> = v.InferOutput<(typeof RECORD_SCHEMAS)[T]>;
/** What a new record may be written with: fields added later (`v.optional(x, default)`) may be left out. */
export type RecordInput<T extends TableName> = v.InferInput<(typeof RECORD_SCHEMAS)[T]>;
