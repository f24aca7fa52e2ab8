import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ArticleError, ArticleErrorCode } from '../../src/corpus/errors.ts';
import { loadArticles } from '../../src/corpus/load-articles.ts';
import { parseArticle } from '../../src/corpus/parse-article.ts';

// The faq/ format (README, "The faq/ format"): front matter, paragraphs under "##" sections,
// "###" FAQ questions with their answers; malformed files refused with file, line and code.

const articleFile = 'faq/kuba-china-militaer.md';
const source = readFileSync(fileURLToPath(new URL(`../../${articleFile}`, import.meta.url)), 'utf8');
const sourceLines = source.split('\n');
const article = parseArticle(source, articleFile);
const title = 'Regierungen von Kuba und China vereinbaren, ihre militärische Zusammenarbeit zu verstärken';

/** A file of these lines: line N of the file is argument N, so expected line numbers read off the call. */
function lines(...text: string[]): string {
  return `${text.join('\n')}\n`;
}

/** A valid front matter (lines 1–6). */
const header = ['---', 'id: probe', 'title: Probe', 'language: de', 'source: Test', '---'] as const;

/** The ArticleError parseArticle throws for `text`. */
function refusal(text: string): ArticleError {
  try {
    parseArticle(text, 'x.md');
  } catch (error) {
    if (error instanceof ArticleError) return error;
    throw error;
  }
  throw new Error('the file was parsed, not refused');
}

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary directory holding `files` (name → content). */
function tempFaqDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'faq-parse-'));
  tempDirs.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

describe('parseArticle on faq/kuba-china-militaer.md', () => {
  it('reads id, title, language and source from the front matter', () => {
    expect(article).toMatchObject({ id: 'kuba-china-militaer', title, language: 'de', source: 'CiberCuba', url: undefined, file: articleFile });
  });

  it('makes paragraphs p-1..p-10, the photo caption caption-1 after the lead, then FAQ entries faq-1..faq-4, in order', () => {
    const paragraphs = Array.from({ length: 10 }, (_, i) => `p-${i + 1}`);
    const faqs = Array.from({ length: 4 }, (_, i) => `faq-${i + 1}`);
    expect(article.units.map((u) => u.id)).toEqual(['p-1', 'caption-1', ...paragraphs.slice(1), ...faqs]);
    expect(article.units.map((u) => u.kind)).toEqual(['paragraph', 'caption', ...paragraphs.slice(1).map(() => 'paragraph'), ...faqs.map(() => 'faq')]);
  });

  it('keeps the photo caption verbatim as its own unit, under the title, without its credit', () => {
    const caption = article.units.find((u) => u.kind === 'caption');
    expect(caption).toMatchObject({
      id: 'caption-1',
      heading: title,
      text: 'Álvaro López Miera, Minister der FAR, und sein chinesischer Amtskollege Dong Jun',
    });
    expect(sourceLines[(caption?.line ?? 0) - 1]).toBe(`![${caption?.text}]()`);
  });

  it('gives each paragraph its section heading, and the title before the first heading', () => {
    const headings = Object.fromEntries(article.units.filter((u) => u.kind === 'paragraph').map((u) => [u.id, u.heading]));
    expect(headings).toEqual({
      'p-1': title,
      'p-2': title,
      'p-3': title,
      'p-4': '"Besondere Freundschaft" und Unterstützung für Xi',
      'p-5': '"Besondere Freundschaft" und Unterstützung für Xi',
      'p-6': 'Vorgeschichte und Verdachtsmomente',
      'p-7': 'Vorgeschichte und Verdachtsmomente',
      'p-8': 'Vorgeschichte und Verdachtsmomente',
      'p-9': 'Eine strategische Allianz',
      'p-10': 'Eine strategische Allianz',
    });
  });

  it('points each paragraph at its first line, with the line as its verbatim text', () => {
    for (const unit of article.units.filter((u) => u.kind === 'paragraph')) {
      expect(sourceLines[unit.line - 1], unit.id).toBe(unit.text);
    }
  });

  it('makes each FAQ entry the question as heading (at its line) and the answer as text', () => {
    const faqs = article.units.filter((u) => u.kind === 'faq');
    expect(faqs.map((u) => u.heading)).toEqual([
      'Worin besteht die militärische Zusammenarbeit zwischen Kuba und China?',
      'Was ist die internationale Reaktion auf die militärische Allianz zwischen Kuba und China?',
      'Welche Implikationen hat die Allianz zwischen Kuba und China für Lateinamerika?',
      'Wie beeinflusst die Beziehung zwischen Kuba und China die interne Situation in Kuba?',
    ]);
    for (const unit of faqs) {
      expect(sourceLines[unit.line - 1], unit.id).toBe(`### ${unit.heading}`);
      expect(sourceLines[unit.line + 1], unit.id).toBe(unit.text);
    }
  });

  it("keeps the article's text verbatim, its typos too", () => {
    expect(article.units.find((u) => u.id === 'p-6')?.text).toContain('Tage nach demMiguel Díaz-Canel Besuch');
    expect(article.units.find((u) => u.id === 'p-7')?.text).toContain('im Revolutionpalast,');
    expect(article.units.find((u) => u.id === 'p-3')?.text).toContain('„ein Modell für Solidarität und Zusammenarbeit zwischen sozialistischen Ländern“');
    expect(article.units.find((u) => u.id === 'faq-4')?.text).toMatch(/^trotz der Allianz/);
  });

  it.each(['Verwandte Videos', 'Archiviert unter', 'CiberCuba-Redaktionsteam', 'Foto ©'])('never makes page furniture (%s) a unit', (furniture) => {
    for (const unit of article.units) {
      expect(unit.text).not.toContain(furniture);
      expect(unit.heading).not.toContain(furniture);
    }
  });
});

