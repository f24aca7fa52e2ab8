import { ImportErrorCode, importError } from './import-errors.ts';

/** A non-empty, trimmed line of the export and its 1-based line number. */
export interface ExportLine {
  readonly text: string;
  readonly line: number;
}

/** The export split into the title, content blocks and page furniture. */
export interface ScannedExport {
  readonly title: ExportLine;
  readonly blocks: readonly ExportLine[];
  /** Indexes into `blocks` of photo captions: paragraphs however short they are. */
  readonly captions: ReadonlySet<number>;
  /** Index into `blocks` of the FAQ heading. */
  readonly faqStart: number;
  readonly photoCredit: string | undefined;
  readonly dropped: readonly string[];
}

/** Limits of what reads as a title or a heading line. */
export const scanDefaults = Object.freeze({
  maxTitleChars: 200,
  maxHeadingChars: 90,
  maxHeadingWords: 12,
});

// Page furniture of the CiberCuba export (German, with the English and Spanish forms of the same labels).
const relatedMarker = /^(verwandte videos|related videos|videos relacionados):?$/i;
const archiveMarker = /^(archiviert unter|filed under|archivado en):?$/i;
const photoCredit = /(?:Foto|Photo|Bild)\s*©.*$/u;
const faqHeading = /^(häufig gestellte fragen|frequently asked questions|preguntas frecuentes|faq)\b/i;
const sentenceEnd = /[.!?:;,…]$/u;

/** A short line without sentence punctuation at its end stands as a heading. */
export function isHeading(text: string): boolean {
  return !sentenceEnd.test(text) && text.length <= scanDefaults.maxHeadingChars && text.split(/\s+/).length <= scanDefaults.maxHeadingWords;
}

/** Splits an export into lines, finds the title and the FAQ heading, and sets page furniture aside. */
export function scanExport(text: string, file: string): ScannedExport {
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((raw, i) => ({ text: raw.trim(), line: i + 1 }))
    .filter((l) => l.text !== '');
  const title = lines[0];
  if (title === undefined) throw importError(ImportErrorCode.empty, file, undefined);
  if (sentenceEnd.test(title.text) || title.text.length > scanDefaults.maxTitleChars) {
    throw importError(ImportErrorCode.noTitle, file, title.line);
  }
  const dropped: string[] = [];
  const blocks: ExportLine[] = [];
  const captions = new Set<number>();
  let credit: string | undefined;
  let faqStart = -1;
  for (let i = 1; i < lines.length; i += 1) {
    const line = lines[i] as ExportLine;
    if (archiveMarker.test(line.text)) {
      dropped.push(...lines.slice(i).map((l) => l.text));
      break;
    }
    if (relatedMarker.test(line.text)) {
      dropped.push(line.text);
      continue;
    }
    const creditMatch = photoCredit.exec(line.text);
    if (creditMatch) {
      credit = creditMatch[0];
      dropped.push(credit);
      const caption = line.text.slice(0, creditMatch.index).trim();
      if (caption !== '') {
        captions.add(blocks.length);
        blocks.push({ text: caption, line: line.line });
      }
      continue;
    }
    if (faqStart < 0 && faqHeading.test(line.text) && isHeading(line.text)) faqStart = blocks.length;
    blocks.push(line);
  }
  if (faqStart < 0) throw importError(ImportErrorCode.noFaq, file, undefined);
  return { title, blocks, captions, faqStart, photoCredit: credit, dropped };
}
