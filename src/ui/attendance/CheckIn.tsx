/**
 * Fast check-in at the door: a big search box, results on every keystroke,
 * one tap per person, and a walk-in added straight from what was typed.
 *
 * Why no debounce: the search is a prebuilt index (domain/attendance.ts) and
 * the rows are fixed slots that take the next query's people in place, so a
 * keystroke costs a scan of short ASCII strings and a few text updates;
 * waiting would only make the door slower.
 * Why a cap on shown results: after one letter half the list matches, and
 * building hundreds of rows per keystroke is what a tablet cannot afford;
 * a second letter narrows it anyway.
 */
import { For, Index, Show, createMemo, createSignal, createUniqueId } from 'solid-js';
import { hasName, searchIndex } from '../../domain/attendance.ts';
import { ATTENDEE_GROUPS, type AttendeeGroup } from '../../domain/model.ts';
import { update } from '../../storage/changes.ts';
import { SelectField } from '../components/Field.tsx';
import { AttendeeButton } from './AttendeeButton.tsx';
import type { AttendanceData } from './data.ts';
import { groupLabel, m } from './messages.ts';

/**
 * More than a screen shows under the search box (two or three rows at 1280×800, beside the counts):
 * past that the staff scroll through people a second letter would narrow out, and every row shown is
 * DOM work on each keystroke. Twenty kept the slowest keystrokes (a first letter, with hundreds of
 * matches) over a frame's 16 ms at the tablet's pace.
 */
export const RESULT_LIMIT = 12;

