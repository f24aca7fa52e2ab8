import type Database from 'better-sqlite3';
import { words } from '../search/normalize.ts';
import { type BatchRequest, feedbackFields, questionFields } from './question-log-protocol.ts';

/** The form questions are grouped by: folded words (case, umlauts, accents, punctuation dropped). */
export function normalizeQuestion(question: string): string {
  return words(question).join(' ');
}

/** The question log's writes, run by its writer thread. */
export interface Writes {
  writeBatch(batches: readonly BatchRequest[]): void;
  purge(before: number): number;
}

/** The statements the writer runs; a batch list goes in one transaction. */
export function prepareWrites(db: Database.Database): Writes {
  const insertQuestion = db.prepare(
    'INSERT INTO questions (id, at, article, question, normalized, answers, top_unit, top_score, micros) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  // A reader who changes their mind replaces their verdict rather than adding a second one.
  const upsertFeedback = db.prepare(
    `INSERT INTO feedback (question_id, rank, article, unit, helpful, at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (question_id, rank) DO UPDATE SET helpful = excluded.helpful, at = excluded.at`,
  );
  const deleteQuestions = db.prepare('DELETE FROM questions WHERE at < ?');
  const deleteFeedback = db.prepare('DELETE FROM feedback WHERE at < ?');
  const writeBatch = db.transaction((batches: readonly BatchRequest[]) => {
    for (const { firstId, questions: q, feedback: f } of batches) {
      for (let i = 0, id = firstId; i < q.length; i += questionFields, id += 1) {
        const count = q[i + 3] as number;
        const question = q[i + 2] as string;
        // Only unanswered questions are grouped by their normalized form (insights); the rest skip the work.
        const normalized = count === 0 ? normalizeQuestion(question) : '';
        insertQuestion.run(id, q[i], q[i + 1], question, normalized, count, q[i + 4], q[i + 5], q[i + 6]);
      }
      for (let i = 0; i < f.length; i += feedbackFields) upsertFeedback.run(f[i + 1], f[i + 4], f[i + 2], f[i + 3], f[i + 5], f[i]);
    }
  });
  const purge = db.transaction((before: number) => deleteQuestions.run(before).changes + deleteFeedback.run(before).changes);
  return { writeBatch, purge };
}

/** Entries in a batch (questions and feedback), for the bound on what may wait unwritten. */
export function entriesIn(batch: BatchRequest): number {
  return batch.questions.length / questionFields + batch.feedback.length / feedbackFields;
}