describe('parseArticle, Markdown', () => {
  it('decodes backslash escapes and character entities', () => {
    const parsed = parseArticle(lines(...header, '', String.raw`Ein \*Stern\*, ein \_Strich\_ und \# &amp; &quot;zitiert&quot; &#228; &lt;b&gt;`), 'x.md');
    expect(parsed.units.map((u) => u.text)).toEqual(['Ein *Stern*, ein _Strich_ und # & "zitiert" ä <b>']);
  });

  it('keeps raw HTML inline and as a block as literal text', () => {
    const parsed = parseArticle(lines(...header, '', 'Bild <img src=x onerror=alert(1)> hier.', '', '<div onclick="alert(2)">Block</div>'), 'x.md');
    expect(parsed.units.map((u) => u.text)).toEqual(['Bild <img src=x onerror=alert(1)> hier.', '<div onclick="alert(2)">Block</div>']);
  });

  it('joins the paragraphs of a multi-paragraph FAQ answer into one unit', () => {
    const parsed = parseArticle(
      lines(...header, '', 'Einleitung.', '', '## Fragen', '', '### Wer?', '', 'Antwort eins.', '', 'Antwort zwei.', '', '### Was?', '', 'Antwort drei.'),
      'x.md',
    );
    expect(parsed.units.map(({ id, kind, heading, text, line }) => ({ id, kind, heading, text, line }))).toEqual([
      { id: 'p-1', kind: 'paragraph', heading: 'Probe', text: 'Einleitung.', line: 8 },
      { id: 'faq-1', kind: 'faq', heading: 'Wer?', text: 'Antwort eins.\n\nAntwort zwei.', line: 12 },
      { id: 'faq-2', kind: 'faq', heading: 'Was?', text: 'Antwort drei.', line: 18 },
    ]);
  });

  it('reads a paragraph that is only an image as a photo caption: its text, decoded, under the current heading', () => {
    const parsed = parseArticle(
      lines(
        ...header,
        '',
        'Einleitung.',
        '',
        String.raw`![Die Ministerin \[links\] und *ihr* Gast](foto.jpg "Foto © Agentur")`,
        '',
        '## Teil',
        '',
        '![Zweites Bild]()',
        '',
        'Mehr.',
      ),
      'x.md',
    );
    expect(parsed.units.map(({ id, kind, heading, text, line }) => ({ id, kind, heading, text, line }))).toEqual([
      { id: 'p-1', kind: 'paragraph', heading: 'Probe', text: 'Einleitung.', line: 8 },
      { id: 'caption-1', kind: 'caption', heading: 'Probe', text: 'Die Ministerin [links] und ihr Gast', line: 10 },
      { id: 'caption-2', kind: 'caption', heading: 'Teil', text: 'Zweites Bild', line: 14 },
      { id: 'p-2', kind: 'paragraph', heading: 'Teil', text: 'Mehr.', line: 16 },
    ]);
  });

  it('keeps an image inside running text as part of the paragraph', () => {
    const parsed = parseArticle(lines(...header, '', 'Vorher ![ein Bild]() nachher.'), 'x.md');
    expect(parsed.units.map(({ kind, text }) => ({ kind, text }))).toEqual([{ kind: 'paragraph', text: 'Vorher ein Bild nachher.' }]);
  });

  it('carries an http(s) url from the front matter', () => {
    const parsed = parseArticle(lines(...header.slice(0, 5), 'url: https://example.org/artikel', '---', '', 'Text.'), 'x.md');
    expect(parsed.url).toBe('https://example.org/artikel');
  });
});