export function CheckIn(props: { data: AttendanceData }) {
  const ids = {
    heading: createUniqueId(),
    input: createUniqueId(),
    hint: createUniqueId(),
    results: createUniqueId(),
    site: createUniqueId(),
  };
  const [query, setQuery] = createSignal('');
  const [adding, setAdding] = createSignal(false);
  /** The walk-in just added, whose group and village can be filled in while the next person is searched for. */
  const [added, setAdded] = createSignal<{ id: string; name: string } | null>(null);
  let input: HTMLInputElement | undefined;

  const typed = () => query().trim();
  const hits = createMemo(() => (typed() ? searchIndex(props.data.index(), typed()) : []));
  // Someone found under exactly this name (diacritics and case aside) is not a new person: offering
  // "add new" then invites an unaccented duplicate of them.
  const nameFound = createMemo(() => hasName(props.data.index(), typed()));
  const shown = createMemo(() =>
    hits()
      .slice(0, RESULT_LIMIT)
      .map((a) => a.id),
  );

  const onKeyDown = (e: KeyboardEvent) => {
    // While an input method composes a Vietnamese letter (Telex, VNI), Enter belongs to it.
    if (e.key !== 'Enter' || e.isComposing) return;
    e.preventDefault();
    const first = hits()[0];
    if (!first) return;
    void props.data.checkIn(first);
    // The next name typed replaces this one; until then the row shows the person as present.
    input?.select();
  };

  const addWalkIn = async (e: MouseEvent) => {
    if (e.detail > 1 || adding()) return;
    setAdding(true);
    // Empty the box at once, not when the write returns: the next person's name may already be
    // coming in, and clearing it then would eat the first keys. If saving fails, the name comes back.
    const name = query();
    setQuery('');
    input?.focus();
    try {
      const id = await props.data.addWalkIn(name);
      if (id) setAdded({ id, name: name.replace(/\s+/g, ' ').trim() });
      else if (query() === '') setQuery(name);
    } catch (error) {
      if (query() === '') setQuery(name);
      throw error;
    } finally {
      setAdding(false);
    }
  };

  const status = () => {
    if (!typed()) return m('results_prompt');
    if (hits().length === 0) return m('results_none', { q: typed() });
    return m('results_count', { n: hits().length });
  };

  return (
    <section class="att-card att-checkin" aria-labelledby={ids.heading}>
      <h2 id={ids.heading}>{m('checkin_heading')}</h2>
      <Show when={props.data.severalSites()}>
        <div class="att-site">
          <label for={ids.site}>{m('device_site')}</label>
          <select id={ids.site} onChange={(e) => void props.data.site.choose(e.currentTarget.value || null)}>
            <option value="" selected={!props.data.site.site()}>
              {m('device_site_none')}
            </option>
            <For each={props.data.points()}>
              {(p) => (
                <option value={p.id} selected={props.data.site.site() === p.id}>
                  {p.name}
                </option>
              )}
            </For>
          </select>
          <Show when={!props.data.site.site()}>
            <p class="att-warning" role="alert">
              {m('device_site_warning')}
            </p>
          </Show>
        </div>
      </Show>
      <label for={ids.input} class="att-search-label">
        {m('search_label')}
      </label>
      <input
        ref={input}
        id={ids.input}
        class="att-search"
        type="search"
        autocomplete="off"
        autocorrect="off"
        spellcheck={false}
        enterkeyhint="done"
        aria-describedby={ids.hint}
        aria-controls={ids.results}
        value={query()}
        onInput={(e) => setQuery(e.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      <p id={ids.hint} class="att-hint">
        {m('search_hint')}
      </p>
      <p class="att-done" role="status">
        {props.data.announcement()}
      </p>
      <p class="att-results-status" aria-live="polite">
        {status()}
      </p>
      <ul id={ids.results} class="att-results" aria-label={m('results_label')} data-query={typed()}>
        {/* Index, not For: the rows are slots that take the next query's people in place. Building
            and dropping twenty rows per keystroke is what kept a tablet's search behind the keys. */}
        <Index each={shown()}>
          {(id) => (
            <li>
              <AttendeeButton data={props.data} id={id()} showGroup />
            </li>
          )}
        </Index>
      </ul>
      <Show when={hits().length > RESULT_LIMIT}>
        <p class="att-hint">{m('results_more', { n: hits().length - RESULT_LIMIT })}</p>
      </Show>
      <Show when={typed() && !nameFound()}>
        <button type="button" class="btn att-walk-in" disabled={adding()} onClick={(e) => void addWalkIn(e)}>
          {m('walk_in_add', { name: typed().replace(/\s+/g, ' ') })}
        </button>
      </Show>
      <Show when={added()} keyed>
        {(a) => <WalkInDetails data={props.data} id={a.id} name={a.name} onDone={() => setAdded(null)} />}
      </Show>
    </section>
  );
}

/**
 * After a walk-in is added: their group and village, so the counts by group
 * and the minutes say where they came from. Citizens is the usual group of
 * someone without an invitation; the village is left for the person to say.
 * It does not take the focus: the next person at the door comes first.
 */
function WalkInDetails(props: { data: AttendanceData; id: string; name: string; onDone: () => void }) {
  const ids = { heading: createUniqueId(), village: createUniqueId() };
  const [group, setGroup] = createSignal<AttendeeGroup>('citizens');
  const [village, setVillage] = createSignal('');
  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    if (await props.data.write([update('attendees', props.id, { group: group(), village: village().replace(/\s+/g, ' ').trim() })])) props.onDone();
  };
  return (
    <form class="att-walk-in-more" onSubmit={(e) => void save(e)} aria-label={m('walk_in_more_label', { name: props.name })}>
      <p id={ids.heading}>{m('walk_in_more', { name: props.name })}</p>
      <div class="row">
        <SelectField label={m('field_group')} value={group()} onValue={setGroup} options={ATTENDEE_GROUPS.map((g) => ({ value: g, label: groupLabel(g) }))} />
        <div class="field">
          <label for={ids.village}>{m('field_village')}</label>
          <input id={ids.village} type="text" autocomplete="off" value={village()} onInput={(e) => setVillage(e.currentTarget.value)} />
        </div>
      </div>
      <div class="actions">
        <button type="submit" class="btn btn--primary">
          {m('walk_in_save')}
        </button>
        <button type="button" class="btn btn--quiet" onClick={() => props.onDone()}>
          {m('walk_in_later')}
        </button>
      </div>
    </form>
  );
}
