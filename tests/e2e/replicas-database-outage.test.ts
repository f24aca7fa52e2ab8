import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { InsightsError } from '../../src/server/insights-route.ts';
import { connectPostgres } from '../../src/store/postgres.ts';
import { startAskLoad } from '../helpers/ask-load.ts';
import { inCi, postgresBinary, postgresMissing, startThrowawayPostgres, type ThrowawayPostgres } from '../helpers/postgres.ts';
import { cleanUpServerProcesses, listening, spawnServer, tempDir } from '../helpers/server-process.ts';

// Issue 14's floor: the database stopped for 10 s under load. Every question is still answered; the
// question log keeps entries up to its documented buffer (QUESTION_LOG_BUFFER) and writes them once
// the database is back; what did not fit is counted in /metrics and logged; /readyz says degraded but
// keeps the replica in. This test stops a PostgreSQL of its own (the one CI shares stays up).

const faqFile = fileURLToPath(new URL('../../faq/kuba-china-militaer.md', import.meta.url));
const article = 'kuba-china-militaer';
const token = 'outage-test-token-0123456789';
const buffer = 1000;
const outageMs = 10_000;

const skipped = (postgresBinary('initdb') === undefined || postgresBinary('pg_ctl') === undefined) && !inCi;
if (skipped) console.warn(`SKIPPING tests/e2e/replicas-database-outage.test.ts: ${postgresMissing}`);

let database: ThrowawayPostgres | undefined;
afterEach(async () => {
  cleanUpServerProcesses();
  await database?.destroy();
  database = undefined;
});

interface Readiness {
  status: string;
  store: { state: string; buffered: number; maxBuffered: number; dropped: number; error?: string };
}

async function metric(metricsUrl: string, name: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  return Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? Number.NaN);
}

async function rowsIn(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ n: number }>('SELECT count(*)::integer AS n FROM faqchat_questions')).rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}

describe.skipIf(skipped)('a replica while its database is stopped for 10 s under load', () => {
  // Seen in CI before connections were watched while checked out: a database stopping tells every
  // session, and a connection held between two statements of a transaction emitted an 'error' no one
  // listened to, which ended the replica.
  it('survives the database stopping while a connection is held between two statements', async () => {
    database = await startThrowawayPostgres();
    const postgres = connectPostgres(database.url);
    const errors: unknown[] = [];
    const onUncaught = (error: unknown): void => void errors.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const client = await postgres.pool.connect();
      await client.query('BEGIN');
      await database.stop();
      // The session's end reaches the client as the server goes down; a statement then fails instead.
      await expect(client.query('SELECT 1')).rejects.toThrow();
      client.release(true);
      expect(errors).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      await postgres.close();
    }
  });

  it('answers every question, keeps QUESTION_LOG_BUFFER entries for the log and counts the rest, says degraded on /readyz and stays in', async () => {
    database = await startThrowawayPostgres();
    const dir = tempDir('faq-outage-dir-');
    copyFileSync(faqFile, join(dir, 'kuba-china-militaer.md'));
    const replica = spawnServer({
      FAQ_DIR: dir,
      DATABASE_URL: database.url,
      QUESTION_LOG_BUFFER: String(buffer),
      METRICS_PORT: '0',
      ADMIN_TOKEN: token,
      DEFAULT_ARTICLE: article,
    });
    const { url, ws, line } = await listening(replica);
    const metrics = String(line.metrics);
    const readyz = async (): Promise<{ status: number; body: Readiness }> => {
      const response = await fetch(`${url}/readyz`);
      return { status: response.status, body: (await response.json()) as Readiness };
    };
    expect((await readyz()).body.store).toMatchObject({ state: 'ok', maxBuffered: buffer });

    const load = startAskLoad(ws, 8, article);
    try {
      // Some answered (and logged) with the database up, then it stops.
      while (load.answered.length < 500) await new Promise((resolve) => setTimeout(resolve, 10));
      await database.stop();
      const stoppedAt = performance.now();
      const answeredAtStop = load.answered.length;
      let degraded: { status: number; body: Readiness } | undefined;
      let peakBuffered = 0;
      while (performance.now() - stoppedAt < outageMs) {
        const ready = await readyz();
        peakBuffered = Math.max(peakBuffered, ready.body.store.buffered);
        if (ready.body.store.state === 'degraded') degraded = ready;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      // Meanwhile: the replica stays ready (200), says why the store is degraded, and insights say 503.
      expect(degraded?.status).toBe(200);
      expect(degraded?.body.status).toBe('ready');
      expect(degraded?.body.store.error).toBeTruthy();
      expect(peakBuffered).toBe(buffer);
      const insights = await fetch(`${url}/api/insights`, { headers: { authorization: `Bearer ${token}` } });
      expect(insights.status).toBe(InsightsError.unavailable.status);
      const answeredInOutage = load.answered.length - answeredAtStop;
      await database.start();
      await load.stop();
      // The buffer is written once the database is back (retries back off to 5 s at most).
      const deadline = Date.now() + 30_000;
      let after = await readyz();
      while ((after.body.store.state !== 'ok' || after.body.store.buffered > 0) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        after = await readyz();
      }
      expect(after.body.store).toMatchObject({ state: 'ok', buffered: 0 });
      const rows = await rowsIn(database.url);
      const dropped = await metric(metrics, 'faqchat_question_log_dropped_total');
      console.log(
        `database stopped ${outageMs / 1000} s under load: ${load.answered.length} answered (${answeredInOutage} during the outage), ` +
          `0 unanswered; log ${rows} rows, ${dropped} dropped and counted (buffer ${buffer})`,
      );
      // Every question answered, none refused.
      expect(load.errors.size).toBe(0);
      expect(load.answered.length).toBe(load.sent.size);
      expect(answeredInOutage).toBeGreaterThan(buffer);
      // What was answered is in the log or counted as dropped, nothing else; the buffer's worth was kept.
      expect(rows + dropped).toBe(load.answered.length);
      expect(dropped).toBeGreaterThan(0);
      expect(rows).toBeGreaterThanOrEqual(buffer);
      expect(await metric(metrics, 'faqchat_question_log_degraded')).toBe(0);
      expect(replica.lines.some((l) => String(l.msg).startsWith('question log: buffer full'))).toBe(true);
    } finally {
      await load.stop();
    }
  }, 90_000);
});
