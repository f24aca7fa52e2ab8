import type { ProfileSummary } from './cpu-profile.ts';
import type { CrossArticleFigures } from './cross-article.ts';
import type { MatcherFigures } from './matcher.ts';
import type { IdleFigures } from './memory.ts';
import type { BenchOptions } from './options.ts';
import type { StartupFigures } from './startup.ts';
import type { WsComparison } from './ws-compare.ts';

/** Where and when a run happened: the machine is shared, so its load is part of every figure. */
export interface RunInfo {
  readonly startedAt: string;
  readonly elapsedS: number;
  readonly node: string;
  readonly cpus: number;
  readonly uptimeAtStart: string;
  readonly uptimeAtEnd: string;
  readonly commit: string;
  /** `git status --short src` at the start: others' uncommitted changes are measured too. */
  readonly uncommittedSrc: readonly string[];
  readonly options: BenchOptions;
}

/** Everything one `npm run bench` measured (written as JSON to bench/results/). */
export interface BenchResults {
  readonly run: RunInfo;
  readonly matcher: readonly MatcherFigures[];
  /** A question naming no article, answered from all of them (bench/cross-article.ts). */
  readonly crossArticleSearch: CrossArticleFigures;
  /** Our service keeps no answer cache: every figure is uncached. */
  readonly answerCache: 'none in the service';
  readonly ws: readonly WsComparison[];
  readonly idle: IdleFigures;
  readonly startup: readonly StartupFigures[];
  /** Spawn to exit of an empty program under tsx: what every start-up pays before ours begins. */
  readonly baselineStartMs: number;
  readonly profile?: { readonly service: ProfileSummary & { readonly dir: string }; readonly matcherCold: ProfileSummary };
}
