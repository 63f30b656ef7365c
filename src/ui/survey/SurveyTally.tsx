/**
 * Keying in paper survey forms: one key per answer, the next question comes
 * by itself, and after the last question the form is saved and a new one
 * begins. 120 forms after a conference is an hour's chore by mouse; by
 * keyboard it is a few minutes. The running count is what is stored (a live
 * query), so it never claims a form that did not reach the disk; Ctrl+Z
 * takes back the form just saved (several times, newest first).
 *
 * Keys are read on the document while this screen is open, so a tap on an
 * answer button (which re-renders the buttons under the finger) never leaves
 * the keyboard with nothing focused to listen.
 */
import { v7 as uuidv7 } from 'uuid';
import { For, Show, createSignal, onCleanup, onMount } from 'solid-js';
import {
  SURVEY_ANSWER_LABELS,
  SURVEY_NON_CHOICES,
  SURVEY_QUESTIONS,
  answerForKey,
  choicesOf,
  keyForAnswer,
  type SurveyAnswer,
} from '../../domain/survey.ts';
import { create, remove, type Scope } from '../../storage/changes.ts';
import { lang } from '../i18n.ts';
import { useStore } from '../store.tsx';
import { st } from './survey.i18n.ts';

/** A control that uses the digits and Backspace itself: typing there is not tallying. */
function typesText(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function SurveyTally(props: { scope: Required<Scope>; count: number }) {
  const { write } = useStore();
  const [answers, setAnswers] = createSignal<readonly SurveyAnswer[]>([]);
  const [saved, setSaved] = createSignal<readonly { id: string; n: number }[]>([]);
  const [status, setStatus] = createSignal('');
  let pad: HTMLDivElement | undefined;
  // Writes go one after another: an undo pressed while its form is still being written deletes it after
  // the write. With none under way, a write starts at once, in the key's own turn.
  let writes: Promise<unknown> = Promise.resolve();
  let underWay = 0;
  const inOrder = <T,>(run: () => Promise<T>): Promise<T> => {
    const started = underWay++ === 0 ? run() : writes.then(run);
    writes = started.then(
      () => underWay--,
      () => underWay--,
    );
    return started;
  };

  const total = SURVEY_QUESTIONS.length;
  const index = () => answers().length;
  const question = () => SURVEY_QUESTIONS[Math.min(index(), total - 1)]!;
  // The form in hand: after the stored ones, and after any saved here that the count has not caught up with.
  const formNumber = () => Math.max(props.count, saved().at(-1)?.n ?? 0) + 1;

  const answer = (a: SurveyAnswer) => {
    const next = [...answers(), a];
    if (next.length < total) {
      setAnswers(next);
      return;
    }
    const n = formNumber();
    const id = uuidv7();
    const change = create(
      'surveyResponses',
      props.scope,
      { ratings: {}, comment: '', answers: Object.fromEntries(SURVEY_QUESTIONS.map((q, i) => [q.code, next[i]!])) },
      id,
    );
    // The write first, then the next form on screen: the form is on its way to the disk while the screen redraws.
    void inOrder(() => write([change])).then(
      () => setStatus(st('saved', { n })),
      // The store lists the failure for the person; the form is no longer one to undo.
      () => setSaved((list) => list.filter((s) => s.id !== id)),
    );
    setSaved((list) => [...list, { id, n }]);
    setAnswers([]);
  };

  const back = () => setAnswers((a) => a.slice(0, -1));

  const undo = () => {
    const last = saved().at(-1);
    if (!last) {
      setStatus(st('nothing_to_undo'));
      return;
    }
    setSaved((list) => list.slice(0, -1));
    setAnswers([]);
    void inOrder(() => write([remove('surveyResponses', last.id)])).then(
      () => setStatus(st('undone', { n: last.n })),
      () => undefined,
    );
  };

  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.isComposing || typesText(e.target)) return;
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'z') {
      e.preventDefault();
      if (!e.repeat) undo();
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'Backspace') {
      e.preventDefault();
      back();
      return;
    }
    const a = answerForKey(question(), e.key);
    if (a === null) return;
    e.preventDefault();
    // A held key is one answer, not a run of forms.
    if (!e.repeat) answer(a);
  };
  onMount(() => {
    document.addEventListener('keydown', onKey);
    pad?.focus();
  });
  onCleanup(() => document.removeEventListener('keydown', onKey));

  const label = (a: SurveyAnswer) => SURVEY_ANSWER_LABELS[lang()][a];

  return (
    <section class="card survey-tally" aria-labelledby="tally-heading">
      <h2 id="tally-heading">{st('tally_heading')}</h2>
      <p class="muted" id="tally-help">
        {st('tally_help')}
      </p>
      <p class="survey-tally__count" role="status">
        {st('count', { n: props.count })}
      </p>
      <div ref={pad} class="survey-pad" tabIndex={0} role="group" aria-label={st('keypad', { n: formNumber() })} aria-describedby="tally-help">
        <h3 class="survey-pad__form">{st('form_n', { n: formNumber() })}</h3>
        <ol class="survey-pad__questions">
          <For each={SURVEY_QUESTIONS}>
            {(q, i) => (
              <li class="survey-pad__question" aria-current={i() === index() ? 'step' : undefined}>
                <span class="survey-pad__qn">{st('question_n', { i: i() + 1, total })}</span> <span>{q.text[lang()]}</span>
                <Show when={answers()[i()]}>{(a) => <strong class="survey-pad__answer">{st('answered', { answer: label(a()) })}</strong>}</Show>
              </li>
            )}
          </For>
        </ol>
        <p class="visually-hidden" aria-live="polite">
          {st('prompt', { n: formNumber(), i: index() + 1, total, question: question().text[lang()] })}
        </p>
        <div class="survey-pad__choices">
          <For each={[...choicesOf(question()), ...SURVEY_NON_CHOICES]}>
            {(a) => (
              <button type="button" class="btn survey-pad__choice" aria-keyshortcuts={keyForAnswer(question(), a)} onClick={() => answer(a)}>
                <kbd aria-hidden="true">{keyForAnswer(question(), a)}</kbd> {label(a)}
              </button>
            )}
          </For>
        </div>
        <div class="actions">
          <button type="button" class="btn btn--quiet" disabled={index() === 0} aria-keyshortcuts="Backspace" onClick={back}>
            {st('back')}
          </button>
          <button type="button" class="btn btn--quiet" disabled={saved().length === 0} aria-keyshortcuts="Control+Z" onClick={undo}>
            {st('undo')}
          </button>
        </div>
      </div>
      <p class="muted" role="status">
        {status()}
      </p>
    </section>
  );
}
