/**
 * Form fields with their label and their error message next to them, wired for
 * screen readers (aria-invalid + aria-describedby). Dates and times are text
 * inputs in dd/MM/yyyy and 24-hour HH:mm: the browser's own pickers follow the
 * device locale and would show 12-hour clocks or US dates on some tablets.
 */
import { For, Show, createUniqueId, splitProps, untrack, type JSX } from 'solid-js';
import type { MessageCode } from '../../domain/model.ts';
import { parseClockTime, parseVietnameseDate as readDate } from '../../domain/typedInput.ts';
import { errorText } from '../i18n.ts';

interface FieldProps {
  label: string;
  error?: MessageCode | undefined;
  hint?: string;
  children: (a11y: { readonly id: string; readonly 'aria-invalid': boolean; readonly 'aria-describedby': string | undefined }) => JSX.Element;
}

export function Field(props: FieldProps) {
  const id = createUniqueId();
  const describedBy = () => [props.hint ? `${id}-hint` : '', props.error ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  // Getters keep the attributes live; the input itself is created once (untracked), so a new
  // error message never replaces the element under the person's finger or the screen reader's focus.
  const a11y = {
    id,
    get 'aria-invalid'() {
      return !!props.error;
    },
    get 'aria-describedby'() {
      return describedBy();
    },
  };
  return (
    <div class="field" classList={{ 'field--invalid': !!props.error }}>
      <label for={id}>{props.label}</label>
      {untrack(() => props.children(a11y))}
      <Show when={props.hint}>
        <p class="field__hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      </Show>
      <Show when={props.error}>
        {(code) => (
          <p class="field__error" id={`${id}-err`}>
            {errorText(code())}
          </p>
        )}
      </Show>
    </div>
  );
}

type InputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'onInput' | 'value'> & {
  label: string;
  error?: MessageCode | undefined;
  hint?: string;
  value: string;
  onValue: (v: string) => void;
};

export function TextField(props: InputProps) {
  const [own, rest] = splitProps(props, ['label', 'error', 'hint', 'value', 'onValue']);
  return (
    <Field label={own.label} error={own.error} {...(own.hint ? { hint: own.hint } : {})}>
      {(a11y) => <input type="text" {...rest} {...a11y} value={own.value} onInput={(e) => own.onValue(e.currentTarget.value)} />}
    </Field>
  );
}

/** dd/MM/yyyy (and the other ways typedInput reads) → 'YYYY-MM-DD'; '' for empty and the raw text for anything unreadable, so validation can say why. */
export function parseVietnameseDate(text: string): string {
  const read = readDate(text);
  return read.ok ? read.value : text.trim();
}

export function DateField(props: Omit<InputProps, 'placeholder'>) {
  const [own, rest] = splitProps(props, ['value', 'onValue']);
  const shown = () => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(own.value);
    return m ? `${m[3]}/${m[2]}/${m[1]}` : own.value;
  };
  return <TextField {...rest} value={shown()} onValue={(t) => own.onValue(parseVietnameseDate(t))} placeholder="dd/mm/yyyy" inputmode="numeric" autocomplete="off" />;
}

/**
 * A 24-hour time. Whatever way it is typed ("7h30", "730", "7:30"), it is
 * shown as HH:mm once the field is left, so the person sees what will be saved.
 * Not inputmode="numeric": "7h30" needs a letter.
 */
export function TimeField(props: Omit<InputProps, 'placeholder'>) {
  const [own, rest] = splitProps(props, ['value', 'onValue']);
  return (
    <TextField
      {...rest}
      value={own.value}
      onValue={(t) => own.onValue(t)}
      onBlur={(e) => {
        const read = parseClockTime(e.currentTarget.value);
        if (read.ok && read.value !== own.value) own.onValue(read.value);
      }}
      placeholder="hh:mm"
      autocomplete="off"
    />
  );
}

export function SelectField<V extends string | number>(props: {
  label: string;
  value: V;
  options: readonly { value: V; label: string }[];
  onValue: (v: V) => void;
  error?: MessageCode | undefined;
}) {
  return (
    <Field label={props.label} error={props.error}>
      {(a11y) => (
        <select
          {...a11y}
          onChange={(e) => {
            const opt = props.options[e.currentTarget.selectedIndex];
            if (opt) props.onValue(opt.value);
          }}
        >
          <For each={props.options}>
            {(o) => (
              <option value={String(o.value)} selected={o.value === props.value}>
                {o.label}
              </option>
            )}
          </For>
        </select>
      )}
    </Field>
  );
}

/** The form-level message ("please correct the marked fields", or why saving failed). */
export function FormError(props: { form: { formError: () => string } }) {
  return (
    <Show when={props.form.formError()}>
      <p class="form-error" role="alert">
        {props.form.formError()}
      </p>
    </Show>
  );
}

interface BindableForm<T> {
  values: T;
  set: (field: never, value: string) => void;
  error: (field: string) => MessageCode | undefined;
}

/** A text field bound to one string field of a form made by createForm: value, input and message in one place. */
export function FormText<T extends object, K extends { [P in keyof T]: T[P] extends string ? P : never }[keyof T] & string>(
  props: Omit<InputProps, 'value' | 'onValue' | 'error' | 'name' | 'form'> & { bind: BindableForm<T>; name: K; errorField?: string },
) {
  const [own, rest] = splitProps(props, ['bind', 'name', 'errorField']);
  return (
    <TextField
      {...rest}
      name={own.name}
      value={own.bind.values[own.name] as string}
      onValue={(v) => (own.bind.set as (field: K, value: string) => void)(own.name, v)}
      error={own.bind.error(own.errorField ?? own.name)}
    />
  );
}

/** A multi-line text field bound to one string field of a form (the registration form's long answers). */
export function FormTextArea<T extends object, K extends { [P in keyof T]: T[P] extends string ? P : never }[keyof T] & string>(props: {
  bind: BindableForm<T>;
  name: K;
  label: string;
  hint?: string;
  rows?: number;
}) {
  return (
    <Field label={props.label} error={props.bind.error(props.name)} {...(props.hint ? { hint: props.hint } : {})}>
      {(a11y) => (
        <textarea
          {...a11y}
          name={props.name}
          rows={props.rows ?? 3}
          value={props.bind.values[props.name] as string}
          onInput={(e) => (props.bind.set as (field: K, value: string) => void)(props.name, e.currentTarget.value)}
        />
      )}
    </Field>
  );
}
