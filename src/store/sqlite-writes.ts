import type Database from 'better-sqlite3';
import { normalizeQuestion, questionId } from './backend.ts';
import { feedbackFields, questionFields } from './sqlite-protocol.ts';

/** The question log's writes, run by its writer thread. */
export interface Writes {
  /** Writes a flattened batch (src/store/sqlite-protocol.ts) of run `run` in one transaction. */
  writeBatch(run: number, questions: readonly (string | number | null)[], feedback: readonly (string | number)[]): void;
  /** Deletes rows before `before` unless retention was applied within `everyMs`; the rows deleted, or undefined. */
  applyRetention(before: number, now: number, everyMs: number): number | undefined;
}

/** The statements the writer runs. */
export function prepareWrites(db: Database.Database): Writes {
  // A batch retried after a failure may hold questions already written: they are kept once.
  const insertQuestion = db.prepare(
    `INSERT INTO questions (id, at, article, question, normalized, answers, top_unit, top_score, micros) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO NOTHING`,
  );
  // A reader who changes their mind replaces their verdict rather than adding a second one.
  const upsertFeedback = db.prepare(
    `INSERT INTO feedback (question_id, rank, article, unit, helpful, at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (question_id, rank) DO UPDATE SET helpful = excluded.helpful, at = excluded.at`,
  );
  // Claims the period: only the process whose update (or first insert) succeeds applies retention.
  const claimRetention = db.prepare(
    `INSERT INTO maintenance (task, last_at) VALUES ('retention', @now)
     ON CONFLICT (task) DO UPDATE SET last_at = excluded.last_at WHERE last_at <= @now - @everyMs`,
  );
  const deleteQuestions = db.prepare('DELETE FROM questions WHERE at < ?');
  const deleteFeedback = db.prepare('DELETE FROM feedback WHERE at < ?');
  const writeBatch = db.transaction((run: number, q: readonly (string | number | null)[], f: readonly (string | number)[]) => {
    for (let i = 0; i < q.length; i += questionFields) {
      const count = q[i + 4] as number;
      const question = q[i + 3] as string;
      // Only unanswered questions are grouped by their normalized form (insights); the rest skip the work.
      const normalized = count === 0 ? normalizeQuestion(question) : '';
      insertQuestion.run(questionId(run, q[i] as number), q[i + 1], q[i + 2], question, normalized, count, q[i + 5], q[i + 6], q[i + 7]);
    }
    for (let i = 0; i < f.length; i += feedbackFields) upsertFeedback.run(questionId(run, f[i + 1] as number), f[i + 4], f[i + 2], f[i + 3], f[i + 5], f[i]);
  });
  const applyRetention = db.transaction((before: number, now: number, everyMs: number): number | undefined => {
    if (claimRetention.run({ now, everyMs }).changes === 0) return undefined;
    return deleteQuestions.run(before).changes + deleteFeedback.run(before).changes;
  });
  return {
    writeBatch: (run, questions, feedback) => writeBatch(run, questions, feedback),
    // IMMEDIATE: two processes claiming at once take turns, the second sees the first's claim.
    applyRetention: (before, now, everyMs) => applyRetention.immediate(before, now, everyMs),
  };
}
