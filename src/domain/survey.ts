/**
 * The satisfaction survey (phiếu khảo sát sự hài lòng, seeds 000, 003, 004):
 * the questions as data, the answers each question allows, and the tally of
 * the paper forms.
 *
 * The questions are the points of section 2 of the seeds' registration form
 * ("cơ sở vật chất; thái độ giao tiếp, hướng dẫn của công chức; có được nhận
 * Giấy tiếp nhận và hẹn trả kết quả, Biên lai thu phí; kết quả giải quyết hồ
 * sơ đúng hạn, sớm hạn, quá hạn", seed 001), each with the kind of answer it
 * has on paper: a rating in the plans' three degrees (DOCUMENTS.md §4), yes or
 * no, yes / no / no fee charged, early / on time / late / still pending.
 *
 * Every question also has two answers that are not choices: left blank, and
 * spoiled (two boxes ticked, so no choice can be read). They are counted, not
 * dropped: a report that leaves them out overstates how many people answered.
 */

export const SURVEY_ANSWER_KINDS = ['rating', 'yes_no', 'yes_no_fee', 'result'] as const;
export type SurveyAnswerKind = (typeof SURVEY_ANSWER_KINDS)[number];

/** The choices of each kind, in the order the paper form prints them (and the keys 1, 2, 3, 4 take them). */
export const SURVEY_CHOICES = {
  rating: ['very_satisfied', 'satisfied', 'not_satisfied'],
  yes_no: ['yes', 'no'],
  yes_no_fee: ['yes', 'no', 'no_fee'],
  result: ['early', 'on_time', 'late', 'pending'],
} as const satisfies Record<SurveyAnswerKind, readonly string[]>;

export type SurveyChoice = (typeof SURVEY_CHOICES)[SurveyAnswerKind][number];
/** No box ticked / two or more boxes ticked. */
export const SURVEY_NON_CHOICES = ['blank', 'spoiled'] as const;
export type SurveyNonChoice = (typeof SURVEY_NON_CHOICES)[number];
export type SurveyAnswer = SurveyChoice | SurveyNonChoice;

/** Every answer a stored form may carry for a question (the schema's picklist). */
export const SURVEY_ANSWERS: readonly SurveyAnswer[] = [
  ...new Set<SurveyAnswer>([...Object.values(SURVEY_CHOICES).flat(), ...SURVEY_NON_CHOICES]),
];

export interface SurveyQuestion {
  /** Stable code, the key of the answer in a stored form: never renamed once forms are stored under it. */
  readonly code: string;
  readonly kind: SurveyAnswerKind;
  /** The wording, from the seeds' form; Vietnamese is the form's language, English for the English screen only. */
  readonly text: { readonly vi: string; readonly en: string };
}

/** The questions, in the order of the paper form. */
export const SURVEY_QUESTIONS: readonly SurveyQuestion[] = [
  { code: 'facilities', kind: 'rating', text: { vi: 'Cơ sở vật chất', en: 'Facilities' } },
  {
    code: 'officials_attitude',
    kind: 'rating',
    text: { vi: 'Thái độ giao tiếp, hướng dẫn của công chức', en: 'Officials’ attitude and guidance' },
  },
  {
    code: 'appointment_slip',
    kind: 'yes_no',
    text: { vi: 'Có được nhận Giấy tiếp nhận và hẹn trả kết quả', en: 'Given the receipt and appointment slip (Giấy tiếp nhận và hẹn trả kết quả)' },
  },
  { code: 'fee_receipt', kind: 'yes_no_fee', text: { vi: 'Có được nhận Biên lai thu phí', en: 'Given a fee receipt' } },
  { code: 'result_timeliness', kind: 'result', text: { vi: 'Kết quả giải quyết hồ sơ', en: 'Result of the application' } },
];

export function choicesOf(question: Pick<SurveyQuestion, 'kind'>): readonly SurveyChoice[] {
  return SURVEY_CHOICES[question.kind];
}

/** May `answer` stand for `question`? (A "no fee" is not an answer to the appointment slip.) */
export function isAnswerOf(question: Pick<SurveyQuestion, 'kind'>, answer: string): answer is SurveyAnswer {
  return (SURVEY_NON_CHOICES as readonly string[]).includes(answer) || (choicesOf(question) as readonly string[]).includes(answer);
}

/** What a stored form holds: the answers by question code, and (forms stored before the questions were data) 1–5 ratings. */
export interface SurveyForm {
  readonly answers?: Readonly<Record<string, string>>;
  readonly ratings?: Readonly<Record<string, number>>;
  readonly deleted?: boolean;
}

/**
 * The form's answer to one question. A question the form has no answer for
 * is blank. A form stored before the questions were data carries a 1–5
 * rating: read as the plans' three degrees (5 very satisfied, 4 satisfied,
 * 1–3 not satisfied; 0 no answer).
 */
export function answerOf(form: SurveyForm, question: SurveyQuestion): SurveyAnswer {
  const given = form.answers?.[question.code];
  if (given !== undefined) return isAnswerOf(question, given) ? given : 'spoiled';
  const rating = question.kind === 'rating' ? form.ratings?.[question.code] : undefined;
  if (rating === undefined || rating === 0) return 'blank';
  return rating >= 5 ? 'very_satisfied' : rating === 4 ? 'satisfied' : 'not_satisfied';
}

