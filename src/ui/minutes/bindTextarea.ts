/**
 * A plain <textarea> kept in step with a Y.Text, both ways.
 *
 * Local typing: on every `input`, the new value is diffed against the value
 * last *shown* (not against the Y.Text, which may hold remote edits not shown
 * yet) and the one edit is applied in a transaction with this binding's origin.
 *
 * Remote edits (another device via sync, another tab, another view of the same
 * entry) are applied to the textarea op by op with `setRangeText(…, 'preserve')`,
 * which moves the caret and selection the way the spec defines, so the
 * secretary's caret stays on the same character.
 *
 * IME composition (Vietnamese Telex/VNI on Android and macOS compose each word):
 * changing the textarea's value during a composition breaks it, so remote edits
 * are held back until `compositionend`. Local composition text is still applied
 * to the Y.Text as it changes (it must reach disk even if the word is never
 * finished), its indexes mapped across the held-back remote edit.
 */
import type * as Y from 'yjs';
import { autoStamp } from './stamp.ts';
import { diffText, mapIndex } from './textDiff.ts';

export interface TextareaBinding {
  /** Replaces the selection with `text` (caret after it), as if typed. No-op during a composition. */
  replaceSelection(text: string, start?: number, end?: number): void;
  destroy(): void;
}

export interface BindOptions {
  /** The store's clock, for the automatic time stamp. */
  readonly now: () => number;
  /** Prefix '[HH:mm] ' when typing starts in an empty entry (default on). */
  readonly autoStamp?: boolean;
}

/** Any combining mark: only text holding one can change under NFC (Vietnamese marks are U+0300-U+0323). */
const COMBINING_MARK = /\p{M}/u;

export function bindTextarea(el: HTMLTextAreaElement, ytext: Y.Text, options: BindOptions): TextareaBinding {
  const doc = ytext.doc;
  if (!doc) throw new Error('bindTextarea: the Y.Text is not in a document');
  /** This binding's transactions; the observer skips them. */
  const origin = { binding: 'textarea' };
  let shown = ytext.toString();
  el.value = shown;
  let composing = false;
  let heldRemote = false;
  let emptyAtCompositionStart = false;
  /** The text the last local edit inserted: what compositionend checks for marks to normalise. */
  let lastInsert = '';

  /** Applies the textarea's value to the Y.Text as one edit. */
  const applyLocal = () => {
    const value = el.value;
    if (value === shown) return;
    const previous = shown;
    let edit = diffText(previous, value, el.selectionEnd);
    if (edit && !composing && COMBINING_MARK.test(edit.insert)) {
      // Decomposed marks typed or pasted (some keyboards, text copied from a PDF) enter the minutes in NFC,
      // so search, the documents and the server see one form. Rare, so the whole value is normalised then;
      // never during a composition, where changing the value would break the word being composed.
      edit = normaliseShown(previous);
    }
    shown = el.value;
    if (!edit) return;
    lastInsert = edit.insert;
    let index = edit.index;
    let remove = edit.remove;
    if (heldRemote) {
      // The Y.Text has remote edits the textarea does not show yet: move the indexes across them.
      const remote = diffText(previous, ytext.toString());
      if (remote) {
        const end = mapIndex(index + remove, remote);
        index = mapIndex(index, remote);
        remove = Math.max(0, end - index);
      }
    }
    doc.transact(() => {
      if (remove > 0) ytext.delete(index, remove);
      if (edit.insert) ytext.insert(index, edit.insert);
    }, origin);
  };

  /** The textarea's value in NFC, the caret on the same character; the edit from `previous` to it. */
  const normaliseShown = (previous: string) => {
    const value = el.value;
    const caret = value.slice(0, el.selectionEnd).normalize('NFC').length;
    el.value = value.normalize('NFC');
    el.setSelectionRange(caret, caret);
    return diffText(previous, el.value, caret);
  };

  const stampIfStarting = (before: string) => {
    if (options.autoStamp === false) return;
    const stamp = autoStamp(before, el.value, options.now());
    // 'preserve' moves the caret right by the stamp's length: typing goes on where it was.
    if (stamp) el.setRangeText(stamp, 0, 0, 'preserve');
  };

  const onInput = (e: Event) => {
    const inputType = (e as InputEvent).inputType ?? '';
    if (!composing && inputType.startsWith('insert') && shown.trim() === '') stampIfStarting(shown);
    applyLocal();
  };

  const onCompositionStart = () => {
    applyLocal();
    composing = true;
    emptyAtCompositionStart = shown.trim() === '';
  };

  const onCompositionEnd = () => {
    applyLocal();
    composing = false;
    // What was composed is normalised now that the word is finished.
    if (COMBINING_MARK.test(lastInsert)) {
      normaliseShown(shown);
      applyLocal();
    }
    const receivedMeanwhile = heldRemote;
    if (heldRemote) {
      heldRemote = false;
      showRemote(null);
    }
    if (emptyAtCompositionStart && !receivedMeanwhile) {
      emptyAtCompositionStart = false;
      const before = shown;
      stampIfStarting('');
      if (el.value !== before) applyLocal();
    }
  };

  /** Shows the Y.Text in the textarea: op by op from a delta, or as one diff when edits were held back. */
  const showRemote = (delta: Y.YTextEvent['delta'] | null) => {
    if (delta) {
      let pos = 0;
      for (const op of delta) {
        if (op.retain !== undefined) pos += op.retain;
        else if (typeof op.insert === 'string') {
          el.setRangeText(op.insert, pos, pos, 'preserve');
          pos += op.insert.length;
        } else if (op.delete !== undefined) el.setRangeText('', pos, pos + op.delete, 'preserve');
      }
    } else {
      const edit = diffText(el.value, ytext.toString());
      if (edit) el.setRangeText(edit.insert, edit.index, edit.index + edit.remove, 'preserve');
    }
    const truth = ytext.toString();
    // Cannot differ unless an input event was missed; then the document wins, as it is what is stored.
    if (el.value !== truth) el.value = truth;
    shown = truth;
  };

  const onRemote = (event: Y.YTextEvent, transaction: Y.Transaction) => {
    if (transaction.origin === origin) return;
    if (composing) {
      heldRemote = true;
      return;
    }
    showRemote(event.delta);
  };

  el.addEventListener('input', onInput);
  el.addEventListener('compositionstart', onCompositionStart);
  el.addEventListener('compositionend', onCompositionEnd);
  ytext.observe(onRemote);

  return {
    replaceSelection(text, start = el.selectionStart, end = el.selectionEnd) {
      if (composing) return;
      el.setRangeText(text, start, end, 'end');
      applyLocal();
    },
    destroy() {
      el.removeEventListener('input', onInput);
      el.removeEventListener('compositionstart', onCompositionStart);
      el.removeEventListener('compositionend', onCompositionEnd);
      ytext.unobserve(onRemote);
    },
  };
}
