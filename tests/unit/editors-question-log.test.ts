import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QuestionEntry } from '../../src/recorder.ts';
import { normalizeQuestion, openQuestionLog, type QuestionLog } from '../../src/store/question-log.ts';
import { schemaDefaults } from '../../src/store/schema.ts';

const dayMs = 24 * 60 * 60 * 1000;
let dataDir: string;
const logs: QuestionLog[] = [];

function open(
  options: { now?: () => number; maxBatch?: number; flushMs?: number; maxBuffered?: number; onError?: (error: unknown) => void } = {},
): QuestionLog {
  const log = openQuestionLog({ dataDir, retentionDays: 90, ...options });
  logs.push(log);
  return log;
}

function entry(question: string, fields: Partial<QuestionEntry> = {}): QuestionEntry {
  return { at: Date.now(), article: 'kuba', question, count: 0, unit: undefined, score: undefined, micros: 15, ...fields };
}

/** Rows in a table, read through a second connection: what is on disk, not in the buffer. */
function rowsOnDisk(table: 'questions' | 'feedback'): number {
  const db = new Database(join(dataDir, schemaDefaults.fileName), { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

beforeEach(() => {
  dataDir = join(mkdtempSync(join(tmpdir(), 'faq-log-')), 'data');
});
afterEach(() => {
  for (const log of logs.splice(0)) log.close();
  rmSync(join(dataDir, '..'), { recursive: true, force: true });
});

describe('question log', () => {
  it('creates DATA_DIR on first use and buffers questions until a flush writes them in one batch', () => {
    const log = open();
    log.recordQuestion(entry('Wie wird das Wetter?'));
    log.recordQuestion(entry('Wer ist Dong Jun?', { count: 2, unit: 'p-3', score: 0.9 }));
    expect(rowsOnDisk('questions')).toBe(0);
    log.flush();
    expect(rowsOnDisk('questions')).toBe(2);
  });

  it('hands a full batch to its writer thread at the next turn of the event loop, without waiting for the timer', async () => {
    const log = open({ maxBatch: 3, flushMs: 60_000 });
    for (const q of ['a?', 'b?', 'c?']) log.recordQuestion(entry(q));
    expect(rowsOnDisk('questions')).toBe(0);
    // Written by the writer thread soon after (its start-up included), long before the timer.
    const deadline = Date.now() + 10_000;
    while (rowsOnDisk('questions') < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(rowsOnDisk('questions')).toBe(3);
  });

  it('groups unanswered questions by their normalized form, with counts and the last date', () => {
    const log = open();
    log.recordQuestion(entry('Wie wird das Wetter?', { at: Date.parse('2025-01-01T10:00:00Z') }));
    log.recordQuestion(entry('wie wird das WETTER', { at: Date.parse('2025-01-02T10:00:00Z') }));
    log.recordQuestion(entry('Gibt es Strom?'));
    log.recordQuestion(entry('Wer ist Dong Jun?', { count: 1, unit: 'p-3', score: 0.8 }));
    log.recordQuestion(entry('Wer ist Dong Jun?', { article: 'anderer', count: 1, unit: 'p-1', score: 0.8 }));
    const insights = log.insights('kuba');
    expect(insights.questions).toEqual({ total: 4, answered: 1, unanswered: 3 });
    expect(insights.unanswered[0]).toEqual({
      article: 'kuba',
      normalized: normalizeQuestion('Wie wird das Wetter?'),
      question: 'wie wird das WETTER',
      count: 2,
      last: '2025-01-02T10:00:00.000Z',
    });
    expect(insights.unanswered).toHaveLength(2);
    expect(insights.units).toEqual([{ article: 'kuba', unit: 'p-3', answers: 1 }]);
    expect(log.insights().questions.total).toBe(5);
  });

  it('stores feedback and counts answers marked unhelpful; a changed verdict replaces the first', () => {
    const log = open();
    const q1 = log.recordQuestion(entry('Wer?', { count: 2, unit: 'p-1', score: 0.7 }));
    const q2 = log.recordQuestion(entry('Wo?', { count: 1, unit: 'p-1', score: 0.7 }));
    log.recordFeedback({ at: Date.now(), question: q1, article: 'kuba', unit: 'p-1', rank: 1, helpful: true });
    log.recordFeedback({ at: Date.now(), question: q1, article: 'kuba', unit: 'p-1', rank: 1, helpful: false });
    log.recordFeedback({ at: Date.now(), question: q1, article: 'kuba', unit: 'faq-2', rank: 2, helpful: true });
    log.recordFeedback({ at: Date.now(), question: q2, article: 'kuba', unit: 'p-1', rank: 1, helpful: false });
    const insights = log.insights();
    expect(insights.unhelpful).toEqual([{ article: 'kuba', unit: 'p-1', unhelpful: 2, helpful: 0 }]);
    expect(rowsOnDisk('feedback')).toBe(3);
  });

  it('survives a restart, numbering the new questions after the old ones', () => {
    const first = open();
    const before = first.recordQuestion(entry('Wie wird das Wetter?'));
    first.close();
    const second = open();
    const after = second.recordQuestion(entry('Wie wird das Wetter?'));
    expect(after).toBeGreaterThan(before);
    expect(second.insights().unanswered[0]?.count).toBe(2);
  });

  it('deletes questions and feedback older than the retention period, at start and on purge', () => {
    const now = Date.now();
    let clock = now - 100 * dayMs;
    const old = open({ now: () => clock });
    const id = old.recordQuestion(entry('Alte Frage?', { at: clock, count: 1, unit: 'p-1', score: 1 }));
    old.recordFeedback({ at: clock, question: id, article: 'kuba', unit: 'p-1', rank: 1, helpful: false });
    old.recordQuestion(entry('Neuere Frage?', { at: now - 10 * dayMs }));
    old.close();
    expect(rowsOnDisk('questions')).toBe(2);
    const reopened = open();
    expect(rowsOnDisk('questions')).toBe(1);
    expect(rowsOnDisk('feedback')).toBe(0);
    reopened.close();
    clock = now + 75 * dayMs;
    const later = open({ now: () => clock });
    expect(later.purge()).toBe(0);
    expect(rowsOnDisk('questions')).toBe(1);
    clock = now + 81 * dayMs + 1;
    expect(later.purge()).toBe(1);
    expect(later.insights().questions.total).toBe(0);
  });

  it('reports writes the database refuses, keeps the newest entries within maxBuffered, and writes them once it can', () => {
    const errors: unknown[] = [];
    const log = open({ maxBuffered: 3, flushMs: 60_000, onError: (error) => errors.push(error) });
    log.flush();
    // Another connection hides the table: the writer's inserts fail until it is back.
    const db = new Database(join(dataDir, schemaDefaults.fileName));
    try {
      db.exec('ALTER TABLE questions RENAME TO hidden');
      for (const q of ['1?', '2?', '3?', '4?', '5?']) {
        log.recordQuestion(entry(q));
        log.flush();
      }
      expect(errors.length).toBeGreaterThanOrEqual(5);
      expect(String(errors[0])).toMatch(/questions/);
      db.exec('ALTER TABLE hidden RENAME TO questions');
    } finally {
      db.close();
    }
    log.flush();
    expect(
      log
        .insights()
        .unanswered.map((g) => g.question)
        .sort(),
    ).toEqual(['3?', '4?', '5?']);
  });

  it('writes everything recorded before close, without a flush', () => {
    const log = open({ flushMs: 60_000 });
    for (let i = 0; i < 1200; i += 1) log.recordQuestion(entry(`Frage ${i}?`));
    log.recordFeedback({ at: Date.now(), question: 1, article: 'kuba', unit: 'p-1', rank: 1, helpful: true });
    log.close();
    expect(rowsOnDisk('questions')).toBe(1200);
    expect(rowsOnDisk('feedback')).toBe(1);
  });

  it('cannot open where DATA_DIR is not a directory', () => {
    const file = join(dataDir, '..', 'not-a-dir');
    writeFileSync(file, '');
    expect(() => openQuestionLog({ dataDir: file, retentionDays: 90 })).toThrow();
  });
});
