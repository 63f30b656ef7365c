/**
 * Finding a person at the door and counting who came.
 *
 * Why a prebuilt index: check-in happens with a queue of 80-200 people at the
 * door (seed 003) and the list is searched on every keystroke, on low-end
 * tablets. Folding diacritics and collating Vietnamese names is the expensive
 * part, so it is done once per list change, and a keystroke is only substring
 * tests on short ASCII strings.
 *
 * Why diacritic-insensitive: staff type on whatever keyboard they have, often
 * without Telex/VNI, and "nguyen van" must find "Nguyễn Văn An".
 */
import { foldVietnamese } from './fold.ts';
import { ATTENDEE_GROUPS, type Attendee, type AttendeeGroup } from './model.ts';

export { foldVietnamese };

/** Words for prefix matching: punctuation separates words ("Tổ 5/Thôn 3"). */
function words(s: string): string[] {
  return foldVietnamese(s)
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

export type SearchableAttendee = Pick<Attendee, 'name' | 'village' | 'organisation'> & {
  readonly id: string;
  readonly deleted?: boolean;
};

interface IndexEntry<T> {
  readonly attendee: T;
  /** " w1 w2 …" so that `includes(' ' + q)` is "q is a prefix of some word". */
  readonly nameWords: string;
  readonly allWords: string;
  readonly nameFolded: string;
  /** Place in Vietnamese alphabetical order of names. */
  readonly rank: number;
}

export interface AttendeeIndex<T> {
  readonly entries: readonly IndexEntry<T>[];
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/** Build once per change of the list, then search with searchIndex. */
export function indexAttendees<T extends SearchableAttendee>(attendees: readonly T[]): AttendeeIndex<T> {
  const live = attendees.filter((a) => !a.deleted);
  const sorted = [...live].sort((a, b) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const entries = sorted.map((attendee, rank) => {
    const nameWords = words(attendee.name).join(' ');
    const other = [...words(attendee.village), ...words(attendee.organisation)].join(' ');
    return {
      attendee,
      nameWords: ` ${nameWords}`,
      allWords: ` ${nameWords} ${other}`,
      nameFolded: nameWords,
      rank,
    };
  });
  return { entries };
}

/**
 * Every query word must be a prefix of some word of the name, village or
 * organisation. Ranked: names that begin with the query, then names that
 * contain every query word, then matches through village or organisation;
 * alphabetical within each. An empty query lists everyone alphabetically.
 */
export function searchIndex<T>(index: AttendeeIndex<T>, query: string, limit = Infinity): T[] {
  const q = words(query);
  const qJoined = q.join(' ');
  const needles = q.map((w) => ` ${w}`);
  const hits: { entry: IndexEntry<T>; tier: number }[] = [];
  for (const entry of index.entries) {
    let inName = true;
    let matched = true;
    for (const needle of needles) {
      if (entry.nameWords.includes(needle)) continue;
      inName = false;
      if (!entry.allWords.includes(needle)) {
        matched = false;
        break;
      }
    }
    if (!matched) continue;
    const tier = inName ? (entry.nameFolded.startsWith(qJoined) ? 0 : 1) : 2;
    hits.push({ entry, tier });
  }
  // Entries are already in alphabetical order, so a stable sort by tier keeps it within each tier.
  hits.sort((a, b) => a.tier - b.tier);
  const out: T[] = [];
  for (const hit of hits) {
    if (out.length >= limit) break;
    out.push(hit.entry.attendee);
  }
  return out;
}

/**
 * Is someone on the list under exactly this name (case, diacritics, tone placement and
 * punctuation aside)? Check-in then offers no "add a new person", which would invite an
 * unaccented duplicate. Compares with the names the index folded once, so a keystroke folds
 * only the query (folding every hit's name per keystroke was most of the check-in's time).
 */
export function hasName<T>(index: AttendeeIndex<T>, query: string): boolean {
  const q = words(query).join(' ');
  return q !== '' && index.entries.some((entry) => entry.nameFolded === q);
}

/** For one-off searches; for per-keystroke search keep the index. */
export function searchAttendees<T extends SearchableAttendee>(attendees: readonly T[], query: string, limit?: number): T[] {
  return searchIndex(indexAttendees(attendees), query, limit);
}

export interface AttendanceCount {
  invited: number;
  present: number;
}

export interface AttendanceCounts {
  readonly byGroup: Readonly<Record<AttendeeGroup, AttendanceCount>>;
  readonly total: AttendanceCount;
  /** Key '' (NO_BRIDGE_POINT) for people not assigned to a bridge point, i.e. a single-site conference. */
  readonly byBridgePoint: Readonly<Record<string, AttendanceCount>>;
}

export const NO_BRIDGE_POINT = '';

export type CountableAttendee = Pick<Attendee, 'group' | 'invited' | 'present' | 'bridgePointId'> & {
  readonly deleted?: boolean;
};

/**
 * Invited and present are counted separately because they are different
 * people: walk-ins are present without an invitation, and the report states
 * both (seed 003 plans 80-200 attendees).
 */
export function attendanceCounts(attendees: readonly CountableAttendee[]): AttendanceCounts {
  const byGroup = Object.fromEntries(ATTENDEE_GROUPS.map((g) => [g, { invited: 0, present: 0 }])) as Record<AttendeeGroup, AttendanceCount>;
  const total: AttendanceCount = { invited: 0, present: 0 };
  const byBridgePoint: Record<string, AttendanceCount> = {};
  for (const a of attendees) {
    if (a.deleted) continue;
    const key = a.bridgePointId ?? NO_BRIDGE_POINT;
    const site = (byBridgePoint[key] ??= { invited: 0, present: 0 });
    // A group this version does not know (a newer app's record) still counts in the totals.
    const group = byGroup[a.group] as AttendanceCount | undefined;
    for (const bucket of group ? [group, total, site] : [total, site]) {
      if (a.invited) bucket.invited += 1;
      if (a.present) bucket.present += 1;
    }
  }
  return { byGroup, total, byBridgePoint };
}

// ---------------------------------------------------------------- bridge points (điểm cầu)

export interface HostablePoint {
  readonly id: string;
  readonly isHost: boolean;
  readonly deleted?: boolean;
}

const byId = (a: HostablePoint, b: HostablePoint) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The host bridge point (where the chair sits): exactly one per session.
 * Two devices editing at the same time can leave none or two flagged until
 * someone fixes it, so every screen reads the host through this rule and they
 * all agree meanwhile: the first flagged point in id order (ids are
 * time-ordered, so the oldest), else the first point.
 */
export function effectiveHost(points: readonly HostablePoint[]): string | null {
  const live = points.filter((p) => !p.deleted).sort(byId);
  return (live.find((p) => p.isHost) ?? live[0])?.id ?? null;
}

/**
 * The `isHost` writes that leave `hostId` the only host: only the points
 * whose flag must change, so two devices choosing the same host write nothing
 * that conflicts. After a removal, pass the remaining points and
 * `effectiveHost(remaining)`.
 */
export function hostChanges(points: readonly HostablePoint[], hostId: string | null): { id: string; isHost: boolean }[] {
  return points
    .filter((p) => !p.deleted && p.isHost !== (p.id === hostId))
    .map((p) => ({ id: p.id, isHost: p.id === hostId }));
}

/** Present without an invitation (walk-ins): the report states them apart from the invitees who came. */
export function walkInCount(attendees: readonly CountableAttendee[]): number {
  let n = 0;
  for (const a of attendees) if (!a.deleted && a.present && !a.invited) n += 1;
  return n;
}
