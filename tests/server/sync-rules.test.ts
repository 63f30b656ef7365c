/**
 * The server's per-change rules on their own, without a database: the order of
 * the checks, the merge-then-validate rule, and the text helpers.
 */
import { v7 as uuidv7 } from 'uuid';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { SYNC_LIMITS } from '../../src/protocol/index.ts';
import {
  compactText,
  decideRecordChange,
  decideTextChange,
  sessionOfDoc,
  textDiffOf,
  withDocumentScope,
  type RecordState,
} from '../../src/server/sync-rules.ts';
import { conferenceDocumentsDocId } from '../../src/domain/minutesDoc.ts';
import { Device, departmentFields, seedUnit, typed } from './sync-fixtures.ts';

const NOW = Date.UTC(2026, 4, 12, 1, 0, 0);

describe('decideRecordChange', () => {
  const device = new Device('tabletA', () => NOW);
  const seed = seedUnit(device);
  const sessionChange = seed.changes[2]!;
  const created = decideRecordChange(undefined, sessionChange, NOW);
  if (!created.ok) throw new Error('the seed session must be valid');
  const stored: RecordState = created.state;

  it('creates a record from a full change and keeps its scope', () => {
    expect(stored).toMatchObject({ unitId: seed.unitId, conferenceId: seed.conferenceId });
    expect(stored.fields.venue).toBe('Nhà văn hóa thôn Đông');
    expect(Object.keys(stored.stamps).sort()).toEqual(Object.keys(sessionChange.fields).sort());
  });

  it('merges per field: the older stamp loses, the record keeps the newer value', () => {
    const newer = decideRecordChange(stored, device.change('sessions', seed.sessionId, seed, { venue: 'Hội trường' }), NOW);
    expect(newer.ok && newer.state.fields.venue).toBe('Hội trường');
    const old = new Device('old', () => NOW - 3_600_000).change('sessions', seed.sessionId, seed, { venue: 'Cũ' });
    const lost = decideRecordChange(newer.ok ? newer.state : stored, old, NOW);
    expect(lost.ok && lost.state.fields.venue).toBe('Hội trường');
  });

  it('checks a malformed change first, then the clock, then the scope, then the merged record', () => {
    const future = new Device('future', () => NOW + SYNC_LIMITS.maxFutureMs + 60_000);
    const wrongScope = { unitId: 'another-unit', conferenceId: seed.conferenceId };
    // All four problems at once: the malformed shape is reported.
    const all = future.change('sessions', seed.sessionId, wrongScope, { end: '01:00' });
    expect(decideRecordChange(stored, { ...all, stamps: {} }, NOW)).toMatchObject({
      reason: 'validation_failed',
      details: { problem: 'field_without_stamp' },
    });
    expect(decideRecordChange(stored, all, NOW)).toMatchObject({ reason: 'clock_skew' });
    const wrong = device.change('sessions', seed.sessionId, wrongScope, { end: '01:00' });
    expect(decideRecordChange(stored, wrong, NOW)).toMatchObject({ reason: 'scope_mismatch', details: { unitId: seed.unitId } });
    const invalid = device.change('sessions', seed.sessionId, seed, { end: '01:00' });
    expect(decideRecordChange(stored, invalid, NOW)).toEqual({
      ok: false,
      reason: 'validation_failed',
      details: { issues: [{ field: 'end', code: 'end_before_start' }] },
    });
  });

  it('does not validate a tombstone, and validates again on undelete', () => {
    const deleted = decideRecordChange(stored, device.change('sessions', seed.sessionId, seed, { deleted: true, end: '01:00' }), NOW);
    expect(deleted.ok).toBe(true);
    if (!deleted.ok) return;
    const undeleted = decideRecordChange(deleted.state, device.change('sessions', seed.sessionId, seed, { deleted: false }), NOW);
    expect(undeleted).toMatchObject({ ok: false, reason: 'validation_failed' });
  });

  it('refuses names that are not plain identifiers and the record bookkeeping as fields', () => {
    for (const name of ['id', 'unitId', 'stamps', 'updatedAt', '__proto__', 'a.b', '1x']) {
      const c = device.change('departments', uuidv7(), { unitId: seed.unitId }, departmentFields());
      const stamp = c.hlc;
      const bad = { ...c, fields: { ...c.fields, [name]: 'x' }, stamps: { ...c.stamps, [name]: stamp } };
      expect(decideRecordChange(undefined, bad, NOW), name).toMatchObject({
        reason: 'validation_failed',
        details: { problem: 'reserved_or_invalid_field' },
      });
    }
  });

  it('requires a session to name the conference it is scoped to, and a unit to be its own scope', () => {
    const other = device.change('sessions', uuidv7(), seed, { ...sessionChange.fields, conferenceId: 'another-conference' });
    expect(decideRecordChange(undefined, other, NOW)).toMatchObject({ reason: 'scope_mismatch', details: { field: 'conferenceId' } });
    const unit = device.change('units', uuidv7(), { unitId: seed.unitId }, seed.changes[0]!.fields);
    expect(decideRecordChange(undefined, unit, NOW)).toMatchObject({ reason: 'scope_mismatch' });
  });
});

