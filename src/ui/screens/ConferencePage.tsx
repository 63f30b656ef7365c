/**
 * One conference: its sessions, its registration forms, and the corrections of
 * both. A conference is deleted with its sessions, after a confirmation (rare
 * and large); a session after one too (it carries its agenda, list and queue).
 */
import { Link, useNavigate } from '@tanstack/solid-router';
import { v7 as uuidv7 } from 'uuid';
import { For, Show, createSignal, untrack } from 'solid-js';
import { SESSION_FORMATS, VENUE_KINDS } from '../../domain/model.ts';
import { formatDecimal, parseDecimal } from '../../domain/typedInput.ts';
import { sessionDateProblem } from '../../domain/plausibility.ts';
import { vietnamIsoDate } from '../../domain/vnTime.ts';
import type { FieldIssue } from '../../domain/validate.ts';
import { getRecord, listBy, listSessions, type Row } from '../../storage/queries.ts';
import { create, remove, update } from '../../storage/changes.ts';
import { ConfirmBox } from '../components/Confirm.tsx';
import { DateField, FormError, FormText, SelectField, TimeField } from '../components/Field.tsx';
import { formatDate } from '../format.ts';
import { lang, t, type MessageKey } from '../i18n.ts';
import { clockTimeOf, createForm, dateIssue, timeIssue } from '../primitives/form.ts';
import { createLiveQuery } from '../primitives/liveQuery.ts';
import { useStore } from '../store.tsx';
import { ConferenceForm } from './NewConference.tsx';
import { regt } from './registrations.i18n.ts';
import { dt } from '../documents/documents.i18n.ts';

type ConferenceRow = Row<'conferences'>;
type SessionRow = Row<'sessions'>;
import { ExportButton } from '../files/ExportButton.tsx';
import { WHOLE_RECORD, createMayWrite } from '../access/roles.ts';
import { ReadOnlyNote } from '../access/ReadOnlyNote.tsx';
import { ConferenceFacts } from '../conference/ConferenceFacts.tsx';
import { st } from '../survey/survey.i18n.ts';
import { sst } from '../statistics/statistics.i18n.ts';
import { firstSessionDate } from '../../domain/registration.ts';

export function ConferencePage(props: { conferenceId: string }) {
  const { db } = useStore();
  const conference = createLiveQuery(
    () => props.conferenceId,
    async (id) => (await getRecord(db, 'conferences', id)) ?? null,
  );
  const registrations = createLiveQuery(
    () => props.conferenceId,
    async (id) => (await listBy(db, 'registrations', 'conferenceId', id)).length,
  );
  const surveyForms = createLiveQuery(
    () => props.conferenceId,
    async (id) => (await listBy(db, 'surveyResponses', 'conferenceId', id)).length,
  );
  const sessions = createLiveQuery(
    () => props.conferenceId,
    (id) => listSessions(db, id),
  );
  // The plan and its sessions are the office's (domain/access.ts); the chair only changes a session's speaking limit, in the room.
  const may = createMayWrite();
  const [mode, setMode] = createSignal<'view' | 'edit' | 'confirm'>('view');
  let editButton: HTMLButtonElement | undefined;
  // Back from the form or the question to the button that opened it, not to the top of the page.
  const close = () => {
    setMode('view');
    editButton?.focus();
  };

  return (
    <Show when={conference() !== undefined} fallback={<p>{t('loading')}</p>}>
      <Show when={conference()} fallback={<p role="alert">{t('conference_not_found')}</p>}>
        {(c) => (
          <section aria-labelledby="conf-heading">
            <p>
              <Link to="/" class="back-link">
                ← {t('nav_conferences')}
              </Link>
            </p>
            <h1 id="conf-heading">{c().title}</h1>
            <p class="muted">
              {t('conference_round_n', { n: c().round })} · {c().year}
              {c().planNumber ? ` · ${c().planNumber}` : ''}
            </p>
            <Show when={mode() === 'view' && may('conferences')}>
              <div class="row-tools">
                <button ref={editButton} type="button" class="btn" onClick={() => setMode('edit')}>
                  {t('conference_edit')}
                </button>
                <button type="button" class="btn btn--quiet" onClick={() => setMode('confirm')}>
                  {t('conference_delete')}
                </button>
              </div>
            </Show>
            <Show when={mode() === 'edit'}>
              <ConferenceForm unitId={c().unitId} editing={c()} onDone={close} />
            </Show>
            <Show when={mode() === 'confirm'}>
              <ConferenceRemoval conference={c()} sessions={sessions() ?? []} onCancel={close} />
            </Show>
            <ConferenceFacts conference={c()} firstSessionDate={firstSessionDate(sessions() ?? [])} />
            <p>
              <Link to="/conferences/$conferenceId/registrations" params={{ conferenceId: c().id }} class="back-link">
                {regt('link', { n: registrations() ?? 0 })}
              </Link>
            </p>
            <p>
              <Link to="/conferences/$conferenceId/documents" params={{ conferenceId: c().id }} class="back-link">
                {dt('link')}
              </Link>
            </p>
            <p>
              <Link to="/conferences/$conferenceId/survey" params={{ conferenceId: c().id }} class="back-link">
                {st('link', { n: surveyForms() ?? 0 })}
              </Link>
            </p>
            <p>
              <Link to="/conferences/$conferenceId/statistics" params={{ conferenceId: c().id }} class="back-link">
                {sst('link')}
              </Link>
            </p>
            <ExportButton conferenceId={c().id} />
            <h2>{t('sessions_title')}</h2>
            <Show when={(sessions() ?? []).length > 0} fallback={<p class="empty">{t('sessions_empty')}</p>}>
              <ul class="card-list" aria-label={t('sessions_title')}>
                <For each={sessions()}>{(s) => <SessionItem session={s} canEdit={may('sessions', WHOLE_RECORD)} />}</For>
              </ul>
            </Show>
            <Show when={may('sessions', WHOLE_RECORD)} fallback={<ReadOnlyNote kind="sessions" />}>
              <SessionForm conferenceId={c().id} unitId={c().unitId} />
            </Show>
          </section>
        )}
      </Show>
    </Show>
  );
}