describe('parseArticle refuses a malformed file with its code and line', () => {
  it.each<[string, string, ArticleErrorCode, number]>([
    ['an empty file', '', ArticleErrorCode.empty, 1],
    ['a file of blank lines', '  \n\n\t\n', ArticleErrorCode.empty, 1],
    ['a file without front matter', lines('Nur ein Absatz.'), ArticleErrorCode.frontMatter, 1],
    ['front matter that is not at the start', lines('', ...header, '', 'Text.'), ArticleErrorCode.frontMatter, 1],
    [
      'invalid YAML (a key given twice)',
      lines('---', 'id: probe', 'title: Probe', 'language: de', 'title: Noch einmal', 'source: Test', '---', '', 'Text.'),
      ArticleErrorCode.frontMatter,
      5,
    ],
    ['a missing title', lines('---', 'id: probe', 'language: de', 'source: Test', '---', '', 'Text.'), ArticleErrorCode.noTitle, 1],
    ['an id that is not a slug', lines('---', 'id: Kein Slug', 'title: Probe', 'language: de', 'source: Test', '---', '', 'Text.'), ArticleErrorCode.field, 2],
    [
      'a language that is not a two-letter code',
      lines('---', 'id: probe', 'title: Probe', 'language: deutsch', 'source: Test', '---', '', 'Text.'),
      ArticleErrorCode.field,
      4,
    ],
    [
      'a language the matcher does not support (the line of the language field)',
      lines('---', 'id: probe', 'title: Probe', 'language: fr', 'source: Test', '---', '', 'Texte.'),
      ArticleErrorCode.language,
      4,
    ],
    ['a photo caption inside an FAQ answer', lines(...header, '', 'Text.', '', '### Wer?', '', 'Sie.', '', '![Bild]()'), ArticleErrorCode.unsupported, 14],
    ['a url that is not http(s)', lines(...header.slice(0, 5), 'url: javascript:alert(1)', '---', '', 'Text.'), ArticleErrorCode.field, 6],
    ['an empty title', lines('---', 'id: probe', 'title: ""', 'language: de', 'source: Test', '---', '', 'Text.'), ArticleErrorCode.field, 3],
    [
      'an FAQ question followed by another question (the line of the question)',
      lines(...header, '', 'Text.', '', '## Fragen', '', '### Wer?', '', '### Was?', '', 'Das.'),
      ArticleErrorCode.noAnswer,
      12,
    ],
    ['an FAQ question at the end of the file', lines(...header, '', 'Text.', '', '## Fragen', '', '### Wer?'), ArticleErrorCode.noAnswer, 12],
    [
      'an FAQ question followed by a section heading',
      lines(...header, '', 'Text.', '', '### Wer?', '', '## Weiter', '', 'Mehr.'),
      ArticleErrorCode.noAnswer,
      10,
    ],
    ['a bullet list', lines(...header, '', 'Text.', '', '- eins', '- zwei'), ArticleErrorCode.unsupported, 10],
    ['an ordered list', lines(...header, '', 'Text.', '', '1. eins'), ArticleErrorCode.unsupported, 10],
    ['a blockquote', lines(...header, '', 'Text.', '', '> zitiert'), ArticleErrorCode.unsupported, 10],
    ['a fenced code block', lines(...header, '', 'Text.', '', '```', 'code', '```'), ArticleErrorCode.unsupported, 10],
    ['an indented code block', lines(...header, '', 'Text.', '', '    code'), ArticleErrorCode.unsupported, 10],
    ['an h1 heading', lines(...header, '', 'Text.', '', '# Titel'), ArticleErrorCode.unsupported, 10],
    ['an h4 heading', lines(...header, '', 'Text.', '', '#### Klein'), ArticleErrorCode.unsupported, 10],
    ['a thematic break', lines(...header, '', 'Text.', '', '***', '', 'Mehr.'), ArticleErrorCode.unsupported, 10],
  ])('refuses %s', (_what, text, code, line) => {
    const error = refusal(text);
    expect(error.code).toBe(code);
    expect(error.file).toBe('x.md');
    expect(error.line).toBe(line);
    expect(error.message.startsWith(`x.md line ${line}: `)).toBe(true);
  });

  it('names the unsupported language and the supported ones', () => {
    const text = lines('---', 'id: probe', 'title: Probe', 'language: fr', 'source: Test', '---', '', 'Texte.');
    expect(refusal(text).message).toBe('x.md line 4: language "fr" is not supported (supported: de)');
    const lazy = tempFaqDir({ 'x.md': text });
    expect(() => loadArticles(lazy, 0)).toThrow('line 4: language "fr" is not supported (supported: de)');
  });

  it('names the question that has no answer', () => {
    expect(refusal(lines(...header, '', 'Text.', '', '### Wer?')).message).toContain('"Wer?"');
  });

  it('refuses an article without paragraphs with no_units', () => {
    expect(refusal(lines(...header, '', '## Nur eine Überschrift')).code).toBe(ArticleErrorCode.noUnits);
    expect(refusal(lines(...header)).code).toBe(ArticleErrorCode.noUnits);
  });
});

