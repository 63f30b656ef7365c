import { describe, expect, it, vi } from 'vitest';
import type { AttendeeGroup } from '../../src/domain/model.ts';
import {
  NO_BRIDGE_POINT,
  attendanceCounts,
  foldVietnamese,
  hasName,
  indexAttendees,
  searchAttendees,
  searchIndex,
  type SearchableAttendee,
} from '../../src/domain/attendance.ts';

function person(id: string, name: string, village = '', organisation = ''): SearchableAttendee {
  return { id, name, village, organisation };
}

const people = [
  person('1', 'Nguyễn Văn An', 'Thôn 3'),
  person('2', 'Trần Thị Bình', 'Thôn 1', 'Hội Phụ nữ xã'),
  person('3', 'Đặng Văn Đức', 'Thôn 3'),
  person('4', 'Lê Nguyễn Hoàng', 'Tổ dân phố 13'),
  person('5', 'Nguyễn Thị Ánh', 'Thôn 2', 'Công ty TNHH Nguyên Phát'),
  person('6', 'Bùi Văn Ân', 'Thôn 30'),
  person('7', 'Phạm Đình Nguyên', 'Thôn 3'),
];
const names = (list: readonly SearchableAttendee[]) => list.map((p) => p.name);

describe('foldVietnamese', () => {
  it('drops diacritics, maps đ to d, lower-cases and collapses spaces', () => {
    expect(foldVietnamese('  Nguyễn   Văn  Đức ')).toBe('nguyen van duc');
    expect(foldVietnamese('ĐẶNG THỊ HỒNG NHUNG')).toBe('dang thi hong nhung');
    expect(foldVietnamese('Thôn\t3')).toBe('thon 3');
  });

  it('treats composed and decomposed input alike', () => {
    expect(foldVietnamese('Ánh'.normalize('NFD'))).toBe(foldVietnamese('Ánh'.normalize('NFC')));
  });
});

describe('hasName', () => {
  const index = indexAttendees([...people, { ...person('8', 'Hồ Thị Thủy'), deleted: true }]);
  it('is true only for a whole name on the list, diacritics, case, spacing and tone placement aside', () => {
    expect(hasName(index, 'nguyen van an')).toBe(true);
    expect(hasName(index, '  NGUYỄN   Văn  An ')).toBe(true);
    expect(hasName(index, 'bui van an')).toBe(true);
    // Old tone placement (hòa / hoà) folds the same.
    expect(hasName(indexAttendees([person('9', 'Lê Văn Hòa')]), 'Lê Văn Hoà')).toBe(true);
    // A prefix, another field or a removed person is not "already on the list".
    expect(hasName(index, 'nguyen van')).toBe(false);
    expect(hasName(index, 'thon 3')).toBe(false);
    expect(hasName(index, 'ho thi thuy')).toBe(false);
    expect(hasName(index, '')).toBe(false);
  });
});

