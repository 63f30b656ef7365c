/**
 * Form state: values, one message per field, and a submit that validates with
 * the same schema the storage and the server use. Nothing is lost on a bad
 * submit: the values stay in the inputs and each message sits next to its field.
 */
import { createSignal } from 'solid-js';
import { createStore, type SetStoreFunction } from 'solid-js/store';
import type { MessageCode, TableName } from '../../domain/model.ts';
import type { FieldIssue, validateRecord } from '../../domain/validate.ts';
import { ValidationError } from '../../storage/changes.ts';

export interface Form<T extends object> {
  values: T;
  set: SetStoreFunction<T>;
  error: (field: string) => MessageCode | undefined;
  formError: () => string;
  busy: () => boolean;
  /** Validates `toRecord(values)` against `table`, then runs `save`; returns whether it saved. */
  submit: (table: TableName, toRecord: (v: T) => unknown, save: (record: unknown) => Promise<void>) => Promise<boolean>;
  reset: (v: T) => void;
}

/**
 * The validator (valibot and every schema), loaded on the first submit rather than with the first
 * screen, which only shows the first-run form (the service worker has it precached for offline
 * use). Once loaded, a submit validates synchronously, in the same task as the tap.
 */
let validator: { validateRecord: typeof validateRecord } | undefined;

export function createForm<T extends object>(initial: T, messages: { invalid: string; failed: (reason: string) => string }): Form<T> {
  const [values, set] = createStore<T>(structuredClone(initial));
  const [issues, setIssues] = createSignal<FieldIssue[]>([]);
  const [formError, setFormError] = createSignal('');
  const [busy, setBusy] = createSignal(false);

  const show = (list: FieldIssue[]) => {
    setIssues(list);
    setFormError(list.length ? messages.invalid : '');
  };

  return {
    values,
    set,
    error: (field) => issues().find((i) => i.field === field)?.code,
    formError,
    busy,
    reset: (v) => {
      set(structuredClone(v));
      show([]);
    },
    async submit(table, toRecord, save) {
      // A second tap while the validator loads or the record saves is not a second record.
      if (busy()) return false;
      const record = toRecord(values);
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
      if (!check.ok) {
        show(check.issues);
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