describe("a record under another unit's conference, session or turn", () => {
  const device = new Device('tabletA', () => NOW);
  const ours = seedUnit(device, 'unit-A');
  const theirs = seedUnit(device, 'unit-B');
  const held = new Map([
    [`conferences/${theirs.conferenceId}`, 'unit-B'],
    [`sessions/${theirs.sessionId}`, 'unit-B'],
    ['speakerTurns/turn-B', 'unit-B'],
    [`conferences/${ours.conferenceId}`, 'unit-A'],
    [`sessions/${ours.sessionId}`, 'unit-A'],
  ]);
  const unitOf = (table: string, id: string) => held.get(`${table}/${id}`);
  const scopeA = { unitId: 'unit-A', conferenceId: ours.conferenceId };
  const bridge = (sessionId: string) => ({ sessionId, name: 'Điểm cầu thôn Đông', address: '', isHost: false, deleted: false });

  it.each([
    [
      'a session in their conference',
      device.change(
        'sessions',
        'sess-x',
        { unitId: 'unit-A', conferenceId: theirs.conferenceId },
        { ...theirs.changes[2]!.fields, conferenceId: theirs.conferenceId },
      ),
      'conferenceId',
    ],
    ['a bridge point in their session', device.change('bridgePoints', 'bp-x', scopeA, bridge(theirs.sessionId)), 'sessionId'],
    [
      'a timer event for their turn',
      device.change('timerEvents', 'tm-x', scopeA, {
        sessionId: ours.sessionId,
        turnId: 'turn-B',
        type: 'start',
        at: NOW,
        amountMs: 300_000,
        deleted: false,
      }),
      'turnId',
    ],
  ] as const)('%s: refused, whatever unit the record itself names', (_case, change, field) => {
    expect(decideRecordChange(undefined, change, NOW, unitOf)).toMatchObject({
      ok: false,
      reason: 'scope_mismatch',
      details: { field, problem: 'parent_in_other_unit' },
    });
  });

  it('a parent of its own unit, or one the server does not hold yet, passes', () => {
    expect(decideRecordChange(undefined, device.change('bridgePoints', 'bp-1', scopeA, bridge(ours.sessionId)), NOW, unitOf).ok).toBe(true);
    expect(decideRecordChange(undefined, device.change('bridgePoints', 'bp-2', scopeA, bridge('not-yet-pushed')), NOW, unitOf).ok).toBe(
      true,
    );
  });
});

describe('text documents', () => {
  const device = new Device('tabletA', () => NOW);
  const seed = seedUnit(device);

  it('merges updates and refuses bytes that are not a Yjs update', () => {
    const a = typed('item:1', 'Khai mạc.');
    const first = decideTextChange(undefined, device.text(seed.docId, seed, a.update), a.update, seed.unitId);
    expect(first.ok).toBe(true);
    const garbage = new Uint8Array([9, 9, 9, 9]);
    expect(decideTextChange(undefined, device.text(seed.docId, seed, garbage), garbage, seed.unitId)).toMatchObject({
      reason: 'validation_failed',
      details: { problem: 'invalid_text_update' },
    });
    expect(decideTextChange(undefined, device.text(seed.docId, seed, a.update), a.update, 'another-unit')).toMatchObject({
      reason: 'scope_mismatch',
    });
  });

  it('keeps a conference’s documents in that conference: another conference id or another unit is refused, an old app’s null is read as the id', () => {
    const docId = conferenceDocumentsDocId(seed.conferenceId);
    const a = typed('notice:body', 'Thông báo tổ chức hội nghị.');
    const ok = decideTextChange(undefined, device.text(docId, seed, a.update), a.update, undefined, seed.unitId);
    expect(ok).toMatchObject({ ok: true, state: { unitId: seed.unitId, conferenceId: seed.conferenceId } });
    const elsewhere = device.text(docId, { unitId: seed.unitId, conferenceId: 'another-conference' }, a.update);
    expect(decideTextChange(undefined, elsewhere, a.update, undefined, seed.unitId)).toMatchObject({
      reason: 'scope_mismatch',
      details: { field: 'conferenceId', conferenceId: seed.conferenceId },
    });
    const otherUnit = device.text(docId, { unitId: 'another-unit', conferenceId: seed.conferenceId }, a.update);
    expect(decideTextChange(undefined, otherUnit, a.update, undefined, seed.unitId)).toMatchObject({
      reason: 'scope_mismatch',
      details: { unitId: seed.unitId },
    });
    const old = device.text(docId, { unitId: seed.unitId }, a.update);
    expect(decideTextChange(undefined, old, a.update, undefined, seed.unitId)).toMatchObject({ reason: 'scope_mismatch' });
    expect(withDocumentScope(old).conferenceId).toBe(seed.conferenceId);
    const minutes = device.text(seed.docId, { unitId: seed.unitId }, a.update);
    expect(withDocumentScope(minutes)).toBe(minutes);
  });

  it('answers a state vector with what it lacks, and compacts without losing text', () => {
    const doc = new Y.Doc();
    const text = doc.getText('item:1');
    text.insert(0, 'Ý kiến thứ nhất. '.repeat(50));
    text.delete(0, 200);
    text.insert(text.length, 'Trả lời.');
    const state = Y.encodeStateAsUpdate(doc);
    const compacted = compactText(state);
    const back = new Y.Doc();
    Y.applyUpdate(back, compacted);
    expect(back.getText('item:1').toString()).toBe(text.toString());
    const { update, stateVector } = textDiffOf(compacted, Y.encodeStateVector(back));
    expect(stateVector).toEqual(Y.encodeStateVector(back));
    const probe = new Y.Doc();
    Y.applyUpdate(probe, update);
    expect(probe.getText('item:1').toString()).toBe('');
  });

  it('knows the session of a minutes document by its id, and nothing else', () => {
    expect(sessionOfDoc('minutes:abc')).toBe('abc');
    expect(sessionOfDoc('minutes:')).toBeUndefined();
    expect(sessionOfDoc('notes:abc')).toBeUndefined();
  });
});
