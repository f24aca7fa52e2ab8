import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** Where and how the question log is stored without a database server. */
export const schemaDefaults = Object.freeze({
  fileName: 'questions.sqlite',
  busyTimeoutMs: 2000,
});

/**
 * The schema's versions, applied in order and recorded in `PRAGMA user_version`. Version 1 is the
 * schema files had before versions were recorded (hence IF NOT EXISTS); append, never edit.
 */
export const sqliteMigrations: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS runs (
     id INTEGER PRIMARY KEY,
     started INTEGER NOT NULL
   );
   CREATE TABLE IF NOT EXISTS questions (
     id INTEGER PRIMARY KEY,
     at INTEGER NOT NULL,
     article TEXT NOT NULL,
     question TEXT NOT NULL,
     normalized TEXT NOT NULL,
     answers INTEGER NOT NULL,
     top_unit TEXT,
     top_score REAL,
     micros REAL NOT NULL
   );
   CREATE INDEX IF NOT EXISTS questions_at ON questions (at);
   CREATE INDEX IF NOT EXISTS questions_article ON questions (article, answers);
   CREATE TABLE IF NOT EXISTS feedback (
     question_id INTEGER NOT NULL,
     rank INTEGER NOT NULL,
     article TEXT NOT NULL,
     unit TEXT NOT NULL,
     helpful INTEGER NOT NULL,
     at INTEGER NOT NULL,
     PRIMARY KEY (question_id, rank)
   );
   CREATE INDEX IF NOT EXISTS feedback_at ON feedback (at);`,
  // When retention was last applied, so processes sharing the file apply it once per period.
  `CREATE TABLE maintenance (
     task TEXT PRIMARY KEY,
     last_at INTEGER NOT NULL
   );`,
];

/**
 * Opens (creating on first use) the question log database in `dataDir`, in WAL mode, and brings its
 * schema to the latest version. Several processes may open it at the same moment (WORKERS, or
 * processes sharing DATA_DIR): switching to WAL takes a lock SQLite's busy timeout does not always
 * wait for (it answers SQLITE_BUSY at once), so the set-up is retried until the busy timeout has
 * passed; the versions are applied in an immediate transaction, one process after the other.
 * Runs on the writer thread (and in tests), never on the thread that answers readers.
 */
export function openDatabase(dataDir: string): Database.Database {
  mkdirSync(dataDir, { recursive: true });
  const deadline = Date.now() + schemaDefaults.busyTimeoutMs;
  for (let attempt = 1; ; attempt += 1) {
    const db = new Database(join(dataDir, schemaDefaults.fileName), { timeout: schemaDefaults.busyTimeoutMs });
    try {
      db.pragma('journal_mode = WAL');
      // WAL with NORMAL loses at most the last commits on power failure, never consistency: fine for a log.
      db.pragma('synchronous = NORMAL');
      migrate(db);
      return db;
    } catch (error) {
      db.close();
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      // Another process is setting the file up: wait a little (longer each time) and start again.
      Atomics.wait(pause, 0, 0, Math.min(100, 5 * attempt));
    }
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

function migrate(db: Database.Database): void {
  const apply = db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    for (let version = current + 1; version <= sqliteMigrations.length; version += 1) db.exec(sqliteMigrations[version - 1] as string);
    if (current < sqliteMigrations.length) db.pragma(`user_version = ${sqliteMigrations.length}`);
  });
  // IMMEDIATE: the write lock first, so two processes never both read the old version and apply it.
  apply.immediate();
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** Takes the next run number: the high part of this process's question ids. */
export function startRun(db: Database.Database, now: number): number {
  return Number(db.prepare('INSERT INTO runs (started) VALUES (?)').run(now).lastInsertRowid);
}
