/** The role table's rules on their own: field grants, several roles, redaction of personal data. */
import { describe, expect, it } from 'vitest';
import { ACCESS_TABLE, ROLES, mayImportFiles, mayWrite, mayWriteAny, redactForRoles, textKindOf } from '../../src/domain/access.ts';
import { conferenceDocumentsDocId, minutesDocId } from '../../src/domain/minutesDoc.ts';
import { TABLE_NAMES } from '../../src/domain/model.ts';

describe('mayWrite', () => {
  it('a field grant changes the listed fields of an existing record, never creates or deletes one', () => {
    expect(mayWrite(['secretary'], 'speakerTurns', ['disposition'], true)).toEqual({ ok: true });
    expect(mayWrite(['secretary'], 'speakerTurns', ['disposition', 'position'], true)).toEqual({ ok: false, field: 'position' });
    expect(mayWrite(['secretary'], 'speakerTurns', ['disposition'], false)).toEqual({ ok: false });
    expect(mayWrite(['secretary'], 'speakerTurns', ['deleted'], true)).toEqual({ ok: false, field: 'deleted' });
  });

  it('with several roles, any role that allows it is enough', () => {
    expect(mayWrite(['viewer', 'office'], 'registrations', ['phone'], true)).toEqual({ ok: true });
    expect(mayWrite(['secretary', 'chair'], 'speakerTurns', ['position'], true)).toEqual({ ok: true });
    expect(mayWrite([], 'registrations', ['phone'], true)).toEqual({ ok: false });
  });

  it('a viewer writes nothing anywhere; an admin writes everything; every table has a line', () => {
    for (const kind of [...TABLE_NAMES, 'minutesText', 'documentsText'] as const) {
      expect(ACCESS_TABLE[kind]).toBeDefined();
      expect(Object.keys(ACCESS_TABLE[kind]).sort()).toEqual([...ROLES].sort());
      expect(mayWriteAny(['viewer'], kind)).toBe(false);
      expect(mayWrite(['admin'], kind, ['anything'], false)).toEqual({ ok: true });
    }
  });
});

describe('texts', () => {
  it('a session’s minutes are the secretary’s; a conference’s documents are the office’s too', () => {
    expect(textKindOf(minutesDocId('s1'))).toBe('minutesText');
    expect(textKindOf(conferenceDocumentsDocId('c1'))).toBe('documentsText');
    expect(mayWriteAny(['office'], textKindOf(minutesDocId('s1')))).toBe(false);
    expect(mayWriteAny(['office'], textKindOf(conferenceDocumentsDocId('c1')))).toBe(true);
    expect(mayWriteAny(['chair'], textKindOf(conferenceDocumentsDocId('c1')))).toBe(false);
  });
});

describe('mayImportFiles: a file brings whole conferences, so only those who may create them bring one in', () => {
  it.each([
    [['admin'], true],
    [['office'], true],
    [['chair'], false],
    [['secretary'], false],
    [['viewer'], false],
    [['chair', 'office'], true],
    [[], false],
  ] as const)('%j: %s', (roles, may) => {
    expect(mayImportFiles(roles)).toBe(may);
  });
});

describe('redactForRoles', () => {
  const form = {
    fullName: 'Lê Văn Cường',
    village: 'Thôn Đông',
    phone: '0912 345 678',
    email: 'c@example.vn',
    addressDetail: 'ngõ 3',
    houseNumber: '12',
    proposals: 'Rút ngắn',
  };
  it('blanks phone, house number, address and e-mail for roles that do not need them, keeping the fields present', () => {
    expect(redactForRoles(['chair'], 'registrations', form)).toEqual({ ...form, phone: '', email: '', addressDetail: '', houseNumber: '' });
    expect(redactForRoles(['office'], 'registrations', form)).toBe(form);
    expect(redactForRoles(['viewer', 'admin'], 'registrations', form)).toBe(form);
  });
  it('leaves other tables and changes without personal fields as they are', () => {
    expect(redactForRoles(['viewer'], 'speakerTurns', { topic: 'x' })).toEqual({ topic: 'x' });
    const partial = { field: 'Đất đai' };
    expect(redactForRoles(['viewer'], 'registrations', partial)).toBe(partial);
  });
});