export interface SurveyRow {
  readonly answer: SurveyAnswer;
  readonly count: number;
  /**
   * Share of all forms counted, in tenths of a percent (333 = 33,3 %). The
   * rows of a question, blank and spoiled included, add up to exactly 1000:
   * rounded by largest remainder, so a table never shows 99,9 % or 100,1 %.
   */
  readonly tenths: number;
}

export interface QuestionTally {
  readonly question: SurveyQuestion;
  /** The choices in form order, then blank, then spoiled. */
  readonly rows: readonly SurveyRow[];
  /** Forms counted (every form, whatever it says for this question). */
  readonly forms: number;
  /** Forms with one readable choice for this question: neither blank nor spoiled. */
  readonly answered: number;
}

export interface SurveyTally {
  readonly forms: number;
  readonly questions: readonly QuestionTally[];
}

/** Integer shares of `total` in `unit`ths that add up to `unit` exactly (Hamilton's largest-remainder method). */
export function largestRemainder(counts: readonly number[], unit = 1000): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return counts.map(() => 0);
  const exact = counts.map((c) => (c * unit) / total);
  const shares = exact.map(Math.floor);
  let left = unit - shares.reduce((a, b) => a + b, 0);
  // Largest remainders first; ties go to the earlier row, so the result is the same on every device.
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    shares[i] = shares[i]! + 1;
    left -= 1;
  }
  return shares;
}

export function tallyQuestion(forms: readonly SurveyForm[], question: SurveyQuestion): QuestionTally {
  const live = forms.filter((f) => !f.deleted);
  const answers: SurveyAnswer[] = [...choicesOf(question), ...SURVEY_NON_CHOICES];
  const counts = new Map<SurveyAnswer, number>(answers.map((a) => [a, 0]));
  for (const f of live) {
    const a = answerOf(f, question);
    counts.set(a, (counts.get(a) ?? 0) + 1);
  }
  const values = answers.map((a) => counts.get(a) ?? 0);
  const tenths = largestRemainder(values);
  const rows = answers.map((answer, i) => ({ answer, count: values[i]!, tenths: tenths[i]! }));
  const unreadable = (counts.get('blank') ?? 0) + (counts.get('spoiled') ?? 0);
  return { question, rows, forms: live.length, answered: live.length - unreadable };
}

/** The results of the survey, question by question. */
export function tallySurvey(forms: readonly SurveyForm[], questions: readonly SurveyQuestion[] = SURVEY_QUESTIONS): SurveyTally {
  return { forms: forms.filter((f) => !f.deleted).length, questions: questions.map((q) => tallyQuestion(forms, q)) };
}

// ---------------------------------------------------------------- keying in paper forms

/** The key for "left blank" and the one for "spoiled" while tallying; a choice is its number, 1 to 4. */
export const BLANK_KEY = '0';
export const SPOILED_KEY = 'x';

/** The answer a key stands for on `question`, or null when the key means nothing there. */
export function answerForKey(question: Pick<SurveyQuestion, 'kind'>, key: string): SurveyAnswer | null {
  if (key === BLANK_KEY) return 'blank';
  if (key.toLowerCase() === SPOILED_KEY) return 'spoiled';
  if (!/^[1-9]$/.test(key)) return null;
  return choicesOf(question)[Number(key) - 1] ?? null;
}

export function keyForAnswer(question: Pick<SurveyQuestion, 'kind'>, answer: SurveyAnswer): string {
  if (answer === 'blank') return BLANK_KEY;
  if (answer === 'spoiled') return SPOILED_KEY.toUpperCase();
  return String((choicesOf(question) as readonly string[]).indexOf(answer) + 1);
}

// ---------------------------------------------------------------- words

/** The answers as the form, the screen and the report word them (Vietnamese is the form's own language). */
export const SURVEY_ANSWER_LABELS: Readonly<Record<'vi' | 'en', Readonly<Record<SurveyAnswer, string>>>> = {
  vi: {
    very_satisfied: 'Rất hài lòng',
    satisfied: 'Hài lòng',
    not_satisfied: 'Chưa hài lòng',
    yes: 'Có',
    no: 'Không',
    no_fee: 'Không thu phí',
    early: 'Sớm hạn',
    on_time: 'Đúng hạn',
    late: 'Quá hạn',
    pending: 'Chưa có kết quả',
    blank: 'Để trống',
    spoiled: 'Không hợp lệ (đánh nhiều ô)',
  },
  en: {
    very_satisfied: 'Very satisfied',
    satisfied: 'Satisfied',
    not_satisfied: 'Not satisfied',
    yes: 'Yes',
    no: 'No',
    no_fee: 'No fee charged',
    early: 'Early',
    on_time: 'On time',
    late: 'Late',
    pending: 'Still pending',
    blank: 'Left blank',
    spoiled: 'Spoiled (several boxes ticked)',
  },
};

/** Tenths of a percent as written: "33,3%" in Vietnamese (decimal comma), "33.3%" in English. */
export function percentText(tenths: number, lang: 'vi' | 'en' = 'vi'): string {
  const whole = Math.floor(tenths / 10);
  const rest = tenths % 10;
  const s = rest === 0 ? String(whole) : `${whole}${lang === 'vi' ? ',' : '.'}${rest}`;
  return `${s}%`;
}
