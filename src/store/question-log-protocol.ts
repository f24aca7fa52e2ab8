import type { MessagePort } from 'node:worker_threads';
import type { Insights } from './insights.ts';

// What the answer thread and the question log's writer thread (src/store/question-log-writer.ts) say
// to each other. Batches are flat arrays: one structured clone of primitives, no object per entry.

/** Values per question in a batch: at, article, question, count, unit (or null), score (or null), micros. */
export const questionFields = 7;
/** Values per feedback entry in a batch: at, question id, article, unit, rank, helpful (1/0). */
export const feedbackFields = 6;

/** Questions numbered from `firstId` on, and feedback, each flattened ({@link questionFields}, {@link feedbackFields}). */
export interface BatchRequest {
  readonly kind: 'batch';
  readonly firstId: number;
  readonly questions: readonly (string | number | null)[];
  readonly feedback: readonly (string | number)[];
}

/** Requests the answer thread waits for; `seq` pairs each with its reply. */
export type SyncRequest =
  | { readonly kind: 'flush'; readonly seq: number }
  | { readonly kind: 'purge'; readonly seq: number; readonly before: number }
  | { readonly kind: 'insights'; readonly seq: number; readonly article: string | undefined; readonly now: number }
  | { readonly kind: 'close'; readonly seq: number };

/** The daily purge, not waited for. */
export interface PurgeRequest {
  readonly kind: 'purge';
  readonly seq: undefined;
  readonly before: number;
}

export type WriterRequest = BatchRequest | SyncRequest | PurgeRequest;

/** The reply to a {@link SyncRequest}: its value, or the error it met (the caller throws it). */
export type SyncReply =
  | { readonly seq: number; readonly ok: true; readonly value: number | Insights | undefined }
  | { readonly seq: number; readonly ok: false; readonly error: ErrorData };

/** A failure the writer met on its own (a batch it could not write yet, the daily purge): for onError. */
export interface WriterReport {
  readonly kind: 'error';
  readonly error: ErrorData;
}

/** What the writer thread is started with. */
export interface WriterData {
  readonly dataDir: string;
  readonly retentionDays: number;
  readonly maxBuffered: number;
  /** How soon a batch that could not be written is tried again. */
  readonly retryMs: number;
  /** One Int32: the writer sets it to 1 and notifies after each sync reply. */
  readonly signal: SharedArrayBuffer;
  /** Requests in, sync replies out (the answer thread reads them with receiveMessageOnPort). */
  readonly port: MessagePort;
}

/** An error as it crosses threads: a subclass (SqliteError) would arrive as a bare object. */
export interface ErrorData {
  readonly name: string;
  readonly message: string;
  readonly code: unknown;
  readonly stack: string | undefined;
}

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
