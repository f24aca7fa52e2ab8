import type { FeedbackEntry } from '../recorder.ts';
import type { LogBackend, LoggedQuestion } from './backend.ts';
import { StoreError, StoreErrorCode } from './errors.ts';
import type { LogHealth, QuestionLog } from './question-log.ts';

/** Settings of the buffer in front of a backend; README "Settings" and docs/editors.md document them. */
export interface BufferedLogOptions {
  readonly retentionDays: number;
  /** What is buffered is written at least this often. */
  readonly flushMs?: number;
  /** A buffer this long is written at the next turn of the event loop, without waiting for the timer. */
  readonly maxBatch?: number;
  /** Entries (questions and feedback) that may wait unwritten; more are dropped and counted. */
  readonly maxBuffered?: number;
  /** The clock retention is measured against (tests move it). */
  readonly now?: () => number;
  /** A write or retention failure: the entries stay buffered and are retried. */
  onError?(error: unknown): void;
  /** Entries were dropped (the buffer was full, or the store closed while the database refused them): how many since the last call, and in all. */
  onDropped?(count: number, total: number): void;
  /** This process applied the retention period (once per period among all processes sharing the database). */
  onRetention?(deleted: number): void;
}

/** Defaults of {@link BufferedLogOptions} and the fixed timings of the buffer. */
export const bufferDefaults = Object.freeze({
  flushMs: 500,
  maxBatch: 500,
  /** 11 MB of heap for questions of 50 characters (measured): a database outage of a minute at 800 questions a second. */
  maxBuffered: 50_000,
  /** Entries per transaction: after an outage the backlog is written in slices of this many. */
  maxWrite: 5000,
  /** A failed write is retried after flushMs, doubling up to this. */
  maxRetryMs: 5000,
  /** Drops are reported (logged) at most this often. */
  dropReportMs: 10_000,
  /** Each process checks this often whether the retention period is due … */
  retentionCheckMs: 10 * 60 * 1000,
  /** … and applies it when no process sharing the database did within this period. */
  retentionEveryMs: 60 * 60 * 1000,
});

const dayMs = 24 * 60 * 60 * 1000;

/**
 * The question log in front of a backend: recording only appends to memory (the answer path never
 * waits for a database); a timer writes what waits in batches, one transaction at a time, in order.
 * A write the database refuses (down, slow, full) leaves its entries buffered, retried with backoff;
 * beyond `maxBuffered` new entries are dropped and counted. Retention is applied by one process per period.
 */
