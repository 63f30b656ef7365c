/**
 * The conference's figures, as the report prints them: attendance by group,
 * registration forms, opinions by field, outcome and bridge point, written
 * replies on time, late and open, and the survey. Counted by
 * domain/statistics.ts from the same records the documents read, so the
 * screen and the report never disagree.
 */
import { createFollowUpsUpkeep } from '../followUps/keepCurrent.ts';
import { Link } from '@tanstack/solid-router';
import { For, Show, createMemo, type JSX } from 'solid-js';
import { ATTENDEE_GROUP_LABELS, DISPOSITION_LABELS, FIELD_UNSPECIFIED } from '../../domain/labels.ts';
import { ATTENDEE_GROUPS, DISPOSITION_KINDS, REGISTRATION_CHANNELS } from '../../domain/model.ts';
import { conferenceStatistics, type ConferenceStatistics } from '../../domain/statistics.ts';
import { largestRemainder, percentText } from '../../domain/survey.ts';
import { readConferenceRecords } from '../documents/data.ts';
import { formatDate } from '../format.ts';
import { lang, t } from '../i18n.ts';
import { createLiveQuery } from '../primitives/liveQuery.ts';
import { regt } from '../screens/registrations.i18n.ts';
import { useStore } from '../store.tsx';
import { SurveyResults } from '../survey/SurveyResults.tsx';
import '../survey/survey.css';
import { sst } from './statistics.i18n.ts';

export function StatisticsScreen(props: { conferenceId: string }) {
  const { db, now } = useStore();
  // The replies counted (and, in the report, printed) include the reports upward and the unheard forms.
  createFollowUpsUpkeep(() => props.conferenceId);
  const records = createLiveQuery(
    () => props.conferenceId,
    async (id) => (await readConferenceRecords(db, id, now())) ?? null,
  );
  const stats = createMemo(() => {
    const r = records();
    return r ? { records: r, figures: conferenceStatistics(r) } : r;
  });
  return (
    <Show when={stats() !== undefined} fallback={<p>{t('loading')}</p>}>
      <Show when={stats()} fallback={<p role="alert">{t('conference_not_found')}</p>}>
        {(s) => (
          <section aria-labelledby="stats-heading" class="statistics">
            <p>
              <Link to="/conferences/$conferenceId" params={{ conferenceId: props.conferenceId }} class="back-link">
                ← {s().records.conference.title}
              </Link>
            </p>
            <h1 id="stats-heading">{sst('title')}</h1>
            <p class="muted">{sst('intro', { today: formatDate(s().records.today) })}</p>
            <Figures stats={s().figures} />
          </section>
        )}
      </Show>
    </Show>
  );
}

/** A table of counts with their shares (rounded so they add up to 100 %), and a total row. */
function CountTable(props: { caption: string; head: string; rows: readonly (readonly [string, number])[]; total?: number }) {
  const shares = () => largestRemainder(props.rows.map((r) => r[1]));
  const total = () => props.total ?? props.rows.reduce((n, r) => n + r[1], 0);
  return (
    <table class="survey-table">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{props.head}</th>
          <th scope="col">{sst('count')}</th>
          <th scope="col">{sst('share')}</th>
        </tr>
      </thead>
      <tbody>
        <For each={props.rows}>
          {(r, i) => (
            <tr>
              <th scope="row">{r[0]}</th>
              <td>{r[1]}</td>
              <td>{percentText(shares()[i()] ?? 0, lang())}</td>
            </tr>
          )}
        </For>
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{sst('total')}</th>
          <td>{total()}</td>
          <td>{percentText(total() > 0 ? 1000 : 0, lang())}</td>
        </tr>
      </tfoot>
    </table>
  );
}

function Block(props: { title: string; children: JSX.Element }) {
  return (
    <section class="card">
      <h2>{props.title}</h2>
      {props.children}
    </section>
  );
}

function Figures(props: { stats: ConferenceStatistics }) {
  const s = () => props.stats;
  const d = () => s().opinions.byDisposition;
  const f = () => s().followUps;
  return (
    <>
      <Block title={sst('attendance')}>
        <table class="survey-table">
          <caption class="visually-hidden">{sst('attendance')}</caption>
          <thead>
            <tr>
              <th scope="col">{sst('group')}</th>
              <th scope="col">{sst('invited')}</th>
              <th scope="col">{sst('present')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={ATTENDEE_GROUPS}>
              {(g) => (
                <tr>
                  <th scope="row">{ATTENDEE_GROUP_LABELS[lang()][g]}</th>
                  <td>{s().attendance.byGroup[g].invited}</td>
                  <td>{s().attendance.byGroup[g].present}</td>
                </tr>
              )}
            </For>
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{sst('total')}</th>
              <td>{s().attendance.total.invited}</td>
              <td>{s().attendance.total.present}</td>
            </tr>
          </tfoot>
        </table>
      </Block>
      <Block title={sst('registrations')}>
        <p>{sst('registrations_line', { total: s().registrations.total, onTime: s().registrations.onTime, late: s().registrations.late })}</p>
        <CountTable
          caption={sst('channel')}
          head={sst('channel')}
          rows={REGISTRATION_CHANNELS.map((c) => [regt(`channel_${c}`), s().registrations.byChannel[c]] as const)}
        />
      </Block>
      <Block title={sst('opinions')}>
        <p>
          {sst('opinions_line', {
            total: s().opinions.total,
            speakers: s().opinions.speakers,
            spoken: s().opinions.spoken,
            fromForms: s().opinions.fromForms,
          })}
        </p>
        <CountTable
          caption={sst('by_field')}
          head={sst('field')}
          rows={s().opinions.byField.map((x) => [x.field === FIELD_UNSPECIFIED.vi ? FIELD_UNSPECIFIED[lang()] : x.field, x.count] as const)}
        />
        <CountTable
          caption={sst('by_disposition')}
          head={sst('disposition')}
          rows={[
            ...DISPOSITION_KINDS.map((k) => [DISPOSITION_LABELS[lang()][k], d()[k]] as const),
            ...(d().undecided > 0 ? [[sst('undecided'), d().undecided] as const] : []),
          ]}
        />
        <Show when={s().opinions.byBridgePoint.length > 0}>
          <CountTable
            caption={sst('by_bridge_point')}
            head={sst('bridge_point')}
            rows={s().opinions.byBridgePoint.map((b) => [b.name || sst('no_bridge_point'), b.opinions] as const)}
          />
        </Show>
      </Block>
      <Block title={sst('replies')}>
        <Show when={f().total > 0} fallback={<p class="empty">{sst('none')}</p>}>
          <dl class="facts">
            <dt>{sst('replies_total')}</dt>
            <dd>{f().total}</dd>
            <dt>{sst('replied_on_time')}</dt>
            <dd>{f().repliedOnTime}</dd>
            <dt>{sst('replied_late')}</dt>
            <dd>{f().repliedLate}</dd>
            <dt>{sst('open')}</dt>
            <dd>
              {f().open}
              <Show when={f().overdue > 0}>
                {' '}
                <strong class="overdue">
                  ({sst('overdue')} {f().overdue})
                </strong>
              </Show>
            </dd>
          </dl>
        </Show>
      </Block>
      <SurveyResults tally={s().survey} issued={s().survey.issued} />
    </>
  );
}
