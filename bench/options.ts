/** How much the benchmark does: the full run (the sizes) or `--quick` (a smoke run of ~30 s). */
export interface BenchOptions {
  readonly quick: boolean;
  /** Corpora for the in-process matcher (article counts, the real article included). */
  readonly matcherArticles: readonly number[];
  /** Rounds over the questions, warm and cold each. */
  readonly rounds: number;
  readonly wsConnections: readonly number[];
  /** a/b pairs per connection count. */
  readonly wsPairs: number;
  readonly wsWarmupMs: number;
  readonly wsMeasureMs: number;
  readonly idleConnections: number;
  readonly startupArticles: readonly number[];
  /** A start slower than this is stopped and reported as such (the floor is 2 s). */
  readonly startupBoundMs: number;
  /** How long to wait for RSS to stop growing after "listening" (background indexing). */
  readonly settleBoundMs: number;
  /** Also profile our service under load and the matcher (cold), and print where the time goes. */
  readonly profile: boolean;
  readonly profileMs: number;
}

/** The sizes, bounded to about two and a half minutes on a 2-core machine. */
export const fullOptions: BenchOptions = Object.freeze({
  quick: false,
  matcherArticles: [1, 1000, 10_000],
  rounds: 20,
  wsConnections: [1, 50],
  wsPairs: 2,
  wsWarmupMs: 500,
  wsMeasureMs: 2000,
  idleConnections: 5000,
  startupArticles: [1, 1000, 10_000],
  startupBoundMs: 60_000,
  settleBoundMs: 10_000,
  profile: false,
  profileMs: 5000,
});

/** A smoke run: smaller corpora and shorter phases; rows at other sizes than the floors' are not judged. */
export const quickOptions: BenchOptions = Object.freeze({
  ...fullOptions,
  quick: true,
  matcherArticles: [1, 300],
  rounds: 8,
  wsPairs: 1,
  wsWarmupMs: 250,
  wsMeasureMs: 1000,
  idleConnections: 1000,
  startupArticles: [1, 300],
  startupBoundMs: 30_000,
  settleBoundMs: 3000,
  profileMs: 2000,
});
