import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/answer.ts';
import { ArticleErrorCode } from '../../src/corpus/errors.ts';
import { parseArticle } from '../../src/corpus/parse-article.ts';
import { createLibrary, replaceArticle } from '../../src/library.ts';
import { createLiveLibrary, type LiveLibrary } from '../../src/live-library.ts';
import { indexArticle } from '../../src/search/article/article-index.ts';
import { faqDir, testLexicon } from '../helpers/server.ts';

const source = readFileSync(join(faqDir, 'kuba-china-militaer.md'), 'utf8');
const article = parseArticle(source, 'kuba.md');
const other = parseArticle(source.replace('id: kuba-china-militaer', 'id: zweiter-artikel'), 'zweiter.md');

describe('replaceArticle', () => {
  it('adds, replaces in place and removes one article, sharing the others’ indexes', () => {
    const lexicon = testLexicon();
    const one = createLibrary([article], lexicon);
    expect(one.defaultArticle).toBe('kuba-china-militaer');
    const two = replaceArticle(one, undefined, indexArticle(other, lexicon));
    expect(two.list().map((a) => a.article.id)).toEqual(['kuba-china-militaer', 'zweiter-artikel']);
    expect(two.get('kuba-china-militaer')).toBe(one.get('kuba-china-militaer'));
    expect(two.defaultArticle).toBeUndefined();
    const edited = parseArticle(source.replace('Dong Jun und seinem', 'Admiral Dong Jun und seinem'), 'kuba.md');
    const three = replaceArticle(two, 'kuba-china-militaer', indexArticle(edited, lexicon));
    expect(three.list().map((a) => a.article.id)).toEqual(['kuba-china-militaer', 'zweiter-artikel']);
    expect(three.get('zweiter-artikel')).toBe(two.get('zweiter-artikel'));
    expect(three.get('kuba-china-militaer')?.article).toBe(edited);
    const four = replaceArticle(three, 'zweiter-artikel', undefined, 'kuba-china-militaer');
    expect(four.list().map((a) => a.article.id)).toEqual(['kuba-china-militaer']);
    expect(four.defaultArticle).toBe('kuba-china-militaer');
    expect(two.list()).toHaveLength(2);
  });
});

describe('createLiveLibrary', () => {
  let dir: string;
  let live: LiveLibrary;
  const file = (): string => join(dir, 'kuba-china-militaer.md');
  const topText = (question: string): string | undefined => answerQuestion(live.get(), { question, limit: 1 }).answers[0]?.text;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'faq-live-'));
    cpSync(join(faqDir, 'kuba-china-militaer.md'), file());
    live = createLiveLibrary({ dir, lexicon: testLexicon(), watch: false });
  });
  afterEach(() => {
    live.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves an edit after a reload of that file', () => {
    writeFileSync(file(), source.replace('Xiangshan-Forum', 'Xiangshan-Sicherheitsforum'));
    live.reload([file()]);
    expect(topText('Xiangshan-Sicherheitsforum')).toContain('Xiangshan-Sicherheitsforum');
  });

  it('keeps the last good version of a broken edit and reports the file and line', () => {
    const before = live.get();
    writeFileSync(file(), source.replace('### Worin besteht', '#### Worin besteht'));
    live.reload([file()]);
    expect(live.get()).toBe(before);
    const [problem] = live.problems();
    expect(problem?.code).toBe(ArticleErrorCode.unsupported);
    expect(problem?.message).toMatch(/kuba-china-militaer\.md line 39: unsupported Markdown block/);
    writeFileSync(file(), source);
    live.reload([file()]);
    expect(live.problems()).toEqual([]);
  });

  it('does not rebuild an article whose file did not change', () => {
    const before = live.get();
    live.reload(undefined);
    expect(live.get()).toBe(before);
  });

  it('adds and removes articles, refusing a second file with a taken id until the first goes', () => {
    const changes: string[][] = [];
    live.close();
    live = createLiveLibrary({ dir, lexicon: testLexicon(), watch: false, onChange: (library) => changes.push(library.list().map((a) => a.article.id)) });
    writeFileSync(join(dir, 'zweiter.md'), source.replace('id: kuba-china-militaer', 'id: zweiter-artikel'));
    writeFileSync(join(dir, 'kopie.md'), source);
    live.reload([join(dir, 'zweiter.md'), join(dir, 'kopie.md')]);
    expect(
      live
        .get()
        .list()
        .map((a) => a.article.id),
    ).toEqual(['kuba-china-militaer', 'zweiter-artikel']);
    expect(live.problems().map((p) => p.code)).toEqual([ArticleErrorCode.duplicateId]);
    unlinkSync(file());
    live.reload([file()]);
    expect(
      live
        .get()
        .list()
        .map((a) => a.article.id)
        .sort(),
    ).toEqual(['kuba-china-militaer', 'zweiter-artikel']);
    expect(live.get().get('kuba-china-militaer')?.article.file).toMatch(/kopie\.md$/);
    expect(live.problems()).toEqual([]);
    expect(changes).toHaveLength(2);
  });

  it('serves a file refused for a taken id once the other file goes in the same batch', () => {
    writeFileSync(join(dir, 'kopie.md'), source.replace('Xiangshan-Forum', 'Xiangshan-Sicherheitsforum'));
    unlinkSync(file());
    live.reload([join(dir, 'kopie.md'), file()]);
    expect(live.problems()).toEqual([]);
    expect(live.get().get('kuba-china-militaer')?.article.file).toMatch(/kopie\.md$/);
    expect(topText('Xiangshan-Sicherheitsforum')).toContain('Xiangshan-Sicherheitsforum');
  });
});
