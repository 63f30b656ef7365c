/**
 * The survey's results, question by question: a bar chart for the eye and the
 * same numbers as a table. The chart is hidden from screen readers (the table
 * says everything it shows, in an order a screen reader can walk); the table
 * is on screen for everyone too, so sighted readers can check the figures.
 */
import { For, Show } from 'solid-js';
import { SURVEY_ANSWER_LABELS, percentText, type QuestionTally, type SurveyTally } from '../../domain/survey.ts';
import { lang } from '../i18n.ts';
import { st } from './survey.i18n.ts';

export function SurveyResults(props: { tally: SurveyTally; issued?: number; headingLevel?: 2 | 3 }) {
  return (
    <section class="survey-results" aria-labelledby="survey-results-heading">
      <Show when={(props.headingLevel ?? 2) === 2} fallback={<h3 id="survey-results-heading">{st('results_heading')}</h3>}>
        <h2 id="survey-results-heading">{st('results_heading')}</h2>
      </Show>
      <Show when={props.tally.forms > 0} fallback={<p class="empty">{st('results_empty')}</p>}>
        <p>
          {props.issued ? st('results_issued', { issued: props.issued, n: props.tally.forms }) : st('results_forms', { n: props.tally.forms })}{' '}
          {st('results_note')}
        </p>
        <For each={props.tally.questions}>{(q, i) => <QuestionResult tally={q} index={i() + 1} />}</For>
      </Show>
    </section>
  );
}

function QuestionResult(props: { tally: QuestionTally; index: number }) {
  const label = (answer: QuestionTally['rows'][number]['answer']) => SURVEY_ANSWER_LABELS[lang()][answer];
  const question = () => props.tally.question.text[lang()];
  return (
    <figure class="survey-question">
      <figcaption class="survey-question__title">
        {props.index}. {question()}
      </figcaption>
      <div class="survey-chart" aria-hidden="true">
        <For each={props.tally.rows}>
          {(r) => (
            <div class="survey-chart__row" classList={{ 'survey-chart__row--other': r.answer === 'blank' || r.answer === 'spoiled' }}>
              <span class="survey-chart__label">{label(r.answer)}</span>
              <span class="survey-chart__track">
                <span class="survey-chart__bar" style={{ width: `${r.tenths / 10}%` }} />
              </span>
              <span class="survey-chart__value">
                {r.count} ({percentText(r.tenths, lang())})
              </span>
            </div>
          )}
        </For>
      </div>
      <table class="survey-table">
        <caption>
          {props.index}. {question()} ({st('answered_of', { answered: props.tally.answered, forms: props.tally.forms })})
        </caption>
        <thead>
          <tr>
            <th scope="col">{st('col_answer')}</th>
            <th scope="col">{st('col_count')}</th>
            <th scope="col">{st('col_share')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.tally.rows}>
            {(r) => (
              <tr>
                <th scope="row">{label(r.answer)}</th>
                <td>{r.count}</td>
                <td>{percentText(r.tenths, lang())}</td>
              </tr>
            )}
          </For>
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{st('total')}</th>
            <td>{props.tally.forms}</td>
            <td>{percentText(props.tally.forms > 0 ? 1000 : 0, lang())}</td>
          </tr>
        </tfoot>
      </table>
    </figure>
  );
}
