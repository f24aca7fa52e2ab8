import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type AnswerError, AnswerErrorCode, answerQuestion, crossArticleDefaults } from '../../src/answer.ts';
import { createArticleFilter } from '../../src/article-filter.ts';
import { importText } from '../../src/corpus/import-text.ts';
import { parseArticle } from '../../src/corpus/parse-article.ts';
import type { Article } from '../../src/corpus/types.ts';
import { createSession } from '../../src/feedback.ts';
import { createLibrary, replaceArticle } from '../../src/library.ts';
import { questionTerms } from '../../src/question-terms.ts';
import type { FeedbackEntry } from '../../src/recorder.ts';
import { createResponder } from '../../src/respond.ts';
import { indexArticle } from '../../src/search/article/article-index.ts';
import { readQuestion } from '../../src/search/match/query.ts';
import { testLexicon } from '../helpers/server.ts';

// A question that names no article, on a library of several without a default (issue 13.5).

const setsDir = new URL('../quality/articles/', import.meta.url);
const exported = readdirSync(setsDir).map((id) =>
  parseArticle(importText(readFileSync(new URL(`${id}/article.txt`, setsDir), 'utf8'), { id }).markdown, `${id}.md`),
);

function article(id: string, ...paragraphs: string[]): Article {
  return parseArticle(
    ['---', `id: ${id}`, 'title: Ein Artikel', 'language: de', 'source: Test', '---', '', ...paragraphs.flatMap((p) => [p, '']), ''].join('\n'),
    `${id}.md`,
  );
}

