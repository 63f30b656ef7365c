/**
 * One place to type in the minutes: a labelled textarea bound to one named
 * Y.Text of the session's document. The textarea is created once and never
 * re-rendered by Solid (its value belongs to the binding), so live updates of
 * the records around it never take the caret away.
 */
import { createSignal, createUniqueId, onCleanup, onMount } from 'solid-js';
import { stampsIn } from '../../domain/audio.ts';
import { PlayStamps } from '../audio/AudioPlayer.tsx';
import { bindTextarea } from './bindTextarea.ts';
import { useMinutes, type EntryHandle } from './context.ts';
import { stampAtCaret } from './stamp.ts';
import { createMayWrite } from '../access/roles.ts';

/** Alt+T inserts the time. By physical key, so it works with any layout (on macOS Alt+T types '†'). */
export function isInsertTimeShortcut(e: KeyboardEvent): boolean {
  return e.altKey && !e.ctrlKey && !e.metaKey && (e.code === 'KeyT' || e.key.toLowerCase() === 't');
}

export function MinutesEntry(props: { name: string; label: string; class?: string; rows?: number }) {
  const ctx = useMinutes();
  const id = createUniqueId();
  // The minutes are the secretary's: on a device enrolled for another role they are shown, not edited.
  const may = createMayWrite();
  let el!: HTMLTextAreaElement;
  // The entry's `[HH:mm]` stamps, each a place to listen from; read a moment after typing pauses, not per key.
  const [stamps, setStamps] = createSignal<readonly string[]>([]);

  onMount(() => {
    // The entry's name is fixed for its lifetime (an agenda item's or a turn's id).
    const ytext = ctx.doc.getText(props.name);
    const binding = bindTextarea(el, ytext, { now: ctx.now });
    let stampTimer: ReturnType<typeof setTimeout> | undefined;
    const readStamps = () => {
      const times = [...new Set(stampsIn(ytext.toString()).map((s) => s.time))];
      setStamps((old) => (old.length === times.length && old.every((t, i) => t === times[i]) ? old : times));
    };
    const onText = () => {
      clearTimeout(stampTimer);
      stampTimer = setTimeout(readStamps, 400);
    };
    readStamps();
    ytext.observe(onText);
    onCleanup(() => {
      clearTimeout(stampTimer);
      ytext.unobserve(onText);
    });
    const handle: EntryHandle = {
      insertTime() {
        if (!may('minutesText')) return;
        const ins = stampAtCaret(el.value, el.selectionStart, el.selectionEnd, ctx.now());
        binding.replaceSelection(ins.text, ins.start, ins.end);
        el.focus();
      },
    };
    const onFocus = () => ctx.setActive(handle);
    const onKeyDown = (e: KeyboardEvent) => {
      if (!isInsertTimeShortcut(e)) return;
      e.preventDefault();
      handle.insertTime();
    };
    el.addEventListener('focus', onFocus);
    el.addEventListener('keydown', onKeyDown);
    onCleanup(() => {
      el.removeEventListener('focus', onFocus);
      el.removeEventListener('keydown', onKeyDown);
      binding.destroy();
      ctx.forget(handle);
    });
  });

  return (
    <div class={`minutes-entry ${props.class ?? ''}`}>
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        ref={el}
        class="minutes-entry__text"
        rows={props.rows ?? 4}
        lang="vi"
        spellcheck={false}
        autocapitalize="sentences"
        aria-keyshortcuts="Alt+T"
        readOnly={!may('minutesText')}
        data-entry={props.name}
      />
      <PlayStamps times={stamps()} />
    </div>
  );
}
