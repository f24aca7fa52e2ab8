import type { Lexicon } from './lexicon.ts';
import { tokenize, type Token } from './normalize.ts';

/** A token of article text with its index terms (none for stop words). */
export interface AnalyzedToken extends Token {
  readonly terms: readonly string[];
  /** Capitalized in the text: a noun in German (or a name, or a sentence's first word). */
  readonly capitalized: boolean;
}

/**
 * Tokenizes article text and gives each content word its terms: its stems and, for a noun, the
 * stems of its compound parts (Spionagebasen is found by "Spionage" and by "Basen").
 */
export function analyzeText(text: string, lexicon: Lexicon): AnalyzedToken[] {
  const stop = lexicon.stopwords.de;
  return tokenize(text).map((token) => {
    const first = text[token.start] ?? '';
    const capitalized = first !== first.toLowerCase();
    if (stop.has(token.term)) return { ...token, capitalized, terms: [] };
    return { ...token, capitalized, terms: lexicon.word(token.term, capitalized).terms };
  });
}
