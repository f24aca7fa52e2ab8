import { stringify } from 'yaml';
import { foldToAscii } from '../search/normalize.ts';
import { parseArticle } from './parse-article.ts';

/** Options of {@link importText}; all but the text are optional. */
export interface ImportOptions {
  readonly id?: string | undefined;
  readonly url?: string | undefined;
  readonly source?: string | undefined;
  readonly language?: string | undefined;
}

/** What the importer recognised, for the editor to check. */
export interface ImportReport {
  readonly id: string;
  readonly title: string;
  readonly sections: readonly { heading: string; paragraphs: number }[];
  readonly faq: readonly string[];
  readonly dropped: readonly string[];
}

/** The article file to write and what went into it. */
export interface ImportResult {
  readonly markdown: string;
  readonly report: ImportReport;
}

/** Why an export was refused; nothing is written. */
export class ImportError extends Error {
  override readonly name = 'ImportError';
}

export const importDefaults = Object.freeze({
  source: 'CiberCuba',
  language: 'de',
  maxTitleChars: 200,
  maxHeadingChars: 90,
  maxHeadingWords: 12,
  maxSlugChars: 60,
});

// Page furniture of the CiberCuba export (German, with the English and Spanish forms of the same labels).
const relatedMarker = /^(verwandte videos|related videos|videos relacionados):?$/i;
const archiveMarker = /^(archiviert unter|filed under|archivado en):?$/i;
const photoCredit = /(?:Foto|Photo|Bild)\s*©.*$/u;
const faqHeading = /^(häufig gestellte fragen|frequently asked questions|preguntas frecuentes|faq)\b/i;
const sentenceEnd = /[.!?:;,…]$/u;

/**
 * Turns a plain-text article export (title line, paragraphs, short heading lines, an FAQ section of
 * question/answer lines, page furniture) into the Markdown of an article file.
 * Throws {@link ImportError} for an export it cannot import faithfully.
 */
export function importText(text: string, options: ImportOptions = {}): ImportResult {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const title = lines[0];
  if (title === undefined || sentenceEnd.test(title) || title.length > importDefaults.maxTitleChars) {
    throw new ImportError('the export has no title: its first line should be the headline (no final full stop)');
  }
  const dropped: string[] = [];
  const blocks: string[] = [];
  // A photo caption is a paragraph however short it is.
  const captions = new Set<number>();
  let credit: string | undefined;
  let faqStart = -1;
  for (let i = 1; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (archiveMarker.test(line)) {
      dropped.push(...lines.slice(i));
      break;
    }
    if (relatedMarker.test(line)) {
      dropped.push(line);
      continue;
    }
    const creditMatch = photoCredit.exec(line);
    if (creditMatch) {
      credit = creditMatch[0];
      dropped.push(credit);
      const caption = line.slice(0, creditMatch.index).trim();
      if (caption !== '') {
        captions.add(blocks.length);
        blocks.push(caption);
      }
      continue;
    }
    if (faqStart < 0 && faqHeading.test(line) && isHeading(line)) faqStart = blocks.length;
    blocks.push(line);
  }
  if (faqStart < 0) throw new ImportError('the export has no FAQ section (a line starting "Häufig gestellte Fragen")');

  const id = options.id ?? slugify(title);
  const body = blocks.slice(0, faqStart);
  const isSectionHeading = (i: number): boolean => !captions.has(i) && i + 1 < body.length && isHeading(body[i] ?? '');
  const faqBlocks = blocks.slice(faqStart + 1);
  const out: string[] = [];
  const sections: { heading: string; paragraphs: number }[] = [{ heading: title, paragraphs: 0 }];
  for (let i = 0; i < body.length; i += 1) {
    const block = body[i] ?? '';
    if (isSectionHeading(i)) {
      out.push(`## ${escapeHeading(block)}`);
      sections.push({ heading: block, paragraphs: 0 });
    } else {
      out.push(escapeParagraph(block));
      const section = sections.at(-1);
      if (section) section.paragraphs += 1;
    }
  }
  out.push(`## ${escapeHeading(blocks[faqStart] ?? '')}`);
  const { questions, answers } = collectFaq(faqBlocks, out);

  const meta: Record<string, string> = {
    id,
    title,
    language: options.language ?? importDefaults.language,
    source: options.source ?? importDefaults.source,
  };
  if (options.url) meta.url = options.url;
  if (credit) meta.photoCredit = credit;
  const markdown = `---\n${stringify(meta, { lineWidth: 0 })}---\n\n${out.join('\n\n')}\n`;
  checkRoundTrip(markdown, [...body.filter((_, i) => !isSectionHeading(i)), ...answers]);
  return { markdown, report: { id, title, sections: sections.filter((s) => s.paragraphs > 0), faq: questions, dropped } };
}

function collectFaq(faqBlocks: readonly string[], out: string[]): { questions: string[]; answers: string[] } {
  const questions: string[] = [];
  const answers: string[] = [];
  let answered = true;
  for (const block of faqBlocks) {
    if (block.endsWith('?')) {
      if (!answered) throw new ImportError(`FAQ question has no answer: "${questions.at(-1) ?? ''}"`);
      questions.push(block);
      out.push(`### ${escapeHeading(block)}`);
      answered = false;
    } else {
      if (questions.length === 0) throw new ImportError(`FAQ section starts with an answer, not a question: "${block.slice(0, 60)}"`);
      out.push(escapeParagraph(block));
      if (answered) answers[answers.length - 1] += `\n\n${block}`;
      else answers.push(block);
      answered = true;
    }
  }
  if (questions.length === 0) throw new ImportError('the FAQ section has no questions');
  if (!answered) throw new ImportError(`FAQ question has no answer: "${questions.at(-1) ?? ''}"`);
  return { questions, answers };
}

/** A short line without sentence punctuation at its end stands as a heading. */
function isHeading(line: string): boolean {
  return (
    !sentenceEnd.test(line) &&
    line.length <= importDefaults.maxHeadingChars &&
    line.split(/\s+/).length <= importDefaults.maxHeadingWords
  );
}

/** A slug from the title: folded to ASCII, lower case, hyphens, cut at a word boundary. */
export function slugify(title: string): string {
  const words = foldToAscii(title.toLowerCase()).split(/[^a-z0-9]+/).filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > importDefaults.maxSlugChars) break;
    slug = next;
  }
  return slug || 'article';
}

/** Escapes what CommonMark would read as markup, so the parsed text equals the export's. */
function escapeInline(text: string): string {
  return text.replace(/[\\`*_[\]<&]/g, '\\$&');
}

function escapeParagraph(text: string): string {
  return escapeInline(text).replace(/^([#>+\-=|~])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

function escapeHeading(text: string): string {
  return escapeInline(text).replace(/#$/, '\\#');
}

/** The importer's promise: every paragraph and answer parses back to exactly the export's text. */
function checkRoundTrip(markdown: string, expected: readonly string[]): void {
  const article = parseArticle(markdown, 'import');
  const actual = article.units.map((u) => u.text);
  expected.forEach((text, i) => {
    if (actual[i] !== text) throw new ImportError(`could not represent a paragraph verbatim in Markdown: "${text.slice(0, 60)}"`);
  });
}
