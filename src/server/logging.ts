import { type Logger, pino } from 'pino';
import type { ResponderHooks } from '../respond.ts';
import type { Config } from './config.ts';

/** The server's structured logger: JSON lines on stdout (or `destination`), no pid/hostname noise. */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: pino.DestinationStream): Logger {
  const options = { level: config.logLevel, base: undefined, serializers: { err: pino.stdSerializers.err } };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Hooks that log each answered question. Readers' questions are personal data: they are logged only
 * at debug level, and below debug nothing is installed on the answer path at all.
 */
export function questionDebugHooks(log: Logger): ResponderHooks | undefined {
  if (!log.isLevelEnabled('debug')) return undefined;
  return {
    onAnswered(event) {
      log.debug({ article: event.article, question: event.question, count: event.count, top: event.top, micros: event.micros }, 'question answered');
    },
  };
}
