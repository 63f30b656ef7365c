/**
 * Giấy mời (Mẫu 1.7, DOCUMENTS.md §3.4), one page per invitee of a session, and
 * the list of invitees: the invited delegates of the attendance list and the
 * people whose registration form came in time (a late form is not a request
 * for dialogue, seed 004), each once.
 */
import { foldVietnamese } from '../domain/attendance.ts';
import { ATTENDEE_GROUP_LABELS } from '../domain/labels.ts';
import { firstSessionDate, isOutsideDialogue, timeliness } from '../domain/registration.ts';
import { body, committeeSigner, header } from './common.ts';
import { live, type ConferenceRecords, type SessionRecords } from './inputs.ts';
import type { OfficialDocument, Section } from './model.ts';
import type { DocumentSettings } from './settings.ts';
import { asciiSlug, dateWords, timeWords, unitNames } from './words.ts';

export interface Invitee {
  readonly name: string;
  /** Title and organisation, or the address on the form. */
  readonly detail: string;
  readonly group: string;
}

export function invitees(records: ConferenceRecords, s: SessionRecords): Invitee[] {
  const out: Invitee[] = [];
  const seen = new Set<string>();
  for (const a of live(s.attendees)) {
    if (!a.invited) continue;
    seen.add(foldVietnamese(a.name));
    out.push({
      name: a.name,
      detail: [a.title, a.organisation, a.village].filter(Boolean).join(', '),
      group: ATTENDEE_GROUP_LABELS.vi[a.group],
    });
  }
  const first = firstSessionDate(records.sessions.map((x) => x.session));
  const forms = live(records.registrations)
    // A complaint or denunciation is not a dialogue question (seeds 001, 004): it is redirected, not invited.
    .filter((f) => !isOutsideDialogue(f) && timeliness(f, records.conference.registrationDeadline, first, records.calendar) !== 'late')
    .sort((a, b) => a.receivedAt - b.receivedAt);
  for (const f of forms) {
    const key = foldVietnamese(f.fullName);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      name: f.fullName,
      detail: [f.organisation, f.houseNumber, f.village, f.addressDetail].filter(Boolean).join(', '),
      group: 'Người đăng ký đối thoại',
    });
  }
  return out;
}

function invitationSection(records: ConferenceRecords, s: SessionRecords, settings: DocumentSettings, who: Invitee): Section {
  const names = unitNames(records.unit.name);
  const { session } = s;
  return {
    header: header('invitations', records.unit, settings, Number(session.date.slice(0, 4))),
    title: { type: 'GIẤY MỜI', subject: `Dự ${records.conference.title}` },
    blocks: [
      body(`${names.committee} trân trọng kính mời:`),
      { kind: 'paragraph', text: `Ông (Bà): ${who.name}`, bold: true, align: 'center', size: 14 },
      ...(who.detail ? [body(who.detail, { label: 'Địa chỉ, đơn vị:' })] : []),
      body(`Tới dự ${records.conference.title}${session.title ? ` (${session.title})` : ''}.`),
      body(session.chairName || '', { label: 'Chủ trì:' }),
      body(`${timeWords(session.start)}, ${dateWords(session.date)}.`, { label: 'Thời gian:' }),
      body(`${session.venue}.`, { label: 'Địa điểm:' }),
      body(
        'Đề nghị Ông (Bà) mang theo Giấy mời này khi đến dự hội nghị. Ý kiến đăng ký của Ông (Bà) (nếu có) sẽ được trả lời tại hội nghị. ' +
          'Rất mong Ông (Bà) đến dự đúng giờ./.',
        { key: 'note' },
      ),
      {
        kind: 'signatures',
        left: { items: ['- Như trên;', '- Lưu: VT, VP.'] },
        right: committeeSigner(settings, session.chairName),
      },
    ],
  };
}

export function buildInvitations(records: ConferenceRecords, s: SessionRecords, settings: DocumentSettings): OfficialDocument {
  const names = unitNames(records.unit.name);
  const people = invitees(records, s);
  return {
    kind: 'invitations',
    fileName: `Giay-moi-${asciiSlug(names.place)}-${s.session.date}`,
    title: `Giấy mời dự ${records.conference.title}`,
    sections: people.map((p) => invitationSection(records, s, settings, p)),
  };
}

export function buildInviteeList(records: ConferenceRecords, s: SessionRecords, _settings: DocumentSettings): OfficialDocument {
  const names = unitNames(records.unit.name);
  const people = invitees(records, s);
  return {
    kind: 'invitee_list',
    fileName: `Danh-sach-khach-moi-${asciiSlug(names.place)}-${s.session.date}`,
    title: `Danh sách khách mời - ${records.conference.title}`,
    sections: [
      {
        // The unit's header without a number: a list that goes with the invitations, not a document of its own.
        header: { agency: names.agencyLines, number: null, placeDate: null },
        title: {
          type: 'DANH SÁCH KHÁCH MỜI',
          subject: `${records.conference.title}${s.session.title ? ` – ${s.session.title}` : ''}`,
          subjectItalic: `(${timeWords(s.session.start)}, ${dateWords(s.session.date)}, tại ${s.session.venue})`,
        },
        blocks: [
          {
            kind: 'table',
            columns: [
              { title: 'STT', width: 0.08, align: 'center' },
              { title: 'Họ và tên', width: 0.3 },
              { title: 'Chức vụ, đơn vị, địa chỉ', width: 0.37 },
              { title: 'Thành phần', width: 0.25 },
            ],
            rows: people.map((p, i) => [String(i + 1), p.name, p.detail, p.group]),
          },
        ],
      },
    ],
  };
}
