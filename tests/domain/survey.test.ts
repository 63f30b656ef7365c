import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { SurveyResponseSchema } from '../../src/domain/model.ts';
import {
  SURVEY_QUESTIONS,
  answerForKey,
  answerOf,
  largestRemainder,
  percentText,
  tallyQuestion,
  tallySurvey,
  type SurveyAnswer,
  type SurveyForm,
} from '../../src/domain/survey.ts';

const q = (code: string) => SURVEY_QUESTIONS.find((x) => x.code === code)!;
const form = (answers: Record<string, SurveyAnswer>): SurveyForm => ({ answers });

describe('the survey questions', () => {
  it('have the seeds’ wording and the right kind of answer each', () => {
    expect(SURVEY_QUESTIONS.map((x) => [x.text.vi, x.kind])).toEqual([
      ['Cơ sở vật chất', 'rating'],
      ['Thái độ giao tiếp, hướng dẫn của công chức', 'rating'],
      ['Có được nhận Giấy tiếp nhận và hẹn trả kết quả', 'yes_no'],
      ['Có được nhận Biên lai thu phí', 'yes_no_fee'],
      ['Kết quả giải quyết hồ sơ', 'result'],
    ]);
  });

  it('the schema takes a question’s own answers, blank and spoiled, and refuses another kind’s', () => {
    const ok = v.safeParse(SurveyResponseSchema, { answers: { fee_receipt: 'no_fee', appointment_slip: 'spoiled', facilities: 'blank' } });
    expect(ok.success).toBe(true);
    // "No fee" is no answer to the appointment slip; "pending" is no rating.
    expect(v.safeParse(SurveyResponseSchema, { answers: { appointment_slip: 'no_fee' } }).success).toBe(false);
    expect(v.safeParse(SurveyResponseSchema, { answers: { facilities: 'pending' } }).success).toBe(false);
    // An older record (ratings only) stays valid, and gets empty answers.
    const old = v.safeParse(SurveyResponseSchema, { sessionId: 's1', ratings: { facilities: 4 }, comment: '' });
    expect(old.success && old.output.answers).toEqual({});
  });

  it('keys: 1-4 the choices in form order, 0 blank, X spoiled, nothing else', () => {
    expect(answerForKey(q('result_timeliness'), '1')).toBe('early');
    expect(answerForKey(q('result_timeliness'), '4')).toBe('pending');
    expect(answerForKey(q('appointment_slip'), '3')).toBeNull();
    expect(answerForKey(q('fee_receipt'), '3')).toBe('no_fee');
    expect(answerForKey(q('facilities'), '0')).toBe('blank');
    expect(answerForKey(q('facilities'), 'X')).toBe('spoiled');
    expect(answerForKey(q('facilities'), 'a')).toBeNull();
  });
});

describe('the tally', () => {
  it('counts each answer, blank and spoiled apart, with hand-counted shares of all forms', () => {
    // 6 forms on the fee receipt: 3 yes, 1 no, 1 no fee, 1 spoiled (two boxes ticked).
    const forms = [
      form({ fee_receipt: 'yes' }),
      form({ fee_receipt: 'yes' }),
      form({ fee_receipt: 'yes' }),
      form({ fee_receipt: 'no' }),
      form({ fee_receipt: 'no_fee' }),
      form({ fee_receipt: 'spoiled' }),
    ];
    const t = tallyQuestion(forms, q('fee_receipt'));
    expect(t.rows.map((r) => [r.answer, r.count, r.tenths])).toEqual([
      ['yes', 3, 500],
      ['no', 1, 167],
      ['no_fee', 1, 167],
      ['blank', 0, 0],
      ['spoiled', 1, 166],
    ]);
    expect(t.forms).toBe(6);
    expect(t.answered).toBe(5);
    // The same forms say nothing about the facilities: all six blank.
    expect(tallyQuestion(forms, q('facilities')).rows.find((r) => r.answer === 'blank')).toEqual({ answer: 'blank', count: 6, tenths: 1000 });
  });

  it('thirds add up to 100,0 %, not 99,9 %', () => {
    const forms = [form({ appointment_slip: 'yes' }), form({ appointment_slip: 'no' }), form({ appointment_slip: 'blank' })];
    const rows = tallyQuestion(forms, q('appointment_slip')).rows;
    expect(rows.map((r) => percentText(r.tenths))).toEqual(['33,4%', '33,3%', '33,3%', '0%']);
    expect(rows.reduce((n, r) => n + r.tenths, 0)).toBe(1000);
  });

  it('a deleted form is not counted; no forms give zeros, not NaN', () => {
    const t = tallySurvey([{ answers: { facilities: 'satisfied' }, deleted: true }]);
    expect(t.forms).toBe(0);
    expect(t.questions[0]!.rows.every((r) => r.count === 0 && r.tenths === 0)).toBe(true);
  });

  it('reads a form stored before the questions were data: 5 very satisfied, 4 satisfied, 1-3 not, 0 blank', () => {
    expect([5, 4, 3, 1, 0].map((r) => answerOf({ ratings: { facilities: r } }, q('facilities')))).toEqual([
      'very_satisfied',
      'satisfied',
      'not_satisfied',
      'not_satisfied',
      'blank',
    ]);
  });

  it('whatever the forms say, each question’s counts add up to the forms and its shares to exactly 100 %', () => {
    const answer = fc.constantFrom<SurveyAnswer>('very_satisfied', 'satisfied', 'not_satisfied', 'blank', 'spoiled');
    fc.assert(
      fc.property(fc.array(answer, { minLength: 1, maxLength: 300 }), (answers) => {
        const t = tallyQuestion(answers.map((a) => form({ facilities: a })), q('facilities'));
        expect(t.rows.reduce((n, r) => n + r.count, 0)).toBe(answers.length);
        expect(t.rows.reduce((n, r) => n + r.tenths, 0)).toBe(1000);
        // Rounding moves no share by more than a tenth from its exact value.
        for (const r of t.rows) expect(Math.abs(r.tenths - (r.count * 1000) / answers.length)).toBeLessThan(1);
      }),
    );
  });

  it('largest remainder: hand-checked shares', () => {
    expect(largestRemainder([1, 1, 1])).toEqual([334, 333, 333]);
    expect(largestRemainder([2, 1])).toEqual([667, 333]);
    expect(largestRemainder([0, 0])).toEqual([0, 0]);
    expect(largestRemainder([119, 1])).toEqual([992, 8]);
  });
});
