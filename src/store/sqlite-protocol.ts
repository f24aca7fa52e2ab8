import type { Insights } from './insights.ts';

// What the answer thread (src/store/sqlite-backend.ts) and the SQLite writer thread
// (src/store/sqlite-writer.ts) say to each other. Batches are flat arrays: one structured clone of
// primitives, no object per entry.

/** Values per question in a batch: local id, at, article, question, count, unit (or null), score (or null), micros. */
export const questionFields = 8;
/** Values per feedback entry in a batch: at, local question id, article, unit, rank, helpful (1/0). */
export const feedbackFields = 6;

/** Requests to the writer; each gets one {@link WriterReply} with the same `seq`. */
export type WriterRequest =
  | { readonly kind: 'write'; readonly seq: number; readonly questions: readonly (string | number | null)[]; readonly feedback: readonly (string | number)[] }
  | { readonly kind: 'retention'; readonly seq: number; readonly before: number; readonly now: number; readonly everyMs: number }
  | { readonly kind: 'insights'; readonly seq: number; readonly article: string | undefined; readonly now: number }
  | { readonly kind: 'close'; readonly seq: number };

/** The writer's first message: the database is open (and this process's run number taken), or why not. */
export type WriterStarted = { readonly kind: 'ready' } | { readonly kind: 'failed'; readonly error: ErrorData };

/** The reply to a {@link WriterRequest}: its value, or the error it met (the caller rejects with it). */
export type WriterReply =
  | { readonly kind: 'reply'; readonly seq: number; readonly ok: true; readonly value: number | Insights | undefined }
  | { readonly kind: 'reply'; readonly seq: number; readonly ok: false; readonly error: ErrorData };

/** What the writer thread is started with. */
export interface WriterData {
  readonly dataDir: string;
  readonly retentionDays: number;
  readonly now: number;
}

/** An error as it crosses threads: a subclass (SqliteError) would arrive as a bare object. */
export interface ErrorData {
  readonly name: string;
  readonly message: string;
  readonly code: unknown;
  readonly stack: string | undefined;
}

/** The parts of an error that survive a structured clone. */
export function errorData(error: unknown): ErrorData {
  if (error instanceof Error) return { name: error.name, message: error.message, code: (error as { code?: unknown }).code, stack: error.stack };
  return { name: 'Error', message: String(error), code: undefined, stack: undefined };
}

/** The error again, on the receiving side: message, name, code and the writer's stack kept. */
export function errorFrom(data: ErrorData): Error {
  const error = new Error(data.message) as Error & { code?: unknown };
  error.name = data.name;
  if (data.code !== undefined) error.code = data.code;
  if (data.stack !== undefined) error.stack = data.stack;
  return error;
}
