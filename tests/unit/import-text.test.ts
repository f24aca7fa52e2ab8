import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImportError, ImportErrorCode, ImportErrorMessage, importText, slugify } from '../../src/corpus/import-text.ts';
import { parseArticle } from '../../src/corpus/parse-article.ts';
import { faqDir, fixturesDir } from '../helpers/server.ts';

const qualityDir = new URL('../quality/articles/', import.meta.url).pathname;

const seed = readFileSync(`${fixturesDir}export-kuba-china-militaer.txt`, 'utf8');
const committed = readFileSync(`${faqDir}kuba-china-militaer.md`, 'utf8');

/** The refusal importText throws for `text`. */
function refusal(text: string, options: Parameters<typeof importText>[1] = {}): ImportError {
  try {
    importText(text, { file: 'x.txt', ...options });
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error('the export was imported, not refused');
}

/** The seed with `from` replaced by `to` (exactly once). */
function edited(from: string, to: string): string {
  expect(seed.split(from)).toHaveLength(2);
  return seed.replace(from, to);
}

describe('importText', () => {
  it('reproduces the committed article file byte for byte from the seed export', () => {
    const { markdown } = importText(seed, { id: 'kuba-china-militaer' });
    expect(markdown).toBe(committed);
  });

  it('reports paragraphs under their headings, the FAQ pairs and the furniture it dropped', () => {
    const { report } = importText(seed, { id: 'kuba-china-militaer' });
    expect(report.sections.map((s) => s.paragraphs)).toEqual([3, 2, 3, 2]);
    expect(report.captions).toEqual(['Álvaro López Miera, Minister der FAR, und sein chinesischer Amtskollege Dong Jun']);
    expect(report.sections[1]?.heading).toBe('"Besondere Freundschaft" und Unterstützung für Xi');
    expect(report.faq).toHaveLength(4);
    expect(report.faqHeading).toMatch(/^Häufig gestellte Fragen/);
    expect(report.photoCredit).toBe('Foto © CCTV-Videoaufnahme');
    expect(report.dropped).toEqual(expect.arrayContaining(['Verwandte Videos:', 'Archiviert unter:', 'CiberCuba-Redaktionsteam']));
  });

  it("takes the source from the export's team line and the language from its labels", () => {
    const { report, markdown } = importText(seed, { id: 'x' });
    expect(report).toMatchObject({ source: 'CiberCuba', language: 'de', languageFrom: 'labels' });
    expect(report.sourceFrom).toEqual({ line: seed.split('\n').indexOf('CiberCuba-Redaktionsteam') + 1, text: 'CiberCuba-Redaktionsteam' });
    expect(parseArticle(markdown, 'x.md')).toMatchObject({ source: 'CiberCuba', language: 'de' });
  });

  it.each(['bahnstreik-gdl', 'cannabisgesetz', 'fussball-em-2024', 'james-webb-teleskop', 'kuba-china-militaer'])(
    'names the outlet of the %s export, and keeps its photo caption as a caption unit',
    (name) => {
      const text = readFileSync(`${qualityDir}${name}/article.txt`, 'utf8');
      const team = text.split('\n').find((l) => l.endsWith('-Redaktionsteam')) ?? '';
      const { markdown, report } = importText(text, { id: name });
      const article = parseArticle(markdown, 'x.md');
      expect(article.source).toBe(team.slice(0, -'-Redaktionsteam'.length));
      expect(article.source).not.toBe('');
      const captions = article.units.filter((u) => u.kind === 'caption');
      expect(captions.map((u) => u.text)).toEqual(report.captions);
      expect(captions).toHaveLength(1);
      // The caption is the export's line before its credit, verbatim, and no paragraph holds it.
      expect(text).toContain(`${captions[0]?.text}Foto ©`);
      expect(article.units.filter((u) => u.kind === 'paragraph' && u.text.includes('Foto ©'))).toEqual([]);
    },
  );

  it('takes --source and --language over the export', () => {
    const { report } = importText(seed, { id: 'x', source: '  Beispiel Zeitung ', language: 'de' });
    expect(report).toMatchObject({ source: 'Beispiel Zeitung', sourceFrom: 'option', languageFrom: 'option' });
  });

  it('refuses an export that names no outlet unless --source names one', () => {
    const anonymous = edited('CiberCuba-Redaktionsteam', 'Unser Team');
    const error = refusal(anonymous);
    expect(error.code).toBe(ImportErrorCode.noSource);
    expect(error.message).toBe(`x.txt: ${ImportErrorMessage[ImportErrorCode.noSource]}`);
    expect(importText(anonymous, { id: 'x', source: 'CiberCuba' }).report.source).toBe('CiberCuba');
    expect(refusal(seed, { source: ' ' }).code).toBe(ImportErrorCode.badSource);
    expect(refusal(seed, { source: 'Zwei\nZeilen' }).code).toBe(ImportErrorCode.badSource);
  });

  it('refuses a language the matcher does not support, and an export whose labels tell none unless --language does', () => {
    const error = refusal(seed, { language: 'fr' });
    expect(error.code).toBe(ImportErrorCode.unsupportedLanguage);
    expect(error.message).toBe(`x.txt: ${ImportErrorMessage[ImportErrorCode.unsupportedLanguage]} "fr"`);
    const english = edited('Häufig gestellte Fragen', 'Frequently asked questions')
      .replace('Archiviert unter:', 'Filed under:')
      .replace('Verwandte Videos:', 'Related videos:');
    expect(refusal(english).code).toBe(ImportErrorCode.unsupportedLanguage);
    const bare = edited('Häufig gestellte Fragen zur militärischen Zusammenarbeit zwischen Kuba und China', 'FAQ')
      .replace('Archiviert unter:', 'Tags:')
      .replace('Verwandte Videos:', '');
    expect(refusal(bare, { source: 'CiberCuba' }).code).toBe(ImportErrorCode.noLanguage);
    expect(importText(bare, { id: 'x', language: 'de', source: 'CiberCuba' }).report.language).toBe('de');
  });

  it('derives the id from the title and carries the canonical url', () => {
    const { markdown, report } = importText(seed, { url: 'https://example.org/kuba-china' });
    expect(report.id).toBe(slugify(report.title));
    expect(report.id).toMatch(/^regierungen-von-kuba-und-china/);
    expect(parseArticle(markdown, 'x.md').url).toBe('https://example.org/kuba-china');
  });

  it('accepts Windows line ends and a byte order mark', () => {
    const { markdown } = importText(`\uFEFF${seed.replace(/\n/g, '\r\n')}`, { id: 'kuba-china-militaer' });
    expect(markdown).toBe(committed);
  });

  it('refuses an empty export', () => {
    expect(refusal(' \n\n').code).toBe(ImportErrorCode.empty);
  });

  it('refuses an export without a title line, naming the line', () => {
    const error = refusal(`Dies ist ein Satz, kein Titel.\n\n${seed}`);
    expect(error.code).toBe(ImportErrorCode.noTitle);
    expect(error.message).toBe(`x.txt line 1: ${ImportErrorMessage[ImportErrorCode.noTitle]}`);
  });

  it('refuses an export without an FAQ section', () => {
    const error = refusal(seed.slice(0, seed.indexOf('Häufig gestellte Fragen')));
    expect(error.code).toBe(ImportErrorCode.noFaq);
    expect(error.message).toBe(`x.txt: ${ImportErrorMessage[ImportErrorCode.noFaq]}`);
  });

  it('refuses a question without an answer, naming its line', () => {
    const question = 'Welche Implikationen hat die Allianz zwischen Kuba und China für Lateinamerika?';
    const answerStart = 'Die strategische Alliance zwischen Kuba und China könnte';
    const answer = seed.slice(seed.indexOf(answerStart), seed.indexOf('\n', seed.indexOf(answerStart)));
    const text = edited(answer, '');
    const error = refusal(text);
    expect(error.code).toBe(ImportErrorCode.noAnswer);
    const line = text.split('\n').indexOf(question) + 1;
    expect(error.message).toBe(`x.txt line ${line}: ${ImportErrorMessage[ImportErrorCode.noAnswer]} "${question}"`);
  });

  it('refuses a last question without an answer', () => {
    const lastAnswer = seed.slice(seed.indexOf('trotz der Allianz mit China'), seed.indexOf('\n', seed.indexOf('trotz der Allianz mit China')));
    expect(refusal(edited(lastAnswer, '')).code).toBe(ImportErrorCode.noAnswer);
  });

  it('refuses an FAQ section that starts with an answer or has no questions', () => {
    const firstQuestion = 'Worin besteht die militärische Zusammenarbeit zwischen Kuba und China?';
    expect(refusal(edited(firstQuestion, '')).code).toBe(ImportErrorCode.answerFirst);
    const faq = seed.indexOf('Häufig gestellte Fragen');
    const heading = seed.slice(faq, seed.indexOf('\n', faq));
    expect(refusal(`${seed.slice(0, faq)}${heading}\n`).code).toBe(ImportErrorCode.noQuestions);
  });

  it('refuses an id that is not a slug and a url that is not http(s)', () => {
    expect(refusal(seed, { id: 'Kuba China' }).code).toBe(ImportErrorCode.badId);
    expect(refusal(seed, { url: 'javascript:alert(1)' }).code).toBe(ImportErrorCode.badUrl);
  });

  it('keeps Markdown characters of the export verbatim', () => {
    const tricky = '# 1. *Nicht* fett, [kein](Link) & <b>kein</b> HTML_hier.';
    const { markdown } = importText(edited('Im Jahr 2023 wurde berichtet', `${tricky}\n\nIm Jahr 2023 wurde berichtet`), { id: 'x' });
    expect(parseArticle(markdown, 'x.md').units.map((u) => u.text)).toContain(tricky);
  });
});
