import { FaqChatError } from '../errors.ts';
import { supportedLanguages } from '../search/language/languages.ts';

/** Codes of the ways an export can be refused by `faq-chat import`. */
export const ImportErrorCode = {
  empty: 'empty_export',
  noTitle: 'no_title',
  noFaq: 'no_faq_section',
  noQuestions: 'faq_without_questions',
  answerFirst: 'faq_starts_with_answer',
  noAnswer: 'faq_without_answer',
  badId: 'bad_id',
  badUrl: 'bad_url',
  notVerbatim: 'not_verbatim',
  noSource: 'no_source',
  badSource: 'bad_source',
  noLanguage: 'no_language',
  unsupportedLanguage: 'unsupported_language',
} as const;

/** One of {@link ImportErrorCode}'s values. */
export type ImportErrorCode = (typeof ImportErrorCode)[keyof typeof ImportErrorCode];

/** What each refusal says; a quoted line or value may follow. Tests compare against these. */
export const ImportErrorMessage = {
  [ImportErrorCode.empty]: 'the export is empty',
  [ImportErrorCode.noTitle]: 'the export has no title: its first line should be the headline (short, no final full stop)',
  [ImportErrorCode.noFaq]: 'the export has no FAQ section: expected a line starting "Häufig gestellte Fragen"',
  [ImportErrorCode.noQuestions]: 'the FAQ section has no questions (lines ending in "?")',
  [ImportErrorCode.answerFirst]: 'the FAQ section starts with an answer, not a question:',
  [ImportErrorCode.noAnswer]: 'FAQ question has no answer:',
  [ImportErrorCode.badId]: 'the id must be a slug (lower-case letters, digits and single hyphens):',
  [ImportErrorCode.badUrl]: 'the url must be an absolute http(s) URL:',
  [ImportErrorCode.notVerbatim]: 'could not represent a paragraph verbatim in Markdown:',
  [ImportErrorCode.noSource]:
    'the export names no outlet (no team line such as "Rheinblick Nachrichten-Redaktionsteam" after "Archiviert unter:"); name it with --source',
  [ImportErrorCode.badSource]: 'the source must be one line of text:',
  [ImportErrorCode.noLanguage]: 'the export\'s labels do not tell its language (its FAQ heading is "FAQ" alone); name it with --language, e.g. --language de',
  [ImportErrorCode.unsupportedLanguage]: `the language is not supported (supported: ${supportedLanguages.join(', ')}):`,
} as const satisfies Record<ImportErrorCode, string>;

/** Why an export was refused; nothing is written. The message names the export and, where known, the line. */
export class ImportError extends FaqChatError<ImportErrorCode> {
  override readonly name = 'ImportError';
  constructor(
    code: ImportErrorCode,
    readonly file: string,
    readonly line: number | undefined,
    readonly detail: string = ImportErrorMessage[code],
  ) {
    super(code, line === undefined ? `${file}: ${detail}` : `${file} line ${line}: ${detail}`);
  }
}

/** The refusal for `code`, with a quoted excerpt of the offending text appended. */
export function importError(code: ImportErrorCode, file: string, line: number | undefined, quoted?: string): ImportError {
  const detail = quoted === undefined ? ImportErrorMessage[code] : `${ImportErrorMessage[code]} "${excerpt(quoted)}"`;
  return new ImportError(code, file, line, detail);
}

function excerpt(text: string): string {
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
