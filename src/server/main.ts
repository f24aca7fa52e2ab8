import { statSync } from 'node:fs';
import type { Logger } from 'pino';
import { articleFiles } from '../corpus/load-articles.ts';
import { describeIds } from '../library.ts';
import { isPrimaryOf, joinCluster, runPrimary, workerId } from './cluster.ts';
import { type Config, readConfig, SettingError, SettingErrorCode } from './config.ts';
import { createLogger } from './logging.ts';
import { backstopMs, ExitCode } from './shutdown.ts';
import type { RunningServer } from './start.ts';

function fail(message: string, code: number): never {
  // Start-up errors are for the person starting the server: one clear line, no stack.
  console.error(`faq-chat: ${message}`);
  process.exit(code);
}

/**
 * Problems a start would otherwise report as a bare ENOENT or as a server that can answer nothing. With
 * DATABASE_URL an empty folder is fine: the articles other replicas published serve.
 */
function checkArticleDir(config: Config): void {
  const dir = config.faqDir;
  let isDirectory = false;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    // Reported below, with the setting's name.
  }
  if (!isDirectory) throw new SettingError(SettingErrorCode.noFaqDir, 'FAQ_DIR', `FAQ_DIR ${dir}: no such directory`);
  if (config.databaseUrl === undefined && articleFiles(dir).length === 0) {
    throw new SettingError(SettingErrorCode.noArticles, 'FAQ_DIR', `FAQ_DIR ${dir}: no article files (*.md)`);
  }
}

async function start(config: Config, log: Logger, inCluster: boolean): Promise<RunningServer> {
  // A cluster's primary checked it before forking the workers.
  if (!inCluster) checkArticleDir(config);
  // Loaded here: a cluster primary, which serves nothing, never loads the server (~20 MB less).
  const { startServer } = await import('./start.ts');
  // In a cluster the primary serves METRICS_PORT, adding up what the workers keep.
  const running = await startServer(config, { logger: log, serveMetrics: !inCluster });
  const library = running.getLibrary();
  if (config.defaultArticle !== undefined && !library.get(config.defaultArticle)) {
    const known = describeIds(library);
    // Replicas: another replica may publish it any moment (or the database was not reachable yet).
    if (config.databaseUrl !== undefined) {
      log.warn(
        { article: config.defaultArticle, found: known },
        'DEFAULT_ARTICLE is not served yet: questions naming no article get unknown_article until it is',
      );
      return running;
    }
    await running.close();
    throw new SettingError(
      SettingErrorCode.unknownDefaultArticle,
      'DEFAULT_ARTICLE',
      `DEFAULT_ARTICLE ${config.defaultArticle}: no such article in ${config.faqDir} (found: ${known})`,
    );
  }
  return running;
}

/**
 * Stops gracefully on the first SIGTERM/SIGINT, at once on the second. Returns the graceful stop
 * for a cluster primary's request (which a stop already under way ignores).
 */
function handleSignals(running: RunningServer, config: Config, log: Logger): () => void {
  let stopping = false;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  function onSignal(signal: NodeJS.Signals): void {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(ExitCode.failed);
    }
    stop({ signal });
  }
  function stop(cause: { signal?: NodeJS.Signals; by?: string }): void {
    if (stopping) return;
    stopping = true;
    log.info({ ...cause, graceMs: config.shutdownGraceMs }, 'shutting down');
    const backstop = setTimeout(function stopDidNotFinish() {
      log.error('shutdown did not finish in time: exiting');
      process.exit(ExitCode.failed);
    }, config.shutdownGraceMs + backstopMs);
    backstop.unref();
    running.close().then(
      function stopped() {
        log.info('stopped');
        process.exit(ExitCode.stopped);
      },
      function stopFailed(error: unknown) {
        log.error({ err: error }, 'shutdown failed');
        process.exit(ExitCode.failed);
      },
    );
  }
  return () => stop({ by: 'primary' });
}

/** WORKERS > 1: this process forks the workers (src/server/cluster.ts) and serves nothing itself. */
async function serveAsPrimary(config: Config, log: Logger): Promise<void> {
  try {
    // Once here rather than once in each worker.
    checkArticleDir(config);
    await runPrimary(config, log);
  } catch (error) {
    fail(`cannot start: ${(error as Error).message}`, ExitCode.failed);
  }
}

/** `npm start`: serve the articles in FAQ_DIR on HOST:PORT until SIGINT or SIGTERM. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = readConfig(process.env);
  } catch (error) {
    fail((error as Error).message, ExitCode.badSettings);
  }
  if (isPrimaryOf(config)) return serveAsPrimary(config, createLogger(config));
  const worker = workerId();
  // A worker's lines say which process wrote them (the pid is the one GET /healthz reports).
  const log = worker === undefined ? createLogger(config) : createLogger(config).child({ worker, pid: process.pid });
  process.on('uncaughtException', function crashed(error) {
    // Continuing after an unknown fault could serve wrong answers; a supervisor (or the primary) restarts us.
    log.fatal({ err: error }, 'uncaught exception: exiting');
    process.exit(ExitCode.failed);
  });
  let running: RunningServer;
  try {
    running = await start(config, log, worker !== undefined);
  } catch (error) {
    fail(`cannot start: ${(error as Error).message}`, ExitCode.failed);
  }
  // Before the line below: whoever reads it may signal at once, and an unhandled SIGTERM kills outright.
  const stop = handleSignals(running, config, log);
  const articles = describeIds(running.getLibrary());
  // A worker tells the primary, which logs the line below once every worker listens.
  if (worker !== undefined) return joinCluster(running, articles, stop);
  // Tests and scripts read the bound port (PORT=0) from this line.
  log.info({ url: running.url, ws: running.wsUrl, metrics: running.metricsUrl, articles }, `faq-chat listening on ${running.url}`);
}

void main();
