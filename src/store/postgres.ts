import pg from 'pg';
import { postgresMigrations } from './postgres-schema.ts';

/** Connection settings of the PostgreSQL store; each says why it is what it is. */
export const postgresDefaults = Object.freeze({
  /** Connections per process: one write at a time, insights, article reads; more would only queue in the database. */
  poolSize: 4,
  /** A database that does not accept a connection this fast counts as down: the buffer takes over. */
  connectTimeoutMs: 2000,
  /** A statement slower than this counts as failed (its batch is retried; inserts are idempotent). */
  queryTimeoutMs: 10_000,
  /** Idle connections are closed after this (an outage then finds no stale ones). */
  idleTimeoutMs: 30_000,
  /** pg_advisory_xact_lock(key1, key2) held while the schema is brought up to date: "faqc", 1. */
  schemaLock: [0x66617163, 1] as const,
});

/** One process's connection to PostgreSQL: a pool shared by the question log and the article distribution. */
export interface Postgres {
  readonly url: string;
  readonly pool: pg.Pool;
  /** Brings the schema to the latest version (once; tried again after a failure). */
  ready(): Promise<void>;
  /** A connection of its own, outside the pool (LISTEN needs one that stays). */
  dedicatedClient(): pg.Client;
  close(): Promise<void>;
}

/** Options of {@link connectPostgres}. */
export interface PostgresOptions {
  /** Instead of {@link postgresDefaults.queryTimeoutMs} (tests of a slow database). */
  readonly queryTimeoutMs?: number;
  /** An idle pooled connection failed (the database restarted, the network dropped); the pool replaces it. */
  onError?(error: unknown): void;
}

/** A pool on `url` (nothing connects until first used); errors of idle connections go to `onError`, never to an uncaught exception. */
export function connectPostgres(url: string, options: PostgresOptions = {}): Postgres {
  const queryTimeoutMs = options.queryTimeoutMs ?? postgresDefaults.queryTimeoutMs;
  const settings = {
    connectionString: url,
    connectionTimeoutMillis: postgresDefaults.connectTimeoutMs,
    // The client stops waiting, and the server stops the statement (a write given up on is rolled back, not left running).
    query_timeout: queryTimeoutMs,
    statement_timeout: queryTimeoutMs,
    application_name: 'faq-chat',
    keepAlive: true,
  };
  const pool = new pg.Pool({ ...settings, max: postgresDefaults.poolSize, idleTimeoutMillis: postgresDefaults.idleTimeoutMs });
  // Without a listener an idle connection's error (the server shut down) would end the process.
  pool.on('error', function idleConnectionFailed(error) {
    options.onError?.(error);
  });
  // The pool listens only while a connection is idle: one that fails while checked out between two
  // statements of a transaction (a database stopping says so to every session) would end the process
  // too. Its next statement fails, and that failure is reported; this one needs no second report.
  pool.on('connect', function listenForErrors(client) {
    client.on('error', function checkedOutConnectionFailed() {});
  });
  let migrated: Promise<void> | undefined;
  return {
    url,
    pool,
    ready() {
      migrated ??= migrate(pool).catch((error: unknown) => {
        migrated = undefined;
        throw error;
      });
      return migrated;
    },
    dedicatedClient: () => new pg.Client(settings),
    close: () => pool.end(),
  };
}

/**
 * Applies the schema versions the database lacks, in one transaction under an advisory lock: replicas
 * starting at the same moment take turns, and each later one finds the versions applied.
 */
async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [...postgresDefaults.schemaLock]);
    await client.query('CREATE TABLE IF NOT EXISTS faqchat_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM faqchat_schema');
    const current = rows[0]?.version ?? 0;
    for (let version = current + 1; version <= postgresMigrations.length; version += 1) {
      await client.query(postgresMigrations[version - 1] as string);
      await client.query('INSERT INTO faqchat_schema (version) VALUES ($1)', [version]);
    }
    await client.query('COMMIT');
    client.release();
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    // A connection that failed mid-transaction is not put back.
    client.release(error instanceof Error ? error : true);
    throw error;
  }
}
