import { dump } from 'js-yaml';
import { isSupportedLanguage } from '../search/language/languages.ts';
import { foldToAscii } from '../search/language/normalize.ts';
import { slugPattern } from './front-matter.ts';
import { ImportErrorCode, importError } from './import-errors.ts';
import { type ExportLine, isHeading, outletOf, type ScannedExport, scanExport } from './import-scan.ts';
import { escapeHeading, escapeInline, escapeParagraph } from './markdown-escape.ts';
import { parseArticle } from './parse-article.ts';
import type { UnitKind } from './types.ts';

export { ImportError, ImportErrorCode, ImportErrorMessage } from './import-errors.ts';

/** Options of {@link importText}; all are optional. */
export interface ImportOptions {
  readonly id?: string | undefined;
  readonly url?: string | undefined;
  /** The outlet; default: the one the export's team line names (refused when it names none). */
  readonly source?: string | undefined;
  /** The article's language; default: the one the export's labels are in (refused when they tell none). */
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
  /** Photo captions, each kept as a unit of its own (kind `caption`), in order. */
  readonly captions: readonly string[];
  readonly source: string;
  /** Where the source came from: the export's team line (its text and line) or the --source option. */
  readonly sourceFrom: { readonly line: number; readonly text: string } | 'option';
  readonly language: string;
  readonly languageFrom: 'labels' | 'option';
}

/** The article file to write and what went into it. */
export interface ImportResult {
  readonly markdown: string;
  readonly report: ImportReport;
}

/** Defaults of the importer (the source and language come from the export or the options, never from here). */
export const importDefaults = Object.freeze({
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
    // A photo caption is its own unit, written as an image whose text is the caption (docs/editors.md).
    if (captions.has(i)) {
      out.push(`![${escapeInline(block.text)}]()`);
      return;
    }
    out.push(escapeParagraph(block.text));
    const section = sections.at(-1);
    if (section) section.paragraphs += 1;
  });
  const faqHeading = blocks[faqStart] as ExportLine;
  out.push(`## ${escapeHeading(faqHeading.text)}`);
  const { questions, answers } = collectFaq(blocks.slice(faqStart + 1), faqHeading, out, file);

  // After the structure: a missing outlet is the easiest refusal to fix, so it comes last.
  const source = sourceOf(scanned, options.source, file);
  const language = languageOf(scanned, options.language, file);
  const id = options.id ?? slugify(title.text);
  const meta: Record<string, string> = { id, title: title.text, language: language.code, source: source.name };
  if (options.url) meta.url = options.url;
  if (scanned.photoCredit) meta.photoCredit = scanned.photoCredit;
  const markdown = `---\n${dump(meta, { lineWidth: -1 })}---\n\n${out.join('\n\n')}\n`;
  const expected = [
    ...body.flatMap((block, i) => (isSectionHeading(i) ? [] : [{ block, kind: captions.has(i) ? ('caption' as const) : ('paragraph' as const) }])),
    ...answers.map((block) => ({ block, kind: 'faq' as const })),
  ];
  checkRoundTrip(markdown, expected, file);
  const report: ImportReport = {
    id,
    title: title.text,
    sections: sections.filter((s) => s.paragraphs > 0),
    faqHeading: faqHeading.text,
    faq: questions,
    dropped: scanned.dropped,
    photoCredit: scanned.photoCredit,
    captions: body.filter((_, i) => captions.has(i)).map((b) => b.text),
    source: source.name,
    sourceFrom: source.from,
    language: language.code,
    languageFrom: language.from,
  };
  return { markdown, report };
}

/** The outlet: `--source`, else the one the export's team line names; refused when neither gives one. */
function sourceOf(scanned: ScannedExport, option: string | undefined, file: string): { name: string; from: ImportReport['sourceFrom'] } {
  if (option !== undefined) {
    const name = option.trim();
    if (name === '' || /[\p{Cc}\u2028\u2029]/u.test(name)) throw importError(ImportErrorCode.badSource, file, undefined, option);
    return { name, from: 'option' };
  }
  const line = scanned.outlet;
  const name = line && outletOf(line.text);
  if (line === undefined || name === undefined) throw importError(ImportErrorCode.noSource, file, undefined);
  return { name, from: { line: line.line, text: line.text } };
}

/** The language: `--language`, else the one the export's labels are in; refused when unknown or not supported. */
function languageOf(scanned: ScannedExport, option: string | undefined, file: string): { code: string; from: ImportReport['languageFrom'] } {
  const code = option ?? scanned.labelLanguage;
  if (code === undefined) throw importError(ImportErrorCode.noLanguage, file, undefined);
  if (!isSupportedLanguage(code)) throw importError(ImportErrorCode.unsupportedLanguage, file, undefined, code);
  return { code, from: option === undefined ? 'labels' : 'option' };
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

/** The importer's promise: every paragraph, caption and answer parses back to exactly the export's text, as its kind. */
function checkRoundTrip(markdown: string, expected: readonly { block: ExportLine; kind: UnitKind }[], file: string): void {
  const units = parseArticle(markdown, file).units;
  expected.forEach(({ block, kind }, i) => {
    if (units[i]?.text !== block.text || units[i]?.kind !== kind) throw importError(ImportErrorCode.notVerbatim, file, block.line, block.text);
  });
}
