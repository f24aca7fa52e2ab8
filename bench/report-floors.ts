import { crossArticleRow } from './cross-article.ts';
import { floors, judge, type Verdict } from './floors.ts';
import { evictionBytes } from './matcher.ts';
import type { BenchResults } from './results.ts';
import { median } from './stats.ts';
import { fmt } from './table.ts';

type Row = readonly [figure: string, measured: string, floor: string, verdict: Verdict];

const kb = (kib: number): number => (kib * 1024) / 1000;
const ms = (value: number | undefined): string => `${fmt(value, 2)} ms`;

function matcherRows(results: BenchResults): Row[] {
  const one = results.matcher.find((m) => m.articles === 1);
  if (!one) return [];
  // No answer cache exists; the three rows differ in the per-word memories (docs in bench/README.md).
  const medianRow = (label: string, t: { median: number; p99: number; slowestQuestionMedian: number }): Row[] => [
    [`matcher median, 1 article, ${label}`, `${fmt(t.median, 1)} µs`, `≤ ${floors.matcherMedianUs} µs`, judge(t.median, (v) => v <= floors.matcherMedianUs)],
    [
      `matcher p99, 1 article, ${label}`,
      `${fmt(t.p99, 1)} µs (slowest question's median ${fmt(t.slowestQuestionMedian, 1)})`,
      `≤ ${floors.matcherP99Us} µs`,
      judge(t.p99, (v) => v <= floors.matcherP99Us),
    ],
  ];
  const rows: Row[] = [...medianRow('WARM', one.warm), ...medianRow('FRESH question', one.fresh), ...medianRow('COLD', one.cold)];
  const known = one.freshWordsKnown;
  rows.push([
    'matcher median, 1 article, FRESH with every word already analyzed (the best a precomputed full-form lexicon could do)',
    `${fmt(known.median, 1)} µs; p99 ${fmt(known.p99, 1)} µs (slowest question's median ${fmt(known.slowestQuestionMedian, 1)})`,
    'info',
    'info',
  ]);
  rows.push([
    'matcher median, 1 article, a number appended to each question, a new one each time (as the WebSocket rows ask)',
    `${fmt(one.unique.median, 1)} µs; p99 ${fmt(one.unique.p99, 1)} µs (slowest question's median ${fmt(one.unique.slowestQuestionMedian, 1)})`,
    'info',
    'info',
  ]);
  rows.push([
    `the same with the CPU caches evicted before each question (${fmt(evictionBytes / 1024 / 1024)} MiB read, untimed), as a server's other work between two questions does`,
    `${fmt(one.uniqueEvicted.median, 1)} µs = ${fmt(one.uniqueEvicted.median / one.unique.median, 2)}× in cache; p99 ${fmt(one.uniqueEvicted.p99, 1)} µs`,
    'info',
    'info',
  ]);
  for (const many of results.matcher.filter((m) => m.articles > 1)) {
    const ratio = many.cold.median / one.cold.median;
    const judged = many.articles === floors.manyArticles;
    rows.push([
      `matcher median, ${fmt(many.articles)} articles, COLD (WARM)`,
      `${fmt(many.cold.median, 1)} µs = ${fmt(ratio, 2)}× 1 article; p99 ${fmt(many.cold.p99, 1)} µs (warm ${fmt(many.warm.median, 1)} µs = ${fmt(many.warm.median / one.warm.median, 2)}×; cold forgetting the asked article only ${fmt(many.coldAskedOnly.median, 1)} µs = ${fmt(many.coldAskedOnly.median / one.coldAskedOnly.median, 2)}×)`,
      judged ? `≤ ${floors.manyArticlesFactor}× 1 article` : 'info',
      judged ? judge(ratio, (v) => v <= floors.manyArticlesFactor) : 'info',
    ]);
  }
  rows.push(crossArticleRow(results.crossArticleSearch));
  return rows;
}

