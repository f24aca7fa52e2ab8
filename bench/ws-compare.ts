import { fileURLToPath } from 'node:url';
import type { BareServerJob, BareServerReply } from './bare-server.ts';
import { captureFrames } from './capture.ts';
import { startChild } from './child.ts';
import { startService } from './service.ts';
import { concatSamples, median, summarize } from './stats.ts';
import type { LoadJob, LoadReply } from './ws-load.ts';

/** One connection count of the side-by-side WebSocket comparison. */
export interface WsStage {
  readonly connections: number;
  /** Rounds of alternated runs (a b b' a b b' …); the judged ratio is the median of the rounds' ratios. */
  readonly rounds: number;
  readonly measureMs: number;
  /** Also run (b') our service asked the same questions over and over, and (b'') ours with WS_WRITES=ws_send (info). */
  readonly variants: boolean;
}

/** Settings of the side-by-side WebSocket comparison. */
export interface WsCompareOptions {
  readonly questions: readonly string[];
  readonly stages: readonly WsStage[];
  readonly warmupMs: number;
}

/** One server's figures at one connection count, over all its alternated runs. */
export interface ServerFigures {
  readonly questionsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly completed: number;
  readonly errors: number;
  readonly framesPerQuestion: number;
  readonly bytesPerQuestion: number;
  /** Server CPU time per question answered in the window (µs): the cost each server adds. */
  readonly serverCpuUsPerQuestion: number;
  /** The same for the server's main thread alone: what limits its questions/s. */
  readonly mainThreadCpuUsPerQuestion: number;
  /** The load generator's CPU use over the window (1 = one full core): near 1, it is the bottleneck. */
  readonly loadGeneratorCores: number;
  /**
   * The server's main thread's CPU use over the window (1 = one full core). Well below 1, the server
   * was not what limited its questions/s: the load generator, or the shared machine's other load, was.
   */
  readonly mainThreadCores: number;
  /** Questions/s of each run, in order: drift shows here. */
  readonly runRates: readonly number[];
  /** Round-trip p99 of each run, in order. */
  readonly runP99Ms: readonly number[];
}

/** The bare server (a) against our service (b) at one connection count; (b') ours with repeated questions. */
export interface WsComparison {
  readonly connections: number;
  readonly rounds: number;
  readonly measureMs: number;
  /** (a): the minimal bare server (src: bench/bare-server.ts). */
  readonly bare: ServerFigures;
  /** (b): our service, every question new to it (a number appended). */
  readonly ours: ServerFigures;
  /** (b'): our service asked the dev questions as they are, over and over (info: the matcher's memories help). */
  readonly oursRepeated: ServerFigures | undefined;
  /** (b0): our service with the matcher replaced by a look-up (bench/answer-lookup.ts): what it costs besides matching (info). */
  readonly oursWithoutMatcher: ServerFigures | undefined;
  /** (b''): our service with WS_WRITES=ws_send, one ws.send per frame (info: what framing answers ourselves is worth). */
  readonly oursWsSend: ServerFigures | undefined;
  /** (b)/(b'') questions per second of each round, in order. */
  readonly directOverWsSend: readonly number[];
  /** (b)/(a) questions per second of each round, in order. */
  readonly roundRatios: readonly number[];
  /** The median of {@link roundRatios}: the judged figure. */
  readonly throughputRatio: number;
  /** The median over the rounds of (b)/(a) round-trip p99. */
  readonly p99Ratio: number;
  /**
   * (a)'s server CPU per question over (b)'s: the throughput ratio each would reach on a core of its
   * own. Less moved by the shared machine's load than questions/s, which follow the CPU each got.
   */
  readonly cpuRatio: number;
}

type Target = 'bare' | 'ours' | 'oursRepeated' | 'oursWithoutMatcher' | 'oursWsSend';

const faqDir = fileURLToPath(new URL('../faq/', import.meta.url));

function figuresOf(runs: readonly LoadReply[]): ServerFigures {
  const completed = runs.reduce((n, p) => n + p.completed, 0);
  const seconds = runs.reduce((n, p) => n + p.measureMs / 1000, 0);
  const latency = summarize(concatSamples(runs.map((p) => p.latenciesMs)));
  const weighted = (pick: (p: LoadReply) => number): number => runs.reduce((n, p) => n + pick(p) * p.completed, 0) / Math.max(1, completed);
  return {
    questionsPerSecond: completed / seconds,
    p50Ms: latency.median,
    p99Ms: latency.p99,
    completed,
    errors: runs.reduce((n, p) => n + p.errors, 0),
    framesPerQuestion: weighted((p) => p.framesPerQuestion),
    bytesPerQuestion: weighted((p) => p.bytesPerQuestion),
    serverCpuUsPerQuestion: (runs.reduce((n, p) => n + p.serverCpuMs, 0) * 1000) / Math.max(1, completed),
    mainThreadCpuUsPerQuestion: (runs.reduce((n, p) => n + p.serverMainThreadCpuMs, 0) * 1000) / Math.max(1, completed),
    loadGeneratorCores: runs.reduce((n, p) => n + p.loadCpuMs, 0) / (seconds * 1000),
    mainThreadCores: runs.reduce((n, p) => n + p.serverMainThreadCpuMs, 0) / (seconds * 1000),
    runRates: runs.map(rateOf),
    runP99Ms: runs.map(p99Of),
  };
}

