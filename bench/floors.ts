/** The floors of issue 6, in one place. */
export const floors = Object.freeze({
  matcherMedianUs: 20,
  matcherP99Us: 200,
  /** Per question with 10,000 articles loaded, relative to one article. */
  manyArticlesFactor: 2,
  manyArticles: 10_000,
  crossSearchMedianMs: 5,
  throughputRatio: 0.7,
  p99Ratio: 2,
  /** At this many connections. */
  loadConnections: 50,
  /**
   * The bare server's main thread must have used this much of a core for the throughput ratio to be
   * judged: below it, the machine's other load (or the load generator), not the server, set its rate.
   */
  saturatedCores: 0.75,
  /** Bytes per idle connection (20 KB). */
  idleConnectionBytes: 20_000,
  idleConnections: 5000,
  startupMs: 2000,
});

/** A row's verdict: judged against its floor, or shown for information. */
export type Verdict = 'PASS' | 'FAIL' | 'info' | 'n/a';

/** PASS when `ok`, FAIL otherwise; n/a when the figure is missing (NaN, undefined). */
export function judge(value: number | undefined, ok: (value: number) => boolean): Verdict {
  if (value === undefined || Number.isNaN(value)) return 'n/a';
  return ok(value) ? 'PASS' : 'FAIL';
}
