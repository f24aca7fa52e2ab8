import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/answer.ts';
import { loadArticles } from '../../src/corpus/load-articles.ts';
import { createLibrary } from '../../src/library.ts';
import { faqDir, testLexicon } from '../helpers/server.ts';

// The questions the README shows stay true to what the service does: the matcher changes, the docs
// must not start lying (issue 13: the README's "typical unanswered" question had become answered).

const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const readme = read('README.md');
const editors = read('docs/editors.md');

/** The questions of the README's `npx faq-chat "…"` examples, with their comments. */
function askExamples(): { question: string; comment: string }[] {
  return [...readme.matchAll(/^npx faq-chat(?: --[\w-]+(?: \d+)?)* "([^"]+)"\s*#\s*(.*)$/gm)].map((m) => ({ question: m[1] ?? '', comment: m[2] ?? '' }));
}

describe('the README and docs/editors.md examples', () => {
  const library = createLibrary(loadArticles(faqDir), testLexicon());

  it('show a question the article does not answer, and the service indeed gives no answer to it', () => {
    const unanswered = askExamples().filter((e) => e.comment.startsWith('not in the article'));
    expect(unanswered).toHaveLength(1);
    const { question } = unanswered[0]!;
    const result = answerQuestion(library, { question });
    expect(result.answers).toEqual([]);
    expect(result.suggestions.length).toBeGreaterThan(0);
    // docs/editors.md shows the same question as the typical unanswered one in the insights.
    expect(editors).toMatch(new RegExp(`^\\s+\\d+×\\s+"${question.replace(/[?.]/g, '\\$&')}"`, 'm'));
  });

  it('show questions the article answers, and the service answers each', () => {
    const answered = askExamples().filter((e) => !e.comment.startsWith('not in the article'));
    expect(answered.length).toBeGreaterThan(0);
    for (const { question } of answered) expect(answerQuestion(library, { question }).answers.length, question).toBeGreaterThan(0);
  });
});
