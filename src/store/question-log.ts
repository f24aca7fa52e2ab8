import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { QuestionRecorder } from '../recorder.ts';
import type { Insights } from './insights.ts';
import {
  type BatchRequest,
  errorFrom,
  type PurgeRequest,
  questionFields,
  type SyncReply,
  type SyncRequest,
  type WriterData,
  type WriterReport,
} from './question-log-protocol.ts';
import { openDatabase, questionsPerRun, startRun } from './schema.ts';
import { prepareWrites } from './writes.ts';

export { normalizeQuestion } from './writes.ts';

/** Settings of the question log; only `dataDir` and `retentionDays` are required. */
export interface QuestionLogOptions {
  readonly dataDir: string;
  readonly retentionDays: number;
  /** Buffered entries are handed to the writer thread at least this often. */
  readonly flushMs?: number;
  /** A buffer this long is handed over at the next turn of the event loop, without waiting for the timer. */
  readonly maxBatch?: number;
  /** While the database cannot be written, at most this many entries wait; older ones are dropped. */
  readonly maxBuffered?: number;
  /** The clock retention is measured against (tests move it). */
  readonly now?: () => number;
  /** A write or retention failure; the log keeps buffering. */
  onError?(error: unknown): void;
}

/**
 * The question log: buffers on the answer path; a writer thread of its own (src/store/question-log-writer.ts)
 * writes the batches in a transaction, off the thread that answers.
 */
export interface QuestionLog extends QuestionRecorder {
  /** Hands what is buffered to the writer and waits until it is written (or its failure reported). */
  flush(): void;
  /** Deletes questions and feedback older than the retention period; returns how many rows went. */
  purge(): number;
  /** What readers asked, for one article or all (everything recorded before is written first). */
  insights(article?: string): Insights;
  /** Writes everything recorded, stops the timers, closes the database and ends the writer thread. */
  close(): void;
}

/** Defaults of {@link QuestionLogOptions}. */
export const questionLogDefaults = Object.freeze({
  flushMs: 1000,
  maxBatch: 500,
  maxBuffered: 50_000,
  purgeEveryMs: 24 * 60 * 60 * 1000,
  /** How long flush, purge, insights and close wait for the writer thread before giving up. */
  waitMs: 30_000,
});

const dayMs = 24 * 60 * 60 * 1000;
const writerUrl = new URL('./question-log-worker.mjs', import.meta.url);

/**
 * Opens the log in `dataDir` (created on first use; throws when it cannot be), deletes expired rows,
 * starts the writer thread and the hand-over and daily purge timers.
 */
