import { spawn } from 'node:child_process';
import { rssKiB } from './rss.ts';
import { repoRoot, startService } from './service.ts';

/** Start-up of our service over one corpus. */
export interface StartupFigures {
  readonly articles: number;
  /** Spawn to the "faq-chat listening" log line; undefined when it did not come within the bound. */
  readonly startupMs: number | undefined;
  readonly rssAtListeningKiB: number;
  /** RSS once it stopped growing (a lazy library indexes after listening), and when that was. */
  readonly rssSettledKiB: number;
  readonly settledAfterMs: number;
  /** False when RSS was still growing at the bound (indexing in the background not finished). */
  readonly settled: boolean;
  readonly error?: string;
}

/** RSS counts as settled when it moved less than this share over {@link settleWindowMs}. */
const settleShare = 0.01;
const settleWindowMs = 1000;
const pollMs = 250;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls RSS until it is stable for a second (or `boundMs` passes); returns it and how long that took. */
async function settledRss(pid: number, boundMs: number): Promise<{ rss: number; afterMs: number; settled: boolean }> {
  const started = performance.now();
  let stableSince = started;
  let last = rssKiB(pid);
  while (performance.now() - started < boundMs) {
    await sleep(pollMs);
    const now = rssKiB(pid);
    if (Math.abs(now - last) > last * settleShare) {
      stableSince = performance.now();
      last = now;
    } else if (performance.now() - stableSince >= settleWindowMs) return { rss: last, afterMs: performance.now() - started, settled: true };
  }
  return { rss: rssKiB(pid), afterMs: performance.now() - started, settled: false };
}

/** Starts the real service on `faqDir` (LOG_LEVEL=info, PORT=0), times it to its "listening" line, reads its RSS. */
export async function measureStartup(articles: number, faqDir: string, boundMs: number, settleBoundMs: number): Promise<StartupFigures> {
  try {
    const service = await startService({ faqDir, readyBy: 'log', timeoutMs: boundMs, env: { RATE_LIMIT_QUESTIONS: '0' } });
    try {
      const rssAtListeningKiB = rssKiB(service.pid);
      const settled = await settledRss(service.pid, settleBoundMs);
      return {
        articles,
        startupMs: service.startupMs,
        rssAtListeningKiB,
        rssSettledKiB: settled.rss,
        settledAfterMs: settled.afterMs,
        settled: settled.settled,
      };
    } finally {
      await service.stop();
    }
  } catch (error) {
    return {
      articles,
      startupMs: undefined,
      rssAtListeningKiB: Number.NaN,
      rssSettledKiB: Number.NaN,
      settledAfterMs: Number.NaN,
      settled: false,
      error: (error as Error).message,
    };
  }
}

/** Spawn to exit of `node --import tsx -e 0` from the repository: the part of any start-up that is not ours. */
export function measureBaselineStart(): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', '0'], { cwd: repoRoot, stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', () => resolve(performance.now() - started));
  });
}
