// The SQLite question log's writer thread: owns the database connection, so SQLite's work (opening and
// setting up the file, statements, transactions, WAL writes, insight queries) stays off the thread that
// answers readers. Started by src/store/sqlite-backend.ts (through sqlite-worker.mjs); requests arrive
// in order on one port and each gets a reply with its sequence number.
import { parentPort, workerData } from 'node:worker_threads';
import type { Insights } from './insights.ts';
import { prepareInsights } from './sqlite-insights.ts';
import { errorData, type WriterData, type WriterReply, type WriterRequest, type WriterStarted } from './sqlite-protocol.ts';
import { openDatabase, startRun } from './sqlite-schema.ts';
import { prepareWrites } from './sqlite-writes.ts';

function runWriter(data: WriterData): void {
  const port = parentPort;
  if (port === null) throw new Error('sqlite-writer.ts runs as a worker thread');
  let db: ReturnType<typeof openDatabase>;
  let run: number;
  try {
    db = openDatabase(data.dataDir);
    run = startRun(db, data.now);
  } catch (error) {
    port.postMessage({ kind: 'failed', error: errorData(error) } satisfies WriterStarted);
    return;
  }
  const writes = prepareWrites(db);
  const insights = prepareInsights(db, data.retentionDays);
  port.postMessage({ kind: 'ready' } satisfies WriterStarted);

  port.on('message', function onRequest(request: WriterRequest) {
    let value: number | Insights | undefined;
    try {
      if (request.kind === 'write') writes.writeBatch(run, request.questions, request.feedback);
      else if (request.kind === 'retention') value = writes.applyRetention(request.before, request.now, request.everyMs);
      else if (request.kind === 'insights') value = insights(request.article, request.now);
      else {
        db.close();
        port.postMessage({ kind: 'reply', seq: request.seq, ok: true, value: undefined } satisfies WriterReply);
        port.close();
        return;
      }
    } catch (error) {
      port.postMessage({ kind: 'reply', seq: request.seq, ok: false, error: errorData(error) } satisfies WriterReply);
      return;
    }
    port.postMessage({ kind: 'reply', seq: request.seq, ok: true, value } satisfies WriterReply);
  });
}

runWriter(workerData as WriterData);
