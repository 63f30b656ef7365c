/**
 * Pasting the invitation list: one person per line. A line's group is its own
 * column, or the heading line above it, or the group chosen here for the rest.
 *
 * The good lines go in ONE commit (all of them or, if the write fails, none),
 * and the box then keeps exactly the lines that were not imported, each with
 * its reason. So nothing typed is lost, and pressing the button again after
 * fixing a line cannot import anyone twice.
 */
import { For, Show, createSignal, createUniqueId } from 'solid-js';
import { parseInviteeList, type BadLine } from '../../domain/inviteeList.ts';
import { ATTENDEE_GROUPS, type AttendeeGroup } from '../../domain/model.ts';
import { create } from '../../storage/changes.ts';
import { SelectField } from '../components/Field.tsx';
import { useStore } from '../store.tsx';
import type { AttendanceData } from './data.ts';
import { groupLabel, m, problemText } from './messages.ts';

export function BulkPaste(props: { data: AttendanceData }) {
  const { write } = useStore();
  const ids = { heading: createUniqueId(), text: createUniqueId(), hint: createUniqueId(), errors: createUniqueId() };
  const [group, setGroup] = createSignal<AttendeeGroup>('citizens');
  const [text, setText] = createSignal('');
  const [bad, setBad] = createSignal<readonly BadLine[]>([]);
  const [done, setDone] = createSignal('');
  const [failure, setFailure] = createSignal('');
  const [busy, setBusy] = createSignal(false);

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (busy()) return;
    setDone('');
    setFailure('');
    const parsed = parseInviteeList(text(), props.data.attendees() ?? []);
    if (parsed.good.length === 0) {
      setBad(parsed.bad);
      if (parsed.bad.length === 0) setFailure(m('bulk_nothing'));
      return;
    }
    const batchGroup = group();
    const sessionId = props.data.session().id;
    setBusy(true);
    try {
      await write(
        parsed.good.map(({ draft }) =>
          create('attendees', props.data.scope(), {
            sessionId,
            ...draft,
            group: draft.group ?? batchGroup,
            invited: true,
            present: false,
            checkedInAt: null,
          }),
        ),
      );
    } catch (err) {
      // Nothing was written (one transaction): the box is left exactly as it was.
      setFailure(m('save_failed', { reason: err instanceof Error ? err.message : String(err) }));
      return;
    } finally {
      setBusy(false);
    }
    setText(parsed.bad.map((b) => b.text).join('\n'));
    // Line numbers now refer to what is left in the box.
    setBad(parsed.bad.map((b, i) => ({ ...b, line: i + 1 })));
    const byGroup = new Map<AttendeeGroup, number>();
    for (const { draft } of parsed.good) byGroup.set(draft.group ?? batchGroup, (byGroup.get(draft.group ?? batchGroup) ?? 0) + 1);
    setDone(
      byGroup.size === 1
        ? m('bulk_done', { n: parsed.good.length, group: groupLabel([...byGroup.keys()][0]!) })
        : m('bulk_done_groups', {
            n: parsed.good.length,
            groups: ATTENDEE_GROUPS.filter((g) => byGroup.has(g))
              .map((g) => `${groupLabel(g)} (${byGroup.get(g)})`)
              .join('; '),
          }),
    );
  };

  const describedBy = () => [ids.hint, bad().length ? ids.errors : ''].filter(Boolean).join(' ');

  return (
    <form class="att-card att-form" onSubmit={onSubmit} aria-labelledby={ids.heading} novalidate>
      <h3 id={ids.heading}>{m('bulk_heading')}</h3>
      <SelectField
        label={m('bulk_group')}
        value={group()}
        onValue={setGroup}
        options={ATTENDEE_GROUPS.map((g) => ({ value: g, label: groupLabel(g) }))}
      />
      <div class="field" classList={{ 'field--invalid': bad().length > 0 }}>
        <label for={ids.text}>{m('bulk_text')}</label>
        <textarea
          id={ids.text}
          class="att-bulk-text"
          rows={8}
          spellcheck={false}
          aria-describedby={describedBy()}
          aria-invalid={bad().length > 0}
          value={text()}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <p class="field__hint" id={ids.hint}>
          {m('bulk_hint')}
        </p>
        <Show when={bad().length > 0}>
          <div id={ids.errors} class="field__error" role="alert">
            <p>{m('bulk_bad', { n: bad().length })}</p>
            <ul class="att-line-errors">
              <For each={bad()}>
                {(b) => <li>{m('bulk_line', { line: b.line, text: b.text.trim(), problem: problemText(b.problem) })}</li>}
              </For>
            </ul>
          </div>
        </Show>
      </div>
      <p class="att-done" role="status">
        {done()}
      </p>
      <Show when={failure()}>
        <p class="form-error" role="alert">
          {failure()}
        </p>
      </Show>
      <button type="submit" class="btn btn--primary" disabled={busy()}>
        {m('bulk_submit')}
      </button>
    </form>
  );
}