export function openQuestionLog(options: QuestionLogOptions): QuestionLog {
  const now = options.now ?? Date.now;
  const maxBatch = options.maxBatch ?? questionLogDefaults.maxBatch;
  const flushMs = options.flushMs ?? questionLogDefaults.flushMs;
  const retentionMs = options.retentionDays * dayMs;
  // Opened here, synchronously, so a DATA_DIR that cannot be used fails the caller at once; the run
  // number and the purge at start are done before any question. The writer opens its own connection.
  let nextId: number;
  const db = openDatabase(options.dataDir);
  try {
    nextId = startRun(db, now()) * questionsPerRun;
    try {
      prepareWrites(db).purge(now() - retentionMs);
    } catch (error) {
      options.onError?.(error);
    }
  } finally {
    db.close();
  }

  const signal = new SharedArrayBuffer(4);
  const flag = new Int32Array(signal);
  const { port1: port, port2: writerPort } = new MessageChannel();
  const data: WriterData = {
    dataDir: options.dataDir,
    retentionDays: options.retentionDays,
    maxBuffered: options.maxBuffered ?? questionLogDefaults.maxBuffered,
    retryMs: flushMs,
    signal,
    port: writerPort,
  };
  const writer = new Worker(writerUrl, { workerData: data, transferList: [writerPort] });
  // Neither keeps the process alive: close() (graceful stop) writes everything first.
  writer.unref();
  port.unref();
  let writerGone: Error | undefined;
  writer.on('message', function onWriterReport(message: WriterReport) {
    options.onError?.(errorFrom(message.error));
  });
  writer.on('error', function onWriterError(error) {
    writerGone = error;
    // Not a failed write that will be retried: nothing more can be written by this process.
    options.onError?.(new Error(`question log writer thread failed, questions are no longer recorded: ${error.message}`, { cause: error }));
  });
  writer.on('exit', function onWriterExit(code) {
    writerGone ??= new Error(`question log writer thread exited (${code})`);
  });

  // Flat arrays of this run's entries not yet handed over; question i has id nextId + i.
  let questions: (string | number | null)[] = [];
  let feedback: (string | number)[] = [];
  let handOverQueued = false;
  let closed = false;
  let seq = 0;
  const nextSeq = (): number => {
    seq += 1;
    return seq;
  };

  /** Posts what is buffered to the writer (it writes in order, off this thread). */
  const handOver = (): void => {
    handOverQueued = false;
    if (questions.length === 0 && feedback.length === 0) return;
    const batch: BatchRequest = { kind: 'batch', firstId: nextId, questions, feedback };
    nextId += questions.length / questionFields;
    questions = [];
    feedback = [];
    // Nothing can be written once the writer is gone: drop rather than queue without bound.
    if (writerGone === undefined) port.postMessage(batch);
  };

  /** Sends a request and blocks until the writer replies (requests are answered in order, after earlier batches). */
  const call = (request: SyncRequest): SyncReply => {
    if (writerGone !== undefined) throw writerGone;
    Atomics.store(flag, 0, 0);
    port.postMessage(request);
    const deadline = performance.now() + questionLogDefaults.waitMs;
    for (;;) {
      const received = receiveMessageOnPort(port);
      if (received !== undefined) {
        const reply = received.message as SyncReply;
        // A reply to an earlier call that gave up waiting is skipped.
        if (reply.seq === request.seq) return reply;
        continue;
      }
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`question log writer thread did not answer within ${questionLogDefaults.waitMs} ms`);
      Atomics.wait(flag, 0, 0, left);
      Atomics.store(flag, 0, 0);
    }
  };

  const flush = (): void => {
    if (closed) return;
    handOver();
    try {
      const reply = call({ kind: 'flush', seq: nextSeq() });
      if (!reply.ok) options.onError?.(errorFrom(reply.error));
    } catch (error) {
      options.onError?.(error);
    }
  };

  const purge = (): number => {
    if (closed) return 0;
    try {
      const reply = call({ kind: 'purge', seq: nextSeq(), before: now() - retentionMs });
      if (reply.ok) return reply.value as number;
      options.onError?.(errorFrom(reply.error));
    } catch (error) {
      options.onError?.(error);
    }
    return 0;
  };

  const handOverTimer = setInterval(handOver, flushMs);
  const purgeTimer = setInterval(function dailyPurge() {
    if (writerGone === undefined) port.postMessage({ kind: 'purge', seq: undefined, before: now() - retentionMs } satisfies PurgeRequest);
  }, questionLogDefaults.purgeEveryMs);
  handOverTimer.unref();
  purgeTimer.unref();

  return {
    recordQuestion(entry) {
      if (closed) return 0;
      const id = nextId + questions.length / questionFields;
      questions.push(entry.at, entry.article, entry.question, entry.count, entry.unit ?? null, entry.score ?? null, entry.micros);
      if (questions.length >= maxBatch * questionFields && !handOverQueued) {
        handOverQueued = true;
        setImmediate(handOver);
      }
      return id;
    },
    recordFeedback(entry) {
      if (!closed) feedback.push(entry.at, entry.question, entry.article, entry.unit, entry.rank, entry.helpful ? 1 : 0);
    },
    flush,
    purge,
    insights(article) {
      if (closed) throw new Error('the question log is closed');
      handOver();
      const reply = call({ kind: 'insights', seq: nextSeq(), article, now: now() });
      if (!reply.ok) throw errorFrom(reply.error);
      return reply.value as Insights;
    },
    close() {
      if (closed) return;
      handOver();
      closed = true;
      clearInterval(handOverTimer);
      clearInterval(purgeTimer);
      try {
        const reply = call({ kind: 'close', seq: nextSeq() });
        if (!reply.ok) options.onError?.(errorFrom(reply.error));
      } catch (error) {
        options.onError?.(error);
      }
      port.close();
      void writer.terminate();
    },
  };
}
