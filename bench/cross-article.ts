// The cross-article row of `npm run bench` (issue 13.5): a question that names no article, answered
// from all of them, at 10,000 articles. Measured in a child of its own (bench/cross-article-child.ts).
import { runInChild } from './child.ts';
import { floors, judge, type Verdict } from './floors.ts';
import type { Summary } from './stats.ts';
import { fmt } from './table.ts';

/** What the parent asks the child for. */
export interface CrossArticleJob {
  /** The synthetic corpus (the real article and its variants); the four other real articles are added to it. */
  readonly dir: string;
  readonly warmUpRounds: number;
  readonly rounds: number;
  readonly coldRounds: number;
}

/** What one cross-article measurement found. */
export interface CrossArticleFigures {
  readonly articles: number;
  /** Loading and indexing them all (the filter fills as each index is built). */
  readonly indexMs: number;
  /** Every question of the five in-repo question sets, asked naming no article. */
  readonly questions: number;
  readonly answerable: number;
  /** Answerable questions whose first answer came from the article they were written for (or a synthetic variant of it). */
  readonly fromAskedArticle: number;
  readonly offTopic: number;
  readonly offTopicAbstained: number;
  /** µs per question, memories kept. */
  readonly warm: Summary;
  /** µs per question with the lexicon's and every index's memories forgotten before it (untimed), as the matcher's COLD. */
  readonly cold: Summary;
  /** µs of choosing the candidate articles alone (question terms and the filter), warm. */
  readonly filter: Summary;
}

/** Heap for 10,000 indexed articles, as the matcher's child (bench/run.ts). */
const heapMiB = 8192;

/** Runs the measurement on the corpus in `dir`; quick runs do fewer rounds. */
export function measureCrossArticle(dir: string, quick: boolean): Promise<CrossArticleFigures> {
  const job: CrossArticleJob = { dir, warmUpRounds: quick ? 2 : 5, rounds: quick ? 3 : 10, coldRounds: 2 };
  return runInChild<CrossArticleJob, CrossArticleFigures>('cross-article-child.ts', job, 600_000, [`--max-old-space-size=${heapMiB}`]);
}

/** The floor row: median per question, COLD, judged at 10,000 articles (the quick run's smaller corpus is info). */
export function crossArticleRow(figures: CrossArticleFigures | undefined): readonly [string, string, string, Verdict] {
  if (figures === undefined) return ['search across all articles', 'not measured', `≤ ${floors.crossSearchMedianMs} ms median at 10,000`, 'n/a'];
  const judged = figures.articles >= floors.manyArticles;
  const ms = (us: number): string => `${fmt(us / 1000, 2)} ms`;
  const { cold, warm, filter } = figures;
  return [
    `search across all articles, ${fmt(figures.articles)} articles, COLD (WARM)`,
    `median ${ms(cold.median)}, p99 ${ms(cold.p99)} (warm median ${ms(warm.median)}, p99 ${ms(warm.p99)}; choosing the articles ${ms(filter.median)}); first answer from the asked article ${figures.fromAskedArticle}/${figures.answerable}, off-topic abstained ${figures.offTopicAbstained}/${figures.offTopic}`,
    judged ? `≤ ${floors.crossSearchMedianMs} ms median at 10,000` : 'info',
    judged ? judge(cold.median / 1000, (v) => v <= floors.crossSearchMedianMs) : 'info',
  ];
}
