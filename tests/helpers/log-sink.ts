import type { Logger } from 'pino';
import { createLogger } from '../../src/server/logging.ts';

/** One parsed log line. */
export type LogLine = Record<string, unknown> & { level: number; msg: string };

/** A logger that keeps its lines in memory, so a test can wait for what the server logs. */
export interface LogSink {
  readonly logger: Logger;
  readonly lines: LogLine[];
  /** Resolves with the first line (past or future) that satisfies `predicate`. */
  next(predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

/** Creates a sink logging at `level` (debug by default: the level that shows connection events). */
export function createLogSink(level = 'debug'): LogSink {
  const lines: LogLine[] = [];
  const waiters: { predicate: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  const logger = createLogger(
    { logLevel: level },
    {
      write(text: string) {
        const line = JSON.parse(text) as LogLine;
        lines.push(line);
        for (const waiter of [...waiters]) {
          if (waiter.predicate(line)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(line);
          }
        }
      },
    },
  );
  return {
    logger,
    lines,
    next(predicate, timeoutMs = 5000) {
      const found = lines.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for a log line')), timeoutMs);
        waiters.push({
          predicate,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
      });
    },
  };
}
