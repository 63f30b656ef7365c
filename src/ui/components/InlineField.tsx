/**
 * A field that saves itself when it loses focus or Enter is pressed (agenda
 * rows, the responder of a turn, the time per question). A value the schema
 * refuses keeps what was typed in the input and says why next to it; nothing
 * is silently reverted or dropped.
 */
import { Show, createSignal, createUniqueId, type JSX } from 'solid-js';
import type { MessageCode } from '../../domain/model.ts';
import { parseDecimal as readDecimal } from '../../domain/typedInput.ts';
import { ValidationError } from '../../storage/changes.ts';
import { errorText, t } from '../i18n.ts';

export function InlineField(props: {
  label: string;
  /** Visually hidden label (the row already says what the field is). */
  hideLabel?: boolean;
  value: string;
  wide?: boolean;
  inputmode?: JSX.HTMLAttributes<HTMLInputElement>['inputMode'];
  size?: number;
  save: (text: string) => Promise<unknown>;
  /** Shown, not editable: this device's role may not write it (the server would refuse). */
  readOnly?: boolean;
}) {
  const id = createUniqueId();
  const [error, setError] = createSignal<string | null>(null);
  const onChange = async (input: HTMLInputElement) => {
    try {
      await props.save(input.value);
      setError(null);
    } catch (e) {
      // A refused value names its problem; anything else (the disk, a missing record) says saving failed and why.
      const code: MessageCode | undefined = e instanceof ValidationError ? e.issues[0]?.code : undefined;
      setError(code ? errorText(code) : t('err_save_failed', { reason: e instanceof Error ? e.message : String(e) }));
    }
  };
  return (
    <span class="inline-field" classList={{ 'inline-field--wide': !!props.wide, 'field--invalid': !!error() }}>
      <label for={id} classList={{ 'visually-hidden': !!props.hideLabel }}>
        {props.label}
      </label>
      <input
        id={id}
        type="text"
        value={props.value}
        inputmode={props.inputmode}
        size={props.size}
        readOnly={props.readOnly}
        aria-invalid={!!error()}
        aria-describedby={error() ? `${id}-err` : undefined}
        onChange={(e) => void onChange(e.currentTarget)}
      />
      <Show when={error()}>
        {(message) => (
          <span class="field__error" id={`${id}-err`}>
            {message()}
          </span>
        )}
      </Show>
    </span>
  );
}

/** A number typed the Vietnamese way ("2,5") or the English way ("2.5"); NaN when it is not a number, which the schema refuses ('not_a_number'). */
export function parseDecimal(text: string): number {
  const read = readDecimal(text);
  return read.ok ? read.value : NaN;
}
