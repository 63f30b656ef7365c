/**
 * Valid changes as a device's write path would make them, for the server tests:
 * a simulated device with its own HLC, which stamps every field it writes.
 */
import { v7 as uuidv7 } from 'uuid';
import { tick, type Hlc } from '../../src/domain/clock.ts';
import { minutesDocId } from '../../src/domain/minutesDoc.ts';
import type { TableName } from '../../src/domain/model.ts';
import { toBase64, type RecordChange, type TextChange } from '../../src/protocol/index.ts';
import * as Y from 'yjs';

export class Device {
  last: Hlc | null = null;
  constructor(
    readonly id: string,
    /** The device's wall clock: tests set it to skew the device. */
    public now: () => number = Date.now,
  ) {}

  stamp(): Hlc {
    this.last = tick(this.last, this.now(), this.id);
    return this.last;
  }

  change(table: TableName, id: string, scope: { unitId: string; conferenceId?: string }, fields: Record<string, unknown>): RecordChange {
    const stamps: Record<string, Hlc> = {};
    for (const key of Object.keys(fields)) stamps[key] = this.stamp();
    return {
      kind: 'record',
      op: uuidv7(),
      table,
      id,
      unitId: scope.unitId,
      ...(scope.conferenceId ? { conferenceId: scope.conferenceId } : {}),
      fields,
      stamps,
      deviceId: this.id,
      hlc: this.last!,
    };
  }

  text(docId: string, scope: { unitId: string; conferenceId?: string }, update: Uint8Array): TextChange {
    return {
      kind: 'text',
      op: uuidv7(),
      docId,
      unitId: scope.unitId,
      ...(scope.conferenceId ? { conferenceId: scope.conferenceId } : {}),
      update: toBase64(update),
      deviceId: this.id,
    };
  }
}

export const unitFields = (name = 'UBND xã Thanh Trì') => ({
  name,
  upperLevel: 'UBND thành phố Hà Nội',
  address: 'Thanh Trì, Hà Nội',
  email: '',
  phone: '',
  deleted: false,
});

export const conferenceFields = (title = 'Hội nghị đối thoại TTHC năm 2026') => ({
  title,
  year: 2026,
  planNumber: '82/KH-UBND',
  round: 1,
  legalBases: [],
  registrationDeadline: { kind: 'days_before', days: 10 },
  deleted: false,
});

export const sessionFields = (conferenceId: string) => ({
  conferenceId,
  title: 'Buổi sáng',
  date: '2026-05-12',
  start: '07:30',
  end: '11:30',
  venue: 'Nhà văn hóa thôn Đông',
  venueKind: 'village_cultural_house',
  fieldFocus: 'Đất đai',
  format: 'in_person',
  speakingLimitMs: 300_000,
  chairName: 'Nguyễn Văn An',
  secretaryName: 'Trần Thị Bình',
  deleted: false,
});

export const departmentFields = (name = 'Phòng Kinh tế') => ({ name, fields: ['Đất đai'], deleted: false });

/** One unit with one conference and one session, as three changes of one device. */
export function seedUnit(device: Device, unitId = uuidv7()) {
  const conferenceId = uuidv7();
  const sessionId = uuidv7();
  const changes = [
    device.change('units', unitId, { unitId }, unitFields()),
    device.change('conferences', conferenceId, { unitId }, conferenceFields()),
    device.change('sessions', sessionId, { unitId, conferenceId }, sessionFields(conferenceId)),
  ];
  return { unitId, conferenceId, sessionId, docId: minutesDocId(sessionId), changes };
}

/** A Yjs update that types `text` into the named text of a fresh document (a new device's first keystrokes). */
export function typed(name: string, text: string): { doc: Y.Doc; update: Uint8Array } {
  const doc = new Y.Doc();
  doc.getText(name).insert(0, text);
  return { doc, update: Y.encodeStateAsUpdate(doc) };
}
