import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { QuestionEntry } from '../../src/recorder.ts';
import { questionsPerRun } from '../../src/store/backend.ts';
import { connectPostgres } from '../../src/store/postgres.ts';
import { createPostgresBackend } from '../../src/store/postgres-backend.ts';
import { postgresMigrations } from '../../src/store/postgres-schema.ts';
import { normalizeQuestion, openQuestionLog, type QuestionLog, type QuestionLogOptions } from '../../src/store/question-log.ts';
import { openSqliteBackend } from '../../src/store/sqlite-backend.ts';
import { schemaDefaults } from '../../src/store/sqlite-schema.ts';
import { createTestDatabase, dropTestDatabase, inCi, postgresAvailable, postgresMissing, testPostgres } from '../helpers/postgres.ts';

// The question log's behaviour, the same against both stores: SQLite in DATA_DIR (the default) and a
// real PostgreSQL (DATABASE_URL). Each test gets an empty store of its own.

const dayMs = 24 * 60 * 60 * 1000;

/** One store under test: how to open the log on it and how to look at its tables from outside. */
interface Store {
  open(options?: Partial<QuestionLogOptions>): Promise<QuestionLog>;
  /** Rows in a table, read through a connection of the test's own: what is written, not what is buffered. */
  rows(table: 'questions' | 'feedback'): Promise<number>;
  questionIds(): Promise<number[]>;
  /** Makes the store refuse writes of questions (the table disappears) until {@link Store.restore}. */
  hideQuestions(): Promise<void>;
  restore(): Promise<void>;
  /** The log's backend alone, to write one batch twice. */
  backend(): Promise<{ write: (batch: Parameters<Awaited<ReturnType<typeof openSqliteBackend>>['write']>[0]) => Promise<void>; close(): Promise<void> }>;
}

function sqliteStore(): { setUp(): Promise<Store>; tearDown(): Promise<void> } {
  let root = '';
  return {
    async setUp() {
      root = mkdtempSync(join(tmpdir(), 'faq-log-'));
      const dataDir = join(root, 'data');
      const query = <T>(sql: string): T => {
        const db = new Database(join(dataDir, schemaDefaults.fileName));
        try {
          return db.prepare(sql).all() as T;
        } finally {
          db.close();
        }
      };
      const exec = (sql: string): void => {
        const db = new Database(join(dataDir, schemaDefaults.fileName));
        try {
          db.exec(sql);
        } finally {
          db.close();
        }
      };
      return {
        open: (options = {}) => openQuestionLog({ dataDir, retentionDays: 90, ...options }),
        rows: async (table) => query<{ n: number }[]>(`SELECT count(*) AS n FROM ${table}`)[0]?.n ?? 0,
        questionIds: async () => query<{ id: number }[]>('SELECT id FROM questions ORDER BY id').map((r) => r.id),
        hideQuestions: async () => exec('ALTER TABLE questions RENAME TO hidden'),
        restore: async () => exec('ALTER TABLE hidden RENAME TO questions'),
        backend: () => openSqliteBackend(dataDir, 90),
      };
    },
    async tearDown() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function postgresStore(server: () => string): { setUp(): Promise<Store>; tearDown(): Promise<void> } {
  let url = '';
  return {
    async setUp() {
      url = await createTestDatabase(server());
      const query = async <T extends pg.QueryResultRow>(sql: string): Promise<T[]> => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          return (await client.query<T>(sql)).rows;
        } finally {
          await client.end();
        }
      };
      const dataDir = join(tmpdir(), `faq-never-written-${process.pid}-${Date.now()}`);
      return {
        open: (options = {}) => openQuestionLog({ dataDir, databaseUrl: url, retentionDays: 90, ...options }),
        rows: async (table) => (await query<{ n: number }>(`SELECT count(*)::integer AS n FROM faqchat_${table}`))[0]?.n ?? 0,
        questionIds: async () => (await query<{ id: string }>('SELECT id FROM faqchat_questions ORDER BY id')).map((r) => Number(r.id)),
        hideQuestions: async () => void (await query('ALTER TABLE faqchat_questions RENAME TO hidden')),
        restore: async () => void (await query('ALTER TABLE hidden RENAME TO faqchat_questions')),
        backend: async () => {
          const backend = createPostgresBackend({ url, retentionDays: 90 });
          await backend.connect();
          return backend;
        },
      };
    },
    async tearDown() {
      await dropTestDatabase(server(), url);
    },
  };
}

function entry(question: string, fields: Partial<QuestionEntry> = {}): QuestionEntry {
  return { at: Date.now(), article: 'kuba', question, count: 0, unit: undefined, score: undefined, micros: 15, ...fields };
}

