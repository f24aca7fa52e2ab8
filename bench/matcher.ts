import { answerQuestion } from '../src/answer.ts';
import { loadArticles } from '../src/corpus/load-articles.ts';
import { createLibrary, type Library } from '../src/library.ts';
import type { ArticleIndex } from '../src/search/article/article-index.ts';
import type { Lexicon } from '../src/search/language/lexicon.ts';
import { forgetConcepts } from '../src/search/match/query.ts';
import { percentile, type Summary, summarize } from './stats.ts';

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
  /** µs per question with every per-word memory forgotten before each question (issue 6's cold figure). */
  readonly cold: Timing;
  /**
   * µs for a question the process has not seen, in a process that has answered others: every memory
   * forgotten, the other questions asked (untimed), then this one timed. Its own new words are analyzed.
   */
  readonly fresh: Timing;
  /**
   * FRESH with the lexicon's word analyses kept (only the articles' concepts and typo look-ups
   * forgotten): what a question would cost if every word's analysis were precomputed (a full-form
   * lexicon), the rest of the work per new word (its stand-ins in the article) still done.
   */
  readonly freshWordsKnown: Timing;
  /**
   * µs per question with the lexicon's and the asked article's memories forgotten only: the same work
   * per question, without the harness touching every other index (at 10,000 articles that evicts
   * the CPU caches before each timed question).
   */
  readonly coldAskedOnly: Timing;
  /**
   * µs per question with a number appended, a new one each time, memories kept: what the WebSocket
   * rows' load generator asks (every question new to the server, as the issue's harness does).
   */
  readonly unique: Timing;
  /**
   * {@link unique} with the CPU's caches evicted before each question (untimed: {@link evictionBytes}
   * read a byte per cache line): in a server, receiving, parsing and writing the frames of other
   * questions run between two questions, and the matcher finds its tables no longer in cache.
   */
  readonly uniqueEvicted: Timing;
}

/** Read before each question of the evicted row: this machine's largest cache (32 MiB of L3) and more. */
export const evictionBytes = 48 * 1024 * 1024;

/** Which memories are forgotten before each question ('indexes': every article's, not the lexicon's). */
export type Forget = 'none' | 'all' | 'asked' | 'indexes';

/** Timings over all asks, and the slowest question's own median (robust to the machine's other load). */
export interface Timing extends Summary {
  readonly slowestQuestionMedian: number;
}

/** The real article: questions name it, whatever else is loaded. */
export const realArticleId = 'kuba-china-militaer';

/** The limit the widget sends with each question. */
export const askLimit = 3;

/** Forgets the lexicon's word analyses and the concepts and typo look-ups of every article (or of the asked one only). */
export function forget(library: Library, which: Forget): void {
  if (which === 'none') return;
  if (which !== 'indexes') library.lexicon.forgetWords();
  if (which === 'asked') forgetIndex(library.get(realArticleId));
  else for (const index of library.list()) forgetIndex(index);
}

