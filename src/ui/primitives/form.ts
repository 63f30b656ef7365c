/**
 * Form state: values, one message per field, and a submit that validates with
 * the same schema the storage and the server use. Nothing is lost on a bad
 * submit: the values stay in the inputs, each message sits next to its own
 * field, and the focus moves to the first field in error so a keyboard or
 * screen-reader user lands where the work is.
 */
import { createSignal, onMount } from 'solid-js';
import { createStore, unwrap, type SetStoreFunction } from 'solid-js/store';
import type { MessageCode, TableName } from '../../domain/model.ts';
import { parseClockTime, parseVietnameseDate } from '../../domain/typedInput.ts';
import type { FieldIssue, validateRecord } from '../../domain/validate.ts';
import { ValidationError } from '../../storage/changes.ts';

export interface SubmitOptions<T> {
  /**
   * Checks the schema cannot make: what the person typed before it became a
   * record (a time written "7h75"), or what depends on today (a session in
   * 1926). Issues are keyed by the form's own field names and win over the
   * schema's message for the same field.
   */
  check?: (values: T) => FieldIssue[];
}

export interface Form<T extends object> {
  values: T;
  set: SetStoreFunction<T>;
  error: (field: string) => MessageCode | undefined;
  formError: () => string;
  busy: () => boolean;
  /** Put on the <form> element: a failed save moves the focus to its first field in error. */
  ref: (el: HTMLFormElement) => void;
  /** Validates `toRecord(values)` against `table`, then runs `save`; returns whether it saved. */
  submit: (table: TableName, toRecord: (v: T) => unknown, save: (record: unknown) => Promise<void>, options?: SubmitOptions<T>) => Promise<boolean>;
  reset: (v: T) => void;
  /**
   * After a save, the form starts the next record from `next`; a field that was typed into
   * while the save ran keeps what was typed. At the door or the queue the next name is often
   * begun before the last one is on disk: resetting every field then lost those letters.
   */
  startNext: (next: T) => void;
}

/**
 * The validator (valibot and every schema), loaded on the first submit rather than with the first
 * screen, which only shows the first-run form (the service worker has it precached for offline
 * use). Once loaded, a submit validates synchronously, in the same task as the tap.
 */
let validator: { validateRecord: typeof validateRecord } | undefined;

export function createForm<T extends object>(
  initial: T,
  messages: { invalid: string; failed: (reason: string) => string },
  /** An edit form that opens in place of the row: the focus goes to its first field, not to the page. */
  options: { focusOnMount?: boolean } = {},
): Form<T> {
  const [values, set] = createStore<T>(structuredClone(initial));
  const [issues, setIssues] = createSignal<FieldIssue[]>([]);
  const [formError, setFormError] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  /** The values as they were when the last save began: what `startNext` may clear. */
  let saving: T | undefined;
  let element: HTMLFormElement | undefined;
  if (options.focusOnMount) onMount(() => element?.querySelector<HTMLElement>('input, select, textarea')?.focus());

  const show = (list: FieldIssue[]) => {
    setIssues(list);
    setFormError(list.length ? messages.invalid : '');
    // Solid has updated aria-invalid synchronously by now; the first marked input in document order is the first field.
    if (list.length) element?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  };

  return {
    values,
    set,
    error: (field) => issues().find((i) => i.field === field)?.code,
    formError,
    busy,
    ref: (el) => (element = el),
    reset: (v) => {
      set(structuredClone(v));
      show([]);
    },
    startNext: (next) => {
      const saved = saving;
      const now = unwrap(values) as Record<string, unknown>;
      const out = structuredClone(next) as Record<string, unknown>;
      for (const key of Object.keys(out)) {
        if (saved && JSON.stringify(now[key]) !== JSON.stringify((saved as Record<string, unknown>)[key])) out[key] = structuredClone(now[key]);
      }
      set(out as T);
      show([]);
    },
    async submit(table, toRecord, save, submitOptions) {
      // A second tap while the validator loads or the record saves is not a second record.
      if (busy()) return false;
      const own = submitOptions?.check?.(values) ?? [];
      const record = toRecord(values);
      // Taken with the record, before any wait (the validator's first load): what this save is of.
      saving = structuredClone(unwrap(values));
      if (!validator) {
        setBusy(true);
        try {
          validator = await import('../../domain/validate.ts');
        } catch (e) {
          setFormError(messages.failed(e instanceof Error ? e.message : String(e)));
          return false;
        } finally {
          setBusy(false);
        }
      }
      const check = validator.validateRecord(table, record);
      if (own.length || !check.ok) {
        const taken = new Set(own.map((i) => i.field));
        show([...own, ...(check.ok ? [] : check.issues.filter((i) => !taken.has(i.field)))]);
        return false;
      }
      setBusy(true);
      try {
        await save(check.value);
        show([]);
        return true;
      } catch (e) {
        if (e instanceof ValidationError) show(e.issues);
        else setFormError(messages.failed(e instanceof Error ? e.message : String(e)));
        return false;
      } finally {
        setBusy(false);
      }
    },
  };
}

/** The message for a time field's text, if what was typed is not a time (an empty field is the schema's to judge). */
export function timeIssue(field: string, text: string): FieldIssue[] {
  if (!text.trim()) return [];
  const read = parseClockTime(text);
  return read.ok ? [] : [{ field, code: read.code }];
}

/** The message for a date field's value (ISO once readable, else the typed text). */
export function dateIssue(field: string, value: string): FieldIssue[] {
  const read = parseVietnameseDate(value);
  return read.ok ? [] : [{ field, code: read.code }];
}

/** 'HH:mm' of a typed time, or the text itself when unreadable (the schema and timeIssue then say why). */
export function clockTimeOf(text: string): string {
  const read = parseClockTime(text);
  return read.ok ? read.value : text.trim();
}
