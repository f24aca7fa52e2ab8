import { dump } from 'js-yaml';
import { foldToAscii } from '../search/normalize.ts';
import { slugPattern } from './front-matter.ts';
import { ImportErrorCode, importError } from './import-errors.ts';
import { type ExportLine, isHeading, scanExport } from './import-scan.ts';
import { escapeHeading, escapeParagraph } from './markdown-escape.ts';
import { parseArticle } from './parse-article.ts';

export { ImportError, ImportErrorCode, ImportErrorMessage } from './import-errors.ts';

/** Options of {@link importText}; all are optional. */
export interface ImportOptions {
  readonly id?: string | undefined;
  readonly url?: string | undefined;
  readonly source?: string | undefined;
  readonly language?: string | undefined;
  /** The export's name in refusals (`article.txt line 12: …`). */
  readonly file?: string | undefined;
}

/** What the importer recognised, for the editor to check. */
export interface ImportReport {
  readonly id: string;
  readonly title: string;
  /** Sections with at least one paragraph; the first stands under the title. */
  readonly sections: readonly { heading: string; paragraphs: number }[];
  readonly faqHeading: string;
  readonly faq: readonly string[];
  /** Page furniture left out of the article (the photo credit is kept as metadata). */
  readonly dropped: readonly string[];
  readonly photoCredit: string | undefined;
}

/** The article file to write and what went into it. */
export interface ImportResult {
  readonly markdown: string;
  readonly report: ImportReport;
}

/** Defaults of the importer. */
export const importDefaults = Object.freeze({
  source: 'CiberCuba',
  language: 'de',
  file: 'export',
  maxSlugChars: 60,
});

/**
 * Turns a plain-text article export (title line, paragraphs, short heading lines, an FAQ section of
 * question/answer lines, page furniture) into the Markdown of an article file.
 * Throws {@link ImportError} for an export it cannot import faithfully.
 */
export function importText(text: string, options: ImportOptions = {}): ImportResult {
  const file = options.file ?? importDefaults.file;
  if (options.id !== undefined && !slugPattern.test(options.id)) throw importError(ImportErrorCode.badId, file, undefined, options.id);
  if (options.url !== undefined && !isWebUrl(options.url)) throw importError(ImportErrorCode.badUrl, file, undefined, options.url);
  const scanned = scanExport(text, file);
  const { title, blocks, captions, faqStart } = scanned;
  const body = blocks.slice(0, faqStart);
  const isSectionHeading = (i: number): boolean => !captions.has(i) && i + 1 < body.length && isHeading(body[i]?.text ?? '');
  const out: string[] = [];
  const sections: { heading: string; paragraphs: number }[] = [{ heading: title.text, paragraphs: 0 }];
  body.forEach((block, i) => {
    if (isSectionHeading(i)) {
      out.push(`## ${escapeHeading(block.text)}`);
      sections.push({ heading: block.text, paragraphs: 0 });
      return;
    }
    out.push(escapeParagraph(block.text));
    const section = sections.at(-1);
    if (section) section.paragraphs += 1;
  });
  const faqHeading = blocks[faqStart] as ExportLine;
  out.push(`## ${escapeHeading(faqHeading.text)}`);
  const { questions, answers } = collectFaq(blocks.slice(faqStart + 1), faqHeading, out, file);

  const id = options.id ?? slugify(title.text);
  const meta: Record<string, string> = {
    id,
    title: title.text,
    language: options.language ?? importDefaults.language,
    source: options.source ?? importDefaults.source,
  };
  if (options.url) meta.url = options.url;
  if (scanned.photoCredit) meta.photoCredit = scanned.photoCredit;
  const markdown = `---\n${dump(meta, { lineWidth: -1 })}---\n\n${out.join('\n\n')}\n`;
  checkRoundTrip(markdown, [...body.filter((_, i) => !isSectionHeading(i)), ...answers], file);
  const report: ImportReport = {
    id,
    title: title.text,
    sections: sections.filter((s) => s.paragraphs > 0),
    faqHeading: faqHeading.text,
    faq: questions,
    dropped: scanned.dropped,
    photoCredit: scanned.photoCredit,
  };
  return { markdown, report };
}

/** Pairs FAQ questions (lines ending in "?") with their answers, appending the Markdown to `out`. */
function collectFaq(faqBlocks: readonly ExportLine[], heading: ExportLine, out: string[], file: string): { questions: string[]; answers: ExportLine[] } {
  const questions: string[] = [];
  const answers: ExportLine[] = [];
  let open: ExportLine | undefined;
  for (const block of faqBlocks) {
    if (block.text.endsWith('?')) {
      if (open) throw importError(ImportErrorCode.noAnswer, file, open.line, open.text);
      questions.push(block.text);
      out.push(`### ${escapeHeading(block.text)}`);
      open = block;
      continue;
    }
    if (questions.length === 0) throw importError(ImportErrorCode.answerFirst, file, block.line, block.text);
    out.push(escapeParagraph(block.text));
    const last = answers.at(-1);
    // Several paragraphs after one question form one answer, as the parser reads them.
    if (!open && last) answers[answers.length - 1] = { text: `${last.text}\n\n${block.text}`, line: last.line };
    else answers.push(block);
    open = undefined;
  }
  if (questions.length === 0) throw importError(ImportErrorCode.noQuestions, file, heading.line);
  if (open) throw importError(ImportErrorCode.noAnswer, file, open.line, open.text);
  return { questions, answers };
}

/** A slug from the title: folded to ASCII, lower case, hyphens, cut at a word boundary. */
export function slugify(title: string): string {
  const words = foldToAscii(title.toLowerCase())
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > importDefaults.maxSlugChars) break;
    slug = next;
  }
  return slug || 'article';
}

function isWebUrl(text: string): boolean {
  // URL.parse is Node 22+; canParse is in Node 20.
  return URL.canParse(text) && /^https?:$/.test(new URL(text).protocol);
}

/** The importer's promise: every paragraph and answer parses back to exactly the export's text. */
function checkRoundTrip(markdown: string, expected: readonly ExportLine[], file: string): void {
  const units = parseArticle(markdown, file).units;
  expected.forEach((block, i) => {
    if (units[i]?.text !== block.text) throw importError(ImportErrorCode.notVerbatim, file, block.line, block.text);
  });
}