function ConferenceRemoval(props: { conference: ConferenceRow; sessions: readonly SessionRow[]; onCancel: () => void }) {
  const { write } = useStore();
  const navigate = useNavigate();
  const [failure, setFailure] = createSignal('');
  const confirm = async () => {
    try {
      // One commit: the conference and its sessions go together, or neither does.
      await write([...props.sessions.map((s) => remove('sessions', s.id)), remove('conferences', props.conference.id)]);
      void navigate({ to: '/' });
    } catch (e) {
      setFailure(t('err_save_failed', { reason: e instanceof Error ? e.message : String(e) }));
    }
  };
  return (
    <ConfirmBox
      question={t('conference_delete_confirm', { title: props.conference.title, n: props.sessions.length })}
      confirmLabel={t('conference_delete')}
      onConfirm={() => void confirm()}
      onCancel={() => props.onCancel()}
      detail={
        <Show when={failure()}>
          <p class="form-error" role="alert">
            {failure()}
          </p>
        </Show>
      }
    />
  );
}

function SessionItem(props: { session: SessionRow; canEdit: boolean }) {
  const { write } = useStore();
  const [mode, setMode] = createSignal<'view' | 'edit' | 'confirm'>('view');
  let editButton: HTMLButtonElement | undefined;
  const close = () => {
    setMode('view');
    editButton?.focus();
  };
  const s = () => props.session;
  const name = () => s().title || s().venue;
  return (
    <li class="card card--link">
      <Show
        when={mode() === 'edit'}
        fallback={
          <>
            <Link to="/sessions/$sessionId" params={{ sessionId: s().id }} class="card__title">
              {name()}
            </Link>
            <p class="muted">
              {formatDate(s().date)} · {s().start}–{s().end} · {s().venue} · {t(`format_${s().format}` as MessageKey)}
            </p>
            <Show
              when={mode() === 'confirm'}
              fallback={
                <Show when={props.canEdit}>
                  <div class="row-tools">
                    <button ref={editButton} type="button" class="btn btn--quiet" aria-label={`${t('edit')}: ${name()}`} onClick={() => setMode('edit')}>
                      {t('edit')}
                    </button>
                    <button type="button" class="btn btn--quiet" aria-label={`${t('delete')}: ${name()}`} onClick={() => setMode('confirm')}>
                      {t('delete')}
                    </button>
                  </div>
                </Show>
              }
            >
              <ConfirmBox
                question={t('session_delete_confirm', { name: name(), date: formatDate(s().date) })}
                confirmLabel={t('delete')}
                onConfirm={() => void write([remove('sessions', s().id)])}
                onCancel={close}
              />
            </Show>
          </>
        }
      >
        <SessionForm conferenceId={s().conferenceId} unitId={s().unitId} editing={s()} onDone={close} />
      </Show>
    </li>
  );
}

