/**
 * A list of short texts edited item by item (a department's fields, the
 * unit's list of fields). Why not comma-separated text: a field's own name may
 * hold a comma ("Đăng ký, quản lý cư trú"), and splitting it made two.
 */
import { For, Show, createSignal, createUniqueId } from 'solid-js';
import { foldVietnamese } from '../../domain/fold.ts';
import { t } from '../i18n.ts';

export function ListEditor(props: {
  label: string;
  items: readonly string[];
  onChange: (items: string[]) => void;
  /** Offered as the person types (the unit's fields, for a department). */
  suggestions?: readonly string[];
  addLabel: string;
  /** Shown when the list is empty. */
  emptyText?: string;
  /** The input's example, when the default one (a field's name) does not fit the list. */
  placeholder?: string;
}) {
  const id = createUniqueId();
  const [draft, setDraft] = createSignal('');
  const [refused, setRefused] = createSignal('');
  let input: HTMLInputElement | undefined;
  const add = () => {
    const item = draft().replace(/\s+/g, ' ').trim();
    if (!item) return;
    // The same field twice (even typed without diacritics) would count its opinions twice.
    if (props.items.some((x) => foldVietnamese(x) === foldVietnamese(item))) {
      setRefused(t('list_duplicate', { item }));
      return;
    }
    setRefused('');
    props.onChange([...props.items, item]);
    setDraft('');
    input?.focus();
  };
  return (
    <div class="field list-editor" role="group" aria-labelledby={`${id}-label`}>
      <span class="list-editor__label" id={`${id}-label`}>
        <strong>{props.label}</strong>
      </span>
      <Show when={props.items.length > 0} fallback={<p class="empty">{props.emptyText ?? t('list_empty')}</p>}>
        <ul class="chips" aria-labelledby={`${id}-label`}>
          <For each={props.items}>
            {(item, i) => (
              <li class="chip">
                <span>{item}</span>
                <button
                  type="button"
                  class="btn btn--quiet btn--icon"
                  aria-label={t('list_remove', { item })}
                  onClick={() => props.onChange(props.items.filter((_, j) => j !== i()))}
                >
                  ✕
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <div class="list-editor__add">
        <label for={`${id}-input`} class="visually-hidden">
          {props.addLabel}
        </label>
        <input
          ref={input}
          id={`${id}-input`}
          type="text"
          list={props.suggestions?.length ? `${id}-suggestions` : undefined}
          placeholder={props.placeholder ?? t('list_placeholder')}
          value={draft()}
          aria-invalid={!!refused()}
          aria-describedby={refused() ? `${id}-err` : undefined}
          onInput={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={(e) => {
            // Enter adds the item rather than submitting the whole form; an input method composing a letter keeps it.
            if (e.key === 'Enter' && !e.isComposing) {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" class="btn" onClick={add}>
          {props.addLabel}
        </button>
      </div>
      <Show when={props.suggestions?.length}>
        <datalist id={`${id}-suggestions`}>
          <For each={props.suggestions}>{(s) => <option value={s} />}</For>
        </datalist>
      </Show>
      <Show when={refused()}>
        <p class="field__error" id={`${id}-err`}>
          {refused()}
        </p>
      </Show>
    </div>
  );
}
