import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { bindTextarea } from '../../src/ui/minutes/bindTextarea.ts';
import { autoStamp, stampAtCaret, timeStamp } from '../../src/ui/minutes/stamp.ts';
import { diffText, mapIndex } from '../../src/ui/minutes/textDiff.ts';

const AT = new Date(2026, 9, 13, 9, 5, 42).getTime(); // 09:05 local

describe('stamps (pure)', () => {
  it('formats the local time, 24-hour', () => {
    expect(timeStamp(AT)).toBe('[09:05] ');
    expect(timeStamp(new Date(2026, 9, 13, 14, 30).getTime())).toBe('[14:30] ');
    expect(timeStamp(new Date(2026, 9, 13, 0, 0).getTime())).toBe('[00:00] ');
  });

  it('stamps an entry when typing starts in it empty, and only then', () => {
    expect(autoStamp('', 'Ô', AT)).toBe('[09:05] ');
    expect(autoStamp('   ', '   a', AT)).toBe('[09:05] ');
    expect(autoStamp('Ông', 'Ông A', AT)).toBeNull();
    expect(autoStamp('', ' ', AT)).toBeNull();
    expect(autoStamp('', '[08:59] dán vào', AT)).toBeNull();
  });

  it('inserts at the caret, spaced from the word before, replacing a selection', () => {
    expect(stampAtCaret('', 0, 0, AT)).toEqual({ start: 0, end: 0, text: '[09:05] ', caret: 8 });
    expect(stampAtCaret('Trả lời', 7, 7, AT)).toEqual({ start: 7, end: 7, text: ' [09:05] ', caret: 16 });
    expect(stampAtCaret('Trả lời ', 8, 8, AT).text).toBe('[09:05] ');
    expect(stampAtCaret('a b', 1, 1, AT).text).toBe(' [09:05]'); // a space already follows
    expect(stampAtCaret('xx giờ yy', 3, 6, AT)).toEqual({ start: 3, end: 6, text: '[09:05]', caret: 10 });
  });
});

describe('diffText (pure)', () => {
  it('finds the one edit, using the caret where the text alone is ambiguous', () => {
    expect(diffText('aa', 'aaa', 2)).toEqual({ index: 1, remove: 0, insert: 'a' });
    expect(diffText('aa', 'aaa')).toEqual({ index: 2, remove: 0, insert: 'a' });
    expect(diffText('abc', 'ac', 1)).toEqual({ index: 1, remove: 1, insert: '' });
    expect(diffText('xin chao', 'xin chào', 7)).toEqual({ index: 6, remove: 1, insert: 'à' });
    expect(diffText('hello world', 'hello brave world', 12)).toEqual({ index: 6, remove: 0, insert: 'brave ' });
    expect(diffText('same', 'same')).toBeNull();
  });

  it('never splits a surrogate pair', () => {
    // 😀 and 😁 share their high surrogate: a naive diff would replace half a character.
    const edit = diffText('a😀b', 'a😁b', 3)!;
    expect(edit).toEqual({ index: 1, remove: 2, insert: '😁' });
    expect(diffText('😀😀', '😀', 2)).toEqual({ index: 2, remove: 2, insert: '' });
  });

  // How fast this is on a long entry is a benchmark figure (minutes-input-main-thread-p95 in
  // `npm run bench`, typing at the end of a 45,000-character entry), not a test that times itself.
  it('finds the one edit in a long entry: typing at the end of and inside 100,000 characters', () => {
    const long = 'Ông Nguyễn Văn An hỏi về đất đai. '.repeat(3000);
    expect(diffText(long, `${long}x`, long.length + 1)).toEqual({ index: long.length, remove: 0, insert: 'x' });
    const mid = 50_000;
    expect(diffText(long, `${long.slice(0, mid)}ạ${long.slice(mid)}`, mid + 1)).toEqual({ index: mid, remove: 0, insert: 'ạ' });
  });

  it('maps an index across an edit', () => {
    const edit = { index: 3, remove: 2, insert: 'XYZ' };
    expect(mapIndex(2, edit)).toBe(2);
    expect(mapIndex(3, edit)).toBe(3);
    expect(mapIndex(4, edit)).toBe(6);
    expect(mapIndex(5, edit)).toBe(6);
    expect(mapIndex(9, edit)).toBe(10);
  });
});

