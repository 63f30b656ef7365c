/**
 * What the builders read: the meeting's records as the storage layer returns
 * them, plus the minutes' texts and the office's settings for each document.
 * Plain data, so the builders run the same in the browser, in Node tests and
 * on the office server.
 */
import type {
  AgendaItem,
  Attendee,
  BridgePoint,
  Conference,
  Department,
  FollowUp,
  Registration,
  Session,
  SpeakerTurn,
  SurveyResponse,
  Unit,
} from '../domain/model.ts';
import type { WorkingDayCalendar } from '../domain/workingDays.ts';

type Row<T> = T & { readonly id: string; readonly deleted?: boolean };

/** A turn, with the chair's conclusion on it when the room records one (optional until the room issue lands). */
export type TurnRecord = Row<SpeakerTurn> & { readonly conclusion?: string };

export interface SessionRecords {
  readonly session: Row<Session>;
  readonly agenda: readonly Row<AgendaItem>[];
  readonly attendees: readonly Row<Attendee>[];
  readonly turns: readonly TurnRecord[];
  /** The session's bridge points (điểm cầu), for the figures by bridge point; absent where not read. */
  readonly bridgePoints?: readonly Row<BridgePoint>[];
  /** The minutes document's texts by entry name (domain/minutesDoc.ts keys). */
  readonly texts: Readonly<Record<string, string>>;
  /** The chair's general conclusion of the session, when recorded (optional until the room issue lands). */
  readonly generalConclusion?: string;
}

export interface ConferenceRecords {
  readonly unit: Unit;
  readonly conference: Row<Conference>;
  readonly departments: Readonly<Record<string, Row<Department>>>;
  readonly sessions: readonly SessionRecords[];
  readonly registrations: readonly Row<Registration>[];
  readonly followUps: readonly Row<FollowUp>[];
  readonly surveys: readonly Row<SurveyResponse>[];
  readonly calendar: WorkingDayCalendar;
  /** 'YYYY-MM-DD' in Vietnam: what is overdue is decided against it (the core has no clock). */
  readonly today: string;
}

export const live = <T extends { readonly deleted?: boolean }>(rows: readonly T[]): T[] => rows.filter((r) => !r.deleted);
