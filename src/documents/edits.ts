/**
 * The secretary's edits of a generated document, and what happens to them when
 * the document is generated again after a late correction in the minutes.
 *
 * The decision: an edit is kept per paragraph (by the paragraph's stable key),
 * together with the generated text it was made from (`base`). On every
 * generation the builder's new text is compared with that base:
 *   - same base: nothing changed underneath, the edit applies as it is;
 *   - different base: the source changed after the edit (the secretary fixed a
 *     name in the minutes, the chair changed an outcome). The edit still
 *     applies (it is never dropped without a choice), and the paragraph is
 *     reported as a conflict so the screen can show both texts and let the
 *     secretary keep the edit or take the new text;
 *   - key no longer generated (an opinion was withdrawn): reported as orphaned.
 * Per paragraph rather than the whole document: a correction to opinion 12
 * must not put the edit of opinion 3 in question, and two devices editing
 * different paragraphs merge without a conflict.
 *
 * Where they live (storage, not here): texts of the Yjs document the minutes
 * already use (`edit:<kind>:<key>` and `base:<kind>:<key>`), so edits are on
 * disk as they are typed and sync with the minutes. This module is pure.
 */
import type { Block, OfficialDocument, Paragraph } from './model.ts';

export interface StoredEdit {
  readonly text: string;
  /** The generated text the edit started from; '' means no edit. */
  readonly base: string;
}

export interface EditConflict {
  readonly key: string;
  readonly label: string;
  /** What the secretary wrote. */
  readonly edited: string;
  /** What the records give now. */
  readonly generated: string;
  readonly kind: 'source_changed' | 'orphaned';
}

/** Every editable paragraph's generated text, by key (the first one where a key repeats, e.g. the same note on each invitation). */
export function editableTexts(doc: OfficialDocument): Map<string, { text: string; label: string }> {
  const out = new Map<string, { text: string; label: string }>();
  for (const s of doc.sections)
    for (const b of s.blocks)
      if (b.kind === 'paragraph' && b.key && !out.has(b.key)) out.set(b.key, { text: b.text, label: b.label ?? '' });
  return out;
}

export function hasEdit(e: StoredEdit | undefined): e is StoredEdit {
  return e !== undefined && e.base !== '';
}

export function applyEdits(
  doc: OfficialDocument,
  edits: Readonly<Record<string, StoredEdit>>,
): { doc: OfficialDocument; conflicts: EditConflict[] } {
  const generated = editableTexts(doc);
  const conflicts: EditConflict[] = [];
  for (const [key, g] of generated) {
    const e = edits[key];
    if (hasEdit(e) && e.base !== g.text) conflicts.push({ key, label: g.label, edited: e.text, generated: g.text, kind: 'source_changed' });
  }
  for (const [key, e] of Object.entries(edits))
    if (hasEdit(e) && !generated.has(key)) conflicts.push({ key, label: '', edited: e.text, generated: '', kind: 'orphaned' });

  const apply = (b: Block): Block => {
    if (b.kind !== 'paragraph' || !b.key) return b;
    const e = edits[b.key];
    return hasEdit(e) ? ({ ...b, text: e.text.normalize('NFC') } satisfies Paragraph) : b;
  };
  return {
    doc: { ...doc, sections: doc.sections.map((s) => ({ ...s, blocks: s.blocks.map(apply) })) },
    conflicts,
  };
}
