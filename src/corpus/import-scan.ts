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
  /** The outlet, from the team line of the author box ("Rheinblick Nachrichten-Redaktionsteam"), if there is one. */
  readonly outlet: ExportLine | undefined;
  /** The language the export's labels are in ("Häufig gestellte Fragen": de), if one tells. */
  readonly labelLanguage: string | undefined;
  readonly dropped: readonly string[];
}

/** Limits of what reads as a title or a heading line. */
export const scanDefaults = Object.freeze({
  maxTitleChars: 200,
  maxHeadingChars: 90,
  maxHeadingWords: 12,
});

// Page furniture of the newsroom's export (German, with the English and Spanish forms of the same labels).
const relatedMarker = /^(verwandte videos|related videos|videos relacionados):?$/i;
const archiveMarker = /^(archiviert unter|filed under|archivado en):?$/i;
const photoCredit = /(?:Foto|Photo|Bild)\s*©.*$/u;
const faqHeading = /^(häufig gestellte fragen|frequently asked questions|preguntas frecuentes|faq)\b/i;
const sentenceEnd = /[.!?:;,…]$/u;

/** The language of each label's wording ("FAQ" alone tells none). */
const labelLanguages: Readonly<Record<string, string>> = Object.freeze({
  'häufig gestellte fragen': 'de',
  'verwandte videos': 'de',
  'archiviert unter': 'de',
  'frequently asked questions': 'en',
  'related videos': 'en',
  'filed under': 'en',
  'preguntas frecuentes': 'es',
  'videos relacionados': 'es',
  'archivado en': 'es',
});

/**
 * The author box names the team, and so the outlet: "Rheinblick Nachrichten-Redaktionsteam",
 * "Example News editorial team", "Equipo editorial de Ejemplo". Group 1 is the outlet's name.
 */
const teamLines = [/^(.{2,80}?)(?:-| )Redaktionsteam$/u, /^(.{2,80}?) (?:editorial team|newsroom)$/iu, /^(?:equipo editorial|redacción) de (.{2,80})$/iu];

/** The outlet a team line names, or undefined when the line is not one. */
export function outletOf(line: string): string | undefined {
  for (const pattern of teamLines) {
    const name = pattern.exec(line)?.[1]?.trim();
    if (name !== undefined && name !== '' && !sentenceEnd.test(name)) return name;
  }
  return undefined;
}

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
  let outlet: ExportLine | undefined;
  const languages: string[] = [];
  const label = (match: RegExpExecArray | null): void => {
    const language = labelLanguages[match?.[1]?.toLowerCase() ?? ''];
    if (language !== undefined) languages.push(language);
  };
  for (let i = 1; i < lines.length; i += 1) {
    const line = lines[i] as ExportLine;
    const archive = archiveMarker.exec(line.text);
    if (archive) {
      label(archive);
      const tail = lines.slice(i);
      dropped.push(...tail.map((l) => l.text));
      outlet = tail.find((l) => outletOf(l.text) !== undefined);
      break;
    }
    const related = relatedMarker.exec(line.text);
    if (related) {
      label(related);
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
    if (faqStart < 0 && faqHeading.test(line.text) && isHeading(line.text)) {
      faqStart = blocks.length;
      // The FAQ heading's wording tells the language first: it is the one label every export has.
      languages.unshift(labelLanguages[faqHeading.exec(line.text)?.[1]?.toLowerCase() ?? ''] ?? '');
    }
    blocks.push(line);
  }
  if (faqStart < 0) throw importError(ImportErrorCode.noFaq, file, undefined);
  const labelLanguage = languages.find((l) => l !== '');
  return { title, blocks, captions, faqStart, photoCredit: credit, outlet, labelLanguage, dropped };
}
