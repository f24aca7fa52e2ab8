// The question log's writer thread: owns the database connection the log writes through, so SQLite's
// work (statements, the transaction, the WAL writes) stays off the thread that answers readers.
// Started by src/store/question-log.ts (through question-log-worker.mjs); requests arrive in order on
// one port, so a sync request (flush, purge, insights, close) sees every batch posted before it.
import { parentPort, workerData } from 'node:worker_threads';
import type { Insights } from './insights.ts';
import { prepareInsights } from './insights.ts';
import { type BatchRequest, errorData, type SyncReply, type WriterData, type WriterReport, type WriterRequest } from './question-log-protocol.ts';
import { openDatabase } from './schema.ts';
import { entriesIn, prepareWrites } from './writes.ts';

function runWriter(data: WriterData): void {
  const { port } = data;
  const signal = new Int32Array(data.signal);
  const db = openDatabase(data.dataDir);
  const writes = prepareWrites(db);
  const insights = prepareInsights(db, data.retentionDays);
  // Batches not yet written (the database refused them): retried, the oldest dropped beyond maxBuffered.
  let pending: BatchRequest[] = [];
  let pendingEntries = 0;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;

  const report = (error: unknown): void => parentPort?.postMessage({ kind: 'error', error: errorData(error) } satisfies WriterReport);

  /** Writes what waits; on failure keeps it (bounded) and throws. */
  const writePending = (): void => {
    if (pending.length === 0 || closed) return;
    try {
      writes.writeBatch(pending);
      pending = [];
      pendingEntries = 0;
    } catch (error) {
      while (pendingEntries > data.maxBuffered && pending.length > 1) pendingEntries -= entriesIn(pending.shift() as BatchRequest);
      if (retry === undefined) {
        retry = setTimeout(function retryPending() {
          retry = undefined;
          try {
            writePending();
          } catch (again) {
            report(again);
          }
        }, data.retryMs);
      }
      throw error;
    }
  };

  const reply = (message: SyncReply): void => {
    port.postMessage(message);
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
  };

  port.on('message', function onRequest(request: WriterRequest) {
    if (request.kind === 'batch') {
      pending.push(request);
      pendingEntries += entriesIn(request);
      try {
        writePending();
      } catch (error) {
        report(error);
      }
      return;
    }
    if (request.seq === undefined) {
      // The daily purge: failures are reported, nobody waits.
      try {
        writes.purge(request.before);
      } catch (error) {
        report(error);
      }
      return;
    }
    if (request.kind === 'close') {
      // Everything posted before is written (or its failure returned), then the thread ends.
      let outcome: SyncReply = { seq: request.seq, ok: true, value: undefined };
      try {
        writePending();
      } catch (error) {
        outcome = { seq: request.seq, ok: false, error: errorData(error) };
      }
      closed = true;
      clearTimeout(retry);
      db.close();
      reply(outcome);
      port.close();
      return;
    }
    try {
      let value: number | Insights | undefined;
      if (request.kind === 'flush') writePending();
      else if (request.kind === 'purge') value = writes.purge(request.before);
      else {
        // Insights read what is on disk; a batch that cannot be written now is reported, not fatal.
        try {
          writePending();
        } catch (error) {
          report(error);
        }
        value = insights(request.article, request.now);
      }
      reply({ seq: request.seq, ok: true, value });
    } catch (error) {
      reply({ seq: request.seq, ok: false, error: errorData(error) });
    }
  });
}

runWriter(workerData as WriterData);
