import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type AnswerError, AnswerErrorCode, answerQuestion } from '../../src/answer.ts';
import { ArticleError, ArticleErrorCode } from '../../src/corpus/errors.ts';
import { loadArticles } from '../../src/corpus/load-articles.ts';
import { createLibrary } from '../../src/library.ts';
import { faqDir, testLexicon } from '../helpers/server.ts';

const dir = mkdtempSync(join(tmpdir(), 'faq-large-'));
const source = readFileSync(join(faqDir, 'kuba-china-militaer.md'), 'utf8');
for (let i = 0; i < 5; i += 1) writeFileSync(join(dir, `a${i}.md`), source.replace('id: kuba-china-militaer', `id: artikel-${i}`));
// A body error only (the front matter is fine): "### " question without an answer, on line 9.
writeFileSync(join(dir, 'broken.md'), '---\nid: kaputt\ntitle: Kaputt\nlanguage: de\nsource: Test\n---\n\nEin Absatz.\n\n### Eine Frage ohne Antwort?\n');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a library larger than eagerArticles', () => {
  it('starts on the front matters alone, and a malformed body stops nothing', () => {
    expect(() => loadArticles(dir)).toThrow(ArticleError);
    const articles = loadArticles(dir, 3);
    expect(articles.map((a) => a.id).sort()).toEqual(['artikel-0', 'artikel-1', 'artikel-2', 'artikel-3', 'artikel-4', 'kaputt']);
  });

  it('reads a body when the article is first asked about, and answers from it', () => {
    const library = createLibrary(loadArticles(dir, 3), testLexicon());
    const result = answerQuestion(library, { question: 'Xinhua', article: 'artikel-3' });
    expect(result.answers[0]?.citation.unit).toBe('p-3');
  });

  it('reports the malformed body with its file, line and code, and that article answers nothing', () => {
    const library = createLibrary(loadArticles(dir, 3), testLexicon());
    expect(() => answerQuestion(library, { question: 'Frage', article: 'kaputt' })).toThrow(
      expect.objectContaining({ code: AnswerErrorCode.unknownArticle }) as AnswerError,
    );
    while (library.indexSome(10) > 0);
    const [problem] = library.problems();
    expect(problem).toMatchObject({ code: ArticleErrorCode.noAnswer, line: 10 });
    expect(problem?.file).toContain('broken.md');
    expect(library.list().map((a) => a.article.id)).not.toContain('kaputt');
  });
});