describe('answerQuestion without an article, over several', () => {
  const library = createLibrary(exported, testLexicon());

  it.each(exported.flatMap((a) => a.units.filter((u) => u.kind === 'faq').map((u) => [a.id, u.heading] as const)))(
    'answers %s\'s own FAQ question "%s" from that article first, as it does when the question names it',
    (id, question) => {
      const { answers } = answerQuestion(library, { question });
      expect(answers[0]?.citation.article).toBe(id);
      expect(answers[0]).toEqual(answerQuestion(library, { question, article: id }).answers[0]);
    },
  );

  it('ranks the best passages of all articles together: scores never rise down the list, each citation names its article', () => {
    // Both the rail strike and the Euro 2024 articles tell of the Deutsche Bahn.
    const { answers } = answerQuestion(library, { question: 'Was war mit der Deutschen Bahn los?', limit: 10 });
    const scores = answers.map((a) => a.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(new Set(answers.map((a) => a.citation.article)).size).toBeGreaterThan(1);
    for (const { citation, text } of answers) {
      const source = exported.find((a) => a.id === citation.article);
      expect(source?.units.find((u) => u.id === citation.unit)?.text).toBe(text);
    }
  });

  it("leaves out the passages of an article that has nothing for a word the first answer's article says", () => {
    // The fan zones are the Euro 2024's; the Cuba article's "Besuch in Peking" is about something else.
    for (const [question, article] of [
      ['Wie viele Besucher hatten die Fanzonen?', 'fussball-em-2024'],
      ['Wann wurde das Cannabisgesetz beschlossen?', 'cannabisgesetz'],
    ] as const) {
      const { answers } = answerQuestion(library, { question, limit: 10 });
      expect(answers.length).toBeGreaterThan(0);
      expect(answers.map((a) => a.citation.article)).toEqual(answers.map(() => article));
    }
  });

  it('answers nothing, and suggests nothing, when no article shares a word of the question', () => {
    expect(answerQuestion(library, { question: 'Qwrtzp xvlkjhg?' })).toEqual({ article: '*', answers: [], suggestions: [] });
  });

  it('refuses when no article is loaded', () => {
    expect(() => answerQuestion(createLibrary([], testLexicon()), { question: 'Xinhua' })).toThrow(
      expect.objectContaining({ code: AnswerErrorCode.unknownArticle }) as AnswerError,
    );
  });

  it(`indexes the articles not yet indexed for the question when at most ${crossArticleDefaults.indexOnAsk} are left`, () => {
    const lazy = createLibrary(exported, testLexicon());
    expect(lazy.unindexed()).toBe(exported.length);
    expect(answerQuestion(lazy, { question: 'Xinhua' }).answers[0]?.citation.article).toBe('kuba-china-militaer');
    expect(lazy.unindexed()).toBe(0);
  });
});

describe('the cross-article filter', () => {
  const lexicon = testLexicon();
  const harbour = article('hafen', 'Der Hafen von Mariel wurde 2014 eröffnet.');
  const sugar = article('zucker', 'Die Zuckerernte fiel 2024 gering aus.');
  const chosen = (library: ReturnType<typeof createLibrary>, question: string): string[] =>
    library.candidates(questionTerms(readQuestion(question, lexicon), lexicon), 8).map((c) => c.index.article.id);

  it('picks the articles sharing the question’s terms, the one sharing the rarest first', () => {
    const library = createLibrary([harbour, sugar, article('beide', 'Im Hafen lag Zucker.')], lexicon);
    library.indexSome(10);
    expect(chosen(library, 'Wann wurde der Hafen von Mariel eröffnet?')[0]).toBe('hafen');
    expect(chosen(library, 'Wie war die Zuckerernte?')[0]).toBe('zucker');
    expect(chosen(library, 'Wie backe ich Käsekuchen?')).toEqual([]);
  });

  it('follows a live reload: an edited article is found by its new words only, a deleted one not at all', () => {
    let library = createLibrary([harbour, sugar], lexicon);
    library.indexSome(10);
    const before = library;
    const edited = article('zucker', 'Die Kaffeebohnen wurden 2024 teurer.');
    library = replaceArticle(library, 'zucker', indexArticle(edited, lexicon));
    expect(chosen(library, 'Wurden die Kaffeebohnen teurer?')).toEqual(['zucker']);
    expect(chosen(library, 'Wie war die Zuckerernte?')).toEqual([]);
    library = replaceArticle(library, 'hafen', undefined);
    expect(chosen(library, 'Wann wurde der Hafen eröffnet?')).toEqual([]);
    expect(answerQuestion(library, { question: 'Kaffeebohnen' }).answers[0]?.text).toBe('Die Kaffeebohnen wurden 2024 teurer.');
    // A library from before the reload shares the filter: it answers from its own versions, never from another's.
    expect(answerQuestion(before, { question: 'Kaffeebohnen', limit: 5 }).answers).toEqual([]);
  });

  it('ignores the terms of an article version it does not follow', () => {
    const filter = createArticleFilter();
    filter.follow(sugar);
    filter.add(indexArticle(article('zucker', 'Kaffee.'), lexicon), lexicon);
    expect(filter.size).toBe(0);
    filter.add(indexArticle(sugar, lexicon), lexicon);
    expect(filter.size).toBe(1);
    filter.remove('zucker');
    expect(filter.size).toBe(0);
    expect(filter.select(questionTerms(readQuestion('Zuckerernte', lexicon), lexicon), 8)).toEqual([]);
  });
});

describe('feedback on an answer from a question that named no article', () => {
  it('is recorded with the article of the answer it is about', () => {
    const library = createLibrary(
      [article('mariel', 'Der Hafen von Mariel wurde 2014 eröffnet.'), article('hamburg', 'Der Hafen von Hamburg wurde 1189 eröffnet.')],
      testLexicon(),
    );
    const feedback: FeedbackEntry[] = [];
    const responder = createResponder(() => library, {}, { recordQuestion: () => 1, recordFeedback: (entry) => feedback.push(entry) });
    const session = createSession();
    const frames = responder
      .respond(JSON.stringify({ type: 'ask', id: 'a', question: 'Wann wurde der Hafen eröffnet?', limit: 5 }), session)
      .map((f) => JSON.parse(f));
    const cited = frames.filter((f) => f.type === 'answer').map((f) => f.citation.article as string);
    expect([...cited].sort()).toEqual(['hamburg', 'mariel']);
    for (const rank of [1, 2]) responder.respond(JSON.stringify({ type: 'feedback', id: 'a', rank, helpful: true }), session);
    expect(feedback.map((f) => f.article)).toEqual(cited);
  });
});
