import { Worker } from 'node:worker_threads';
import type { LogBackend } from './backend.ts';
import { StoreError, StoreErrorCode } from './errors.ts';
import type { Insights } from './insights.ts';
import { errorFrom, type WriterData, type WriterReply, type WriterRequest, type WriterStarted } from './sqlite-protocol.ts';

const writerUrl = new URL('./sqlite-worker.mjs', import.meta.url);

/** Why the SQLite backend refuses a request after its writer thread is gone. */
export const SqliteBackendMessage = {
  writerGone: 'the question log writer thread has stopped; nothing more can be written by this process',
  closed: 'the question log is closed',
} as const;

const writerGone = (detail: string, cause?: unknown): StoreError =>
  new StoreError(StoreErrorCode.writerGone, `${SqliteBackendMessage.writerGone} (${detail})`, { cause });

type Request = WriterRequest extends infer R ? (R extends { seq: number } ? Omit<R, 'seq'> : never) : never;

/**
 * The question log in SQLite under `dataDir`, written by a thread of its own (src/store/sqlite-writer.ts):
 * resolves once that thread has opened the file (creating it, bringing the schema up to date, taking this
 * process's run number); rejects when it cannot (DATA_DIR unusable).
 */
export async function openSqliteBackend(dataDir: string, retentionDays: number): Promise<LogBackend> {
  const data: WriterData = { dataDir, retentionDays, now: Date.now() };
  const writer = new Worker(writerUrl, { workerData: data });
  // The thread never keeps the process alive: a graceful stop (close) writes everything first.
  writer.unref();
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let seq = 0;
  let gone: Error | undefined;

  const fail = (error: Error): void => {
    gone ??= error;
    for (const { reject } of waiting.values()) reject(gone);
    waiting.clear();
  };

  await new Promise<void>((resolve, reject) => {
    const onStarted = (message: WriterStarted): void => {
      writer.off('error', onEarlyError);
      writer.off('exit', onEarlyExit);
      if (message.kind === 'ready') resolve();
      else {
        void writer.terminate();
        reject(errorFrom(message.error));
      }
    };
    const onEarlyError = (error: Error): void => reject(error);
    const onEarlyExit = (code: number): void => reject(writerGone(`exit ${code}`));
    writer.once('message', onStarted);
    writer.once('error', onEarlyError);
    writer.once('exit', onEarlyExit);
  });

  writer.on('message', function onReply(message: WriterReply) {
    const entry = waiting.get(message.seq);
    if (entry === undefined) return;
    waiting.delete(message.seq);
    if (message.ok) entry.resolve(message.value);
    else entry.reject(errorFrom(message.error));
  });
  writer.on('error', function onWriterError(error) {
    fail(writerGone(error.message, error));
  });
  writer.on('exit', function onWriterExit(code) {
    fail(writerGone(`exit ${code}`));
  });

  const call = <T>(request: Request): Promise<T> => {
    if (gone !== undefined) return Promise.reject(gone);
    seq += 1;
    const message = { ...request, seq } as WriterRequest;
    return new Promise<T>((resolve, reject) => {
      waiting.set(message.seq, { resolve: resolve as (value: unknown) => void, reject });
      writer.postMessage(message);
    });
  };

  return {
    kind: 'sqlite',
    connect: () => (gone === undefined ? Promise.resolve() : Promise.reject(gone)),
    write(batch) {
      // Flattened: one structured clone of primitives (src/store/sqlite-protocol.ts).
      const questions: (string | number | null)[] = [];
      for (const { id, entry } of batch.questions) {
        questions.push(id, entry.at, entry.article, entry.question, entry.count, entry.unit ?? null, entry.score ?? null, entry.micros);
      }
      const feedback: (string | number)[] = [];
      for (const f of batch.feedback) feedback.push(f.at, f.question, f.article, f.unit, f.rank, f.helpful ? 1 : 0);
      return call<undefined>({ kind: 'write', questions, feedback });
    },
    applyRetention: (before, now, everyMs) => call<number | undefined>({ kind: 'retention', before, now, everyMs }),
    insights: (article, now) => call<Insights>({ kind: 'insights', article, now }),
    async close() {
      if (gone !== undefined) return;
      await call<undefined>({ kind: 'close' });
      gone = new StoreError(StoreErrorCode.closed, SqliteBackendMessage.closed);
      await writer.terminate();
    },
  };
}
