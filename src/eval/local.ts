import { answerQuestion } from '../answer.ts';
import type { Library } from '../library.ts';
import type { EvalQuestion, EvalReply } from './score.ts';

/** Asks each question in-process and reduces the answers to what scoring needs. */
export function replyLocally(library: Library, questions: readonly EvalQuestion[], article?: string): EvalReply[] {
  return questions.map((q) => {
    const result = answerQuestion(library, { question: q.q, article, limit: 3 });
    return {
      answers: result.answers.map((a) => ({
        text: a.text,
        quote: a.citation.quote,
        heading: a.citation.heading,
        unit: a.citation.unit,
        score: a.score,
        article: a.citation.article,
      })),
    };
  });
}
