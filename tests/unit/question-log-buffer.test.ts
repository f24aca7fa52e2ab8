import { describe, expect, it } from 'vitest';
import type { QuestionEntry } from '../../src/recorder.ts';
import type { LogBackend, LogBatch } from '../../src/store/backend.ts';
import { createBufferedLog } from '../../src/store/buffered-log.ts';
import type { Insights } from '../../src/store/insights.ts';

// The buffer in front of the databases, against a backend the test controls: every write waits until
// the test settles it, so what the buffer does meanwhile can be looked at.

interface PendingWrite {
  readonly batch: LogBatch;
  succeed(): void;
  fail(error: Error): void;
}

function controlledBackend() {
  const writes: PendingWrite[] = [];
  const waiters: ((write: PendingWrite) => void)[] = [];
  let connectError: Error | undefined;
  const backend: LogBackend = {
    kind: 'postgres',
    connect: () => (connectError ? Promise.reject(connectError) : Promise.resolve()),
    write(batch) {
      return new Promise<void>((resolve, reject) => {
        const write = { batch, succeed: resolve, fail: reject };
        const waiter = waiters.shift();
        if (waiter) waiter(write);
        else writes.push(write);
      });
    },
    applyRetention: async () => undefined,
    insights: async () => ({}) as Insights,
    close: async () => undefined,
  };
  return {
    backend,
    /** The next write the log starts (already started, or when it starts). */
    nextWrite(): Promise<PendingWrite> {
      const started = writes.shift();
      return started ? Promise.resolve(started) : new Promise((resolve) => waiters.push(resolve));
    },
    refuseConnections(error: Error | undefined) {
      connectError = error;
    },
  };
}

const question = (text: string): QuestionEntry => ({ at: 1, article: 'a', question: text, count: 0, unit: undefined, score: undefined, micros: 1 });
const texts = (batch: LogBatch): string[] => batch.questions.map((q) => q.entry.question);

describe('question log buffer', () => {
  it('keeps recording while a write is under way, writes one batch at a time, in order', async () => {
    const control = controlledBackend();
    const log = createBufferedLog(control.backend, { retentionDays: 90, flushMs: 60_000 });
    log.recordQuestion(question('1'));
    const flushed = log.flush();
    const first = await control.nextWrite();
    expect(texts(first.batch)).toEqual(['1']);
    // Recording does not wait for the database: ids come back at once, entries queue behind the write.
    expect([log.recordQuestion(question('2')), log.recordQuestion(question('3'))]).toEqual([2, 3]);
    expect(log.health().buffered).toBe(3);
    first.succeed();
    const second = await control.nextWrite();
    expect(texts(second.batch)).toEqual(['2', '3']);
    second.succeed();
    await flushed;
    expect(log.health()).toMatchObject({ state: 'ok', buffered: 0, written: 3 });
    await log.close();
  });

  it('keeps a refused batch in front of newer entries and counts what does not fit in maxBuffered', async () => {
    const control = controlledBackend();
    const dropped: [number, number][] = [];
    const log = createBufferedLog(control.backend, { retentionDays: 90, flushMs: 60_000, maxBuffered: 4, onDropped: (n, total) => dropped.push([n, total]) });
    for (const text of ['1', '2', '3']) log.recordQuestion(question(text));
    const refused = log.flush();
    (await control.nextWrite()).fail(new Error('database down'));
    await expect(refused).rejects.toThrow('database down');
    expect(log.health()).toMatchObject({ state: 'degraded', buffered: 3, error: 'database down' });
    for (const text of ['4', '5', '6']) log.recordQuestion(question(text));
    expect(log.health()).toMatchObject({ buffered: 4, dropped: 2 });
    // The first drop is reported at once; the rest together, later.
    expect(dropped).toEqual([[1, 1]]);
    const retried = log.flush();
    const retry = await control.nextWrite();
    expect(texts(retry.batch)).toEqual(['1', '2', '3', '4']);
    retry.succeed();
    await retried;
    expect(log.health()).toMatchObject({ state: 'ok', buffered: 0, written: 4, dropped: 2 });
    await log.close();
    expect(dropped).toEqual([
      [1, 1],
      [1, 2],
    ]);
  });

  it('retries a refused write by itself, with backoff, and says ok once the database answers again', async () => {
    const control = controlledBackend();
    const log = createBufferedLog(control.backend, { retentionDays: 90, flushMs: 5 });
    log.recordQuestion(question('1'));
    const started = performance.now();
    (await control.nextWrite()).fail(new Error('down'));
    (await control.nextWrite()).fail(new Error('still down'));
    (await control.nextWrite()).fail(new Error('still down'));
    const third = await control.nextWrite();
    // Retried after 5, 10 and 20 ms at least (the flush timer itself does not write while degraded).
    expect(performance.now() - started).toBeGreaterThanOrEqual(5 + 10 + 20 - 1);
    expect(log.health().writeFailures).toBe(3);
    third.succeed();
    await log.flush();
    expect(log.health()).toMatchObject({ state: 'ok', written: 1 });
    await log.close();
  });

  it('starts degraded when the first connection fails, and recovers without anything to write', async () => {
    const control = controlledBackend();
    control.refuseConnections(new Error('ECONNREFUSED'));
    const log = createBufferedLog(control.backend, { retentionDays: 90, flushMs: 5 });
    await expect(log.flush()).rejects.toThrow('ECONNREFUSED');
    expect(log.health()).toMatchObject({ state: 'degraded', error: 'ECONNREFUSED' });
    control.refuseConnections(undefined);
    await log.flush();
    expect(log.health().state).toBe('ok');
    await log.close();
  });

  it('at close retries until the deadline, then counts what could not be written as dropped', async () => {
    const control = controlledBackend();
    const dropped: number[] = [];
    const log = createBufferedLog(control.backend, { retentionDays: 90, flushMs: 60_000, onDropped: (n) => dropped.push(n) });
    log.recordQuestion(question('1'));
    log.recordFeedback({ at: 1, question: 1, article: 'a', unit: 'p-1', rank: 1, helpful: true });
    const closed = log.close(Date.now() + 300);
    (await control.nextWrite()).fail(new Error('down'));
    (await control.nextWrite()).fail(new Error('down'));
    await closed;
    expect(log.health()).toMatchObject({ buffered: 0, dropped: 2 });
    expect(dropped).toEqual([2]);
    expect(log.recordQuestion(question('late'))).toBe(0);
  });
});