function SessionForm(props: { conferenceId: string; unitId: string; editing?: SessionRow; onDone?: () => void }) {
  const { write, now } = useStore();
  const blank = {
    title: '',
    date: '',
    start: '07:30',
    end: '11:30',
    venue: '',
    venueKind: 'committee_hall' as (typeof VENUE_KINDS)[number],
    fieldFocus: '',
    format: 'in_person' as (typeof SESSION_FORMATS)[number],
    limitMinutes: '5',
    chairName: '',
    secretaryName: '',
  };
  const initial = untrack(() => {
    const s = props.editing;
    if (!s) return blank;
    return {
      title: s.title,
      date: s.date,
      start: s.start,
      end: s.end,
      venue: s.venue,
      venueKind: s.venueKind,
      fieldFocus: s.fieldFocus,
      format: s.format,
      // With a decimal comma in Vietnamese: "0,5", as it was typed.
      limitMinutes: formatDecimal(s.speakingLimitMs / 60_000, lang()),
      chairName: s.chairName,
      secretaryName: s.secretaryName,
    };
  });
  const form = createForm(initial, { invalid: t('form_has_errors'), failed: (r) => t('err_save_failed', { reason: r }) }, { focusOnMount: untrack(() => !!props.editing) });
  const headingId = `session-form-${untrack(() => props.editing?.id ?? 'new')}`;

  /** What the schema cannot know: how each time and date was typed, and whether the date is plausible today. */
  const check = (v: typeof blank): FieldIssue[] => {
    const issues = [...dateIssue('date', v.date), ...timeIssue('start', v.start), ...timeIssue('end', v.end)];
    const limit = parseDecimal(v.limitMinutes);
    if (!limit.ok) issues.push({ field: 'speakingLimitMs', code: limit.code === 'required' ? 'not_a_number' : limit.code });
    // A date kept as it was is not judged again: last year's session can still have its venue corrected.
    const unchanged = untrack(() => props.editing?.date) === v.date;
    if (!unchanged && !issues.some((i) => i.field === 'date') && /^\d{4}-\d{2}-\d{2}$/.test(v.date)) {
      const problem = sessionDateProblem(v.date, vietnamIsoDate(now()));
      if (problem) issues.push({ field: 'date', code: problem });
    }
    return issues;
  };

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    const { conferenceId, unitId, editing } = props;
    const saved = await form.submit(
      'sessions',
      (v) => {
        const { limitMinutes, ...rest } = v;
        const minutes = parseDecimal(limitMinutes);
        return {
          ...rest,
          start: clockTimeOf(v.start),
          end: clockTimeOf(v.end),
          conferenceId,
          speakingLimitMs: minutes.ok ? Math.round(minutes.value * 60_000) : NaN,
        };
      },
      async (record) => {
        if (editing) {
          await write([update('sessions', editing.id, record as never)]);
          return;
        }
        // A new session starts from the standard running order (seeds 000, 003), written with it in one transaction.
        const id = uuidv7();
        const { standardAgendaChanges } = await import('../session/roomWrite.ts');
        const chairName = (record as { chairName: string }).chairName;
        await write([
          create('sessions', { unitId, conferenceId }, record as never, id),
          ...standardAgendaChanges({ id, unitId, conferenceId, chairName }),
        ]);
      },
      { check },
    );
    if (!saved) return;
    if (editing) props.onDone?.();
    else form.reset(blank);
  };

  return (
    <form ref={form.ref} class="card" onSubmit={onSubmit} aria-labelledby={headingId} novalidate>
      <h2 id={headingId}>{props.editing ? t('session_edit', { name: props.editing.title || props.editing.venue }) : t('session_new')}</h2>
      <FormText bind={form} name="title" label={t('session_title')} placeholder={t('session_title_placeholder')} />
      <div class="row">
        <DateField label={t('session_date')} value={form.values.date} onValue={(v) => form.set('date', v)} error={form.error('date')} name="date" />
        <TimeField label={t('session_start')} value={form.values.start} onValue={(v) => form.set('start', v)} error={form.error('start')} name="start" />
        <TimeField label={t('session_end')} value={form.values.end} onValue={(v) => form.set('end', v)} error={form.error('end')} name="end" />
      </div>
      <div class="row">
        <FormText bind={form} name="venue" label={t('session_venue')} placeholder={t('session_venue_placeholder')} />
        <SelectField
          label={t('session_venue_kind')}
          value={form.values.venueKind}
          onValue={(v) => form.set('venueKind', v)}
          options={VENUE_KINDS.map((k) => ({ value: k, label: t(`venue_${k}` as MessageKey) }))}
        />
      </div>
      <div class="row">
        <SelectField
          label={t('session_format')}
          value={form.values.format}
          onValue={(v) => form.set('format', v)}
          options={SESSION_FORMATS.map((k) => ({ value: k, label: t(`format_${k}` as MessageKey) }))}
        />
        <FormText bind={form} name="fieldFocus" label={t('session_field_focus')} />
        <FormText bind={form} name="limitMinutes" errorField="speakingLimitMs" label={t('session_speaking_limit')} inputmode="decimal" />
      </div>
      <div class="row">
        <FormText bind={form} name="chairName" label={t('session_chair')} />
        <FormText bind={form} name="secretaryName" label={t('session_secretary')} />
      </div>
      <FormError form={form} />
      <div class="actions">
        <button type="submit" class="btn btn--primary" disabled={form.busy()}>
          {props.editing ? t('save') : t('add')}
        </button>
        <Show when={props.editing}>
          <button type="button" class="btn btn--quiet" onClick={() => props.onDone?.()}>
            {t('cancel')}
          </button>
        </Show>
      </div>
    </form>
  );
}
