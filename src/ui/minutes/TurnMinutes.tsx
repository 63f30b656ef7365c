/**
 * One question in the minutes: who asked, the question and the answer side by
 * side, who answered, and the chair's conclusion in one tap.
 */
import { For, Show, createSignal, createUniqueId } from 'solid-js';
import { DISPOSITION_ORDER, type DispositionChoice } from '../../domain/disposition.ts';
import type { ChairAction } from '../../domain/room.ts';
import { COMPLAINT_KINDS, type ComplaintKind, type DispositionKind } from '../../domain/model.ts';
import { answerKey, questionKey } from '../../domain/minutesDoc.ts';
import type { WorkingDayCalendar } from '../../domain/workingDays.ts';
import { update, type Change } from '../../storage/changes.ts';
import type { Row } from '../../storage/queries.ts';
import { formatDate } from '../format.ts';
import { MinutesEntry } from './MinutesEntry.tsx';
import { mt } from './minutes.i18n.ts';
import { TypedField } from './TypedField.tsx';
import { RecordHistory } from '../access/RecordHistory.tsx';
import { PlayTurn } from '../audio/AudioPlayer.tsx';

type Turn = Row<'speakerTurns'>;

export interface TurnContext {
  /** Undefined while still being read. */
  readonly departments: () => readonly Row<'departments'>[] | undefined;
  readonly calendar: WorkingDayCalendar;
  /** Writes through the panel, which tracks the write for its save status. */
  readonly write: (changes: Change[]) => Promise<boolean>;
  /** A chair action (disposition, responder), decided inside the write transaction; tracked like `write`. */
  readonly act: (action: ChairAction) => Promise<boolean>;
  /** Id of the <datalist> of responders' names. */
  readonly respondersListId: string;
}

export function TurnMinutes(props: { turn: Turn; ctx: TurnContext; anchor?: string }) {
  const headingId = createUniqueId();
  const responderId = createUniqueId();
  const turn = () => props.turn;
  return (
    <article
      id={props.anchor}
      class="minutes-turn"
      classList={{ 'minutes-turn--speaking': turn().status === 'speaking' }}
      aria-labelledby={headingId}
    >
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
        <PlayTurn turnId={turn().id} name={turn().speakerName} />
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
          onChange={(e) => void props.ctx.act({ type: 'assign_responder', turnId: turn().id, responderName: e.currentTarget.value })}
        />
      </div>
      <DispositionPicker turn={turn()} ctx={props.ctx} />
      {/* Seed 003: the chair concludes each opinion; the biên bản records the conclusion with it. */}
      <TypedField
        label={mt('conclusion')}
        multiline
        value={turn().conclusion ?? ''}
        save={(conclusion) => props.ctx.write([update('speakerTurns', turn().id, { conclusion })])}
      />
      <RecordHistory table="speakerTurns" id={turn().id} labels={{ disposition: mt('disposition'), responderName: mt('responder') }} />
    </article>
  );
}

