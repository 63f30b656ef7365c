/** The minutes text enters the Yjs document in NFC, whether typed with a decomposing keyboard or pasted (issue 9). */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { bindTextarea } from '../../src/ui/minutes/bindTextarea.ts';

const nfd = (s: string) => s.normalize('NFD');

describe('minutes text in NFC', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
    document.body.innerHTML = '';
  });

  function setup(initial: string) {
    const doc = new Y.Doc();
    const text = doc.getText('item:a');
    text.insert(0, initial);
    const el = document.createElement('textarea');
    document.body.append(el);
    const binding = bindTextarea(el, text, { now: () => 0, autoStamp: false });
    cleanups.push(() => binding.destroy());
    const type = (value: string, caret = value.length, inputType = 'insertText') => {
      el.value = value;
      el.setSelectionRange(caret, caret);
      el.dispatchEvent(new InputEvent('input', { inputType, bubbles: true }));
    };
    return { text, el, type };
  }

  it('a combining mark typed after its letter becomes the composed letter, in the document and on screen', () => {
    const { text, el, type } = setup('Ông H');
    type('Ông Ho');
    type('Ông Hoa');
    type('Ông Hoa\u0300'); // a keyboard that sends the grave accent as its own character
    expect(text.toString()).toBe('Ông Hoà');
    expect(text.toString()).toBe(text.toString().normalize('NFC'));
    expect(el.value).toBe('Ông Hoà');
    expect(el.selectionStart).toBe(7);
  });

  it('decomposed text pasted in the middle is stored composed, the caret after it', () => {
    const { text, el, type } = setup('Bà  hỏi');
    const pasted = nfd('Nguyễn Thị Thuý');
    type(`Bà ${pasted} hỏi`, 3 + pasted.length, 'insertFromPaste');
    expect(text.toString()).toBe('Bà Nguyễn Thị Thuý hỏi');
    expect(el.selectionStart).toBe(3 + 'Nguyễn Thị Thuý'.length);
  });

  it('a word composed in decomposed form is normalised when the composition ends, not during it', () => {
    const { text, el, type } = setup('Ông ');
    el.dispatchEvent(new CompositionEvent('compositionstart'));
    type(`Ông ${nfd('việt')}`, 4 + nfd('việt').length, 'insertCompositionText');
    // Changing the value mid-composition would break the word: it is left as the input method wrote it.
    expect(el.value).toBe(`Ông ${nfd('việt')}`);
    el.dispatchEvent(new CompositionEvent('compositionend'));
    expect(el.value).toBe('Ông việt');
    expect(text.toString()).toBe('Ông việt');
  });
});
