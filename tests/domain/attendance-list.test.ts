import { describe, expect, it } from 'vitest';
import { effectiveHost, hostChanges, walkInCount } from '../../src/domain/attendance.ts';
import { parseInviteeList, personKey } from '../../src/domain/inviteeList.ts';

describe('parseInviteeList', () => {
  it('reads name; village; title; organisation, trimming and leaving out what is missing', () => {
    const { good, bad } = parseInviteeList(' Nguyễn Văn  An ; Thôn 3 ; Trưởng thôn\nTrần Thị Bình;Tổ 5;;Hội Phụ nữ\nLê Văn Cường');
    expect(bad).toEqual([]);
    expect(good.map((g) => g.draft)).toEqual([
      { name: 'Nguyễn Văn An', village: 'Thôn 3', title: 'Trưởng thôn', organisation: '' },
      { name: 'Trần Thị Bình', village: 'Tổ 5', title: '', organisation: 'Hội Phụ nữ' },
      { name: 'Lê Văn Cường', village: '', title: '', organisation: '' },
    ]);
    expect(good.map((g) => g.line)).toEqual([1, 2, 3]);
  });

  it('skips blank lines but keeps the real line numbers', () => {
    const { good, bad } = parseInviteeList('\n\nAn; Thôn 1\r\n   \r\n; Thôn 2\n');
    expect(good.map((g) => g.line)).toEqual([3]);
    expect(bad).toEqual([{ line: 5, text: '; Thôn 2', problem: 'missing_name' }]);
  });

  it('accepts row numbers and tab-separated cells pasted from Excel', () => {
    const { good, bad } = parseInviteeList('1. Nguyễn Văn An; Thôn 1\n2) Bùi Thị Hoa; Thôn 2\n3\tPhạm Văn Dũng\tThôn 4\tBí thư chi bộ\nCông ty 3C');
    expect(bad).toEqual([]);
    expect(good.map((g) => [g.draft.name, g.draft.village, g.draft.title])).toEqual([
      ['Nguyễn Văn An', 'Thôn 1', ''],
      ['Bùi Thị Hoa', 'Thôn 2', ''],
      ['Phạm Văn Dũng', 'Thôn 4', 'Bí thư chi bộ'],
      // A name may contain digits: only a leading "3." or "3)" is a row number.
      ['Công ty 3C', '', ''],
    ]);
  });

  it('reports each bad line with its reason and keeps its text as typed', () => {
    const long = 'x'.repeat(201);
    const text = ['An; Thôn 1; a; b; c; d', ` ; Thôn 2`, `${long}; Thôn 3`, 'Bình; Thôn 1', 'binh ; thon 1'].join('\n');
    const { good, bad } = parseInviteeList(text);
    expect(good.map((g) => g.draft.name)).toEqual(['Bình']);
    expect(bad).toEqual([
      { line: 1, text: 'An; Thôn 1; a; b; c; d', problem: 'too_many_parts' },
      { line: 2, text: ' ; Thôn 2', problem: 'missing_name' },
      { line: 3, text: `${long}; Thôn 3`, problem: 'too_long' },
      { line: 5, text: 'binh ; thon 1', problem: 'duplicate_in_paste' },
    ]);
  });

  it('does not take trailing separators for extra parts', () => {
    expect(parseInviteeList('An; Thôn 1; Trưởng thôn; ;;').bad).toEqual([]);
  });

  it('reports people already on the list, diacritics ignored', () => {
    const { good, bad } = parseInviteeList('Nguyen Van An; Thon 3\nNguyễn Văn An; Thôn 4', [{ name: 'Nguyễn Văn An', village: 'Thôn 3' }]);
    expect(bad.map((b) => b.problem)).toEqual(['already_listed']);
    expect(good.map((g) => g.draft.village)).toEqual(['Thôn 4']);
  });

  it('keys a person by folded name and village', () => {
    expect(personKey({ name: 'Đặng  Văn Đức', village: 'THÔN 3' })).toBe(personKey({ name: 'dang van duc', village: 'thon 3' }));
  });
});

