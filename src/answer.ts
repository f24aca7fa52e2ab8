import type { UnitKind } from './corpus/types.ts';
import { FaqChatError } from './errors.ts';
import { describeIds, type Library } from './library.ts';
import { questionLimits } from './question-limits.ts';
import type { ArticleIndex } from './search/index.ts';
import { analyzeQuestion } from './search/query.ts';
import { rank } from './search/rank.ts';

export const answerDefaults = Object.freeze({
  limit: questionLimits.defaultAnswers,
  maxLimit: questionLimits.maxAnswers,
  /** Questions longer than this are refused before any search. */
  maxQuestionChars: questionLimits.maxQuestionChars,
  /** FAQ questions offered when the article has no answer. */
  suggestions: 4,
});

/** Where an answer comes from, precise enough for a reader to check it. */
export interface Citation {
  readonly article: string;
  readonly title: string;
  readonly unit: string;
  readonly kind: UnitKind;
  readonly heading: string;
  readonly quote: string;
  readonly start: number;
  readonly end: number;
  readonly url?: string;
}

/** One answer: a unit's verbatim text, its rank and confidence, and its citation. */
export interface Answer {
  readonly rank: number;
  readonly score: number;
  readonly text: string;
  readonly citation: Citation;
}

/** The answers to a question, best first; when there are none, FAQ questions to suggest instead. */
export interface AnswerResult {
  readonly article: string;
  readonly answers: readonly Answer[];
  readonly suggestions: readonly string[];
}

/** Codes of questions that cannot be answered at all. */
export const AnswerErrorCode = {
  unknownArticle: 'unknown_article',
  emptyQuestion: 'empty_question',
  questionTooLong: 'question_too_long',
} as const;

export type AnswerErrorCode = (typeof AnswerErrorCode)[keyof typeof AnswerErrorCode];

/** A question refused before matching, with a stable code. */
export class AnswerError extends FaqChatError<AnswerErrorCode> {
  override readonly name = 'AnswerError';
}

/** What to ask: the question, optionally the article and how many answers at most. */
export interface Ask {
  readonly question: string;
  readonly article?: string | undefined;
  readonly limit?: number | undefined;
}

/** Answers a question from one article of the library; throws {@link AnswerError} for unanswerable input. */
export function answerQuestion(library: Library, ask: Ask): AnswerResult {
  const index = resolveArticle(library, ask.article);
  const question = cleanQuestion(ask.question);
  if (question === '') throw new AnswerError(AnswerErrorCode.emptyQuestion, 'The question is empty.');
  if (characters(question) > answerDefaults.maxQuestionChars) {
    throw new AnswerError(AnswerErrorCode.questionTooLong, `The question is longer than ${answerDefaults.maxQuestionChars} characters.`);
  }
  const limit = Math.min(answerDefaults.maxLimit, Math.max(1, Math.trunc(ask.limit ?? answerDefaults.limit)));
  const ranked = rank(analyzeQuestion(question, index, library.lexicon), index, limit);
  // Scores never rise down the list: a lower-ranked answer is shown no surer than the one above it.
  let ceiling = 1;
  const answers = ranked.map((r, i): Answer => {
    const { unit } = r.unit;
    const quote = unit.text.slice(r.quoteStart, r.quoteEnd);
    const url = index.article.url === undefined ? undefined : `${index.article.url}#:~:text=${textFragment(quote)}`;
    ceiling = Math.min(ceiling, Math.round(r.confidence * 100) / 100);
    return {
      rank: i + 1,
      score: ceiling,
      text: unit.text,
      citation: {
        article: index.article.id,
        title: index.article.title,
        unit: unit.id,
        kind: unit.kind,
        heading: unit.heading,
        quote,
        start: r.quoteStart,
        end: r.quoteEnd,
        ...(url === undefined ? {} : { url }),
      },
    };
  });
  return { article: index.article.id, answers, suggestions: answers.length === 0 ? suggestionsFor(index) : [] };
}

// C0/C1 control characters (tabs and line breaks included) become spaces; runs of space collapse.
const controls = /[\p{Cc}\s]+/gu;

/** Characters as readers count them (code points: an emoji is one, not two UTF-16 units). */
function characters(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) count -= 1;
  }
  return count;
}

/** NFC, lone surrogates replaced (U+FFFD), control characters as spaces, trimmed: the text the matcher sees. */
export function cleanQuestion(question: string): string {
  // Most questions are printable text with single spaces: nothing to clean (checked in one pass).
  if (isClean(question)) return question;
  return question.toWellFormed().normalize('NFC').replace(controls, ' ').trim();
}

/** Printable ASCII or Latin-1 letters (NFC already), no control characters, no double or edge spaces. */
function isClean(text: string): boolean {
  if (text.length === 0 || text.charCodeAt(0) === 32 || text.charCodeAt(text.length - 1) === 32) return false;
  let previous = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 32 || (code >= 127 && code <= 160) || code > 0xff || (code === 32 && previous === 32)) return false;
    previous = code;
  }
  return true;
}

function resolveArticle(library: Library, id: string | undefined): ArticleIndex {
  const wanted = id ?? library.defaultArticle;
  const index = wanted === undefined ? undefined : library.get(wanted);
  if (!index) {
    const known = describeIds(library);
    throw new AnswerError(
      AnswerErrorCode.unknownArticle,
      wanted === undefined ? `Name an article; this server has several: ${known}.` : `No article "${wanted}" here; known: ${known}.`,
    );
  }
  return index;
}

/** The FAQ questions of an article, offered when it has no answer. */
export function suggestionsFor(index: ArticleIndex): string[] {
  return index.article.units
    .filter((u) => u.kind === 'faq')
    .slice(0, answerDefaults.suggestions)
    .map((u) => u.heading);
}

/**
 * A text fragment directive (https://wicg.github.io/scroll-to-text-fragment/) for the quote:
 * the whole quote when short, else its first and last words as textStart,textEnd.
 */
export function textFragment(quote: string): string {
  const parts = quote.split(/\s+/).filter(Boolean);
  if (parts.length <= 8) return encode(parts.join(' '));
  return `${encode(parts.slice(0, 4).join(' '))},${encode(parts.slice(-4).join(' '))}`;
}

/** A text fragment's term: percent-encoded, and "-" too (it separates prefix and suffix there). */
function encode(s: string): string {
  return encodeURIComponent(s).replace(/-/g, '%2D');
}
