/**
 * The secretary's edits and the office's settings of a document, kept as texts
 * of a Yjs document (see src/documents/edits.ts for the rule on regenerating):
 *
 *   edit:<kind>:<key>   the edited paragraph (bound to the textarea, merges as it is typed)
 *   base:<kind>:<key>   the generated text the edit started from; empty = no edit
 *   set:<kind>:<field>  a setting (number, date, signer…) as typed
 *
 * A session's documents use its minutes document, so the edits are durable the
 * way the minutes are and sync with them; the conference's documents use
 * `documents:<conferenceId>` through the same storage. Plain texts (not a
 * Y.Map) so every shared type of a minutes document stays a Y.Text, which is
 * what the minutes' readers and exporters expect.
 */
import type * as Y from 'yjs';
import { SETTING_FIELDS, type DocumentKind, type SettingField, type StoredEdit } from '../../documents/index.ts';

const editName = (kind: DocumentKind, key: string) => `edit:${kind}:${key}`;
const baseName = (kind: DocumentKind, key: string) => `base:${kind}:${key}`;
const settingName = (kind: DocumentKind, field: SettingField) => `set:${kind}:${field}`;

/** Local edits of this screen: the textarea binding skips its own origin, this one marks whole replacements. */
const ORIGIN = { documents: 'edits' };

function replace(text: Y.Text, value: string): void {
  if (text.toString() === value) return;
  text.delete(0, text.length);
  text.insert(0, value);
}

export function readEdits(doc: Y.Doc, kind: DocumentKind): Record<string, StoredEdit> {
  const prefix = `base:${kind}:`;
  const out: Record<string, StoredEdit> = {};
  for (const name of doc.share.keys()) {
    if (!name.startsWith(prefix)) continue;
    const key = name.slice(prefix.length);
    const base = doc.getText(name).toString();
    if (base) out[key] = { base, text: doc.getText(editName(kind, key)).toString() };
  }
  return out;
}

/** The edited text of a paragraph, as it is (the editor binds to it once the edit is started). */
export function editText(doc: Y.Doc, kind: DocumentKind, key: string): Y.Text {
  return doc.getText(editName(kind, key));
}

/**
 * Starts an edit from `generated` unless one is already there. Two devices that
 * start the same paragraph's first edit at the same moment, offline, would
 * each insert the generated text and merge to it twice; the secretary sees that
 * in the preview and deletes one (rare: one secretary edits the documents).
 */
export function startEdit(doc: Y.Doc, kind: DocumentKind, key: string, generated: string): Y.Text {
  const edit = doc.getText(editName(kind, key));
  const base = doc.getText(baseName(kind, key));
  if (base.length === 0) {
    doc.transact(() => {
      replace(edit, generated);
      replace(base, generated);
    }, ORIGIN);
  }
  return edit;
}

/** Keep the edit against the new generated text: it no longer shows as a conflict. */
export function keepEdit(doc: Y.Doc, kind: DocumentKind, key: string, generated: string): void {
  doc.transact(() => replace(doc.getText(baseName(kind, key)), generated), ORIGIN);
}

/** Drop the edit: the paragraph shows the generated text again. */
export function dropEdit(doc: Y.Doc, kind: DocumentKind, key: string): void {
  doc.transact(() => {
    replace(doc.getText(baseName(kind, key)), '');
    replace(doc.getText(editName(kind, key)), '');
  }, ORIGIN);
}

export function readSettings(doc: Y.Doc, kind: DocumentKind): Partial<Record<SettingField, string>> {
  const out: Partial<Record<SettingField, string>> = {};
  for (const f of SETTING_FIELDS) {
    const name = settingName(kind, f);
    if (doc.share.has(name)) out[f] = doc.getText(name).toString();
  }
  return out;
}

export function writeSetting(doc: Y.Doc, kind: DocumentKind, field: SettingField, value: string): void {
  doc.transact(() => replace(doc.getText(settingName(kind, field)), value), ORIGIN);
}
