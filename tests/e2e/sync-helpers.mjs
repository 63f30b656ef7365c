/**
 * Reading back what a device and the office server hold, for the end-to-end
 * tests of sync: every synced record (its stamped fields and their stamps) and
 * every text document's characters, on a device straight from its IndexedDB
 * and on the server through its own sync API (the log folded with the merge
 * rule, the text documents through a state-vector request). Comparing the two
 * is what "converged" means: nothing lost, nothing doubled, nothing different.
 */
import * as Y from 'yjs';

/** The tables that sync (`RECORD_SCHEMAS` in src/domain/model.ts). */
export const SYNCED_TABLES = [
  'units',
  'departments',
  'responders',
  'conferences',
  'sessions',
  'bridgePoints',
  'agendaItems',
  'attendees',
  'registrations',
  'speakerTurns',
  'timerEvents',
  'followUps',
  'surveyResponses',
];

/**
 * Everything a device's database holds that sync carries: per record its stamped fields and stamps,
 * and its text rows (update bytes, whether still pending, op). Plain IndexedDB, so no app code is trusted.
 */
export async function deviceState(page) {
  const raw = await page.evaluate(async (tables) => {
    const db = await new Promise((resolve, reject) => {
      const req = indexedDB.open('doithoai');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const all = (store) =>
      new Promise((resolve, reject) => {
        const req = db.transaction(store, 'readonly').objectStore(store).getAll();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    const out = { records: {}, texts: [], outbox: 0, outboxOps: [], cursor: null, refused: [] };
    for (const table of tables) out.records[table] = db.objectStoreNames.contains(table) ? await all(table) : [];
    out.texts = (await all('textUpdates')).map((r) => ({ docId: r.docId, update: Array.from(r.update), pending: r.pending, op: r.op, unitId: r.unitId, conferenceId: r.conferenceId }));
    const outbox = await all('outbox');
    out.outbox = outbox.length;
    out.outboxOps = outbox.map((e) => e.op);
    out.cursor = (await all('meta')).find((m) => m.key === 'syncCursor')?.value ?? null;
    out.refused = db.objectStoreNames.contains('refused') ? await all('refused') : [];
    db.close();
    return out;
  }, SYNCED_TABLES);
  const records = {};
  for (const table of SYNCED_TABLES) {
    for (const r of raw.records[table]) records[`${table}/${r.id}`] = stampedOf(r, r.stamps ?? {}, r.unitId);
  }
  const byDoc = new Map();
  for (const row of raw.texts) byDoc.set(row.docId, [...(byDoc.get(row.docId) ?? []), Uint8Array.from(row.update)]);
  const texts = {};
  for (const [docId, updates] of byDoc) texts[docId] = textsOf(Y.mergeUpdates(updates));
  return {
    records,
    texts,
    textRows: raw.texts,
    outbox: raw.outbox,
    /** The ops this device still has to send: its outbox and its pending text rows. */
    pendingOps: [...raw.outboxOps, ...raw.texts.filter((r) => r.pending === 1).map((r) => r.op)],
    /** `{ serverId, cursor }`: how far into the server's log this device has applied. */
    cursor: raw.cursor,
    refused: raw.refused.length,
    refusedRows: raw.refused,
  };
}

/** A record as sync knows it: its unit, and every field that carries a stamp with that stamp. */
function stampedOf(record, stamps, unitId) {
  const fields = {};
  for (const key of Object.keys(stamps).sort()) fields[key] = [record[key] ?? null, stamps[key]];
  return { unitId, fields };
}

/** The named texts of a Yjs document, as strings. */
export function textsOf(update) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const out = {};
  for (const name of [...doc.share.keys()].sort()) out[name] = doc.getText(name).toString();
  doc.destroy();
  return out;
}

async function getJson(url, cookie, init = {}) {
  const res = await fetch(url, { ...init, headers: { cookie, ...(init.body ? { 'content-type': 'application/json' } : {}) } });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** The server's whole log of a unit, page after page, in seq order. */
export async function serverLog(baseURL, cookie, unitId) {
  const changes = [];
  let after = 0;
  for (;;) {
    const page = await getJson(`${baseURL}/api/sync/pull?unit=${encodeURIComponent(unitId)}&after=${after}&limit=500`, cookie);
    changes.push(...page.changes);
    if (!page.more || page.next <= after) break;
    after = page.next;
  }
  return changes;
}

/**
 * What the server holds for a unit: the records (its log folded with the merge rule: per field the higher
 * stamp wins), each text document's characters, and the ops of its log (to count each exactly once).
 */
export async function serverState(baseURL, cookie, unitId) {
  const log = await serverLog(baseURL, cookie, unitId);
  const folded = new Map();
  const docs = new Set();
  for (const c of log) {
    if (c.kind === 'text') {
      docs.add(c.docId);
      continue;
    }
    const key = `${c.table}/${c.id}`;
    const r = folded.get(key) ?? { unitId: c.unitId, values: {}, stamps: {} };
    for (const [field, stamp] of Object.entries(c.stamps)) {
      if (!(field in r.stamps) || stamp > r.stamps[field]) {
        r.stamps[field] = stamp;
        r.values[field] = c.fields[field];
      }
    }
    folded.set(key, r);
  }
  const records = {};
  for (const [key, r] of folded) records[key] = stampedOf(r.values, r.stamps, r.unitId);
  const texts = {};
  for (const docId of [...docs].sort()) {
    const reply = await getJson(`${baseURL}/api/sync/text`, cookie, { method: 'POST', body: JSON.stringify({ unitId, docId, stateVector: '' }) });
    texts[docId] = textsOf(Uint8Array.from(Buffer.from(reply.update, 'base64')));
  }
  return { records, texts, ops: log.map((c) => c.op), log };
}

/** JSON with every object's keys sorted: the same value stored by two devices may list its keys in another order. */
export function canonical(value) {
  return JSON.stringify(value, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));
}

/** The first difference between two states' records and texts, or null when they are equal. */
export function firstDifference(a, b, [nameA, nameB] = ['a', 'b']) {
  const keys = new Set([...Object.keys(a.records), ...Object.keys(b.records)]);
  for (const key of [...keys].sort()) {
    const x = canonical(a.records[key] ?? null);
    const y = canonical(b.records[key] ?? null);
    if (x !== y) return `${key}:\n  ${nameA}: ${x}\n  ${nameB}: ${y}`;
  }
  const docs = new Set([...Object.keys(a.texts), ...Object.keys(b.texts)]);
  for (const docId of [...docs].sort()) {
    const x = JSON.stringify(a.texts[docId] ?? null);
    const y = JSON.stringify(b.texts[docId] ?? null);
    if (x !== y) return `${docId}:\n  ${nameA}: ${x}\n  ${nameB}: ${y}`;
  }
  return null;
}
