import type { FeedbackEntry, QuestionEntry } from '../recorder.ts';
import { words } from '../search/language/normalize.ts';
import type { Insights } from './insights.ts';

/** A question as it waits to be written: `id` is this process's number for it (1, 2, …). */
export interface LoggedQuestion {
  readonly id: number;
  readonly entry: QuestionEntry;
}

/** Entries written together in one transaction; feedback names its question by the same process-local number. */
export interface LogBatch {
  readonly questions: readonly LoggedQuestion[];
  readonly feedback: readonly FeedbackEntry[];
}

/** Which database a backend writes to (the health report names it). */
export type BackendKind = 'sqlite' | 'postgres';

/**
 * A database behind the question log (src/store/buffered-log.ts): SQLite in DATA_DIR on a thread of
 * its own, or PostgreSQL. Every call is asynchronous; none blocks the thread that answers readers.
 */
export interface LogBackend {
  readonly kind: BackendKind;
  /** Connects and sets the database up (schema, this process's run number) if not yet done; rejects while it cannot. */
  connect(): Promise<void>;
  /**
   * Writes one batch in one transaction. Idempotent: a batch retried because its reply was lost (the
   * connection dropped after the commit) is not written twice.
   */
  write(batch: LogBatch): Promise<void>;
  /**
   * Deletes questions and feedback recorded before `before`, unless a store sharing the database did
   * so within the last `everyMs` (0: always). Resolves with the rows deleted, or undefined when another did.
   */
  applyRetention(before: number, now: number, everyMs: number): Promise<number | undefined>;
  /** What readers asked, for one article or all, from what is written. */
  insights(article: string | undefined, now: number): Promise<Insights>;
  close(): Promise<void>;
}

// Question ids in the database are run * 2^32 + n: each process takes a run number from the database
// when it first writes, and numbers its questions n = 1, 2, …, so feedback can name a question before
// it is written, and processes sharing a database (replicas, WORKERS) never collide.
/** How many questions one run may number. */
export const questionsPerRun = 2 ** 32;

/** The database id of a process's question `local` in run `run`. */
export function questionId(run: number, local: number): number {
  return run * questionsPerRun + local;
}

/** The form questions are grouped by: folded words (case, umlauts, accents, punctuation dropped). */
export function normalizeQuestion(question: string): string {
  return words(question).join(' ');
}
