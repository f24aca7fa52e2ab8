// Child process of `npm run bench`: one corpus per process, so each is measured on a fresh heap.
import { Session } from 'node:inspector/promises';
import { loadLexicon } from '../src/search/language/load-lexicon.ts';
import { askRound, loadLibrary, type MatcherFigures, measureMatcher } from './matcher.ts';

/** What the parent asks for. */
export interface MatcherJob {
  readonly dir: string;
  readonly questions: readonly string[];
  readonly rounds: number;
  /** Also record a CPU profile of cold rounds (after measuring, so it does not slow the figures). */
  readonly profile: boolean;
}

/** What the child answers. */
export interface MatcherReply {
  readonly figures: MatcherFigures;
  readonly profile: unknown;
}

const mib = (bytes: number): number => bytes / 2 ** 20;

async function profileColdRounds(job: MatcherJob, library: Parameters<typeof askRound>[0]): Promise<unknown> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 50 });
  await session.post('Profiler.start');
  for (let r = 0; r < job.rounds * 4; r += 1) askRound(library, job.questions, undefined, 'all');
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  return profile;
}

async function runJob(job: MatcherJob): Promise<MatcherReply> {
  const lexicon = loadLexicon();
  const { library, loadMs, indexMs } = loadLibrary(job.dir, lexicon);
  const measured = measureMatcher(library, job.questions, job.rounds);
  const memory = process.memoryUsage();
  const figures: MatcherFigures = { articles: library.list().length, loadMs, indexMs, heapMiB: mib(memory.heapUsed), rssMiB: mib(memory.rss), ...measured };
  return { figures, profile: job.profile ? await profileColdRounds(job, library) : undefined };
}

process.once('message', function onJob(job: MatcherJob) {
  runJob(job).then(
    (reply) => process.send?.(reply, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