describe('bridge point host', () => {
  const p = (id: string, isHost: boolean, deleted = false) => ({ id, isHost, deleted });

  it('is the oldest flagged point, else the oldest point, else none', () => {
    expect(effectiveHost([p('b', true), p('a', false)])).toBe('b');
    // Two devices flagged two hosts at once: everyone agrees on the same one meanwhile.
    expect(effectiveHost([p('c', true), p('b', true)])).toBe('b');
    expect(effectiveHost([p('c', false), p('b', false)])).toBe('b');
    expect(effectiveHost([p('a', true, true), p('b', false)])).toBe('b');
    expect(effectiveHost([])).toBeNull();
  });

  it('writes only the flags that must change to leave exactly one host', () => {
    expect(hostChanges([p('a', true), p('b', false), p('c', false)], 'c')).toEqual([
      { id: 'a', isHost: false },
      { id: 'c', isHost: true },
    ]);
    expect(hostChanges([p('a', true), p('b', false)], 'a')).toEqual([]);
    expect(hostChanges([p('a', true), p('b', true)], 'a')).toEqual([{ id: 'b', isHost: false }]);
  });

  it('hands the host role on when the host is removed', () => {
    const remaining = [p('b', false), p('c', false)];
    expect(hostChanges(remaining, effectiveHost(remaining))).toEqual([{ id: 'b', isHost: true }]);
  });
});

describe('walkInCount', () => {
  it('counts people present without an invitation', () => {
    const a = (invited: boolean, present: boolean, deleted = false) => ({ group: 'citizens' as const, invited, present, deleted });
    expect(walkInCount([a(true, true), a(false, true), a(false, false), a(false, true, true), a(false, true)])).toBe(2);
  });
});

describe('groups in a pasted list', () => {
  it('a heading line sets the group of the lines below it; a fifth column wins over the heading', async () => {
    const { good, bad } = parseInviteeList(
      ['I. Đại biểu cấp trên:', 'Hoàng Văn Tỉnh', 'Lãnh đạo xã:', 'Lê Thị Nguyệt; TDP 5; ; Hội Phụ nữ', 'Phạm Văn Dân; Thôn 2; ; ; người dân'].join('\n'),
    );
    expect(bad).toEqual([]);
    expect(good.map((g) => [g.draft.name, g.draft.group])).toEqual([
      ['Hoàng Văn Tỉnh', 'upper_level'],
      ['Lê Thị Nguyệt', 'leaders'],
      ['Phạm Văn Dân', 'citizens'],
    ]);
  });

  it('a person whose name looks like a group is not a heading; an unknown group column is reported', async () => {
    const { good, bad } = parseInviteeList('Lãnh Văn Đạo; Thôn 1\nNhóm: Người dân\nAn; Thôn 2; ; ; hội đồng lạ');
    expect(good.map((g) => [g.draft.name, g.draft.group])).toEqual([['Lãnh Văn Đạo', undefined]]);
    expect(bad).toEqual([{ line: 3, text: 'An; Thôn 2; ; ; hội đồng lạ', problem: 'unknown_group' }]);
  });

  it('names every group as the plans do', async () => {
    const { groupNamed } = await import('../../src/domain/inviteeList.ts');
    expect(groupNamed('Bí thư chi bộ, Trưởng thôn/Tổ trưởng TDP')).toBe('village_heads');
    expect(groupNamed('Người dân, doanh nghiệp')).toBe('citizens');
    expect(groupNamed('Lãnh đạo xã/phường (Đảng ủy, HĐND, MTTQ, đoàn thể)')).toBe('leaders');
    expect(groupNamed('Đại biểu cấp trên')).toBe('upper_level');
    expect(groupNamed('Ban quản lý chợ')).toBeNull();
  });
});

describe('invitedListCopy', () => {
  it('copies the invited, not check-ins or walk-ins, and nobody already on the list', async () => {
    const { invitedListCopy } = await import('../../src/domain/inviteeList.ts');
    const base = { title: '', organisation: '', village: 'Thôn 1' };
    const copy = invitedListCopy(
      [
        { ...base, name: 'An', group: 'citizens' as const, invited: true, present: true },
        { ...base, name: 'Bình', group: 'leaders' as const, invited: true },
        { ...base, name: 'Khách', group: 'citizens' as const, invited: false },
        { ...base, name: 'Cũ', group: 'citizens' as const, invited: true, deleted: true },
      ],
      [{ name: 'binh', village: 'thon 1' }],
    );
    expect(copy).toEqual([{ name: 'An', village: 'Thôn 1', title: '', organisation: '', group: 'citizens' }]);
  });
});
