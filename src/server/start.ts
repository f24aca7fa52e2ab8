import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Library } from '../library.ts';
import { createResponder } from '../respond.ts';
import type { Lexicon } from '../search/language/lexicon.ts';
import type { Config } from './config.ts';
import { startEditorServices } from './editors.ts';
import { combineHooks } from './hooks.ts';
import { createHttpApp } from './http.ts';
import { createAddressLimiter } from './limits.ts';
import { questionDebugHooks } from './logging.ts';
import { createMetrics, serveMetrics } from './metrics.ts';
import { createOriginPolicy } from './origins.ts';
import { backstopMs, closeGracefully } from './shutdown.ts';
import { watchStore } from './store-metrics.ts';
import { warmUpInBackground } from './warm-up.ts';
import { createWsEndpoint } from './ws.ts';

/** A started server: where it listens and how to stop it. */
export interface RunningServer {
  readonly server: Server;
  /** http://host:port */
  readonly url: string;
  /** ws://host:port/ws */
  readonly wsUrl: string;
  /** http://host:port/metrics when METRICS_PORT is set. */
  readonly metricsUrl: string | undefined;
  /** The metrics kept when METRICS_PORT is set (a cluster worker hands them to its primary). */
  readonly metrics: Registry | undefined;
  getLibrary(): Library;
  /** Graceful stop: not ready, no new upgrades, clients closed with 1001, then the port is released. */
  close(): Promise<void>;
}

/** Optional parts a caller (a test, the benchmark) may supply instead of loading them. */
export interface StartOptions {
  readonly lexicon?: Lexicon;
  readonly library?: Library;
  readonly logger?: Logger;
  /** False: keep metrics (METRICS_PORT set) without listening on METRICS_PORT; a cluster primary serves them. */
  readonly serveMetrics?: boolean;
}

const publicDir = fileURLToPath(new URL('../../public/', import.meta.url));

/** Loads the articles of `config.faqDir` (unless given a library) and listens on `config.host:port`. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  // Live article reload (unless given a library), the question log and its insights (docs/editors.md).
  const editors = await startEditorServices(config, { lexicon: options.lexicon, library: options.library, logger: options.logger });
  const log = options.logger;
  let ready = false;
  const getLibrary = editors.getLibrary;
  const onInternalError = (error: unknown, reference: string): void => log?.error({ err: error, reference }, 'internal error while answering');
  const onHttpError = (error: unknown, reference: string): void => log?.error({ err: error, reference }, 'internal error in an HTTP request');
  // Metrics only when asked for: without them nothing is counted on the answer path.
  const metrics = config.metricsPort === undefined ? undefined : createMetrics();
  const responder = createResponder(getLibrary, combineHooks({ onInternalError }, metrics?.hooks, log && questionDebugHooks(log)), editors.recorder);
  const askLimiter = createAddressLimiter(config.rateLimitQuestions);
  const app = createHttpApp({
    getLibrary,
    isReady: () => ready,
    publicDir,
    onInternalError: onHttpError,
    insights: editors.insights,
    problems: editors.problems,
    store: editors.storeHealth,
    askLimiter,
    trustProxy: config.trustProxy,
    httpsHeaders: config.httpsHeaders,
  });
  const server = createServer(app);
  const endpoint = createWsEndpoint(responder, {
    ...config,
    isOriginAllowed: createOriginPolicy(config.allowedOrigins),
    log,
    onError: metrics?.hooks.onError,
  });
  metrics?.watch(endpoint.stats);
  if (metrics) watchStore(metrics.registry, editors.storeHealth);
  editors.onArticlesChanged(() => endpoint.broadcast(responder.welcome()));
  server.on('upgrade', function onUpgrade(req, socket, head) {
    // The endpoint refuses upgrades itself (path, origin, per-address cap, 503 while shutting down).
    endpoint.handleUpgrade(req, socket, head);
  });
  const metricsServer =
    metrics && config.metricsPort !== undefined && options.serveMetrics !== false
      ? await serveMetrics(metrics.registry, config.host, config.metricsPort)
      : undefined;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  ready = true;
  // Articles are indexed on first use; the rest in the background, so a large library starts at once.
  const warmUp = warmUpInBackground(getLibrary, (ms) => {
    const library = getLibrary();
    log?.info({ ms: Math.round(ms), articles: library.articles().length }, 'all articles indexed');
    // Large libraries read bodies only now: a malformed one is reported here (and on /readyz).
    for (const problem of library.problems())
      log?.warn({ file: problem.file, line: problem.line, code: problem.code }, `article not served: ${problem.message}`);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    server,
    url: `http://${host}:${port}`,
    wsUrl: `ws://${host}:${port}/ws`,
    metricsUrl: metricsServer?.url,
    metrics: metrics?.registry,
    getLibrary,
    async close() {
      // The question log is written last, before the backstop (SHUTDOWN_GRACE_MS + backstopMs) ends the process.
      const deadline = Date.now() + config.shutdownGraceMs + backstopMs / 2;
      ready = false;
      warmUp.stop();
      await closeGracefully(server, endpoint, config.shutdownGraceMs);
      await editors.close(deadline);
      await metricsServer?.close();
    },
  };
}
