/**
 * One question in the minutes: who asked, the question and the answer side by
 * side, who answered, and the chair's conclusion in one tap.
 */
import { For, Show, createSignal, createUniqueId } from 'solid-js';
import { DISPOSITION_ORDER } from '../../domain/disposition.ts';
import type { DispositionKind } from '../../domain/model.ts';
import { answerKey, questionKey } from '../../domain/minutesDoc.ts';
import type { WorkingDayCalendar } from '../../domain/workingDays.ts';
import { update, type Change, type Scope } from '../../storage/changes.ts';
import type { Row } from '../../storage/queries.ts';
import { formatDate } from '../format.ts';
import { dispositionChanges, type DispositionChoice } from './dispositionChanges.ts';
import { MinutesEntry } from './MinutesEntry.tsx';
import { mt } from './minutes.i18n.ts';
import { RecordHistory } from '../access/RecordHistory.tsx';

type Turn = Row<'speakerTurns'>;

export interface TurnContext {
  /** Undefined while still being read. */
  readonly departments: () => readonly Row<'departments'>[] | undefined;
  readonly followUps: () => readonly Row<'followUps'>[];
  readonly scope: () => Scope;
  /** 'YYYY-MM-DD' in Vietnam, now. */
  readonly today: () => string;
  readonly calendar: WorkingDayCalendar;
  /** Writes through the panel, which tracks the write for its save status. */
  readonly write: (changes: Change[]) => Promise<boolean>;
  /** Id of the <datalist> of responders' names. */
  readonly respondersListId: string;
}

export function TurnMinutes(props: { turn: Turn; ctx: TurnContext }) {
  const headingId = createUniqueId();
  const responderId = createUniqueId();
  const turn = () => props.turn;
  return (
    <article class="minutes-turn" classList={{ 'minutes-turn--speaking': turn().status === 'speaking' }} aria-labelledby={headingId}>
      <header class="minutes-turn__head">
        <h4 id={headingId} class="minutes-turn__name">
          {turn().speakerName}
        </h4>
        <Show when={turn().affiliation}>
          <span class="muted">{turn().affiliation}</span>
        </Show>
        <Show when={turn().status === 'speaking'}>
          <span class="minutes-badge">{mt('speaking_badge')}</span>
        </Show>
        <Show when={turn().topic}>
          <p class="minutes-turn__topic">{turn().topic}</p>
        </Show>
      </header>
      <div class="minutes-turn__qa">
        <MinutesEntry name={questionKey(turn().id)} label={mt('question_of', { name: turn().speakerName })} />
        <MinutesEntry name={answerKey(turn().id)} label={mt('answer')} />
      </div>
      <div class="minutes-turn__responder">
        <label for={responderId}>{mt('responder')}</label>
        <input
          id={responderId}
          type="text"
          autocomplete="off"
          list={props.ctx.respondersListId}
          value={turn().responderName}
          onChange={(e) => {
            const responderName = e.currentTarget.value.trim();
            if (responderName !== turn().responderName) void props.ctx.write([update('speakerTurns', turn().id, { responderName })]);
          }}
        />
      </div>
      <DispositionPicker turn={turn()} ctx={props.ctx} />
      <RecordHistory table="speakerTurns" id={turn().id} labels={{ disposition: mt('disposition'), responderName: mt('responder') }} />
    </article>
  );
}

