import { Link } from '@tanstack/solid-router';
import { v7 as uuidv7 } from 'uuid';
import { For, Show } from 'solid-js';
import { SESSION_FORMATS, VENUE_KINDS } from '../../domain/model.ts';
import { getRecord, listBy, listSessions } from '../../storage/queries.ts';
import { create } from '../../storage/changes.ts';
import { DateField, FormError, FormText, SelectField, TimeField } from '../components/Field.tsx';
import { formatDate } from '../format.ts';
import { t, type MessageKey } from '../i18n.ts';
import { createForm } from '../primitives/form.ts';
import { createLiveQuery } from '../primitives/liveQuery.ts';
import { useStore } from '../store.tsx';
import { regt } from './registrations.i18n.ts';
import { ExportButton } from '../files/ExportButton.tsx';

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
  const sessions = createLiveQuery(
    () => props.conferenceId,
    (id) => listSessions(db, id),
  );

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
            <p>
              <Link to="/conferences/$conferenceId/registrations" params={{ conferenceId: c().id }} class="back-link">
                {regt('link', { n: registrations() ?? 0 })}
              </Link>
            </p>
            <ExportButton conferenceId={c().id} />
            <h2>{t('sessions_title')}</h2>
            <Show when={(sessions() ?? []).length > 0} fallback={<p class="empty">{t('sessions_empty')}</p>}>
              <ul class="card-list" aria-label={t('sessions_title')}>
                <For each={sessions()}>
                  {(s) => (
                    <li class="card card--link">
                      <Link to="/sessions/$sessionId" params={{ sessionId: s.id }} class="card__title">
                        {s.title || s.venue}
                      </Link>
                      <p class="muted">
                        {formatDate(s.date)} · {s.start}–{s.end} · {s.venue} · {t(`format_${s.format}` as MessageKey)}
                      </p>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <NewSession conferenceId={c().id} unitId={c().unitId} />
          </section>
        )}
      </Show>
    </Show>
  );
}

function NewSession(props: { conferenceId: string; unitId: string }) {
  const { write } = useStore();
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
  const form = createForm(blank, { invalid: t('form_has_errors'), failed: (r) => t('err_save_failed', { reason: r }) });

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    const { conferenceId, unitId } = props;
    const saved = await form.submit(
      'sessions',
      (v) => {
        const { limitMinutes, ...rest } = v;
        const minutes = Number(limitMinutes.replace(',', '.'));
        return { ...rest, conferenceId, speakingLimitMs: Number.isFinite(minutes) ? Math.round(minutes * 60_000) : NaN };
      },
      async (record) => {
        // A new session starts from the standard running order (seeds 000, 003), written with it in one transaction.
        const id = uuidv7();
        const { standardAgendaChanges } = await import('../session/roomWrite.ts');
        const chairName = (record as { chairName: string }).chairName;
        await write([
          create('sessions', { unitId, conferenceId }, record as never, id),
          ...standardAgendaChanges({ id, unitId, conferenceId, chairName }),
        ]);
      },
    );
    if (saved) form.reset(blank);
  };

  return (
    <form class="card" onSubmit={onSubmit} aria-labelledby="new-session-heading" novalidate>
      <h2 id="new-session-heading">{t('session_new')}</h2>
      <FormText bind={form} name="title" label={t('session_title')} placeholder={t('session_title_placeholder')} />
      <div class="row">
        <DateField
          label={t('session_date')}
          value={form.values.date}
          onValue={(v) => form.set('date', v)}
          error={form.error('date')}
          name="date"
        />
        <TimeField
          label={t('session_start')}
          value={form.values.start}
          onValue={(v) => form.set('start', v)}
          error={form.error('start')}
          name="start"
        />
        <TimeField
          label={t('session_end')}
          value={form.values.end}
          onValue={(v) => form.set('end', v)}
          error={form.error('end')}
          name="end"
        />
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
      <button type="submit" class="btn btn--primary" disabled={form.busy()}>
        {t('add')}
      </button>
    </form>
  );
}