function DispositionPicker(props: { turn: Turn; ctx: TurnContext }) {
  const selectId = createUniqueId();
  const needId = createUniqueId();
  const complaintKindId = createUniqueId();
  const [draftDepartment, setDraftDepartment] = createSignal('');
  const [needDepartment, setNeedDepartment] = createSignal(false);
  // The detail field of a kind just chosen gets the focus; a kind already stored when the screen opens does not.
  const [justChosen, setJustChosen] = createSignal<DispositionKind | null>(null);
  let selectEl: HTMLSelectElement | undefined;

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
  const apply = (choice: DispositionChoice) =>
    props.ctx.act({ type: 'dispose', turnId: props.turn.id, choice, calendar: props.ctx.calendar });

  const choose = (kind: DispositionKind) => {
    setNeedDepartment(false);
    setJustChosen(kind);
    const d = stored();
    switch (kind) {
      case 'written_reply': {
        const departmentId = department();
        if (!departmentId) {
          // The one thing a written reply cannot do without: ask for it, then the choice completes it.
          setNeedDepartment(true);
          queueMicrotask(() => selectEl?.focus());
          return;
        }
        void apply({ kind, departmentId });
        return;
      }
      case 'guided_elsewhere':
        void apply({ kind, body: d?.kind === 'guided_elsewhere' ? d.body : '' });
        return;
      case 'forwarded_upward':
        void apply({ kind, body: d?.kind === 'forwarded_upward' ? (d.body ?? '') : '' });
        return;
      case 'complaint_outside':
        void apply(d?.kind === 'complaint_outside' ? { kind, complaintKind: d.complaintKind, redirectedTo: d.redirectedTo } : { kind });
        return;
      case 'answered_in_room':
        void apply({ kind });
    }
  };

  const onDepartment = (departmentId: string) => {
    setDraftDepartment(departmentId);
    if (!departmentId) return;
    if (needDepartment() || storedKind() === 'written_reply') {
      setNeedDepartment(false);
      void apply({ kind: 'written_reply', departmentId });
    }
  };
  const complaint = () => {
    const d = stored();
    return d?.kind === 'complaint_outside' ? { complaintKind: d.complaintKind ?? 'complaint', redirectedTo: d.redirectedTo ?? '' } : null;
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
              // Until the departments are read, a written reply could not know whether to ask for one.
              disabled={kind === 'written_reply' && props.ctx.departments() === undefined}
              onClick={() => choose(kind)}
            >
              {/* The tick is for the eye; aria-pressed already tells a screen reader, so it is not part of the name. */}
              <Show when={storedKind() === kind}>
                <span class="disposition__tick" aria-hidden="true">
                  ✓{' '}
                </span>
              </Show>
              {mt(`disp_${kind}`)}
            </button>
          )}
        </For>
      </div>
      <div class="disposition__details">
        {/* Only a written reply names a department: under any other outcome the choice would mean nothing. */}
        <Show when={storedKind() === 'written_reply' || needDepartment()}>
          <div class="disposition__field">
            <label for={selectId}>{mt('department')}</label>
            <select
              id={selectId}
              ref={(el) => (selectEl = el)}
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
        </Show>
        <Show when={stored()?.kind === 'written_reply' ? (stored() as { departmentId: string; dueOn: string }) : null}>
          {(d) => (
            <p class="disposition__due">
              <strong>{departmentName(d().departmentId)}</strong> · {mt('due_on', { date: formatDate(d().dueOn) })}
            </p>
          )}
        </Show>
        <Show when={stored()?.kind === 'guided_elsewhere' ? (stored() as { body: string }) : null}>
          {(d) => (
            <TypedField
              label={mt('competent_body')}
              placeholder={mt('competent_body_hint')}
              value={d().body}
              autofocus={justChosen() === 'guided_elsewhere'}
              save={(body) => apply({ kind: 'guided_elsewhere', body })}
            />
          )}
        </Show>
        <Show when={stored()?.kind === 'forwarded_upward' ? (stored() as { body?: string }) : null}>
          {(d) => (
            <TypedField
              label={mt('upper_body')}
              placeholder={mt('upper_body_hint')}
              value={d().body ?? ''}
              autofocus={justChosen() === 'forwarded_upward'}
              save={(body) => apply({ kind: 'forwarded_upward', body })}
            />
          )}
        </Show>
        <Show when={complaint()}>
          {(c) => (
            <>
              <div class="disposition__field">
                <label for={complaintKindId}>{mt('complaint_kind')}</label>
                <select
                  id={complaintKindId}
                  onChange={(e) =>
                    void apply({
                      kind: 'complaint_outside',
                      complaintKind: e.currentTarget.value as ComplaintKind,
                      redirectedTo: c().redirectedTo,
                    })
                  }
                >
                  <For each={COMPLAINT_KINDS}>
                    {(k) => (
                      <option value={k} selected={c().complaintKind === k}>
                        {mt(`complaint_${k}`)}
                      </option>
                    )}
                  </For>
                </select>
              </div>
              <TypedField
                label={mt('redirected_to')}
                placeholder={mt('redirected_to_hint')}
                value={c().redirectedTo}
                autofocus={justChosen() === 'complaint_outside'}
                save={(redirectedTo) => apply({ kind: 'complaint_outside', complaintKind: c().complaintKind, redirectedTo })}
              />
            </>
          )}
        </Show>
      </div>
    </fieldset>
  );
}
