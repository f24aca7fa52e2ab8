import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AnswerError, AnswerErrorCode, answerQuestion } from '../../src/answer.ts';
import { CliErrorCode, UnreachableError, UsageError } from '../../src/cli/errors.ts';
import { parseInsightsArgs } from '../../src/cli/insights.ts';
import { ArticleError, ArticleErrorCode } from '../../src/corpus/errors.ts';
import { ImportError, ImportErrorCode, importText } from '../../src/corpus/import-text.ts';
import { loadArticleFile, loadArticles } from '../../src/corpus/load-articles.ts';
import { parseArticle } from '../../src/corpus/parse-article.ts';
import { FaqChatError } from '../../src/errors.ts';
import { createLibrary } from '../../src/library.ts';
import { parseClientMessage } from '../../src/protocol.ts';
import { isAnswerLimit, questionLimits } from '../../src/question-limits.ts';
import { readConfig, SettingError, SettingErrorCode } from '../../src/server/config.ts';
import { faqDir, testLexicon } from '../helpers/server.ts';

/** The error `work` throws (fails the test when it throws none). */
function thrown(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('one error model', () => {
  it('every error the project raises is a FaqChatError with a stable code and, where another error led to it, its cause', () => {
    const answer = thrown(() => answerQuestion(createLibrary([], testLexicon()), { question: 'Wer?', article: 'nope' }));
    expect(answer).toBeInstanceOf(AnswerError);
    expect(answer).toBeInstanceOf(FaqChatError);
    expect((answer as AnswerError).code).toBe(AnswerErrorCode.unknownArticle);

    const article = thrown(() => parseArticle('---\nid: x\ntitle: [unclosed\n---\n\nText.\n', 'faq/x.md'));
    expect(article).toBeInstanceOf(ArticleError);
    expect(article).toBeInstanceOf(FaqChatError);
    expect((article as ArticleError).code).toBe(ArticleErrorCode.frontMatter);
    expect((article as ArticleError).message).toMatch(/^faq\/x\.md line \d+: /);
    expect((article as Error).cause).toBeInstanceOf(Error);

    const unreadable = thrown(() => loadArticleFile('/nonexistent/faq/x.md'));
    expect(unreadable).toBeInstanceOf(ArticleError);
    expect(((unreadable as Error).cause as NodeJS.ErrnoException).code).toBe('ENOENT');

    const imported = thrown(() => importText('', { file: 'export.txt' }));
    expect(imported).toBeInstanceOf(ImportError);
    expect(imported).toBeInstanceOf(FaqChatError);
    expect((imported as ImportError).code).toBe(ImportErrorCode.empty);

    const setting = thrown(() => readConfig({ MAX_PAYLOAD_BYTES: 'lots' }));
    expect(setting).toBeInstanceOf(SettingError);
    expect(setting).toMatchObject({ code: SettingErrorCode.invalid, setting: 'MAX_PAYLOAD_BYTES' });
    expect((setting as Error).cause).toBeDefined();

    const usage = thrown(() => parseInsightsArgs(['--nope'], {}));
    expect(usage).toBeInstanceOf(UsageError);
    expect(usage).toBeInstanceOf(FaqChatError);
    expect((usage as UsageError).code).toBe(CliErrorCode.usage);
    expect((usage as Error).cause).toBeInstanceOf(Error);

    const cause = new Error('ECONNREFUSED');
    const unreachable = new UnreachableError('cannot reach ws://x', { cause });
    expect(unreachable).toMatchObject({ code: CliErrorCode.unreachable, cause, name: 'UnreachableError' });
  });
});

describe('question limits', () => {
  it('are the same on every path: protocol, answer(), HTTP and CLI rules, and the widget', () => {
    expect([0, 1, questionLimits.maxAnswers, questionLimits.maxAnswers + 1, 2.5].map(isAnswerLimit)).toEqual([false, true, true, false, false]);
    const over = parseClientMessage(JSON.stringify({ type: 'ask', id: 'a', question: 'x', limit: questionLimits.maxAnswers + 1 }));
    expect(over.ok).toBe(false);
    const library = createLibrary(loadArticles(faqDir), testLexicon());
    expect(answerQuestion(library, { question: 'Kuba China Militär', limit: 50 }).answers).toHaveLength(questionLimits.maxAnswers);
    expect(answerQuestion(library, { question: 'Kuba China Militär' }).answers).toHaveLength(questionLimits.defaultAnswers);
    const tooLong = thrown(() => answerQuestion(library, { question: 'a'.repeat(questionLimits.maxQuestionChars + 1) }));
    expect((tooLong as AnswerError).code).toBe(AnswerErrorCode.questionTooLong);
    // The widget, a browser script, repeats the question limit; it must say the same.
    const widget = readFileSync(new URL('../../public/widget.js', import.meta.url), 'utf8');
    expect(widget).toContain(`maxQuestionChars: ${questionLimits.maxQuestionChars},`);
  });
});

describe('TRUST_PROXY and HTTPS_HEADERS', () => {
  it('take what express takes, and refuse anything else naming the variable', () => {
    expect(readConfig({}).trustProxy).toBe(false);
    expect(readConfig({}).httpsHeaders).toBe('auto');
    expect(readConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(readConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(readConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::1' }).trustProxy).toBe('loopback, 10.0.0.0/8,fd00::1');
    expect(readConfig({ HTTPS_HEADERS: 'always' }).httpsHeaders).toBe('always');
    for (const [name, value] of [
      ['TRUST_PROXY', 'yes'],
      ['TRUST_PROXY', '10.0.0.0/33'],
      ['TRUST_PROXY', '10.0.0.300'],
      ['HTTPS_HEADERS', 'on'],
    ] as const) {
      expect(
        thrown(() => readConfig({ [name]: value })),
        `${name}=${value}`,
      ).toMatchObject({ code: SettingErrorCode.invalid, setting: name });
    }
  });
});
