/**
 * The follow-up dashboard: what is due, overdue and done, per department and
 * per conference, and the reply recorded from here (number, date, how the
 * citizen was informed).
 *
 * The office assigns and reassigns the department and the responsible official
 * from here too (a report upward and a guidance have none until then); the
 * due dates stay those of the session that assigned it.
 *
 * On opening, each conference's follow-ups are brought up to date with its
 * records (domain/followUps.ts, idempotent), so the list is the rule's, not
 * whatever the last tap created. Overdue items are marked in words and with a
 * sign, and listed first, not only coloured.
 */
import { For, Show, createComputed, createEffect, createMemo, createSignal, createUniqueId, onCleanup, untrack } from 'solid-js';
import { createMayWrite } from '../access/roles.ts';
import { createFollowUpsUpkeep } from './keepCurrent.ts';
import { assignmentFields, compareForDashboard, followUpState, isReplyLate, replyFields, tallyBy, type FollowUpTally } from '../../domain/followUps.ts';
import type { FollowUpKind, InformedBy, MessageCode } from '../../domain/model.ts';
import { vietnamIsoDate } from '../../domain/vnTime.ts';
import { calendarDaysBetween } from '../../domain/workingDays.ts';
import { update } from '../../storage/changes.ts';
import { listAll, listConferences, type Row } from '../../storage/queries.ts';
import { workingDayCalendar } from '../calendar.ts';
import { DateField, SelectField, TextField } from '../components/Field.tsx';
import { formatDate } from '../format.ts';
import { t } from '../i18n.ts';
import { observe } from '../../storage/live.ts';
import { useStore } from '../store.tsx';
import { fu } from './followUps.i18n.ts';

type Item = Row<'followUps'>;

interface Board {
  readonly followUps: readonly Item[];
  readonly conferences: readonly Row<'conferences'>[];
  /** The unit's departments as they are now: the ones a follow-up may be given to. */
  readonly departments: ReadonlyMap<string, string>;
  /** Every department's name, deleted ones too: a reply answered by a department since removed still names it. */
  readonly departmentNames: ReadonlyMap<string, string>;
  /** The officials offered as the responsible one, per department id ('' for none). */
  readonly responders: readonly Pick<Row<'responders'>, 'name' | 'title' | 'departmentId'>[];
  /** Who asked and what: from the turn, or the form. */
  readonly turns: ReadonlyMap<string, Pick<Row<'speakerTurns'>, 'speakerName' | 'topic'>>;
  readonly forms: ReadonlyMap<string, Pick<Row<'registrations'>, 'fullName' | 'procedureName' | 'houseNumber' | 'village' | 'addressDetail'>>;
}

async function readBoard(db: ReturnType<typeof useStore>['db']): Promise<Board> {
  const [followUps, conferences, departments, turns, forms, responders] = await Promise.all([
    listAll(db, 'followUps'),
    listConferences(db),
    db.departments.toArray(),
    listAll(db, 'speakerTurns'),
    listAll(db, 'registrations'),
    listAll(db, 'responders'),
  ]);
  const VIcmp = (a: { name: string }, b: { name: string }) => VI.compare(a.name, b.name);
  return {
    followUps,
    conferences,
    departments: new Map(departments.filter((d) => !d.deleted).sort(VIcmp).map((d) => [d.id, d.name])),
    departmentNames: new Map(departments.map((d) => [d.id, d.name])),
    responders: [...responders].sort(VIcmp),
    turns: new Map(turns.map((t) => [t.id, t])),
    forms: new Map(forms.map((f) => [f.id, f])),
  };
}

const KIND_LABEL = (k: FollowUpKind) => fu(`kind_${k}`);

/** The performance measure of the dashboard's first drawing of its records (the follow-ups bench reads it). */
export const RENDER_MEASURE = 'doithoai:follow-ups-render';

