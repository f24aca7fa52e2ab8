import type pg from 'pg';
import type { FeedbackEntry } from '../recorder.ts';
import { type LogBackend, type LogBatch, normalizeQuestion, questionId } from './backend.ts';
import { connectPostgres, type Postgres } from './postgres.ts';
import { readPostgresInsights } from './postgres-insights.ts';

/** Options of {@link createPostgresBackend}: a URL (the backend owns its pool) or a shared {@link Postgres}. */
export interface PostgresBackendOptions {
  readonly url?: string;
  readonly postgres?: Postgres;
  readonly retentionDays: number;
  onError?(error: unknown): void;
}

// One statement per table and batch: each column is one array parameter, whatever the batch's size.
// Questions already written (a batch retried after its reply was lost) are kept once.
const insertQuestions = `INSERT INTO faqchat_questions (id, at, article, question, normalized, answers, top_unit, top_score, micros)
  SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::integer[], $7::text[], $8::double precision[], $9::double precision[])
  ON CONFLICT (id) DO NOTHING`;
// A reader who changes their mind replaces their verdict rather than adding a second one.
const upsertFeedback = `INSERT INTO faqchat_feedback (question_id, rank, article, unit, helpful, at)
  SELECT * FROM unnest($1::bigint[], $2::integer[], $3::text[], $4::text[], $5::boolean[], $6::bigint[])
  ON CONFLICT (question_id, rank) DO UPDATE SET helpful = excluded.helpful, at = excluded.at`;
// Claims the period: only the process whose insert or update succeeds applies retention.
const claimRetention = `INSERT INTO faqchat_maintenance (task, last_at) VALUES ('retention', $1)
  ON CONFLICT (task) DO UPDATE SET last_at = excluded.last_at WHERE faqchat_maintenance.last_at <= $1 - $2
  RETURNING task`;

/** The question log in PostgreSQL: batches written with one statement per table, insights read in one snapshot. */
export function createPostgresBackend(options: PostgresBackendOptions): LogBackend {
  const owned = options.postgres === undefined;
  const db = options.postgres ?? connectPostgres(options.url ?? '', { onError: options.onError });
  let run: Promise<number> | undefined;

  /** The schema set up and this process's run number taken: once, again after a failure. */
  const started = (): Promise<number> => {
    run ??= (async () => {
      await db.ready();
      const { rows } = await db.pool.query<{ id: string }>('INSERT INTO faqchat_runs (started) VALUES ($1) RETURNING id', [Date.now()]);
      return Number(rows[0]?.id);
    })().catch((error: unknown) => {
      run = undefined;
      throw error;
    });
    return run;
  };

  const transaction = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      const value = await work(client);
      await client.query('COMMIT');
      client.release();
      return value;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      // A connection that failed (or timed out) mid-transaction is closed, not reused.
      client.release(error instanceof Error ? error : true);
      throw error;
    }
  };

  return {
    kind: 'postgres',
    async connect() {
      await started();
      // The run number is kept for the process's life: this asks whether the database answers now.
      await db.pool.query('SELECT 1');
    },
    async write(batch) {
      const current = await started();
      await transaction(async (client) => {
        if (batch.questions.length > 0) await client.query(insertQuestions, questionColumns(current, batch));
        const feedback = latestVerdicts(batch.feedback);
        if (feedback.length > 0) {
          await client.query(upsertFeedback, [
            feedback.map((f) => questionId(current, f.question)),
            feedback.map((f) => f.rank),
            feedback.map((f) => f.article),
            feedback.map((f) => f.unit),
            feedback.map((f) => f.helpful),
            feedback.map((f) => f.at),
          ]);
        }
      });
    },
    async applyRetention(before, now, everyMs) {
      await started();
      return transaction(async (client) => {
        const claimed = await client.query(claimRetention, [now, everyMs]);
        if (claimed.rowCount !== 1) return undefined;
        const questions = await client.query('DELETE FROM faqchat_questions WHERE at < $1', [before]);
        const feedback = await client.query('DELETE FROM faqchat_feedback WHERE at < $1', [before]);
        return (questions.rowCount ?? 0) + (feedback.rowCount ?? 0);
      });
    },
    async insights(article, now) {
      await db.ready();
      return readPostgresInsights(db.pool, article, now, options.retentionDays);
    },
    async close() {
      if (owned) await db.close();
    },
  };
}

function questionColumns(run: number, batch: LogBatch): unknown[] {
  const columns: unknown[][] = [[], [], [], [], [], [], [], [], []];
  const [ids, ats, articles, questions, normalized, answers, units, scores, micros] = columns as [
    number[],
    number[],
    string[],
    string[],
    string[],
    number[],
    (string | null)[],
    (number | null)[],
    number[],
  ];
  for (const { id, entry } of batch.questions) {
    ids.push(questionId(run, id));
    ats.push(entry.at);
    articles.push(entry.article);
    questions.push(entry.question);
    // Only unanswered questions are grouped by their normalized form (insights); the rest skip the work.
    normalized.push(entry.count === 0 ? normalizeQuestion(entry.question) : '');
    answers.push(entry.count);
    units.push(entry.unit ?? null);
    scores.push(entry.score ?? null);
    micros.push(entry.micros);
  }
  return columns;
}

/** One verdict per answer: a statement may not update the same row twice, and the later verdict is the reader's. */
function latestVerdicts(feedback: readonly FeedbackEntry[]): FeedbackEntry[] {
  const byAnswer = new Map<string, FeedbackEntry>();
  for (const entry of feedback) {
    const key = `${entry.question}:${entry.rank}`;
    byAnswer.delete(key);
    byAnswer.set(key, entry);
  }
  return [...byAnswer.values()];
}