function DispositionPicker(props: { turn: Turn; ctx: TurnContext }) {
  const selectId = createUniqueId();
  const bodyId = createUniqueId();
  const needId = createUniqueId();
  const [draftDepartment, setDraftDepartment] = createSignal('');
  const [needDepartment, setNeedDepartment] = createSignal(false);
  const [guidedJustChosen, setGuidedJustChosen] = createSignal(false);
  let selectEl!: HTMLSelectElement;

  const stored = () => props.turn.disposition;
  const storedKind = () => stored()?.kind ?? null;
  const department = () => {
    const d = stored();
    if (d?.kind === 'written_reply') return d.departmentId;
    if (draftDepartment()) return draftDepartment();
    const all = props.ctx.departments() ?? [];
    return all.length === 1 ? all[0]!.id : '';
  };
  const departmentName = (id: string) => props.ctx.departments()?.find((d) => d.id === id)?.name ?? '';

  const apply = (choice: DispositionChoice) => {
    const changes = dispositionChanges(choice, {
      turn: props.turn,
      followUps: props.ctx.followUps(),
      scope: props.ctx.scope(),
      today: props.ctx.today(),
      calendar: props.ctx.calendar,
    });
    if (changes.length > 0) void props.ctx.write(changes);
  };

  const choose = (kind: DispositionKind) => {
    setNeedDepartment(false);
    if (kind === 'written_reply') {
      const departmentId = department();
      if (!departmentId) {
        // The one thing a written reply cannot do without: ask for it, then the choice completes it.
        setNeedDepartment(true);
        selectEl.focus();
        return;
      }
      apply({ kind, departmentId });
    } else if (kind === 'guided_elsewhere') {
      const d = stored();
      setGuidedJustChosen(true);
      apply({ kind, body: d?.kind === 'guided_elsewhere' ? d.body : '' });
    } else {
      apply({ kind });
    }
  };

  const onDepartment = (departmentId: string) => {
    setDraftDepartment(departmentId);
    if (!departmentId) return;
    if (needDepartment() || storedKind() === 'written_reply') {
      setNeedDepartment(false);
      apply({ kind: 'written_reply', departmentId });
    }
  };

  return (
    <fieldset class="disposition">
      <legend>{mt('disposition')}</legend>
      <div class="disposition__choices">
        <For each={DISPOSITION_ORDER}>
          {(kind) => (
            <button
              type="button"
              class="btn disposition__choice"
              classList={{ [`disposition__choice--${kind}`]: true }}
              aria-pressed={storedKind() === kind}
              onClick={() => choose(kind)}
            >
              {mt(`disp_${kind}`)}
            </button>
          )}
        </For>
      </div>
      <div class="disposition__details">
        <div class="disposition__field">
          <label for={selectId}>{mt('department')}</label>
          <select
            id={selectId}
            ref={selectEl}
            aria-invalid={needDepartment()}
            aria-describedby={needDepartment() ? needId : undefined}
            onChange={(e) => onDepartment(e.currentTarget.value)}
          >
            <option value="" selected={department() === ''}>
              {mt('department_choose')}
            </option>
            <For each={props.ctx.departments() ?? []}>
              {(d) => (
                <option value={d.id} selected={d.id === department()}>
                  {d.name}
                </option>
              )}
            </For>
          </select>
          <Show when={needDepartment()}>
            <p id={needId} class="field__error" role="alert">
              {props.ctx.departments()?.length === 0 ? mt('departments_none') : mt('department_needed')}
            </p>
          </Show>
        </div>
        <Show when={stored()?.kind === 'written_reply' ? (stored() as { departmentId: string; dueOn: string }) : null}>
          {(d) => (
            <p class="disposition__due">
              <strong>{departmentName(d().departmentId)}</strong> · {mt('due_on', { date: formatDate(d().dueOn) })}
            </p>
          )}
        </Show>
        <Show when={stored()?.kind === 'guided_elsewhere' ? (stored() as { body: string }) : null}>
          {(d) => (
            <div class="disposition__field">
              <label for={bodyId}>{mt('competent_body')}</label>
              <input
                id={bodyId}
                type="text"
                autocomplete="off"
                placeholder={mt('competent_body_hint')}
                value={d().body}
                ref={(el) => {
                  if (guidedJustChosen()) queueMicrotask(() => el.focus());
                  setGuidedJustChosen(false);
                }}
                onChange={(e) => apply({ kind: 'guided_elsewhere', body: e.currentTarget.value })}
              />
            </div>
          )}
        </Show>
      </div>
    </fieldset>
  );
}
