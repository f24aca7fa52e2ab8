import { answerQuestion } from '../src/answer.ts';
import { loadArticles } from '../src/corpus/load-articles.ts';
import { createLibrary, type Library } from '../src/library.ts';
import type { Lexicon } from '../src/search/lexicon.ts';
import { percentile, summarize, type Summary } from './stats.ts';

/** What the in-process matcher benchmark reports for one corpus. */
export interface MatcherFigures {
  readonly articles: number;
  /** Reading and parsing the files with the real loader. */
  readonly loadMs: number;
  /** Indexing all of them (createLibrary, then list(): a lazy library indexes on first use). */
  readonly indexMs: number;
  readonly heapMiB: number;
  readonly rssMiB: number;
  /** Questions (of one round) that got at least one answer: the same in every corpus, or the corpus changed answers. */
  readonly answered: number;
  /** µs per question with the per-word memories kept (repeated questions reuse their analysis). */
  readonly warm: Timing;
  /** µs per question with every per-word memory forgotten before each question. */
  readonly cold: Timing;
}

/** Timings over all asks, and the slowest question's own median (robust to the machine's other load). */
export interface Timing extends Summary {
  readonly slowestQuestionMedian: number;
}

/** The real article: questions name it, whatever else is loaded. */
export const realArticleId = 'kuba-china-militaer';

/** The limit the widget sends with each question. */
export const askLimit = 3;

/** Forgets the lexicon's word analyses and every article's typo look-ups: the next question starts cold. */
export function forgetAll(library: Library): void {
  library.lexicon.forgetWords();
  for (const index of library.list()) index.fuzzy.forget();
}

/** Loads `dir` with the real loader and indexes it, timing both. */
export function loadLibrary(dir: string, lexicon: Lexicon): { library: Library; loadMs: number; indexMs: number } {
  const started = performance.now();
  const articles = loadArticles(dir);
  const loaded = performance.now();
  const library = createLibrary(articles, lexicon);
  library.list();
  return { library, loadMs: loaded - started, indexMs: performance.now() - loaded };
}

/** Asks every question once, timing each (µs) into `into`; returns how many were answered. */
export function askRound(library: Library, questions: readonly string[], into: number[] | undefined, cold: boolean): number {
  let answered = 0;
  for (const question of questions) {
    if (cold) forgetAll(library);
    const started = process.hrtime.bigint();
    const result = answerQuestion(library, { question, article: realArticleId, limit: askLimit });
    const micros = Number(process.hrtime.bigint() - started) / 1000;
    into?.push(micros);
    if (result.answers.length > 0) answered += 1;
  }
  return answered;
}

/** Summarizes rounds of asks (question-major within each round); preemption by other processes lifts p99, not a question's median. */
function timing(samples: readonly number[], questionCount: number): Timing {
  const medians: number[] = [];
  for (let q = 0; q < questionCount; q += 1) {
    const own = Float64Array.from(samples.filter((_, i) => i % questionCount === q)).sort();
    medians.push(percentile(own, 0.5));
  }
  return { ...summarize(samples), slowestQuestionMedian: Math.max(...medians) };
}

/** Measures `rounds` rounds warm, then `rounds` rounds cold, after two unrecorded warm-up rounds. */
export function measureMatcher(library: Library, questions: readonly string[], rounds: number): Pick<MatcherFigures, 'answered' | 'warm' | 'cold'> {
  let answered = 0;
  for (let r = 0; r < 2; r += 1) answered = askRound(library, questions, undefined, false);
  const warm: number[] = [];
  for (let r = 0; r < rounds; r += 1) askRound(library, questions, warm, false);
  const cold: number[] = [];
  for (let r = 0; r < rounds; r += 1) askRound(library, questions, cold, true);
  return { answered, warm: timing(warm, questions.length), cold: timing(cold, questions.length) };
}
