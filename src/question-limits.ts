/**
 * The limits a question and its answers obey on every path (WebSocket, HTTP, CLI, answer()); they are
 * set here only. The widget, a browser script that imports nothing, repeats maxQuestionChars
 * (public/widget.js; tests/unit/question-limits.test.ts holds the two equal).
 */
export const questionLimits = Object.freeze({
  /** Answers given when an ask names no limit. */
  defaultAnswers: 3,
  /** The most answers an ask may ask for. */
  maxAnswers: 10,
  /** Characters (code points, after clean-up) a question may have. */
  maxQuestionChars: 500,
});

/** What an answer limit must be, in the words of error messages. */
export const answerLimitRule = `a whole number from 1 to ${questionLimits.maxAnswers}`;

/** Whether `value` is an allowed answer limit: a whole number from 1 to `questionLimits.maxAnswers`. */
export function isAnswerLimit(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= questionLimits.maxAnswers;
}
