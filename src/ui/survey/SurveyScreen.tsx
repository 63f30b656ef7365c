/**
 * The satisfaction survey of a conference (seeds 000, 003, 004): keying in
 * the paper forms, and the results. Two tabs of one route; the results are
 * counted by the domain's tally from the stored forms, the same numbers the
 * statistics screen and the report print.
 */
import { Link } from '@tanstack/solid-router';
import { For, Show, createMemo } from 'solid-js';
import { tallySurvey } from '../../domain/survey.ts';
import { getRecord, listBy } from '../../storage/queries.ts';
import { createMayWrite } from '../access/roles.ts';
import { t } from '../i18n.ts';
import { createLiveQuery, createLiveValue } from '../primitives/liveQuery.ts';
import { useStore } from '../store.tsx';
import { SurveyResults } from './SurveyResults.tsx';
import { SurveyTally } from './SurveyTally.tsx';
import { st } from './survey.i18n.ts';
import './survey.css';

export const SURVEY_VIEWS = ['tally', 'results'] as const;
export type SurveyView = (typeof SURVEY_VIEWS)[number];

export function SurveyScreen(props: { conferenceId: string; view: SurveyView }) {
  const { db } = useStore();
  const conference = createLiveQuery(
    () => props.conferenceId,
    async (id) => (await getRecord(db, 'conferences', id)) ?? null,
  );
  // Only the tally reads the forms: no row of them is shown.
  const forms = createLiveValue(
    () => props.conferenceId,
    (id) => listBy(db, 'surveyResponses', 'conferenceId', id),
  );
  const tally = createMemo(() => tallySurvey(forms() ?? []));
  const may = createMayWrite();

  return (
    <Show when={conference() !== undefined && forms() !== undefined} fallback={<p>{t('loading')}</p>}>
      <Show when={conference()} fallback={<p role="alert">{t('conference_not_found')}</p>}>
        {(c) => (
          <section aria-labelledby="survey-heading">
            <p>
              <Link to="/conferences/$conferenceId" params={{ conferenceId: c().id }} class="back-link">
                ← {c().title}
              </Link>
            </p>
            <h1 id="survey-heading">{st('title')}</h1>
            <nav aria-label={st('tabs')} class="tabs">
              <For each={SURVEY_VIEWS}>
                {(view) => (
                  <Link
                    to="/conferences/$conferenceId/survey"
                    params={{ conferenceId: c().id }}
                    search={{ view }}
                    class="tab"
                    aria-current={props.view === view ? 'page' : undefined}
                  >
                    {st(`tab_${view}`)}
                  </Link>
                )}
              </For>
            </nav>
            <Show
              when={props.view === 'results'}
              fallback={
                // An account that may not write survey forms (the chair's, the secretary's) sees why, not a keypad the server would refuse.
                <Show when={may('surveyResponses')} fallback={<p class="empty">{st('tally_not_allowed')}</p>}>
                  <SurveyTally scope={{ unitId: c().unitId, conferenceId: c().id }} count={tally().forms} />
                </Show>
              }
            >
              <SurveyResults tally={tally()} issued={c().surveyFormsIssued} />
            </Show>
          </section>
        )}
      </Show>
    </Show>
  );
}
