import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { AggregatorRegistry, Counter, Gauge, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import type { Config } from './config.ts';
import { serveMetrics } from './metrics.ts';
import { backstopMs, ExitCode } from './shutdown.ts';
import type { RunningServer } from './start.ts';

// WORKERS > 1 (docs/scaling.md): the primary forks that many workers with node:cluster. Each worker is
// the ordinary server (src/server/main.ts) on HOST:PORT; the primary holds the listening socket and
// hands each new connection to the next worker in turn. It serves nothing itself: it announces the
// service once every worker listens, replaces a worker that dies, stops them all on SIGTERM/SIGINT
// and, with METRICS_PORT, serves the workers' metrics added up.

/** Messages between the primary and a worker, over cluster's IPC channel. */
const Message = {
  /** worker → primary: started and listening. */
  listening: 'faq-chat:listening',
  /** primary → worker: stop gracefully (as on SIGTERM). */
  stop: 'faq-chat:stop',
  /** primary → worker: send your metrics; worker → primary: here they are. */
  metricsRequest: 'faq-chat:metrics-request',
  metrics: 'faq-chat:metrics',
} as const;

interface ListeningMessage {
  readonly type: typeof Message.listening;
  readonly url: string;
  readonly ws: string;
  readonly articles: string;
}

interface MetricsMessage {
  readonly type: typeof Message.metrics;
  readonly seq: number;
  readonly metrics: MetricObjectWithValues<MetricValue<string>>[] | undefined;
}

/** Restarts of workers that die after they listened: the first at once, then slower while they keep dying. */
const restartBackoff = { windowMs: 60_000, firstDelayMs: 250, maxDelayMs: 10_000 } as const;

/** How long a scrape waits for each worker's metrics (one that does not answer is left out). */
const metricsWaitMs = 2000;

function isMessage(message: unknown, type: string): boolean {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;
}

/** Sends over IPC; a worker whose channel just closed is about to be reported by its 'exit'. */
function sendTo(worker: Worker, message: object): void {
  if (!worker.isConnected()) return;
  worker.send(message, function ignoreClosedChannel() {
    // An error here means the worker is gone; its exit is handled.
  });
}

/** This process's worker id when it is a cluster worker, else undefined. */
export function workerId(): number | undefined {
  return cluster.isWorker ? cluster.worker?.id : undefined;
}

/** True in the process `npm start` began with when WORKERS > 1: it forks the workers and serves nothing. */
export function isPrimaryOf(config: Config): boolean {
  return config.workers > 1 && cluster.isPrimary;
}

/**
 * A started worker's side: stops (`stop`) when the primary asks, hands the primary its metrics at
 * each scrape, and tells it that it listens.
 */
export function joinCluster(running: RunningServer, articles: string, stop: () => void): void {
  process.on('message', function fromPrimary(message: unknown) {
    if (isMessage(message, Message.stop)) stop();
    else if (isMessage(message, Message.metricsRequest)) {
      const { seq } = message as { seq: number };
      const reply = (metrics: MetricsMessage['metrics']): void => {
        process.send?.({ type: Message.metrics, seq, metrics } satisfies MetricsMessage);
      };
      if (running.metrics) running.metrics.getMetricsAsJSON().then(reply, () => reply(undefined));
      else reply(undefined);
    }
  });
  process.send?.({ type: Message.listening, url: running.url, ws: running.wsUrl, articles } satisfies ListeningMessage);
}

/**
 * The primary: forks `config.workers` workers and logs "faq-chat listening on <url>" once all of
 * them listen. Rejects only when the metrics port cannot be listened on; every later failure ends
 * the process itself (exit 1), a stop on SIGTERM/SIGINT with 0 once every worker has stopped.
 */
export async function runPrimary(config: Config, log: Logger): Promise<void> {
  /** Workers alive, by id; those that said they listen. */
  const alive = new Map<number, Worker>();
  const listening = new Set<number>();
  const restarts = new Set<NodeJS.Timeout>();
  const crashes: number[] = [];
  let restartCount = 0;
  let announcedUrl: string | undefined;
  let stopping = false;
  let exitCode: number = ExitCode.stopped;
  let metricsSeq = 0;

  const metricsServer =
    config.metricsPort === undefined
      ? undefined
      : await serveMetrics({ contentType: AggregatorRegistry.PROMETHEUS_CONTENT_TYPE, metrics: clusterMetrics }, config.host, config.metricsPort);

  cluster.on('message', function fromWorker(worker: Worker, message: unknown) {
    if (isMessage(message, Message.listening)) workerListening(worker, message as ListeningMessage);
  });
  cluster.on('exit', workerExited);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('uncaughtException', function crashed(error) {
    log.fatal({ err: error }, 'uncaught exception in the primary: exiting');
    exitNow();
  });
  for (let i = 0; i < config.workers; i += 1) fork();

  function fork(): void {
    const worker = cluster.fork();
    alive.set(worker.id, worker);
    worker.on('error', function ipcFailed(error) {
      // An IPC send to a worker that is going away; its 'exit' is what counts.
      log.debug({ err: error, worker: worker.id }, 'worker channel error');
    });
    log.debug({ worker: worker.id, pid: worker.process.pid }, 'worker started');
  }

  function workerListening(worker: Worker, message: ListeningMessage): void {
    listening.add(worker.id);
    log.info({ worker: worker.id, pid: worker.process.pid }, 'worker listening');
    if (stopping) {
      // It was starting when the stop began: it listens now and stops like the others.
      sendTo(worker, { type: Message.stop });
      return;
    }
    if (announcedUrl === undefined && listening.size === config.workers) {
      announcedUrl = message.url;
      const pids = [...alive.values()].map((w) => w.process.pid);
      // Tests and scripts read the bound port (PORT=0: one port, shared by every worker) from this line.
      log.info(
        { url: message.url, ws: message.ws, metrics: metricsServer?.url, articles: message.articles, workers: config.workers, pids },
        `faq-chat listening on ${message.url}`,
      );
    } else if (announcedUrl !== undefined && message.url !== announcedUrl) {
      // PORT=0 and every worker gone at once: the shared socket was closed, the replacements got a new port.
      log.warn({ worker: worker.id, url: message.url, was: announcedUrl }, 'worker listens on a new port');
    }
  }

  function workerExited(worker: Worker, code: number | null, signal: string | null): void {
    alive.delete(worker.id);
    const wasListening = listening.delete(worker.id);
    const about = { worker: worker.id, pid: worker.process.pid, code, signal };
    if (stopping) {
      log.info(about, 'worker stopped');
      // A worker that was serving must have stopped cleanly; one still starting is ended by SIGTERM.
      if (wasListening && code !== ExitCode.stopped) exitCode = ExitCode.failed;
      if (alive.size === 0) finish();
      return;
    }
    if (!wasListening) {
      // Whatever stopped it (an article that does not load, DEFAULT_ARTICLE gone, …) stops its
      // replacement too: end here, where a supervisor sees it, rather than restart in a loop.
      log.error(about, 'worker exited before it was listening: stopping');
      console.error(`faq-chat: worker ${worker.id} exited (${signal ?? `code ${code}`}) before it was listening; stopping`);
      stop(ExitCode.failed);
      return;
    }
    const delayMs = restartDelay(Date.now());
    restartCount += 1;
    log.warn({ ...about, restartInMs: delayMs }, 'worker exited: starting a replacement');
    const timer = setTimeout(function restart() {
      restarts.delete(timer);
      if (!stopping) fork();
    }, delayMs);
    restarts.add(timer);
  }

  /** 0 for the first death in a minute, then doubling from 250 ms up to 10 s. */
  function restartDelay(now: number): number {
    while (crashes.length > 0 && now - (crashes[0] as number) > restartBackoff.windowMs) crashes.shift();
    crashes.push(now);
    const earlier = crashes.length - 1;
    return earlier === 0 ? 0 : Math.min(restartBackoff.maxDelayMs, restartBackoff.firstDelayMs * 2 ** (earlier - 1));
  }

  function onSignal(signal: NodeJS.Signals): void {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      exitNow();
    }
    log.info({ signal, graceMs: config.shutdownGraceMs, workers: alive.size }, 'shutting down');
    stop(ExitCode.stopped);
  }

  /** Each worker drains as on SIGTERM (src/server/shutdown.ts); the primary exits when all are gone. */
  function stop(code: number): void {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    for (const timer of restarts) clearTimeout(timer);
    restarts.clear();
    for (const worker of alive.values()) {
      // A worker still starting has nothing to drain (and no handler yet): SIGTERM ends it.
      if (listening.has(worker.id)) sendTo(worker, { type: Message.stop });
      else worker.process.kill('SIGTERM');
    }
    const backstop = setTimeout(
      function stopDidNotFinish() {
        log.error({ workers: alive.size }, 'workers did not stop in time: killing them');
        exitNow();
      },
      config.shutdownGraceMs + 2 * backstopMs,
    );
    backstop.unref();
    if (alive.size === 0) finish();
  }

  function finish(): void {
    const done = (): never => {
      log.info({ code: exitCode }, 'stopped');
      process.exit(exitCode);
    };
    if (metricsServer) metricsServer.close().then(done, done);
    else done();
  }

  /** The second signal, a backstop or a fault: no draining. */
  function exitNow(): never {
    for (const worker of alive.values()) worker.process.kill('SIGKILL');
    process.exit(ExitCode.failed);
  }

  /** A scrape: every listening worker's metrics, added up (prom-client's aggregators), plus the cluster's own. */
  async function clusterMetrics(): Promise<string> {
    metricsSeq += 1;
    const seq = metricsSeq;
    const workers = [...alive.values()].filter((w) => listening.has(w.id));
    const replies = await Promise.all(workers.map((worker) => askMetrics(worker, seq)));
    const registry = AggregatorRegistry.aggregate(replies.filter((r) => r !== undefined));
    new Gauge({ name: 'faqchat_workers', help: 'Worker processes listening (WORKERS > 1).', registers: [registry] }).set(listening.size);
    new Counter({ name: 'faqchat_worker_restarts_total', help: 'Workers that died and were replaced.', registers: [registry] }).inc(restartCount);
    return registry.metrics();
  }

  function askMetrics(worker: Worker, seq: number): Promise<MetricsMessage['metrics']> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(undefined), metricsWaitMs);
      const onMessage = (message: unknown): void => {
        if (isMessage(message, Message.metrics) && (message as MetricsMessage).seq === seq) done((message as MetricsMessage).metrics);
      };
      const onExit = (): void => done(undefined);
      function done(metrics: MetricsMessage['metrics']): void {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        resolve(metrics);
      }
      worker.on('message', onMessage);
      worker.once('exit', onExit);
      sendTo(worker, { type: Message.metricsRequest, seq });
    });
  }
}