/** Forgets what is remembered for one article: its concepts (kept by query.ts) and its typo look-ups (by the index). */
function forgetIndex(index: ArticleIndex | undefined): void {
  if (index === undefined) return;
  forgetConcepts(index);
  index.forget();
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
export function askRound(library: Library, questions: readonly string[], into: number[] | undefined, which: Forget): number {
  let answered = 0;
  for (const question of questions) {
    forget(library, which);
    const started = process.hrtime.bigint();
    const result = answerQuestion(library, { question, article: realArticleId, limit: askLimit });
    const micros = Number(process.hrtime.bigint() - started) / 1000;
    into?.push(micros);
    if (result.answers.length > 0) answered += 1;
  }
  return answered;
}

/**
 * Numbers appended to questions: a new one for every ask of the process, from 100,000 on (a number
 * that reads as a year the article never mentions, 1000–2099, makes the matcher refuse the question).
 */
let appended = 100_000;

/** What reading the eviction buffer summed (kept so the reads are not optimized away). */
let evictionSum = 0;

/** Reads one byte of every 64-byte line of `buffer`, writing it back changed so no line stays shared and clean. */
function evictCaches(buffer: Uint8Array): void {
  for (let i = 0; i < buffer.length; i += 64) {
    evictionSum += buffer[i] as number;
    buffer[i] = evictionSum & 0xff;
  }
}

/** Asks every question once with a new number appended (memories kept), timing each (µs) into `into`; with `evict`, the caches evicted first. */
function uniqueRound(library: Library, questions: readonly string[], into: number[], evict?: Uint8Array): void {
  for (const question of questions) {
    if (evict) evictCaches(evict);
    appended += 1;
    const started = process.hrtime.bigint();
    answerQuestion(library, { question: `${question} ${appended}`, article: realArticleId, limit: askLimit });
    into.push(Number(process.hrtime.bigint() - started) / 1000);
  }
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

/** One round of FRESH questions: for each, forget (everything, or the indexes' memories), ask the others (untimed), time it. */
function freshRound(library: Library, questions: readonly string[], into: number[], which: 'all' | 'indexes' = 'all'): void {
  questions.forEach((question, q) => {
    forget(library, which);
    questions.forEach((other, o) => {
      if (o !== q) answerQuestion(library, { question: other, article: realArticleId, limit: askLimit });
    });
    const started = process.hrtime.bigint();
    answerQuestion(library, { question, article: realArticleId, limit: askLimit });
    into.push(Number(process.hrtime.bigint() - started) / 1000);
  });
}

/** Unrecorded rounds first: the JIT compiles the hot path, as in a server that has been running a while. */
const warmUpRounds = 50;

/** Measures `rounds` rounds warm, then `rounds` each cold and cold for the asked article only, after unrecorded warm-up rounds. */
export function measureMatcher(
  library: Library,
  questions: readonly string[],
  rounds: number,
): Pick<MatcherFigures, 'answered' | 'warm' | 'cold' | 'coldAskedOnly' | 'fresh' | 'freshWordsKnown' | 'unique' | 'uniqueEvicted'> {
  let answered = 0;
  for (let r = 0; r < warmUpRounds; r += 1) answered = askRound(library, questions, undefined, 'none');
  const samples = { none: [] as number[], all: [] as number[], asked: [] as number[] };
  for (let r = 0; r < rounds; r += 1) askRound(library, questions, samples.none, 'none');
  // The two cold kinds interleaved round by round, so JIT warm-up and the machine's drift fall on both
  // alike (warm rounds cannot be: a cold round leaves the memories empty).
  for (let r = 0; r < rounds; r += 1) for (const which of ['all', 'asked'] as const) askRound(library, questions, samples[which], which);
  // Fresh questions cost a round of asks each: a quarter of the rounds, at least two.
  const fresh: number[] = [];
  const freshWordsKnown: number[] = [];
  for (let r = 0; r < Math.max(2, Math.ceil(rounds / 4)); r += 1) {
    freshRound(library, questions, fresh);
    freshRound(library, questions, freshWordsKnown, 'indexes');
  }
  // Last: the appended numbers fill the bounded memories, which would change the figures above.
  const unique: number[] = [];
  const uniqueEvicted: number[] = [];
  const evict = new Uint8Array(evictionBytes);
  for (let r = 0; r < warmUpRounds; r += 1) uniqueRound(library, questions, []);
  // Alternated round by round, so the machine's drift falls on both alike.
  for (let r = 0; r < rounds; r += 1) {
    uniqueRound(library, questions, unique);
    uniqueRound(library, questions, uniqueEvicted, evict);
  }
  if (evictionSum < 0) throw new Error('unreachable: keeps the eviction reads');
  return {
    unique: timing(unique, questions.length),
    uniqueEvicted: timing(uniqueEvicted, questions.length),
    fresh: timing(fresh, questions.length),
    freshWordsKnown: timing(freshWordsKnown, questions.length),
    answered,
    warm: timing(samples.none, questions.length),
    cold: timing(samples.all, questions.length),
    coldAskedOnly: timing(samples.asked, questions.length),
  };
}
