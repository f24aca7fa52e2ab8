import { splitCompound } from './compound.ts';
import type { Lexicon } from './lexicon.ts';
import { tokenize, type Token } from './normalize.ts';
import { stemVariants } from './stem.ts';

/** The index terms of one word of article text: its stem and verb-form variants, then the stems of its compound parts. */
export function termsOfWord(folded: string, lexicon: Lexicon): string[] {
  const terms = stemVariants(folded);
  for (const part of splitCompound(folded, lexicon.isKnownStem) ?? []) if (!terms.includes(part)) terms.push(part);
  return terms;
}

/** A token of article text with its index terms. */
export interface AnalyzedToken extends Token {
  readonly terms: readonly string[];
}

/** Tokenizes article text and gives each content word its terms; German stop words carry none. */
export function analyzeText(text: string, lexicon: Lexicon): AnalyzedToken[] {
  const stop = lexicon.stopwords.de;
  return tokenize(text).map((token) => ({ ...token, terms: stop.has(token.term) ? [] : termsOfWord(token.term, lexicon) }));
}
