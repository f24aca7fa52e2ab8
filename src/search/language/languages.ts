/**
 * The article languages the matcher supports: its stemmer, stop words, sentence splitting and
 * question patterns are German. An article in another language is refused at load and at import
 * rather than matched as if it were German. Questions may still come in English or Spanish
 * (translated through the dictionaries, src/search/language/translate.ts).
 */
export const supportedLanguages: readonly string[] = Object.freeze(['de']);

/** Whether articles in `language` (a two-letter code) can be served. */
export function isSupportedLanguage(language: string): boolean {
  return supportedLanguages.includes(language);
}

/** Languages whose questions the matcher understands (articles are German for now). */
export type QueryLanguage = 'de' | 'en' | 'es';