describe('bindTextarea', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
    document.body.innerHTML = '';
  });

  function setup(initial = '', now = () => AT) {
    const doc = new Y.Doc();
    const text = doc.getText('item:a');
    if (initial) text.insert(0, initial);
    const el = document.createElement('textarea');
    document.body.append(el);
    const binding = bindTextarea(el, text, { now });
    cleanups.push(() => binding.destroy());
    /** What a person typing does: the browser changes the value and the caret, then fires `input`. */
    const type = (value: string, caret = value.length, inputType = 'insertText') => {
      el.value = value;
      el.setSelectionRange(caret, caret);
      el.dispatchEvent(new InputEvent('input', { inputType, bubbles: true }));
    };
    /** Another device's edit arriving. */
    const remote = (fn: (t: Y.Text) => void) => doc.transact(() => fn(text), 'remote');
    return { doc, text, el, binding, type, remote };
  }

  it('shows the stored text and sends typing to the Y.Text, stamped when the entry was empty', () => {
    const { el, text, type } = setup();
    expect(el.value).toBe('');
    type('Ô');
    expect(el.value).toBe('[09:05] Ô');
    expect(el.selectionStart).toBe(9);
    type('[09:05] Ông');
    expect(text.toString()).toBe('[09:05] Ông');
  });

  it('does not stamp an entry that already has text, or a deletion', () => {
    const { el, text, type } = setup('Có sẵn');
    expect(el.value).toBe('Có sẵn');
    type('Có sẵn.');
    expect(text.toString()).toBe('Có sẵn.');
    type('', 0, 'deleteContentBackward');
    expect(text.toString()).toBe('');
  });

  it('applies a remote edit without moving the caret off its character', () => {
    const { el, type, remote, text } = setup('hello world');
    type('hello world', 5); // caret after "hello"
    remote((t) => t.insert(0, 'Oh, '));
    expect(el.value).toBe('Oh, hello world');
    expect(el.selectionStart).toBe(9);
    remote((t) => t.insert(t.length, '!'));
    expect(el.selectionStart).toBe(9);
    remote((t) => t.delete(0, 4));
    expect(el.value).toBe('hello world!');
    expect(el.selectionStart).toBe(5);
    type('hello, world!', 6);
    expect(text.toString()).toBe('hello, world!');
  });

  it('holds remote edits back during an IME composition and merges both at its end', () => {
    const { el, text, type, remote } = setup('Ông An hỏi');
    el.dispatchEvent(new CompositionEvent('compositionstart'));
    type('Ông An hỏi v', 12, 'insertCompositionText');
    remote((t) => t.insert(0, '[09:00] '));
    // The composition is untouched: the textarea still shows only what the IME wrote.
    expect(el.value).toBe('Ông An hỏi v');
    type('Ông An hỏi về', 13, 'insertCompositionText');
    // …while the document already has both, in the right places.
    expect(text.toString()).toBe('[09:00] Ông An hỏi về');
    el.dispatchEvent(new CompositionEvent('compositionend'));
    expect(el.value).toBe('[09:00] Ông An hỏi về');
    expect(el.selectionStart).toBe(21);
    type('[09:00] Ông An hỏi về đất', 25);
    expect(text.toString()).toBe('[09:00] Ông An hỏi về đất');
  });

  it('stamps after the composition when a composed word starts an empty entry', () => {
    const { el, text, type } = setup();
    el.dispatchEvent(new CompositionEvent('compositionstart'));
    type('vi', 2, 'insertCompositionText');
    type('việt', 4, 'insertCompositionText');
    expect(el.value).toBe('việt');
    expect(text.toString()).toBe('việt'); // on its way to disk even before the word is finished
    el.dispatchEvent(new CompositionEvent('compositionend'));
    expect(el.value).toBe('[09:05] việt');
    expect(text.toString()).toBe('[09:05] việt');
  });

  it('keeps two views of one entry in step', () => {
    const { doc, el, type } = setup();
    const other = document.createElement('textarea');
    document.body.append(other);
    const second = bindTextarea(other, doc.getText('item:a'), { now: () => AT, autoStamp: false });
    cleanups.push(() => second.destroy());
    type('Một');
    expect(other.value).toBe('[09:05] Một');
    other.value = '[09:05] Một hai';
    other.setSelectionRange(15, 15);
    other.dispatchEvent(new InputEvent('input', { inputType: 'insertText' }));
    expect(el.value).toBe('[09:05] Một hai');
  });

  it('replaces the selection as if typed', () => {
    const { el, text, binding } = setup('abc');
    el.setSelectionRange(1, 2);
    binding.replaceSelection('XYZ');
    expect(el.value).toBe('aXYZc');
    expect(el.selectionStart).toBe(4);
    expect(text.toString()).toBe('aXYZc');
  });

  it('lets go of the textarea and the text when destroyed', () => {
    const { el, text, binding, type, remote } = setup('x');
    binding.destroy();
    type('xy');
    expect(text.toString()).toBe('x');
    remote((t) => t.insert(0, 'z'));
    expect(el.value).toBe('xy');
  });
});
