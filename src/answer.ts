import { FaqChatError } from './errors.ts';
import { describeIds, type Library } from './library.ts';
import type { CitationKind } from './protocol.ts';
import { questionLimits } from './question-limits.ts';
import { questionTerms } from './question-terms.ts';
import type { ArticleIndex } from './search/article/article-index.ts';
import { analyzeQuestion, readQuestion } from './search/match/query.ts';
import { type RankedUnit, rank } from './search/match/rank.ts';

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
  /** The unit's kind; the type is the protocol's, so a unit kind it does not know fails to compile here. */
  readonly kind: CitationKind;
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

/**
 * Answers a question from the article it names, else from the library's default article (the only
 * one, or DEFAULT_ARTICLE), else from all articles together ({@link answerFromAll}).
 * Throws {@link AnswerError} for unanswerable input.
 */
export function answerQuestion(library: Library, ask: Ask): AnswerResult {
  const index = resolveArticle(library, ask.article);
  // Most questions are clean already (isClean): Latin-1 only, so their length counts their characters.
  const clean = isClean(ask.question);
  const question = clean ? ask.question : cleanQuestion(ask.question);
  if (question === '') throw new AnswerError(AnswerErrorCode.emptyQuestion, 'The question is empty.');
  if ((clean ? question.length : characters(question)) > answerDefaults.maxQuestionChars) {
    throw new AnswerError(AnswerErrorCode.questionTooLong, `The question is longer than ${answerDefaults.maxQuestionChars} characters.`);
  }
  const limit = Math.min(answerDefaults.maxLimit, Math.max(1, Math.trunc(ask.limit ?? answerDefaults.limit)));
  if (index === undefined) return answerFromAll(library, question, limit);
  const ranked: { index: ArticleIndex; ranked: RankedUnit }[] = [];
  for (const unit of rank(analyzeQuestion(question, index, library.lexicon), index, limit)) ranked.push({ index, ranked: unit });
  const answers = toAnswers(ranked);
  return { article: index.article.id, answers, suggestions: answers.length === 0 ? suggestionsFor(index) : [] };
}

/** How a question that names no article is answered on a server with several and no default. */
export const crossArticleDefaults = Object.freeze({
  /** Articles ranked per question: those sharing the question's most telling terms (src/article-filter.ts). */
  candidates: 8,
  /**
   * Articles not yet indexed (the first minutes after a start with thousands) are indexed for the
   * question when at most this many are left; beyond, the question is answered from those indexed
   * so far while the background warm-up goes on.
   */
  indexOnAsk: 64,
});

/** The `article` of a result answered from all articles that has no answer (the question log keeps it so). */
export const allArticles = '*';

/**
 * Answers from all articles together: the few that share the question's most telling terms are
 * ranked each with the matcher, and their answers merged best first, each citation naming its article.
 * The order is confidence × the article's share of the best filter score: a confidence is the chance
 * that the passage is right if the question is about that article, which the filter's score weighs
 * (docs/protocol.md). The score shown stays the confidence, never rising down the list.
 */
export function answerFromAll(library: Library, question: string, limit: number): AnswerResult {
  const left = library.unindexed();
  if (left > 0 && left <= crossArticleDefaults.indexOnAsk) library.indexSome(left);
  // Read once: the filter and each candidate article's matcher take the same reading.
  const reading = readQuestion(question, library.lexicon);
  const candidates = library.candidates(questionTerms(reading, library.lexicon), crossArticleDefaults.candidates);
  const found: { index: ArticleIndex; ranked: RankedUnit; order: number; said: ReadonlySet<string> }[] = [];
  for (const { index, share } of candidates) {
    const analyzed = analyzeQuestion(reading, index, library.lexicon);
    const answered = rank(analyzed, index, limit);
    if (answered.length === 0) continue;
    // The question's words this article says itself (their forms or typos, not only a synonym or a part).
    const said = new Set(analyzed.concepts.filter((c) => c.alternatives.some((a) => a.strong)).map((c) => c.word));
    // Each article's answers at the confidence they would be shown with alone (never rising down its
    // list), so the merge keeps the matcher's order within an article.
    let ceiling = 1;
    for (const ranked of answered) {
      ceiling = Math.min(ceiling, ranked.confidence);
      found.push({ index, ranked, order: ceiling * share, said });
    }
  }
  // A stable sort: equal values keep the filter's order of articles, then the matcher's.
  found.sort((a, b) => b.order - a.order);
  // An article that does not say a word the first answer's article says itself ("Fanzonen",
  // "Cannabisgesetz"), and says none itself that the first does not, answers another question: its
  // passages are left out. (A question about two articles at once keeps both.)
  const first = found[0];
  const answersAnother = (f: (typeof found)[number]): boolean =>
    first !== undefined && f.index !== first.index && [...first.said].some((word) => !f.said.has(word)) && ![...f.said].some((word) => !first.said.has(word));
  const kept = found.filter((f) => !answersAnother(f));
  const answers = toAnswers(kept.slice(0, limit));
  const best = candidates[0]?.index;
  return {
    article: answers[0]?.citation.article ?? allArticles,
    answers,
    suggestions: answers.length === 0 && best !== undefined ? suggestionsFor(best) : [],
  };
}

/** Ranked units as answers with citations, best first. */
function toAnswers(ranked: readonly { index: ArticleIndex; ranked: RankedUnit }[]): Answer[] {
  // Scores never rise down the list: a lower-ranked answer is shown no surer than the one above it.
  let ceiling = 1;
  // A loop, and the url set on the citation only when there is one: no callback per question, nor
  // an object spread (a slow copy) per answer.
  const answers: Answer[] = [];
  for (let i = 0; i < ranked.length; i += 1) {
    const { index, ranked: r } = ranked[i] as { index: ArticleIndex; ranked: RankedUnit };
    const { unit } = r.unit;
    const quote = unit.text.slice(r.quoteStart, r.quoteEnd);
    ceiling = Math.min(ceiling, Math.round(r.confidence * 100) / 100);
    const citation: { -readonly [K in keyof Citation]: Citation[K] } = {
      article: index.article.id,
      title: index.article.title,
      unit: unit.id,
      kind: unit.kind,
      heading: unit.heading,
      quote,
      start: r.quoteStart,
      end: r.quoteEnd,
    };
    if (index.article.url !== undefined) citation.url = `${index.article.url}#:~:text=${textFragment(quote)}`;
    answers.push({ rank: i + 1, score: ceiling, text: unit.text, citation });
  }
  return answers;
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

/** The article to answer from, or undefined: all of them (no article named, no default). */
function resolveArticle(library: Library, id: string | undefined): ArticleIndex | undefined {
  const wanted = id ?? library.defaultArticle;
  if (wanted === undefined) {
    if (library.articles().length === 0) throw new AnswerError(AnswerErrorCode.unknownArticle, 'No article is loaded.');
    return undefined;
  }
  const index = library.get(wanted);
  if (!index) throw new AnswerError(AnswerErrorCode.unknownArticle, `No article "${wanted}" here; known: ${describeIds(library)}.`);
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
