import type { WsStage } from './ws-compare.ts';

/** How much the benchmark does: the full run (the sizes) or `--quick` (a smoke run of ~30 s). */
export interface BenchOptions {
  readonly quick: boolean;
  /** Corpora for the in-process matcher (article counts, the real article included). */
  readonly matcherArticles: readonly number[];
  /** Rounds over the questions, warm and cold each. */
  readonly rounds: number;
  /** The WebSocket comparison's connection counts, each with its alternated rounds. */
  readonly wsStages: readonly WsStage[];
  readonly wsWarmupMs: number;
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

/** The sizes, bounded to about three and a half minutes on a 2-core machine. */
export const fullOptions: BenchOptions = Object.freeze({
  quick: false,
  matcherArticles: [1, 1000, 10_000],
  rounds: 20,
  // C = 50 as the minimal harness runs it: 4 s runs, alternated five times, the median ratio judged.
  wsStages: [
    { connections: 1, rounds: 2, measureMs: 2000, variants: false },
    { connections: 50, rounds: 5, measureMs: 4000, variants: true },
  ],
  wsWarmupMs: 500,
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
  wsStages: [
    { connections: 1, rounds: 1, measureMs: 1000, variants: false },
    { connections: 50, rounds: 3, measureMs: 1000, variants: true },
  ],
  wsWarmupMs: 250,
  idleConnections: 1000,
  startupArticles: [1, 300],
  startupBoundMs: 30_000,
  settleBoundMs: 3000,
  profileMs: 2000,
});
