import { pino } from 'pino';
import { ArticleError } from '../corpus/errors.ts';
import { readConfig } from './config.ts';
import { startServer } from './start.ts';

/** `npm start`: serve the articles in FAQ_DIR on HOST:PORT until SIGINT or SIGTERM. */
async function main(): Promise<void> {
  let config;
  try {
    config = readConfig(process.env);
  } catch (error) {
    console.error(`faq-chat: ${(error as Error).message}`);
    process.exit(2);
  }
  const log = pino({ level: config.logLevel, base: undefined });
  let running;
  try {
    running = await startServer(config, { logger: log });
  } catch (error) {
    // Start-up errors are for the person starting the server: one clear line, no stack.
    const message = error instanceof ArticleError ? error.message : (error as Error).message;
    console.error(`faq-chat: cannot start: ${message}`);
    process.exit(1);
  }
  const articles = running.getLibrary().list().map((a) => a.article.id);
  log.info({ url: running.url, ws: running.wsUrl, articles }, `faq-chat listening on ${running.url}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      log.warn('shutdown deadline passed: exiting');
      process.exit(1);
    }, config.shutdownGraceMs);
    deadline.unref();
    void running.close().then(() => {
      log.info('stopped');
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