describe('searchAttendees', () => {
  it('finds with or without diacritics', () => {
    expect(names(searchAttendees(people, 'nguyen van'))).toEqual(['Nguyễn Văn An']);
    expect(names(searchAttendees(people, 'Nguyễn Văn'))).toEqual(['Nguyễn Văn An']);
    expect(names(searchAttendees(people, 'duc'))).toEqual(['Đặng Văn Đức']);
    expect(names(searchAttendees(people, 'đặng'))).toEqual(['Đặng Văn Đức']);
  });

  it('matches every word as a word prefix, in any field', () => {
    // '3' is also a prefix of '30': the person may still be typing.
    expect(names(searchAttendees(people, 'thon 3'))).toEqual(['Bùi Văn Ân', 'Đặng Văn Đức', 'Nguyễn Văn An', 'Phạm Đình Nguyên']);
    expect(names(searchAttendees(people, 'thon 30'))).toEqual(['Bùi Văn Ân']);
    expect(names(searchAttendees(people, 'an thon 3'))).toEqual(['Bùi Văn Ân', 'Nguyễn Văn An']);
    expect(names(searchAttendees(people, 'phu nu'))).toEqual(['Trần Thị Bình']);
    // Not a prefix of any word: 'guyen' is inside 'nguyen'.
    expect(searchAttendees(people, 'guyen')).toEqual([]);
    expect(searchAttendees(people, 'xyz')).toEqual([]);
  });

  it('ranks names that begin with the query first, then name matches, then other fields, alphabetical within each', () => {
    expect(names(searchAttendees(people, 'nguy'))).toEqual([
      // name starts with it
      'Nguyễn Thị Ánh',
      'Nguyễn Văn An',
      // a later word of the name
      'Lê Nguyễn Hoàng',
      'Phạm Đình Nguyên',
    ]);
    // 'Nguyên Phát' is only in the organisation of someone already listed, so nothing else appears.
    expect(names(searchAttendees(people, 'nguyen phat'))).toEqual(['Nguyễn Thị Ánh']);
  });

  it('collates Vietnamese names in Vietnamese order', () => {
    const list = [person('a', 'Đào Văn A'), person('b', 'Dương Văn B'), person('c', 'Ân Văn C'), person('d', 'An Văn D')];
    expect(names(searchAttendees(list, ''))).toEqual(['An Văn D', 'Ân Văn C', 'Dương Văn B', 'Đào Văn A']);
  });

  it('lists everyone alphabetically for an empty query, and honours the limit', () => {
    expect(searchAttendees(people, '   ')).toHaveLength(people.length);
    expect(searchAttendees(people, '', 3)).toHaveLength(3);
    expect(names(searchAttendees(people, 'thon', 2))).toEqual(['Bùi Văn Ân', 'Đặng Văn Đức']);
  });

  it('leaves deleted people out', () => {
    expect(searchAttendees([{ ...person('x', 'Nguyễn Văn An'), deleted: true }], 'an')).toEqual([]);
  });

  it('searches 500 attendees per keystroke from the index, folding only the query', () => {
    const family = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ'];
    const middle = ['Văn', 'Thị', 'Hữu', 'Đức', 'Minh', 'Ngọc'];
    const given = [
      'An',
      'Bình',
      'Cường',
      'Dũng',
      'Giang',
      'Hà',
      'Hải',
      'Hùng',
      'Lan',
      'Long',
      'Mai',
      'Nam',
      'Phương',
      'Quân',
      'Sơn',
      'Thảo',
      'Trang',
      'Tuấn',
    ];
    const many = Array.from({ length: 500 }, (_, i) =>
      person(
        String(i),
        `${family[i % family.length]} ${middle[i % middle.length]} ${given[(i * 7) % given.length]}`,
        `Thôn ${(i % 12) + 1}`,
        i % 5 === 0 ? 'Hợp tác xã Nông nghiệp' : '',
      ),
    );
    const index = indexAttendees(many);
    const keystrokes = ['n', 'ng', 'ngu', 'nguy', 'nguye', 'nguyen', 'nguyen ', 'nguyen v', 'nguyen va', 'nguyen van', 'thon 1', 'hop tac'];
    // Its speed is a benchmark figure (checkin-pure-search-p95 in `npm run bench`), not a test: a test
    // that times itself fails on a loaded machine. What makes it fast can be tested: a keystroke
    // folds only the query, never the 500 names again (the index holds them folded).
    const normalize = vi.spyOn(String.prototype, 'normalize');
    try {
      for (const q of keystrokes) searchIndex(index, q, 20);
      expect(normalize.mock.calls.length).toBeLessThanOrEqual(keystrokes.length);
    } finally {
      normalize.mockRestore();
    }
    expect(searchIndex(index, 'nguyen van').length).toBeGreaterThan(0);
  });
});

describe('attendanceCounts', () => {
  const a = (group: AttendeeGroup, invited: boolean, present: boolean, bridgePointId?: string, deleted = false) => ({
    group,
    invited,
    present,
    bridgePointId,
    deleted,
  });

  it('counts invited and present by group, in total and by bridge point', () => {
    const counts = attendanceCounts([
      a('upper_level', true, true, 'host'),
      a('leaders', true, false, 'host'),
      a('leaders', true, true, 'host'),
      a('citizens', true, true, 'site2'),
      a('citizens', false, true, 'site2'), // walk-in
      a('citizens', true, false),
      a('village_heads', true, true, undefined, true), // deleted
    ]);
    expect(counts.byGroup).toEqual({
      upper_level: { invited: 1, present: 1 },
      leaders: { invited: 2, present: 1 },
      village_heads: { invited: 0, present: 0 },
      citizens: { invited: 2, present: 2 },
    });
    expect(counts.total).toEqual({ invited: 5, present: 4 });
    expect(counts.byBridgePoint).toEqual({
      host: { invited: 3, present: 2 },
      site2: { invited: 1, present: 2 },
      [NO_BRIDGE_POINT]: { invited: 1, present: 0 },
    });
  });

  it('starts every group at zero for an empty list', () => {
    const counts = attendanceCounts([]);
    expect(counts.total).toEqual({ invited: 0, present: 0 });
    expect(Object.keys(counts.byGroup)).toEqual(['upper_level', 'leaders', 'village_heads', 'citizens']);
    expect(counts.byBridgePoint).toEqual({});
  });
});
