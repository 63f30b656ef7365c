/**
 * Form state: values, one message per field, and a submit that validates with
 * the same schema the storage and the server use. Nothing is lost on a bad
 * submit: the values stay in the inputs and each message sits next to its field.
 */
import { createSignal } from 'solid-js';
import { createStore, type SetStoreFunction } from 'solid-js/store';
import type { MessageCode, TableName } from '../../domain/model.ts';
import type { FieldIssue } from '../../domain/validate.ts';
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
      const record = toRecord(values);
      // The validator (valibot and every schema) loads on the first submit, not with the first screen,
      // which only shows the first-run form; the service worker has it precached for offline use.
      const { validateRecord } = await import('../../domain/validate.ts');
      const check = validateRecord(table, record);
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