export function createBufferedLog(backend: LogBackend, options: BufferedLogOptions): QuestionLog {
  const now = options.now ?? Date.now;
  const flushMs = options.flushMs ?? bufferDefaults.flushMs;
  const maxBatch = options.maxBatch ?? bufferDefaults.maxBatch;
  const maxBuffered = options.maxBuffered ?? bufferDefaults.maxBuffered;
  const retentionMs = options.retentionDays * dayMs;

  let questions: LoggedQuestion[] = [];
  let feedback: FeedbackEntry[] = [];
  /** Entries taken for the write in progress (still counted as buffered until it commits). */
  let inFlight = 0;
  let nextLocal = 1;
  let written = 0;
  let dropped = 0;
  let droppedUnreported = 0;
  let failures = 0;
  let lastError: unknown;
  let degraded = false;
  let retryMs = flushMs;
  let closed = false;
  /** Set when close gave up at its deadline: a write still under way is no longer accounted for. */
  let abandoned = false;
  let draining: Promise<boolean> | undefined;
  let drainQueued = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let dropTimer: NodeJS.Timeout | undefined;

  const buffered = (): number => questions.length + feedback.length + inFlight;

  const reportDrops = (): void => {
    dropTimer = undefined;
    if (droppedUnreported === 0) return;
    const count = droppedUnreported;
    droppedUnreported = 0;
    options.onDropped?.(count, dropped);
  };

  const drop = (): void => {
    dropped += 1;
    droppedUnreported += 1;
    if (dropTimer === undefined && !closed) {
      // The first drop is reported at once, later ones in one line per period: an outage under load drops thousands.
      if (dropped === droppedUnreported) reportDrops();
      dropTimer = setTimeout(reportDrops, bufferDefaults.dropReportMs);
      dropTimer.unref();
    }
  };

  const failed = (error: unknown): void => {
    failures += 1;
    lastError = error;
    degraded = true;
    options.onError?.(error);
  };

  const recovered = (): void => {
    degraded = false;
    lastError = undefined;
    retryMs = flushMs;
  };

  /** Connects (and sets the database up) without writing: at start, and to find out that a database is back. */
  const probe = async (): Promise<boolean> => {
    try {
      await backend.connect();
    } catch (error) {
      failed(error);
      return false;
    }
    recovered();
    return true;
  };

  /** Writes slices of what waits until nothing does; false when the database refused one (it stays buffered). */
  const writeAll = async (): Promise<boolean> => {
    if (degraded && questions.length + feedback.length === 0) return probe();
    while (questions.length + feedback.length > 0) {
      const takenQuestions = questions.slice(0, bufferDefaults.maxWrite);
      const takenFeedback = feedback.slice(0, Math.max(0, bufferDefaults.maxWrite - takenQuestions.length));
      questions = questions.slice(takenQuestions.length);
      feedback = feedback.slice(takenFeedback.length);
      inFlight = takenQuestions.length + takenFeedback.length;
      try {
        await backend.write({ questions: takenQuestions, feedback: takenFeedback });
      } catch (error) {
        if (abandoned) return false;
        // Back to the front, in order; entries recorded meanwhile stay behind them.
        questions = takenQuestions.concat(questions);
        feedback = takenFeedback.concat(feedback);
        inFlight = 0;
        failed(error);
        return false;
      }
      if (abandoned) return false;
      inFlight = 0;
      written += takenQuestions.length + takenFeedback.length;
      recovered();
    }
    return true;
  };

  /**
   * One writer at a time: a call while one runs waits for it, then writes what is left (what was recorded
   * meanwhile), so it resolves once everything recorded before it is written; false when a write was refused.
   */
  const drain = async (work: () => Promise<boolean> = writeAll): Promise<boolean> => {
    while (draining !== undefined) if (!(await draining)) return false;
    draining = work().finally(() => {
      draining = undefined;
    });
    return draining;
  };

  const scheduleRetry = (): void => {
    if (retryTimer !== undefined || closed) return;
    retryTimer = setTimeout(function retryWrite() {
      retryTimer = undefined;
      void drain().then(afterDrain);
    }, retryMs);
    retryTimer.unref();
    retryMs = Math.min(bufferDefaults.maxRetryMs, retryMs * 2);
  };

  const afterDrain = (ok: boolean): void => {
    if (!ok) scheduleRetry();
  };

  // The first connection (PostgreSQL: the schema set up, a run number taken) starts at once.
  void drain(probe).then(afterDrain);

  const flushTimer = setInterval(function writeBuffered() {
    // While degraded the retry timer (with its backoff) writes, not every tick.
    if (!degraded) void drain().then(afterDrain);
  }, flushMs);
  flushTimer.unref();

  const applyRetention = async (everyMs: number): Promise<number | undefined> => {
    const at = now();
    const deleted = await backend.applyRetention(at - retentionMs, at, everyMs);
    if (deleted !== undefined) options.onRetention?.(deleted);
    return deleted;
  };
  const checkRetention = (): void => {
    applyRetention(bufferDefaults.retentionEveryMs).catch((error: unknown) => options.onError?.(error));
  };
  checkRetention();
  const retentionTimer = setInterval(checkRetention, bufferDefaults.retentionCheckMs);
  retentionTimer.unref();

  return {
    recordQuestion(entry) {
      if (closed) return 0;
      const id = nextLocal;
      nextLocal += 1;
      if (buffered() >= maxBuffered) {
        drop();
        return id;
      }
      questions.push({ id, entry });
      if (questions.length >= maxBatch && !drainQueued && !degraded) {
        drainQueued = true;
        setImmediate(function writeFullBatch() {
          drainQueued = false;
          void drain().then(afterDrain);
        });
      }
      return id;
    },
    recordFeedback(entry) {
      if (closed) return;
      if (buffered() >= maxBuffered) drop();
      else feedback.push(entry);
    },
    async flush() {
      if (await drain()) return;
      scheduleRetry();
      throw lastError;
    },
    async purge() {
      return (await applyRetention(0)) ?? 0;
    },
    async insights(article) {
      // What this process recorded is written first; if the database refuses it, the read says so.
      if (!(await drain())) scheduleRetry();
      try {
        return await backend.insights(article, now());
      } catch (error) {
        throw new StoreError(StoreErrorCode.unavailable, `the question log cannot be read: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
      }
    },
    health() {
      return {
        backend: backend.kind,
        state: degraded ? 'degraded' : 'ok',
        buffered: buffered(),
        maxBuffered,
        dropped,
        written,
        writeFailures: failures,
        ...(degraded && lastError !== undefined ? { error: lastError instanceof Error ? lastError.message : String(lastError) } : {}),
      } satisfies LogHealth;
    },
    async close(deadline = Number.POSITIVE_INFINITY) {
      if (closed) return;
      closed = true;
      clearInterval(flushTimer);
      clearInterval(retentionTimer);
      clearTimeout(retryTimer);
      clearTimeout(dropTimer);
      // Written before the process goes: retried (the database may be back in a moment) until the deadline.
      let pause = 50;
      for (;;) {
        const ok = await raceDeadline(drain(), deadline);
        if (ok === true) break;
        if (Date.now() + pause >= deadline) break;
        await new Promise((resolve) => setTimeout(resolve, pause));
        pause = Math.min(1000, pause * 2);
      }
      // A write still under way at the deadline is counted too: whether it commits is not known.
      abandoned = true;
      const lost = buffered();
      if (lost > 0) {
        dropped += lost;
        droppedUnreported += lost;
        questions = [];
        feedback = [];
        inFlight = 0;
      }
      reportDrops();
      await raceDeadline(backend.close(), deadline).catch((error: unknown) => options.onError?.(error));
    },
  };
}

/** The promise's value, or undefined once `deadline` (ms since the epoch) has passed. */
function raceDeadline<T>(promise: Promise<T>, deadline: number): Promise<T | undefined> {
  if (deadline === Number.POSITIVE_INFINITY) return promise;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - Date.now()));
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
