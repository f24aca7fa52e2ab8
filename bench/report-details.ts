import type { ProfileSummary } from './cpu-profile.ts';
import type { BenchResults } from './results.ts';
import { fmt, renderTable } from './table.ts';

/** Per corpus: loading, memory, answers, and warm and cold timings. */
export function matcherDetails(results: BenchResults): string {
  return renderTable(
    ['articles', 'load ms', 'index ms', 'heap MiB', 'answered', 'warm med/p99/slowest µs', 'COLD med/p99/slowest µs', 'cold, asked article only'],
    results.matcher.map((m) => [
      fmt(m.articles),
      fmt(m.loadMs),
      fmt(m.indexMs),
      fmt(m.heapMiB),
      `${m.answered}`,
      `${fmt(m.warm.median, 1)} / ${fmt(m.warm.p99, 1)} / ${fmt(m.warm.slowestQuestionMedian, 1)}`,
      `${fmt(m.cold.median, 1)} / ${fmt(m.cold.p99, 1)} / ${fmt(m.cold.slowestQuestionMedian, 1)}`,
      `${fmt(m.coldAskedOnly.median, 1)} / ${fmt(m.coldAskedOnly.p99, 1)} / ${fmt(m.coldAskedOnly.slowestQuestionMedian, 1)}`,
    ]),
  );
}

const serverNames = {
  bare: '(a) bare ws',
  ours: '(b) ours',
  oursRepeated: "(b') ours, repeated questions",
  oursWithoutMatcher: '(b0) ours, matcher looked up',
  oursWsSend: "(b'') ours, WS_WRITES=ws_send",
} as const;

/** Per connection count and server: rates, round trips, CPU, and the frames each question got (the same for both). */
export function wsDetails(results: BenchResults): string {
  return renderTable(
    [
      'C',
      'server',
      'questions/s',
      'p50 ms',
      'p99 ms',
      'server CPU µs/q',
      'main thread µs/q',
      'main thread cores',
      'load gen cores',
      'frames/q',
      'bytes/q',
      'errors',
      'per run q/s',
      'per run p99 ms',
    ],
    results.ws.flatMap((c) =>
      (['bare', 'ours', 'oursRepeated', 'oursWithoutMatcher', 'oursWsSend'] as const).flatMap((side) => {
        const f = c[side];
        if (f === undefined) return [];
        return [
          [
            `${c.connections}`,
            serverNames[side],
            fmt(f.questionsPerSecond),
            fmt(f.p50Ms, 2),
            fmt(f.p99Ms, 2),
            fmt(f.serverCpuUsPerQuestion, 1),
            fmt(f.mainThreadCpuUsPerQuestion, 1),
            fmt(f.mainThreadCores, 2),
            fmt(f.loadGeneratorCores, 2),
            fmt(f.framesPerQuestion, 2),
            fmt(f.bytesPerQuestion),
            `${f.errors}`,
            f.runRates.map((r) => fmt(r)).join(' '),
            f.runP99Ms.map((r) => fmt(r, 1)).join(' '),
          ],
        ];
      }),
    ),
  );
}

/** The heaviest functions of a profile, by own time and with callees. */
export function profileDetails(title: string, summary: ProfileSummary): string {
  const rows = (entries: ProfileSummary['self']): string[][] => entries.map((e) => [e.fn, fmt(e.ms, 1), fmt(e.perQuestionUs, 2), `${fmt(e.share * 100, 1)} %`]);
  return [
    `${title}: ${fmt(summary.sampledMs)} ms sampled over ${fmt(summary.questions)} questions`,
    renderTable(['by part (each sample counted once)', 'ms', 'µs/question', 'share'], rows(summary.parts)),
    renderTable(['self time', 'ms', 'µs/question', 'share'], rows(summary.self)),
    renderTable(['with callees (our code, ws)', 'ms', 'µs/question', 'share'], rows(summary.inclusive)),
  ].join('\n\n');
}