let postgresServer: { url: string; release(): Promise<void> } | undefined;
const postgresSkipped = !postgresAvailable() && !inCi;
if (postgresSkipped) console.warn(`SKIPPING the PostgreSQL half of tests/e2e/question-log-store.test.ts: ${postgresMissing}`);

beforeAll(async () => {
  if (postgresSkipped) return;
  if (!postgresAvailable()) throw new Error(`CI requires PostgreSQL: ${postgresMissing}`);
  postgresServer = await testPostgres();
}, 120_000);
afterAll(async () => {
  await postgresServer?.release();
});

const kinds = [
  { name: 'SQLite (DATA_DIR)', make: sqliteStore, skip: false },
  { name: 'PostgreSQL (DATABASE_URL)', make: () => postgresStore(() => postgresServer?.url ?? ''), skip: postgresSkipped },
];

describe.each(kinds)('question log in $name', ({ make, skip }) => {
  const harness = make();
  let store: Store;
  const logs: QuestionLog[] = [];
  const open = async (options: Partial<QuestionLogOptions> = {}): Promise<QuestionLog> => {
    const log = await store.open({ flushMs: 60_000, ...options });
    logs.push(log);
    return log;
  };

  beforeEach(async () => {
    if (!skip) store = await harness.setUp();
  });
  afterEach(async () => {
    for (const log of logs.splice(0)) await log.close();
    if (!skip) await harness.tearDown();
  });

  it.skipIf(skip)('buffers questions until a flush writes them in one batch', async () => {
    const log = await open();
    log.recordQuestion(entry('Wie wird das Wetter?'));
    log.recordQuestion(entry('Wer ist Dong Jun?', { count: 2, unit: 'p-3', score: 0.9 }));
    expect(await store.rows('questions')).toBe(0);
    await log.flush();
    expect(await store.rows('questions')).toBe(2);
    expect(log.health()).toMatchObject({ state: 'ok', buffered: 0, written: 2, dropped: 0 });
  });

  it.skipIf(skip)('writes a full batch at the next turn of the event loop, without waiting for the timer', async () => {
    const log = await open({ maxBatch: 3 });
    for (const q of ['a?', 'b?', 'c?']) log.recordQuestion(entry(q));
    expect(log.health().buffered).toBe(3);
    // The timer is a minute away: only the full batch can have started this write.
    const deadline = Date.now() + 10_000;
    while (log.health().written < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await store.rows('questions')).toBe(3);
  });

  it.skipIf(skip)('groups unanswered questions by their normalized form, with counts and the last date', async () => {
    const log = await open();
    // Within the retention period: the check at start may run after these are written.
    const lastAt = Math.floor(Date.now() / dayMs) * dayMs - dayMs;
    log.recordQuestion(entry('Wie wird das Wetter?', { at: lastAt - dayMs }));
    log.recordQuestion(entry('wie wird das WETTER', { at: lastAt }));
    log.recordQuestion(entry('Gibt es Strom?'));
    log.recordQuestion(entry('Wer ist Dong Jun?', { count: 1, unit: 'p-3', score: 0.8 }));
    log.recordQuestion(entry('Wer ist Dong Jun?', { article: 'anderer', count: 1, unit: 'p-1', score: 0.8 }));
    const insights = await log.insights('kuba');
    expect(insights.questions).toEqual({ total: 4, answered: 1, unanswered: 3 });
    expect(insights.unanswered[0]).toEqual({
      article: 'kuba',
      normalized: normalizeQuestion('Wie wird das Wetter?'),
      question: 'wie wird das WETTER',
      count: 2,
      last: new Date(lastAt).toISOString(),
    });
    expect(insights.unanswered).toHaveLength(2);
    expect(insights.units).toEqual([{ article: 'kuba', unit: 'p-3', answers: 1 }]);
    expect((await log.insights()).questions.total).toBe(5);
  });

  it.skipIf(skip)('stores feedback and counts answers marked unhelpful; a changed verdict replaces the first, also within one batch', async () => {
    const log = await open();
    const q1 = log.recordQuestion(entry('Wer?', { count: 2, unit: 'p-1', score: 0.7 }));
    const q2 = log.recordQuestion(entry('Wo?', { count: 1, unit: 'p-1', score: 0.7 }));
    log.recordFeedback({ at: Date.now(), question: q1, article: 'kuba', unit: 'p-1', rank: 1, helpful: true });
    log.recordFeedback({ at: Date.now(), question: q1, article: 'kuba', unit: 'p-1', rank: 1, helpful: false });
    log.recordFeedback({ at: Date.now(), question: q1, article: 'kuba', unit: 'faq-2', rank: 2, helpful: true });
    log.recordFeedback({ at: Date.now(), question: q2, article: 'kuba', unit: 'p-1', rank: 1, helpful: false });
    await log.flush();
    log.recordFeedback({ at: Date.now(), question: q2, article: 'kuba', unit: 'p-1', rank: 1, helpful: true });
    const insights = await log.insights();
    expect(insights.unhelpful).toEqual([{ article: 'kuba', unit: 'p-1', unhelpful: 1, helpful: 1 }]);
    expect(await store.rows('feedback')).toBe(3);
  });

  it.skipIf(skip)('numbers each process run apart, so a restarted process (or a second one) never reuses a question id', async () => {
    const first = await open();
    first.recordQuestion(entry('Wie wird das Wetter?'));
    await first.close();
    const second = await open();
    const third = await open();
    second.recordQuestion(entry('Wie wird das Wetter?'));
    third.recordQuestion(entry('Wie wird das Wetter?'));
    await Promise.all([second.flush(), third.flush()]);
    const runs = (await store.questionIds()).map((id) => Math.floor(id / questionsPerRun));
    expect(new Set(runs).size).toBe(3);
    expect((await second.insights()).unanswered[0]?.count).toBe(3);
  });

  it.skipIf(skip)('writes a batch given twice once (a retry after a lost reply)', async () => {
    const backend = await store.backend();
    try {
      const batch = { questions: [{ id: 1, entry: entry('Zweimal?') }], feedback: [] };
      await backend.write(batch);
      await backend.write(batch);
    } finally {
      await backend.close();
    }
    expect(await store.rows('questions')).toBe(1);
  });

  it.skipIf(skip)('deletes questions and feedback older than the retention period, at start and on purge', async () => {
    const now = Date.now();
    let clock = now - 100 * dayMs;
    const old = await open({ now: () => clock });
    const id = old.recordQuestion(entry('Alte Frage?', { at: clock, count: 1, unit: 'p-1', score: 1 }));
    old.recordFeedback({ at: clock, question: id, article: 'kuba', unit: 'p-1', rank: 1, helpful: false });
    old.recordQuestion(entry('Neuere Frage?', { at: now - 10 * dayMs }));
    await old.close();
    expect(await store.rows('questions')).toBe(2);
    const applied: number[] = [];
    const reopened = await open({ onRetention: (deleted) => applied.push(deleted) });
    await reopened.flush();
    const deadline = Date.now() + 10_000;
    while (applied.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(applied).toEqual([2]);
    expect(await store.rows('questions')).toBe(1);
    expect(await store.rows('feedback')).toBe(0);
    await reopened.close();
    clock = now + 75 * dayMs;
    const later = await open({ now: () => clock });
    expect(await later.purge()).toBe(0);
    expect(await store.rows('questions')).toBe(1);
    clock = now + 81 * dayMs + 1;
    expect(await later.purge()).toBe(1);
    expect((await later.insights()).questions.total).toBe(0);
  });

  it.skipIf(skip)('applies retention once per period among processes sharing the store, when they start together', async () => {
    const applied: number[] = [];
    const onRetention = (deleted: number): void => void applied.push(deleted);
    const opened = await Promise.all([open({ onRetention }), open({ onRetention }), open({ onRetention })]);
    // Each checks at start; wait until all three checks are done (their connections answered).
    await Promise.all(opened.map((log) => log.flush()));
    const deadline = Date.now() + 10_000;
    while (applied.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    // A moment more for a second (wrong) application to show.
    await Promise.all(opened.map((log) => log.insights()));
    expect(applied).toHaveLength(1);
  });

  it.skipIf(skip)('while the store refuses writes: reports it, keeps up to maxBuffered entries, counts the rest, and writes them once it can', async () => {
    const errors: unknown[] = [];
    const drops: number[] = [];
    const log = await open({ maxBuffered: 3, onError: (error) => errors.push(error), onDropped: (count) => drops.push(count) });
    await log.flush();
    await store.hideQuestions();
    for (const q of ['1?', '2?', '3?', '4?', '5?']) log.recordQuestion(entry(q));
    await expect(log.flush()).rejects.toThrow(/questions/);
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(log.health()).toMatchObject({ state: 'degraded', buffered: 3, dropped: 2 });
    expect(log.health().error).toMatch(/questions/);
    expect(drops[0]).toBe(1);
    await store.restore();
    await log.flush();
    expect(log.health()).toMatchObject({ state: 'ok', buffered: 0, dropped: 2, written: 3 });
    expect((await log.insights()).unanswered.map((g) => g.question).sort()).toEqual(['1?', '2?', '3?']);
  });

  it.skipIf(skip)('writes everything recorded before close, without a flush', async () => {
    const log = await open();
    for (let i = 0; i < 1200; i += 1) log.recordQuestion(entry(`Frage ${i}?`));
    log.recordFeedback({ at: Date.now(), question: 1, article: 'kuba', unit: 'p-1', rank: 1, helpful: true });
    await log.close();
    expect(await store.rows('questions')).toBe(1200);
    expect(await store.rows('feedback')).toBe(1);
  });
});

describe('question log in SQLite only', () => {
  it('cannot open where DATA_DIR is not a directory', async () => {
    const root = mkdtempSync(join(tmpdir(), 'faq-log-'));
    try {
      const file = join(root, 'not-a-dir');
      writeFileSync(file, '');
      await expect(openQuestionLog({ dataDir: file, retentionDays: 90 })).rejects.toThrow();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe.skipIf(postgresSkipped)('question log in PostgreSQL only', () => {
  it('sets the schema up once when several processes start on a new database at the same moment, and writes nothing to DATA_DIR', async () => {
    const server = postgresServer?.url ?? '';
    const url = await createTestDatabase(server);
    const dataDir = join(tmpdir(), `faq-never-written-${process.pid}-${Date.now()}`);
    try {
      const logs = await Promise.all(Array.from({ length: 6 }, () => openQuestionLog({ dataDir, databaseUrl: url, retentionDays: 90, flushMs: 60_000 })));
      logs.forEach((log, i) => {
        log.recordQuestion(entry(`Frage ${i}?`));
      });
      await Promise.all(logs.map((log) => log.flush()));
      expect(logs.map((log) => log.health().state)).toEqual(logs.map(() => 'ok'));
      await Promise.all(logs.map((log) => log.close()));
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const versions = await client.query<{ version: number }>('SELECT version FROM faqchat_schema ORDER BY version');
        expect(versions.rows.map((r) => r.version)).toEqual(postgresMigrations.map((_, i) => i + 1));
        expect((await client.query('SELECT id FROM faqchat_questions')).rowCount).toBe(6);
      } finally {
        await client.end();
      }
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      await dropTestDatabase(server, url);
    }
  });

  it('gives up on a write the database does not finish in time, keeps its entries, and writes them once when it answers again', async () => {
    const server = postgresServer?.url ?? '';
    const url = await createTestDatabase(server);
    const postgres = connectPostgres(url, { queryTimeoutMs: 300 });
    const locker = new pg.Client({ connectionString: url });
    try {
      const log = await openQuestionLog({ dataDir: join(tmpdir(), 'faq-unused'), postgres, retentionDays: 90, flushMs: 60_000 });
      await locker.connect();
      // A slow database: another session holds the table, so the log's insert waits.
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE faqchat_questions IN ACCESS EXCLUSIVE MODE');
      for (const q of ['1?', '2?', '3?']) log.recordQuestion(entry(q));
      await expect(log.flush()).rejects.toThrow(/timeout/i);
      expect(log.health()).toMatchObject({ state: 'degraded', buffered: 3 });
      await locker.query('COMMIT');
      await log.flush();
      expect(log.health()).toMatchObject({ state: 'ok', buffered: 0, written: 3 });
      const rows = await locker.query<{ question: string; n: number }>(
        'SELECT question, count(*)::integer AS n FROM faqchat_questions GROUP BY question ORDER BY question',
      );
      expect(rows.rows).toEqual([
        { question: '1?', n: 1 },
        { question: '2?', n: 1 },
        { question: '3?', n: 1 },
      ]);
      await log.close();
    } finally {
      await locker.end().catch(() => undefined);
      await postgres.close();
      await dropTestDatabase(server, url);
    }
  });

  it('starts degraded when the database cannot be reached, answering for the buffer, and says why', async () => {
    // A port nothing listens on: connections are refused at once.
    const log = await openQuestionLog({
      dataDir: join(tmpdir(), 'faq-unused'),
      databaseUrl: 'postgres://postgres@127.0.0.1:1/none',
      retentionDays: 90,
      flushMs: 60_000,
      connectWaitMs: 5000,
    });
    try {
      expect(log.recordQuestion(entry('Gehört?'))).toBe(1);
      expect(log.health()).toMatchObject({ backend: 'postgres', state: 'degraded', buffered: 1 });
      expect(log.health().error).toMatch(/ECONNREFUSED|connect/);
      await expect(log.insights()).rejects.toThrow();
    } finally {
      await log.close(Date.now() + 200);
    }
    expect(log.health()).toMatchObject({ buffered: 0, dropped: 1 });
  });
});
