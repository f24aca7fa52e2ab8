import { describe, expect, it } from 'vitest';
import { AnswerError, AnswerErrorCode, type AnswerResult, type Ask, answerDefaults, answerQuestion, cleanQuestion, textFragment } from '../../src/answer.ts';
import { loadArticles } from '../../src/corpus/load-articles.ts';
import { parseArticle } from '../../src/corpus/parse-article.ts';
import { createLibrary, type Library } from '../../src/library.ts';
import { faqDir, testLexicon } from '../helpers/server.ts';

// answerQuestion over the real article and lexicon: the right unit first, honest silence, and
// answers that are verbatim slices of the article (README; docs/protocol.md, "Server → client per ask").

const library = createLibrary(loadArticles(faqDir), testLexicon());
const article = library.list()[0]!.article;
const faqQuestions = article.units.filter((u) => u.kind === 'faq').map((u) => u.heading);
const offTopic = 'Wie backe ich einen Apfelkuchen?';

function ask(question: string, extra: Omit<Ask, 'question'> = {}): AnswerResult {
  return answerQuestion(library, { question, ...extra });
}

/** The AnswerError answerQuestion throws for `request` (asked of `lib`). */
function refusal(request: Ask, lib: Library = library): AnswerError {
  try {
    answerQuestion(lib, request);
  } catch (error) {
    if (error instanceof AnswerError) return error;
    throw error;
  }
  throw new Error('the question was answered, not refused');
}

describe('answerQuestion: the unit that must come first', () => {
  it.each([
    ['Xinhua', 'p-3'],
    ['He Weidong', 'p-7'],
    ['Stromausfälle', 'faq-4'],
    ['Stromausfaelle', 'faq-4'],
    ['Wer ist Alvaro Lopez Miera?', 'caption-1'],
  ])('answers the keyword question %j with %s first', (question, unit) => {
    expect(ask(question).answers[0]?.citation.unit).toBe(unit);
  });

  it('answers a question with typos from a unit naming the Cuban minister', () => {
    const first = ask('wer ist der kubansiche verteidigungsminsiter').answers[0];
    expect(first?.text).toContain('Álvaro López Miera');
  });

  it('answers a question typed without umlauts with the distance to the US coast', () => {
    const first = ask('Wie weit ist Kuba eigentlich von der US-Kueste entfernt?').answers[0];
    expect(first?.citation.quote).toContain('100 Meilen');
  });
});

describe('answerQuestion: no answer', () => {
  it('gives no answers to an off-topic question and suggests the four FAQ questions', () => {
    const result = ask(offTopic);
    expect(result.answers).toEqual([]);
    expect(faqQuestions).toHaveLength(4);
    expect(result.suggestions).toEqual(faqQuestions);
  });

  it('suggests nothing when it answers', () => {
    expect(ask('Xinhua').suggestions).toEqual([]);
  });
});

describe('answerQuestion: every answer', () => {
  const questions = [
    'Xinhua',
    'He Weidong',
    'Stromausfälle',
    'Gibt es Spionagebasen in Kuba?',
    'Kuba China Militär',
    'Wer ist Alvaro Lopez Miera?',
    'wer ist der kubansiche verteidigungsminsiter',
    'Wie weit ist Kuba eigentlich von der US-Kueste entfernt?',
  ];

  it.each(questions)('is well-formed, ranked and verbatim: %j', (question) => {
    const { answers } = ask(question, { limit: answerDefaults.maxLimit });
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.map((a) => a.rank)).toEqual(answers.map((_, i) => i + 1));
    for (const [i, answer] of answers.entries()) {
      expect(answer.score).toBeGreaterThanOrEqual(0);
      expect(answer.score).toBeLessThanOrEqual(1);
      if (i > 0) expect(answer.score).toBeLessThanOrEqual(answers[i - 1]!.score);
      const unit = article.units.find((u) => u.id === answer.citation.unit);
      expect(unit, answer.citation.unit).toBeDefined();
      expect(answer.text).toBe(unit?.text);
      const { citation } = answer;
      expect(citation).toMatchObject({ article: article.id, title: article.title, kind: unit?.kind, heading: unit?.heading });
      expect(citation.quote).not.toBe('');
      expect(answer.text.slice(citation.start, citation.end)).toBe(citation.quote);
      expect(citation.url).toBeUndefined();
    }
    expect(new Set(answers.map((a) => a.citation.unit)).size).toBe(answers.length);
  });

  it.each([1, 2, 3, 5, 10])('gives at most limit %i answers', (limit) => {
    // "Kuba China Militär" matches more than ten units: the limit decides the count.
    expect(ask('Kuba China Militär', { limit }).answers).toHaveLength(limit);
  });

  it.each(questions)('gives as its first answers for a higher limit the answers of a lower one: %j', (question) => {
    const units = (limit: number): string[] => ask(question, { limit }).answers.map((a) => a.citation.unit);
    const all = units(answerDefaults.maxLimit);
    for (const limit of [1, 2, 3, 5]) expect(units(limit)).toEqual(all.slice(0, limit));
  });

  it(`never gives more than ${answerDefaults.maxLimit} answers, whatever the limit`, () => {
    expect(ask('Kuba China Militär', { limit: 50 }).answers).toHaveLength(answerDefaults.maxLimit);
  });

  it(`gives ${answerDefaults.limit} answers when no limit is named`, () => {
    expect(ask('Kuba China Militär').answers).toHaveLength(answerDefaults.limit);
  });

  it('links the quote with a text fragment when the article has a url', () => {
    const text = [
      '---',
      'id: hafen',
      'title: Der Hafen',
      'language: de',
      'source: Test',
      'url: https://example.org/hafen',
      '---',
      '',
      'Der Hafen von Mariel wurde 2014 eröffnet.',
      '',
    ].join('\n');
    const withUrl = createLibrary([parseArticle(text, 'hafen.md')], testLexicon());
    const first = answerQuestion(withUrl, { question: 'Wann wurde der Hafen von Mariel eröffnet?' }).answers[0];
    expect(first?.citation.url).toBe(`https://example.org/hafen#:~:text=${textFragment(first?.citation.quote ?? '')}`);
  });
});