function wsRows(results: BenchResults): Row[] {
  return results.ws.flatMap((c): Row[] => {
    const judged = c.connections === floors.loadConnections;
    // Judged only when the bare server was the limit of its own rate (it had most of a core).
    const measurable = c.bare.mainThreadCores >= floors.saturatedCores;
    const cores = `main thread cores: a ${fmt(c.bare.mainThreadCores, 2)}, b ${fmt(c.ours.mainThreadCores, 2)}; load generator ${fmt(c.bare.loadGeneratorCores, 2)} / ${fmt(c.ours.loadGeneratorCores, 2)}`;
    const unmeasured = measurable
      ? ''
      : ` NOT JUDGED: (a) had ${fmt(c.bare.mainThreadCores, 2)} of a core (< ${floors.saturatedCores}); the shared machine, not the servers, set the rates`;
    const side = `(a) bare ${fmt(c.bare.questionsPerSecond)}/s p50 ${ms(c.bare.p50Ms)} p99 ${ms(c.bare.p99Ms)}; (b) ours ${fmt(c.ours.questionsPerSecond)}/s p50 ${ms(c.ours.p50Ms)} p99 ${ms(c.ours.p99Ms)}`;
    const rows: Row[] = [
      [
        `WebSocket C=${c.connections}, ${c.rounds} alternated round(s) of ${fmt(c.measureMs / 1000, 1)} s, every question new (a number appended)`,
        side,
        'info',
        'info',
      ],
      [
        `throughput (b)/(a), C=${c.connections}, median of the rounds, no answer cache`,
        `${fmt(c.throughputRatio, 2)} (rounds ${c.roundRatios.map((r) => fmt(r, 2)).join(' ')}; ${cores})${unmeasured}`,
        judged ? `≥ ${floors.throughputRatio}` : 'info',
        judged && measurable ? judge(c.throughputRatio, (v) => v >= floors.throughputRatio) : judged ? 'n/a' : 'info',
      ],
      [
        `round-trip p99 (b)/(a), C=${c.connections}, median of the rounds`,
        `${fmt(c.p99Ratio, 2)}×${unmeasured}`,
        judged ? `≤ ${floors.p99Ratio}×` : 'info',
        judged && measurable ? judge(c.p99Ratio, (v) => v <= floors.p99Ratio) : judged ? 'n/a' : 'info',
      ],
      [
        `server CPU per question (a)/(b), C=${c.connections}: the throughput ratio on a core each`,
        `${fmt(c.cpuRatio, 2)} (a ${fmt(c.bare.serverCpuUsPerQuestion, 1)} µs, b ${fmt(c.ours.serverCpuUsPerQuestion, 1)} µs, of which its main thread ${fmt(c.ours.mainThreadCpuUsPerQuestion, 1)})`,
        'info',
        'info',
      ],
    ];
    const repeated = c.oursRepeated;
    if (repeated !== undefined)
      rows.push([
        `(b') ours asked the same questions over and over (the matcher's memories help), C=${c.connections}`,
        `${fmt(repeated.questionsPerSecond)}/s = ${fmt(repeated.questionsPerSecond / c.bare.questionsPerSecond, 2)} of (a); server CPU ${fmt(repeated.serverCpuUsPerQuestion)} µs/question`,
        'info',
        'info',
      ]);
    const lookup = c.oursWithoutMatcher;
    if (lookup !== undefined)
      rows.push([
        `(b0) ours with the matcher replaced by a look-up of its answers (bench/answer-lookup.ts): all it costs besides matching, C=${c.connections}`,
        `${fmt(lookup.questionsPerSecond)}/s = ${fmt(lookup.questionsPerSecond / c.bare.questionsPerSecond, 2)} of (a); server CPU ${fmt(lookup.serverCpuUsPerQuestion, 1)} µs/question (main thread ${fmt(lookup.mainThreadCpuUsPerQuestion, 1)}), CPU ratio (a)/(b0) ${fmt(c.bare.serverCpuUsPerQuestion / lookup.serverCpuUsPerQuestion, 2)}`,
        'info',
        'info',
      ]);
    const wsSend = c.oursWsSend;
    if (wsSend !== undefined)
      rows.push([
        `(b)/(b'') answers framed by the endpoint (one write each) against WS_WRITES=ws_send (one ws.send per frame), C=${c.connections}, median of the rounds`,
        `${fmt(median(c.directOverWsSend), 2)} (rounds ${c.directOverWsSend.map((r) => fmt(r, 2)).join(' ')}; (b'') ${fmt(wsSend.questionsPerSecond)}/s, main thread ${fmt(wsSend.mainThreadCpuUsPerQuestion, 1)} µs/question against ${fmt(c.ours.mainThreadCpuUsPerQuestion, 1)})`,
        'info',
        'info',
      ]);
    return rows;
  });
}

function memoryRows(results: BenchResults): Row[] {
  const { idle } = results;
  const judgedIdle = idle.connections === floors.idleConnections;
  const rows: Row[] = [
    [
      `RSS per idle connection (${fmt(idle.connections)} open, ${idle.failed} failed)`,
      `${fmt(kb(idle.perConnectionKiB), 1)} KB (RSS ${fmt(idle.rssBeforeKiB / 1024, 0)} → ${fmt(idle.rssAfterKiB / 1024, 0)} MiB; marginal ${fmt(kb(idle.marginalPerConnectionKiB), 1)} KB)`,
      `≤ ${floors.idleConnectionBytes / 1000} KB`,
      judgedIdle ? judge(idle.perConnectionKiB, (v) => v * 1024 <= floors.idleConnectionBytes) : 'info',
    ],
  ];
  for (const s of results.startup) {
    const judged = s.articles === floors.manyArticles;
    const measured =
      s.startupMs === undefined
        ? `not ready: ${s.error ?? 'unknown'}`
        : `${fmt(s.startupMs / 1000, 2)} s; RSS ${fmt(s.rssAtListeningKiB / 1024)} MiB at listening, ${fmt(s.rssSettledKiB / 1024)} MiB ${s.settled ? 'settled after' : 'and still growing after'} ${fmt(s.settledAfterMs / 1000, 1)} s`;
    const verdict: Verdict = !judged ? 'info' : s.startupMs === undefined ? 'FAIL' : judge(s.startupMs, (v) => v <= floors.startupMs);
    rows.push([`start-up, ${fmt(s.articles)} article${s.articles === 1 ? '' : 's'}`, measured, judged ? `≤ ${floors.startupMs / 1000} s` : 'info', verdict]);
  }
  rows.push(['start-up of an empty program, node --import tsx', `${fmt(results.baselineStartMs / 1000, 2)} s`, 'for scale', 'info']);
  return rows;
}

/** The table against the floors: one row per figure, measured side by side in this run. */
export function floorRows(results: BenchResults): Row[] {
  return [...matcherRows(results), ...wsRows(results), ...memoryRows(results)];
}