describe('loadArticles', () => {
  const file = (id: string, text: string): string => lines('---', `id: ${id}`, `title: Titel ${id}`, 'language: de', 'source: Test', '---', '', text);

  it('loads every .md file of the directory and ignores other files', () => {
    const dir = tempFaqDir({
      'b.md': file('zweiter', 'Zwei.'),
      'a.md': file('erster', 'Eins.'),
      'notes.txt': 'not an article',
      'a.md.bak': 'not an article either',
      README: '# not an article',
    });
    mkdirSync(join(dir, 'drafts.md'));
    const articles = loadArticles(dir);
    expect(articles.map((a) => a.id).sort()).toEqual(['erster', 'zweiter']);
    expect(articles.find((a) => a.id === 'zweiter')?.units.map((u) => u.text)).toEqual(['Zwei.']);
  });

  it('refuses two files with the same id, naming both files', () => {
    const dir = tempFaqDir({ 'a.md': file('gleich', 'Eins.'), 'b.md': file('gleich', 'Zwei.') });
    let error: unknown;
    try {
      loadArticles(dir);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ArticleError);
    const refused = error as ArticleError;
    expect(refused.code).toBe(ArticleErrorCode.duplicateId);
    expect(refused.line).toBe(2);
    expect(refused.message).toMatch(/a\.md/);
    expect(refused.message).toMatch(/b\.md/);
  });

  it('refuses a directory with one malformed file, naming that file', () => {
    const dir = tempFaqDir({ 'a.md': file('gut', 'Eins.'), 'kaputt.md': '' });
    expect(() => loadArticles(dir)).toThrow(/kaputt\.md line 1: /);
  });
});