export function FollowUpsScreen(props: { conferenceId?: string } = {}) {
  const store = useStore();
  // One day for the whole screen: an item does not turn overdue under the person's eyes at midnight.
  const today = vietnamIsoDate(store.now());
  // Plain records, not a store (createLiveQuery): five years of follow-ups are read through no proxies.
  // Rows keep their identity by id (the lists below are lists of ids), so a reply half typed in one
  // item survives another item changing.
  const [board, setBoard] = createSignal<Board>();
  createEffect(() => {
    const stop = observe(
      () => readBoard(store.db),
      (b) => setBoard(() => b),
      (e) => console.error('follow-ups not read', e),
    );
    onCleanup(stop);
  });
  // From the records' arrival to the list built in the DOM: the computation runs before the screen
  // redraws, the effect after it.
  let renderStart: number | null = null;
  let measured = false;
  createComputed(() => {
    if (board() && renderStart === null) renderStart = performance.now();
  });
  createEffect(() => {
    if (!board() || measured || renderStart === null) return;
    measured = true;
    performance.measure(RENDER_MEASURE, { start: renderStart, end: performance.now(), detail: { followUps: board()!.followUps.length } });
  });
  const [conference, setConference] = createSignal(props.conferenceId ?? '');
  const [department, setDepartment] = createSignal<string | null>(null);
  // Every conference's follow-ups brought up to date once, as the dashboard opens.
  const updating = createFollowUpsUpkeep(() => null);

  const shown = createMemo(() => {
    const b = board();
    if (!b) return [];
    const c = conference();
    const d = department();
    return b.followUps.filter((f) => (!c || f.conferenceId === c) && (d === null || f.departmentId === d));
  });
  const byId = createMemo(() => new Map((board()?.followUps ?? []).map((f) => [f.id, f])));
  const ids = (list: readonly Item[]) => list.map((f) => f.id);
  const open = createMemo(() => ids(shown().filter((f) => followUpState(f, today) !== 'done').sort(compareForDashboard(today))));
  // Sorted only once the folded list is opened.
  const done = createMemo(() => shown().filter((f) => followUpState(f, today) === 'done'));
  // Years whose official schedule is neither shipped nor entered: their due dates follow the statutory rules only.
  const unscheduled = createMemo(() => {
    const years = new Set<number>();
    for (const id of open()) {
      const f = byId().get(id);
      for (const date of f ? [f.dueOn, f.noticeDueOn] : []) if (date) years.add(Number(date.slice(0, 4)));
    }
    return [...years].filter((y) => !workingDayCalendar.schedule(y)).sort();
  });
  const departmentName = (id: string) => (id ? (board()?.departmentNames.get(id) ?? fu('unknown_department')) : fu('no_department'));
  const conferenceTitle = (id: string) => board()?.conferences.find((c) => c.id === id)?.title ?? id;

  return (
    <section aria-labelledby="follow-ups-heading" class="follow-ups">
      <h1 id="follow-ups-heading">{fu('title')}</h1>
      <p class="muted">{fu('hint')}</p>
      <Show when={unscheduled().length > 0}>
        <p class="notice" role="note">
          {fu('unscheduled', { years: unscheduled().join(', ') })}
        </p>
      </Show>
      <Show when={updating()}>
        <p role="status">{fu('updating')}</p>
      </Show>
      <Show when={board()} fallback={<p>…</p>}>
        {(b) => (
          <>
            <div class="card follow-ups__filters">
              <SelectField
                label={fu('filter_conference')}
                value={conference()}
                options={[{ value: '', label: fu('all') }, ...b().conferences.map((c) => ({ value: c.id, label: c.title }))]}
                onValue={setConference}
              />
              <SelectField
                label={fu('filter_department')}
                value={department() ?? '*'}
                options={[
                  { value: '*', label: fu('all') },
                  ...[...b().departments].map(([id, name]) => ({ value: id, label: name })),
                  { value: '', label: fu('no_department') },
                ]}
                onValue={(v) => setDepartment(v === '*' ? null : v)}
              />
            </div>
            <TallyTable caption={fu('by_department')} rows={tallyBy(shown(), (f) => f.departmentId, today)} name={departmentName} />
            <TallyTable caption={fu('by_conference')} rows={tallyBy(shown(), (f) => f.conferenceId ?? '', today)} name={conferenceTitle} />
            <Show when={shown().length > 0} fallback={<p class="empty">{fu('empty')}</p>}>
              <h2 id="follow-ups-open">{fu('open_list')}</h2>
              <ul class="plain-list" aria-labelledby="follow-ups-open">
                <For each={open()}>{(id) => <FollowUpItem item={byId().get(id)!} board={b()} today={today} departmentName={departmentName} />}</For>
              </ul>
              {/* Done items are the past: folded, and not drawn until opened (five years of them). */}
              <DoneList items={done()} byId={byId()} board={b()} today={today} departmentName={departmentName} />
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}

/** One collator for every sort: `localeCompare(x, 'vi')` builds a new one at each comparison. */
const VI = new Intl.Collator('vi');

function TallyTable(props: { caption: string; rows: ReadonlyMap<string, FollowUpTally>; name: (key: string) => string }) {
  return (
    <Show when={props.rows.size > 0}>
      <table class="tally">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{fu('col_group')}</th>
            <th scope="col">{fu('col_due')}</th>
            <th scope="col">{fu('col_overdue')}</th>
            <th scope="col">{fu('col_done')}</th>
            <th scope="col">{fu('col_late')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={[...props.rows].sort((a, b) => VI.compare(props.name(a[0]), props.name(b[0])))}>
            {([key, t]) => (
              <tr>
                <th scope="row">{props.name(key)}</th>
                <td>{t.due}</td>
                <td classList={{ 'tally--overdue': t.overdue > 0 }}>{t.overdue > 0 ? `⚠ ${t.overdue}` : '0'}</td>
                <td>{t.done}</td>
                <td>{t.late}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </Show>
  );
}

function DoneList(props: { items: readonly Item[]; byId: ReadonlyMap<string, Item>; board: Board; today: string; departmentName: (id: string) => string }) {
  const [opened, setOpened] = createSignal(false);
  const ids = createMemo(() => (opened() ? [...props.items].sort(compareForDashboard(props.today)).map((f) => f.id) : []));
  return (
    <Show when={props.items.length > 0}>
      <details onToggle={(e) => setOpened(e.currentTarget.open)}>
        <summary>{fu('done_list', { n: props.items.length })}</summary>
        <Show when={opened()}>
          <ul class="plain-list">
            <For each={ids()}>
              {(id) => <FollowUpItem item={props.byId.get(id)!} board={props.board} today={props.today} departmentName={props.departmentName} />}
            </For>
          </ul>
        </Show>
      </details>
    </Show>
  );
}

function FollowUpItem(props: { item: Item; board: Board; today: string; departmentName: (id: string) => string }) {
  // The reply is recorded by whoever the role table lets write follow-ups (office staff); others only read it.
  const mayWrite = createMayWrite();
  const f = () => props.item;
  const state = () => followUpState(f(), props.today);
  const who = () => {
    const turn = f().turnId ? props.board.turns.get(f().turnId!) : undefined;
    const form = f().registrationId ? props.board.forms.get(f().registrationId!) : undefined;
    const name = turn?.speakerName || form?.fullName || fu('unknown_person');
    return { text: turn ? fu('opinion_of', { name }) : fu('form_of', { name }), topic: turn?.topic || form?.procedureName || '' };
  };
  const address = () => {
    const form = f().kind === 'unheard_form' && f().registrationId ? props.board.forms.get(f().registrationId!) : undefined;
    return form ? [form.houseNumber, form.village, form.addressDetail].filter(Boolean).join(', ') : '';
  };
  const stateText = () =>
    state() === 'overdue'
      ? fu('state_overdue', { n: calendarDaysBetween(f().dueOn, props.today) })
      : state() === 'due'
        ? fu('state_due')
        : isReplyLate(f())
          ? fu('state_late')
          : fu('state_done');
  // One form open at a time per item; closing one gives the focus back to the button that opened it.
  const [editing, setEditing] = createSignal<'reply' | 'assign' | null>(null);
  let assignButton: HTMLButtonElement | undefined;
  let replyButton: HTMLButtonElement | undefined;
  const close = (which: 'reply' | 'assign') => {
    setEditing(null);
    queueMicrotask(() => (which === 'assign' ? assignButton : replyButton)?.focus());
  };
  return (
    <li class="card follow-up" classList={{ 'follow-up--overdue': state() === 'overdue' }} data-state={state()}>
      <p class="follow-up__head">
        <strong>{KIND_LABEL(f().kind)}</strong>
        <span class={`follow-up__state follow-up__state--${state()}`}>{stateText()}</span>
      </p>
      <p>
        {who().text}
        <Show when={who().topic}>: {who().topic}</Show>
      </p>
      <p class="muted">
        {props.departmentName(f().departmentId)}
        <Show when={f().responderName}> · {fu('responder', { name: f().responderName })}</Show>
      </p>
      <p>
        {fu('assigned_on', { date: formatDate(f().assignedOn) })} · <strong>{fu('due_on', { date: formatDate(f().dueOn) })}</strong>
        <Show when={f().noticeDueOn}> · {fu('notice_due_on', { date: formatDate(f().noticeDueOn) })}</Show>
      </p>
      <Show when={address()}>
        <p>{fu('address', { address: address() })}</p>
      </Show>
      <Show when={f().repliedOn}>
        <p>
          {fu('reply_summary', { number: f().replyNumber, date: formatDate(f().repliedOn) })} ·{' '}
          {f().informedBy ? fu(`informed_${f().informedBy as Exclude<InformedBy, ''>}`) : fu('not_informed')}
        </p>
      </Show>
      <Show when={editing() === 'assign'}>
        <AssignForm item={f()} board={props.board} onDone={() => close('assign')} />
      </Show>
      <Show when={editing() === 'reply'}>
        <ReplyForm item={f()} today={props.today} onDone={() => close('reply')} />
      </Show>
      <Show when={editing() === null}>
        <div class="actions follow-up__actions">
          {/* Assigning is for work still open: a reply already in was written by the department it names. */}
          <Show when={f().status === 'assigned' && mayWrite('followUps', 'departmentId')}>
            <button ref={assignButton} type="button" class="btn" onClick={() => setEditing('assign')}>
              {f().departmentId ? fu('reassign') : fu('assign')}
            </button>
          </Show>
          <Show when={f().status !== 'notified' && mayWrite('followUps', 'replyNumber')}>
            <button ref={replyButton} type="button" class="btn" onClick={() => setEditing('reply')}>
              {fu('record_reply')}
            </button>
          </Show>
        </div>
      </Show>
    </li>
  );
}

/**
 * Giving the follow-up to a department and an official. The officials of the chosen department
 * are offered first, any other name may be typed (a vice-chair, the police chief).
 */
function AssignForm(props: { item: Item; board: Board; onDone: () => void }) {
  const store = useStore();
  const start = untrack(() => props.item);
  const [departmentId, setDepartmentId] = createSignal(start.departmentId);
  const [responderName, setResponderName] = createSignal(start.responderName);
  const [errors, setErrors] = createSignal<Partial<Record<'departmentId' | 'responderName', MessageCode>>>({});
  const [failure, setFailure] = createSignal('');
  const [saving, setSaving] = createSignal(false);
  const listId = createUniqueId();
  const suggested = createMemo(() => {
    const d = departmentId();
    const all = props.board.responders;
    return [...all.filter((r) => r.departmentId === d), ...all.filter((r) => r.departmentId !== d)];
  });
  // A department deleted since it was assigned stays in the list as the current value, so the
  // person sees what it was and the message beside the field says to choose another.
  const options = createMemo(() => {
    const list = [...props.board.departments].map(([value, label]) => ({ value, label }));
    const current = start.departmentId;
    if (current && !props.board.departments.has(current)) list.unshift({ value: current, label: props.board.departmentNames.get(current) ?? fu('unknown_department') });
    return [{ value: '', label: fu('choose_department') }, ...list];
  });
  const save = async (e: Event) => {
    e.preventDefault();
    const result = assignmentFields(props.item, { departmentId: departmentId(), responderName: responderName() }, new Set(props.board.departments.keys()));
    if (!result.ok) return setErrors(Object.fromEntries(result.issues.map((i) => [i.field, i.code])));
    setErrors({});
    if (Object.keys(result.fields).length === 0) return props.onDone();
    setSaving(true);
    try {
      await store.write([update('followUps', props.item.id, result.fields)]);
      props.onDone();
    } catch (error) {
      setFailure(t('err_save_failed', { reason: error instanceof Error ? error.message : String(error) }));
    } finally {
      setSaving(false);
    }
  };
  return (
    <form class="follow-up__reply" aria-label={fu('assign_form')} onSubmit={(e) => void save(e)} novalidate>
      <SelectField label={fu('assign_department')} value={departmentId()} options={options()} onValue={setDepartmentId} error={errors().departmentId} />
      <TextField
        label={fu('assign_responder')}
        value={responderName()}
        onValue={setResponderName}
        error={errors().responderName}
        list={listId}
        autocomplete="off"
        hint={fu('assign_responder_hint')}
      />
      <datalist id={listId}>
        <For each={suggested()}>{(r) => <option value={r.name}>{r.title}</option>}</For>
      </datalist>
      <FormEnd failure={failure()} saving={saving()} save={fu('save_assignment')} onCancel={() => props.onDone()} />
    </form>
  );
}

function ReplyForm(props: { item: Item; today: string; onDone: () => void }) {
  const store = useStore();
  // The form starts from what is stored (a reply already in, the citizen not yet told) and then is the person's own.
  const start = untrack(() => props.item);
  const [replyNumber, setReplyNumber] = createSignal(start.replyNumber);
  const [repliedOn, setRepliedOn] = createSignal(start.repliedOn);
  const [informedBy, setInformedBy] = createSignal<InformedBy>(start.informedBy);
  const [errors, setErrors] = createSignal<Partial<Record<'replyNumber' | 'repliedOn', MessageCode>>>({});
  const [saving, setSaving] = createSignal(false);
  const [failure, setFailure] = createSignal('');
  const save = async (e: Event) => {
    e.preventDefault();
    // A typed date that did not read as one stays as typed: say so next to the field.
    const date = repliedOn();
    if (date && !/^\d{4}-\d{2}-\d{2}$/.test(date)) return setErrors({ repliedOn: 'invalid_date' });
    const result = replyFields(props.item, { replyNumber: replyNumber(), repliedOn: date, informedBy: informedBy() }, props.today);
    if (!result.ok) return setErrors(Object.fromEntries(result.issues.map((i) => [i.field, i.code])));
    setErrors({});
    setSaving(true);
    try {
      await store.write([update('followUps', props.item.id, result.fields)]);
      props.onDone();
    } catch (error) {
      setFailure(t('err_save_failed', { reason: error instanceof Error ? error.message : String(error) }));
    } finally {
      setSaving(false);
    }
  };
  return (
    <form class="follow-up__reply" aria-label={fu('reply_form')} onSubmit={(e) => void save(e)} novalidate>
      <TextField label={fu('reply_number')} value={replyNumber()} onValue={setReplyNumber} error={errors().replyNumber} autocomplete="off" />
      <DateField label={fu('reply_date')} value={repliedOn()} onValue={setRepliedOn} error={errors().repliedOn} />
      <SelectField<InformedBy>
        label={fu('informed_by')}
        value={informedBy()}
        options={[
          { value: '', label: fu('informed_none') },
          { value: 'post', label: fu('opt_post') },
          { value: 'email', label: fu('opt_email') },
          { value: 'in_person', label: fu('opt_in_person') },
        ]}
        onValue={setInformedBy}
      />
      <FormEnd failure={failure()} saving={saving()} save={fu('save_reply')} onCancel={() => props.onDone()} />
    </form>
  );
}

/** The end of the dashboard's two forms: a failed save said in words, then save and cancel. */
function FormEnd(props: { failure: string; saving: boolean; save: string; onCancel: () => void }) {
  return (
    <>
      <Show when={props.failure}>
        <p class="form-error" role="alert">
          {props.failure}
        </p>
      </Show>
      <div class="actions">
        <button type="submit" class="btn btn--primary" disabled={props.saving}>
          {props.save}
        </button>
        <button type="button" class="btn btn--quiet" onClick={() => props.onCancel()}>
          {fu('cancel')}
        </button>
      </div>
    </>
  );
}
