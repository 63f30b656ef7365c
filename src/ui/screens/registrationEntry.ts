/**
 * Keying in a pile of paper forms from the keyboard: Enter moves to the next
 * field instead of sending the form half-filled, and what the unit already has
 * (its villages, the procedures people ask about) is offered as it is typed.
 */
import { foldVietnamese } from '../../domain/fold.ts';

const FIELDS = 'input:not([type="hidden"]), select, textarea, button[type="submit"]';

/**
 * Enter on a field moves the focus to the next one; on the last field it
 * reaches the save button, where Enter saves. In a long answer Shift+Enter
 * starts a new line. An input method composing a word keeps its Enter
 * (Vietnamese Telex/VNI), and buttons keep theirs (the list's own "add").
 */
export function moveOnWithEnter(e: KeyboardEvent): void {
  if (e.key !== 'Enter' || e.isComposing || e.shiftKey || e.ctrlKey || e.altKey || e.metaKey) return;
  const target = e.target;
  if (!(target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement)) return;
  if (target instanceof HTMLInputElement && ['submit', 'button', 'checkbox', 'radio'].includes(target.type)) return;
  const form = e.currentTarget;
  if (!(form instanceof HTMLFormElement)) return;
  const fields = [...form.querySelectorAll<HTMLElement>(FIELDS)].filter((el) => !(el as HTMLInputElement).disabled);
  const next = fields[fields.indexOf(target) + 1];
  if (!next) return;
  e.preventDefault();
  next.focus();
}

/** Distinct non-empty values, each once whatever its case or marks, most used first: the suggestions of a field. */
export function suggestionsFrom(values: readonly string[], limit = 50): string[] {
  const byKey = new Map<string, { value: string; n: number }>();
  for (const raw of values) {
    const value = raw.trim();
    if (!value) continue;
    const key = foldVietnamese(value);
    const seen = byKey.get(key);
    if (seen) seen.n += 1;
    else byKey.set(key, { value, n: 1 });
  }
  return [...byKey.values()]
    .sort((a, b) => b.n - a.n || a.value.localeCompare(b.value, 'vi'))
    .slice(0, limit)
    .map((x) => x.value);
}
