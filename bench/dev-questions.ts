import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The shared development questions (tests/quality/articles/kuba-china-militaer/questions.jsonl, a copy of ../shared/eval/dev.jsonl). */
export const devQuestionsPath = fileURLToPath(new URL('../tests/quality/articles/kuba-china-militaer/questions.jsonl', import.meta.url));

/** The questions of a JSONL file of `{ "q": … }` lines, in file order. */
export function readDevQuestions(path: string = devQuestionsPath): string[] {
  const questions: string[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const value: unknown = JSON.parse(line);
      const q = typeof value === 'object' && value !== null && 'q' in value ? value.q : undefined;
      if (typeof q !== 'string') throw new Error(`${path} line ${i + 1}: expected an object with a string "q"`);
      questions.push(q);
    });
  if (questions.length === 0) throw new Error(`${path}: no questions`);
  return questions;
}
