import type { QuestionRecorder } from '../recorder.ts';
import type { BackendKind } from './backend.ts';
import { type BufferedLogOptions, createBufferedLog } from './buffered-log.ts';
import type { Insights } from './insights.ts';
import type { Postgres } from './postgres.ts';
import { openSqliteBackend } from './sqlite-backend.ts';

export { normalizeQuestion } from './backend.ts';

/** Where the question log lives: PostgreSQL when `databaseUrl` is set, else SQLite in `dataDir`. */
export interface QuestionLogOptions extends BufferedLogOptions {
  readonly dataDir: string;
  /** postgres://…: the question log, feedback and insights live there, and nothing is written to `dataDir`. */
  readonly databaseUrl?: string | undefined;
  /** A pool shared with the article distribution, instead of `databaseUrl` (the log then leaves it open at close). */
  readonly postgres?: Postgres | undefined;
  /** How long opening waits for PostgreSQL before the server starts with the log degraded (it keeps trying). */
  readonly connectWaitMs?: number;
}

/** How the question log is doing: `GET /readyz` and `/metrics` show it. */
export interface LogHealth {
  readonly backend: BackendKind;
  /** `degraded`: the database refused or did not answer the last write; entries wait in the buffer and are retried. */
  readonly state: 'ok' | 'degraded';
  /** Entries (questions and feedback) recorded and not yet written. */
  readonly buffered: number;
  /** The most that may wait; entries recorded while this many wait are dropped. */
  readonly maxBuffered: number;
  /** Entries dropped since start. */
  readonly dropped: number;
  /** Entries written since start. */
  readonly written: number;
  /** Writes the database refused since start (each is retried). */
  readonly writeFailures: number;
  /** While degraded: what the database said. */
  readonly error?: string;
}

/**
 * The question log: recording only buffers, on the answer path; batches are written off it (SQLite on a
 * thread of its own, PostgreSQL over the network); every other call is asynchronous.
 */
export interface QuestionLog extends QuestionRecorder {
  /** Writes what is buffered now; rejects with the database's error when it refuses (the entries stay buffered). */
  flush(): Promise<void>;
  /** Deletes questions and feedback older than the retention period now; resolves with how many rows went. */
  purge(): Promise<number>;
  /** What readers asked, for one article or all (what this process recorded is written first). */
  insights(article?: string): Promise<Insights>;
  health(): LogHealth;
  /** Writes everything recorded (retrying until `deadline`, ms since the epoch), then closes the database. */
  close(deadline?: number): Promise<void>;
}

/** Defaults of {@link QuestionLogOptions}. */
export const questionLogDefaults = Object.freeze({ connectWaitMs: 5000 });

/**
 * Opens the question log: in PostgreSQL with `databaseUrl` (waiting up to `connectWaitMs` for it; if it
 * is down the log starts degraded and keeps trying), else in `dataDir` (created on first use; rejects when it cannot be).
 */
export async function openQuestionLog(options: QuestionLogOptions): Promise<QuestionLog> {
  if (options.databaseUrl === undefined && options.postgres === undefined) {
    const backend = await openSqliteBackend(options.dataDir, options.retentionDays);
    return createBufferedLog(backend, options);
  }
  // Loaded only when used: a server on SQLite never loads the PostgreSQL client.
  const { createPostgresBackend } = await import('./postgres-backend.ts');
  const backend = createPostgresBackend({
    url: options.databaseUrl,
    postgres: options.postgres,
    retentionDays: options.retentionDays,
    onError: options.onError,
  });
  const log = createBufferedLog(backend, options);
  // The first connection was started by createBufferedLog; flush waits for it (nothing is buffered yet).
  const connected = log.flush().then(
    () => true,
    () => false,
  );
  const waitMs = options.connectWaitMs ?? questionLogDefaults.connectWaitMs;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([connected, new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
  clearTimeout(timer);
  return log;
}
