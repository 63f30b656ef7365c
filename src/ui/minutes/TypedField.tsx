/**
 * A text field of a record that is saved as it is typed, not only when the
 * field loses focus: a secretary who taps the next disposition, or whose
 * tablet sleeps, must not lose what she typed. Writes are coalesced (one a
 * short pause after the last key, and at once on blur), and a value coming
 * from elsewhere (another device) replaces the text only while the field is
 * not being typed in.
 */
import { createSignal, createUniqueId, onCleanup, Show } from 'solid-js';

/** Long enough to write once per word rather than once per key; short enough that a tap elsewhere finds it saved. */
export const TYPED_SAVE_DELAY_MS = 300;

export function TypedField(props: {
  label: string;
  value: string;
  save: (value: string) => Promise<unknown>;
  multiline?: boolean;
  placeholder?: string;
  hint?: string;
  autofocus?: boolean;
  /** Shown, not editable: this device's role may not write it (the server would refuse). */
  readOnly?: boolean;
}) {
  const id = createUniqueId();
  const [draft, setDraft] = createSignal<string | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const value = draft();
    if (value === null) return;
    // The draft is dropped once saved, unless more has been typed meanwhile.
    void props.save(value).finally(() => setDraft((d) => (d === value ? null : d)));
  };
  const onInput = (value: string) => {
    setDraft(value);
    clearTimeout(timer);
    timer = setTimeout(flush, TYPED_SAVE_DELAY_MS);
  };
  onCleanup(flush);
  // While nothing is pending the record's value shows, so a change from another device appears.
  const shown = () => draft() ?? props.value;
  // Read once: the focus is given when the field appears (its kind was just chosen), not on later changes.
  // eslint-disable-next-line solid/reactivity
  const autofocus = props.autofocus === true;
  const focusIfAsked = (el: HTMLInputElement | HTMLTextAreaElement) => {
    if (autofocus) queueMicrotask(() => el.focus());
  };
  return (
    <div class="disposition__field typed-field">
      <label for={id}>{props.label}</label>
      <Show
        when={props.multiline}
        fallback={
          <input
            id={id}
            ref={focusIfAsked}
            type="text"
            autocomplete="off"
            placeholder={props.placeholder}
            aria-describedby={props.hint ? `${id}-hint` : undefined}
            readOnly={props.readOnly}
            value={shown()}
            onInput={(e) => onInput(e.currentTarget.value)}
            onBlur={flush}
          />
        }
      >
        <textarea
          id={id}
          ref={focusIfAsked}
          rows={2}
          placeholder={props.placeholder}
          aria-describedby={props.hint ? `${id}-hint` : undefined}
          readOnly={props.readOnly}
          value={shown()}
          onInput={(e) => onInput(e.currentTarget.value)}
          onBlur={flush}
        />
      </Show>
      <Show when={props.hint}>
        <p class="field__hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      </Show>
    </div>
  );
}