const rateOf = (run: LoadReply): number => run.completed / (run.measureMs / 1000);
const p99Of = (run: LoadReply): number => summarize(run.latenciesMs).p99;

/**
 * Starts our service (RATE_LIMIT_QUESTIONS=0, LOG_LEVEL=warn, no answer cache: it has none), captures
 * its replies, starts the bare server replaying them, and drives both with the same load generator
 * (each in its own process), alternating a/b/b'/b0/b'' so drift of the shared machine falls on each alike.
 */
export async function compareOverWs(options: WsCompareOptions): Promise<WsComparison[]> {
  const maxConnections = Math.max(...options.stages.map((s) => s.connections));
  const env = { RATE_LIMIT_QUESTIONS: '0', MAX_CONNECTIONS_PER_IP: String(maxConnections + 16) };
  const service = await startService({ faqDir, readyBy: 'readyz', env, timeoutMs: 60_000 });
  const variants = options.stages.some((s) => s.variants);
  const wsSend = variants ? await startService({ faqDir, readyBy: 'readyz', env: { ...env, WS_WRITES: 'ws_send' }, timeoutMs: 60_000 }) : undefined;
  // tsx first, then the hook that swaps the matcher for a look-up (bench/without-matcher.mjs).
  const withoutMatcherArgs = ['--import', 'tsx', '--import', fileURLToPath(new URL('./without-matcher.mjs', import.meta.url))];
  const withoutMatcher = variants ? await startService({ faqDir, readyBy: 'readyz', env, nodeArgs: withoutMatcherArgs, timeoutMs: 60_000 }) : undefined;
  const bare = startChild('bare-server.ts');
  const load = startChild('ws-load.ts');
  try {
    const frames = await captureFrames(service.wsUrl, options.questions);
    const barePort = (await bare.request<BareServerJob, BareServerReply>(frames, 30_000)).port;
    const targets: Record<Target, { url: string; pid: number; unique: boolean }> = {
      bare: { url: `ws://127.0.0.1:${barePort}/`, pid: bare.process.pid ?? 0, unique: true },
      ours: { url: service.wsUrl, pid: service.pid, unique: true },
      oursRepeated: { url: service.wsUrl, pid: service.pid, unique: false },
      oursWithoutMatcher: { url: withoutMatcher?.wsUrl ?? '', pid: withoutMatcher?.pid ?? 0, unique: true },
      oursWsSend: { url: wsSend?.wsUrl ?? '', pid: wsSend?.pid ?? 0, unique: true },
    };
    const results: WsComparison[] = [];
    for (const stage of options.stages) {
      const order: Target[] = stage.variants ? ['bare', 'ours', 'oursRepeated', 'oursWithoutMatcher', 'oursWsSend'] : ['bare', 'ours'];
      const runs: Record<Target, LoadReply[]> = { bare: [], ours: [], oursRepeated: [], oursWithoutMatcher: [], oursWsSend: [] };
      for (let round = 0; round < stage.rounds; round += 1) {
        for (const target of order) {
          const { url, pid, unique } = targets[target];
          const job: LoadJob = {
            url,
            serverPid: pid,
            unique,
            connections: stage.connections,
            warmupMs: options.warmupMs,
            measureMs: stage.measureMs,
            questions: options.questions,
          };
          runs[target].push(await load.request<LoadJob, LoadReply>(job, options.warmupMs + stage.measureMs + 30_000));
        }
      }
      const roundRatios = runs.ours.map((b, i) => rateOf(b) / rateOf(runs.bare[i] as LoadReply));
      const p99Ratios = runs.ours.map((b, i) => p99Of(b) / p99Of(runs.bare[i] as LoadReply));
      results.push({
        connections: stage.connections,
        rounds: stage.rounds,
        measureMs: stage.measureMs,
        bare: figuresOf(runs.bare),
        ours: figuresOf(runs.ours),
        oursRepeated: stage.variants ? figuresOf(runs.oursRepeated) : undefined,
        oursWithoutMatcher: stage.variants ? figuresOf(runs.oursWithoutMatcher) : undefined,
        oursWsSend: stage.variants ? figuresOf(runs.oursWsSend) : undefined,
        directOverWsSend: runs.oursWsSend.map((b, i) => rateOf(runs.ours[i] as LoadReply) / rateOf(b)),
        roundRatios,
        throughputRatio: median(roundRatios),
        p99Ratio: median(p99Ratios),
        cpuRatio: figuresOf(runs.bare).serverCpuUsPerQuestion / figuresOf(runs.ours).serverCpuUsPerQuestion,
      });
    }
    return results;
  } finally {
    await Promise.all([load.stop(), bare.stop(), service.stop(), wsSend?.stop(), withoutMatcher?.stop()]);
  }
}