describe('answerQuestion refuses what cannot be asked', () => {
  it.each(['', '   ', '\n\t ', '\u0000\u0007\u001f'])('refuses the empty question %j with empty_question', (question) => {
    expect(refusal({ question }).code).toBe(AnswerErrorCode.emptyQuestion);
  });

  it(`refuses a question over ${answerDefaults.maxQuestionChars} characters with question_too_long`, () => {
    expect(refusal({ question: 'Kuba '.repeat(101) }).code).toBe(AnswerErrorCode.questionTooLong);
    expect(refusal({ question: 'a'.repeat(answerDefaults.maxQuestionChars + 1) }).code).toBe(AnswerErrorCode.questionTooLong);
  });

  it(`counts the ${answerDefaults.maxQuestionChars} characters after clean-up`, () => {
    const question = `  ${'a'.repeat(answerDefaults.maxQuestionChars)}\n\t `;
    expect(() => ask(question)).not.toThrow();
  });

  it('refuses an unknown article with unknown_article', () => {
    expect(refusal({ question: 'Xinhua', article: 'gibt-es-nicht' }).code).toBe(AnswerErrorCode.unknownArticle);
  });

  it('answers a question naming no article from the default article when one is set, of several', () => {
    const second = parseArticle(['---', 'id: zweiter', 'title: Zweiter', 'language: de', 'source: Test', '---', '', 'Text.', ''].join('\n'), 'zweiter.md');
    expect(answerQuestion(createLibrary([article, second], testLexicon()), { question: 'Xinhua', article: article.id }).answers[0]?.citation.unit).toBe('p-3');
    expect(answerQuestion(createLibrary([article, second], testLexicon(), article.id), { question: 'Xinhua' }).answers[0]?.citation.unit).toBe('p-3');
  });
});

describe('cleanQuestion', () => {
  it.each([
    ['\u0007Xinhua\u001b', 'Xinhua'],
    ['Xinhua \uD800', 'Xinhua \uFFFD'],
    ['\uDC00 He\u0000Weidong\u0085', '\uFFFD He Weidong'],
    ['Di\u0301az', 'Díaz'],
  ])('turns %j into the well-formed %j', (raw, clean) => {
    expect(cleanQuestion(raw)).toBe(clean);
  });

  it('lets control characters and lone surrogates through answerQuestion without throwing', () => {
    expect(ask('\u0007Xinhua\u001b \uD800').answers[0]?.citation.unit).toBe('p-3');
    expect(() => ask('\uDFFF\uD83D Wer\u0000?\u009f')).not.toThrow();
  });
});

describe('textFragment', () => {
  it('percent-encodes "-" and "," (text fragment syntax) and keeps a short quote whole', () => {
    const quote = 'Süd-Süd-Kooperation, kurz & bündig';
    const fragment = textFragment(quote);
    expect(fragment).not.toMatch(/[-,&\s]/);
    expect(decodeURIComponent(fragment)).toBe(quote);
  });

  it('gives a long quote as textStart,textEnd: its first and last words', () => {
    const quote = article.units.find((u) => u.id === 'faq-2')!.text;
    const fragment = textFragment(quote);
    const parts = fragment.split(',');
    expect(parts).toHaveLength(2);
    const [start, end] = parts.map((p) => decodeURIComponent(p)) as [string, string];
    expect(start).not.toBe('');
    expect(end).not.toBe('');
    expect(quote.startsWith(start)).toBe(true);
    expect(quote.endsWith(end)).toBe(true);
    expect(start.length + end.length).toBeLessThan(quote.length);
  });

  it('collapses white space runs in the quote', () => {
    expect(decodeURIComponent(textFragment('  Kuba   und\nChina '))).toBe('Kuba und China');
  });
});
