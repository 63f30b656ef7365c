/**
 * Puts a long session into the app's own IndexedDB, for the documents test and
 * benchmark: `n` concluded opinions with their questions and answers in the
 * session's minutes document. Typing 100 opinions through the queue would take
 * minutes of the test's time and test the queue, not the documents; the records
 * are written in the stored shape the write path produces (fields, per-field
 * HLC stamps, scope, tombstone flag), and the minutes text as one Yjs update,
 * so the app reads them exactly as if they had been recorded in the room.
 */
import * as Y from 'yjs';

const FIELDS = ['Đất đai', 'Hộ tịch', 'Chứng thực', 'Xây dựng, trật tự xây dựng', 'Cư trú'];
const NAMES = ['Nguyễn Thị Diệp', 'Đỗ Văn Lực', 'Phạm Thị Mỗ', 'Lê Văn Tự', 'Hoàng Thị Nguyệt', 'Vũ Quang Ẫn', 'Trần Hữu Dũng'];

export const speakerOf = (i) => `${NAMES[i % NAMES.length]} ${i + 1}`;

/** The minutes text of a session as one Yjs update (V1), as the app's minutes document stores it. */
function minutesUpdate(turnIds) {
  const doc = new Y.Doc();
  turnIds.forEach((id, i) => {
    doc
      .getText(`turn:${id}:q`)
      .insert(
        0,
        `Ý kiến số ${i + 1}: đề nghị xã giải quyết hồ sơ đúng hẹn, niêm yết công khai thủ tục, phí và lệ phí; công chức hướng dẫn đầy đủ một lần.`,
      );
    doc
      .getText(`turn:${id}:a`)
      .insert(0, 'Ủy ban nhân dân xã tiếp thu, chỉ đạo Bộ phận một cửa rà soát và trả lời trong thời hạn quy định.');
  });
  return [...Y.encodeStateAsUpdate(doc)];
}

/** Writes `n` opinions into session `sessionId` of the open page's database; reload the page afterwards. */
export async function seedOpinions(page, sessionId, n) {
  const turnIds = Array.from({ length: n }, (_, i) => `e2e-turn-${String(i).padStart(4, '0')}`);
  const turns = turnIds.map((id, i) => ({
    id,
    speakerName: speakerOf(i),
    affiliation: `thôn ${(i % 9) + 1}`,
    topic: 'Giải quyết hồ sơ đúng hẹn',
    field: FIELDS[i % FIELDS.length],
    responderName: 'Phó Chủ tịch UBND xã',
    disposition: i % 3 === 2 ? { kind: 'forwarded_upward' } : { kind: 'answered_in_room' },
    position: i + 1,
  }));
  await page.evaluate(
    async ({ sessionId, turns, update }) => {
      const db = await new Promise((resolve, reject) => {
        const req = indexedDB.open('doithoai');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const done = (tx) => new Promise((resolve, reject) => ((tx.oncomplete = resolve), (tx.onerror = () => reject(tx.error))));
      const session = await new Promise((resolve, reject) => {
        const req = db.transaction('sessions').objectStore('sessions').get(sessionId);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const now = Date.now();
      const stamp = (k) => `${now.toString(36).padStart(11, '0')}-${k.toString(36).padStart(5, '0')}-seed`;
      const tx = db.transaction(['speakerTurns', 'textUpdates'], 'readwrite');
      let k = 0;
      for (const t of turns) {
        const fields = {
          sessionId,
          position: t.position,
          speakerName: t.speakerName,
          affiliation: t.affiliation,
          topic: t.topic,
          field: t.field,
          responderName: t.responderName,
          status: 'done',
          calledAt: now,
          finishedAt: now,
          spokenMs: 240000,
          disposition: t.disposition,
          deleted: false,
        };
        const stamps = Object.fromEntries(Object.keys(fields).map((f) => [f, stamp(++k)]));
        const { deleted, ...rest } = fields;
        tx.objectStore('speakerTurns').put({
          ...rest,
          id: t.id,
          unitId: session.unitId,
          conferenceId: session.conferenceId,
          stamps,
          updatedAt: stamp(k),
          deleted,
        });
      }
      tx.objectStore('textUpdates').add({ docId: `minutes:${sessionId}`, update: new Uint8Array(update), pending: 0 });
      await done(tx);
      db.close();
      return session.conferenceId;
    },
    { sessionId, turns, update: minutesUpdate(turnIds) },
  );
  return page.evaluate(async (sessionId) => {
    const db = await new Promise((resolve) => {
      const req = indexedDB.open('doithoai');
      req.onsuccess = () => resolve(req.result);
    });
    const s = await new Promise((resolve) => {
      const req = db.transaction('sessions').objectStore('sessions').get(sessionId);
      req.onsuccess = () => resolve(req.result);
    });
    db.close();
    return s.conferenceId;
  }, sessionId);
}
