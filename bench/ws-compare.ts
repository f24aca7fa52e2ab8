import { fileURLToPath } from 'node:url';
import type { BareServerJob, BareServerReply } from './bare-server.ts';
import { captureFrames } from './capture.ts';
import { startChild } from './child.ts';
import { startService } from './service.ts';
import { concatSamples, summarize } from './stats.ts';
import type { LoadJob, LoadReply } from './ws-load.ts';

/** Settings of the side-by-side WebSocket comparison. */
export interface WsCompareOptions {
  readonly questions: readonly string[];
  readonly connections: readonly number[];
  /** a/b pairs per connection count (alternated: a b a b …). */
  readonly pairs: number;
  readonly warmupMs: number;
  readonly measureMs: number;
}

/** One server's figures at one connection count, over all its alternated phases. */
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
  /** Questions/s of each phase, in order: drift shows here. */
  readonly phaseRates: readonly number[];
}

/** Bare `ws` (a) against our service (b) at one connection count, and (a') the bare server sending as ours does. */
export interface WsComparison {
  readonly connections: number;
  /** (a): each frame its own `ws.send` and write, as the issue defines the bare server (the judged ratio). */
  readonly bare: ServerFigures;
  /** (a'): the same frames sent as src/server/ws.ts sends them: one buffer per answer, written at the end of the event-loop turn (info). */
  readonly bareAsOurs: ServerFigures;
  readonly ours: ServerFigures;
  /** (b)/(a) questions per second. */
  readonly throughputRatio: number;
  /** (b)/(a) round-trip p99. */
  readonly p99Ratio: number;
  /** (b)/(a') questions per second: against a bare server that sends as ours does. */
  readonly asOursThroughputRatio: number;
  /** (b)/(a') round-trip p99. */
  readonly asOursP99Ratio: number;
}

const targets = ['bare', 'bareAsOurs', 'ours'] as const;
type Target = (typeof targets)[number];

const faqDir = fileURLToPath(new URL('../faq/', import.meta.url));

function figuresOf(phases: readonly LoadReply[]): ServerFigures {
  const completed = phases.reduce((n, p) => n + p.completed, 0);
  const seconds = phases.reduce((n, p) => n + p.measureMs / 1000, 0);
  const latency = summarize(concatSamples(phases.map((p) => p.latenciesMs)));
  const weighted = (pick: (p: LoadReply) => number): number => phases.reduce((n, p) => n + pick(p) * p.completed, 0) / Math.max(1, completed);
  return {
    questionsPerSecond: completed / seconds,
    p50Ms: latency.median,
    p99Ms: latency.p99,
    completed,
    errors: phases.reduce((n, p) => n + p.errors, 0),
    framesPerQuestion: weighted((p) => p.framesPerQuestion),
    bytesPerQuestion: weighted((p) => p.bytesPerQuestion),
    serverCpuUsPerQuestion: (phases.reduce((n, p) => n + p.serverCpuMs, 0) * 1000) / Math.max(1, completed),
    mainThreadCpuUsPerQuestion: (phases.reduce((n, p) => n + p.serverMainThreadCpuMs, 0) * 1000) / Math.max(1, completed),
    loadGeneratorCores: phases.reduce((n, p) => n + p.loadCpuMs, 0) / (seconds * 1000),
    phaseRates: phases.map((p) => p.completed / (p.measureMs / 1000)),
  };
}

/**
 * Starts our service (RATE_LIMIT_QUESTIONS=0, LOG_LEVEL=warn, no answer cache: it has none), captures
 * its frames for every question, starts the two bare servers replaying them (plain, and sending as ours), and
 * drives all three with the same load generator, alternating a/a'/b so drift of the shared machine
 * falls on each alike.
 */
export async function compareOverWs(options: WsCompareOptions): Promise<WsComparison[]> {
  const maxConnections = Math.max(...options.connections);
  const service = await startService({
    faqDir,
    readyBy: 'readyz',
    env: { RATE_LIMIT_QUESTIONS: '0', MAX_CONNECTIONS_PER_IP: String(maxConnections + 16) },
    timeoutMs: 60_000,
  });
  const bare = startChild('bare-server.ts');
  const bareAsOurs = startChild('bare-server.ts');
  const load = startChild('ws-load.ts');
  try {
    const frames = await captureFrames(service.wsUrl, options.questions);
    const plainPort = (await bare.request<BareServerJob, BareServerReply>({ frames, sendAsOurs: false }, 30_000)).port;
    const asOursPort = (await bareAsOurs.request<BareServerJob, BareServerReply>({ frames, sendAsOurs: true }, 30_000)).port;
    const urls: Record<Target, string> = { bare: `ws://127.0.0.1:${plainPort}/ws`, bareAsOurs: `ws://127.0.0.1:${asOursPort}/ws`, ours: service.wsUrl };
    const pids: Record<Target, number> = { bare: bare.process.pid ?? 0, bareAsOurs: bareAsOurs.process.pid ?? 0, ours: service.pid };
    const results: WsComparison[] = [];
    for (const connections of options.connections) {
      const phases: Record<Target, LoadReply[]> = { bare: [], bareAsOurs: [], ours: [] };
      for (let pair = 0; pair < options.pairs; pair += 1) {
        for (const target of targets) {
          const job: LoadJob = {
            url: urls[target],
            serverPid: pids[target],
            connections,
            warmupMs: options.warmupMs,
            measureMs: options.measureMs,
            questions: options.questions,
          };
          phases[target].push(await load.request<LoadJob, LoadReply>(job, options.warmupMs + options.measureMs + 30_000));
        }
      }
      const a = figuresOf(phases.bare);
      const asOurs = figuresOf(phases.bareAsOurs);
      const b = figuresOf(phases.ours);
      results.push({
        connections,
        bare: a,
        bareAsOurs: asOurs,
        ours: b,
        throughputRatio: b.questionsPerSecond / a.questionsPerSecond,
        p99Ratio: b.p99Ms / a.p99Ms,
        asOursThroughputRatio: b.questionsPerSecond / asOurs.questionsPerSecond,
        asOursP99Ratio: b.p99Ms / asOurs.p99Ms,
      });
    }
    return results;
  } finally {
    await Promise.all([load.stop(), bare.stop(), bareAsOurs.stop(), service.stop()]);
  }
}
