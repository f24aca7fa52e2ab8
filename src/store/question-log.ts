import type Database from 'better-sqlite3';
import type { FeedbackEntry, QuestionEntry, QuestionRecorder } from '../recorder.ts';
import { words } from '../search/normalize.ts';
import { prepareInsights, type Insights } from './insights.ts';
import { openDatabase, questionsPerRun, startRun } from './schema.ts';

/** Settings of the question log; only `dataDir` and `retentionDays` are required. */
export interface QuestionLogOptions {
  readonly dataDir: string;
  readonly retentionDays: number;
  /** Buffered entries are written at least this often. */
  readonly flushMs?: number;
  /** A buffer this long is written at the next turn of the event loop, without waiting for the timer. */
  readonly maxBatch?: number;
  /** While the database cannot be written, at most this many entries wait; older ones are dropped. */
  readonly maxBuffered?: number;
  /** The clock retention is measured against (tests move it). */
  readonly now?: () => number;
  /** A write or retention failure; the log keeps buffering. */
  onError?(error: unknown): void;
}

/** The question log: buffers on the answer path, writes batches in a transaction off it. */
export interface QuestionLog extends QuestionRecorder {
  /** Writes what is buffered now, in one transaction. */
  flush(): void;
  /** Deletes questions and feedback older than the retention period; returns how many rows went. */
  purge(): number;
  /** What readers asked, for one article or all (buffered entries are written first). */
  insights(article?: string): Insights;
  /** Writes what is buffered, stops the timers and closes the database. */
  close(): void;
}

/** Defaults of {@link QuestionLogOptions}. */
export const questionLogDefaults = Object.freeze({
  flushMs: 1000,
  maxBatch: 500,
  maxBuffered: 50_000,
  purgeEveryMs: 24 * 60 * 60 * 1000,
});

const dayMs = 24 * 60 * 60 * 1000;

/** Opens the log in `dataDir` (created on first use), deletes expired rows and starts the flush and daily purge timers. */
export function openQuestionLog(options: QuestionLogOptions): QuestionLog {
  const now = options.now ?? Date.now;
  const maxBatch = options.maxBatch ?? questionLogDefaults.maxBatch;
  const maxBuffered = options.maxBuffered ?? questionLogDefaults.maxBuffered;
  const db = openDatabase(options.dataDir);
  const statements = prepareWrites(db);
  const insights = prepareInsights(db, options.retentionDays);
  // Buffered question i has id nextId + i: numbering costs nothing on the answer path.
  let nextId = startRun(db, now()) * questionsPerRun;
  let questions: QuestionEntry[] = [];
  let feedback: FeedbackEntry[] = [];
  let flushQueued = false;
  let closed = false;

  const flush = (): void => {
    flushQueued = false;
    if (closed || (questions.length === 0 && feedback.length === 0)) return;
    try {
      statements.writeBatch(questions, nextId, feedback);
      nextId += questions.length;
      questions = [];
      feedback = [];
    } catch (error) {
      options.onError?.(error);
      const excess = questions.length - maxBuffered;
      if (excess > 0) {
        questions = questions.slice(excess);
        nextId += excess;
      }
      if (feedback.length > maxBuffered) feedback = feedback.slice(feedback.length - maxBuffered);
    }
  };
  const purge = (): number => {
    if (closed) return 0;
    try {
      return statements.purge(now() - options.retentionDays * dayMs);
    } catch (error) {
      options.onError?.(error);
      return 0;
    }
  };
  purge();
  const flushTimer = setInterval(flush, options.flushMs ?? questionLogDefaults.flushMs);
  const purgeTimer = setInterval(purge, questionLogDefaults.purgeEveryMs);
  flushTimer.unref();
  purgeTimer.unref();

  return {
    recordQuestion(entry) {
      if (closed) return 0;
      const id = nextId + questions.length;
      questions.push(entry);
      if (questions.length >= maxBatch && !flushQueued) {
        flushQueued = true;
        setImmediate(flush);
      }
      return id;
    },
    recordFeedback(entry) {
      if (!closed) feedback.push(entry);
    },
    flush,
    purge,
    insights(article) {
      flush();
      return insights(article, now());
    },
    close() {
      if (closed) return;
      flush();
      closed = true;
      clearInterval(flushTimer);
      clearInterval(purgeTimer);
      db.close();
    },
  };
}

interface Writes {
  writeBatch(questions: readonly QuestionEntry[], firstId: number, feedback: readonly FeedbackEntry[]): void;
  purge(before: number): number;
}

function prepareWrites(db: Database.Database): Writes {
  const insertQuestion = db.prepare(
    'INSERT INTO questions (id, at, article, question, normalized, answers, top_unit, top_score, micros) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  // A reader who changes their mind replaces their verdict rather than adding a second one.
  const upsertFeedback = db.prepare(
    `INSERT INTO feedback (question_id, rank, article, unit, helpful, at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (question_id, rank) DO UPDATE SET helpful = excluded.helpful, at = excluded.at`,
  );
  const deleteQuestions = db.prepare('DELETE FROM questions WHERE at < ?');
  const deleteFeedback = db.prepare('DELETE FROM feedback WHERE at < ?');
  const writeBatch = db.transaction((questions: readonly QuestionEntry[], firstId: number, feedback: readonly FeedbackEntry[]) => {
    questions.forEach((q, i) => {
      // Only unanswered questions are grouped by their normalized form (insights); the rest skip the work.
      const normalized = q.count === 0 ? normalizeQuestion(q.question) : '';
      insertQuestion.run(firstId + i, q.at, q.article, q.question, normalized, q.count, q.unit ?? null, q.score ?? null, q.micros);
    });
    for (const f of feedback) upsertFeedback.run(f.question, f.rank, f.article, f.unit, f.helpful ? 1 : 0, f.at);
  });
  const purge = db.transaction((before: number) => deleteQuestions.run(before).changes + deleteFeedback.run(before).changes);
  return { writeBatch, purge };
}

/** The form questions are grouped by: folded words (case, umlauts, accents, punctuation dropped). */
export function normalizeQuestion(question: string): string {
  return words(question).join(' ');
}
