import type { Lexicon } from '../language/lexicon.ts';
import { type Token, tokenize } from '../language/normalize.ts';

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
  const tokens = tokenize(text);
  const analyzed: AnalyzedToken[] = new Array<AnalyzedToken>(tokens.length);
  for (let i = 0; i < tokens.length; i += 1) {
    const { term, start, end } = tokens[i] as Token;
    const first = text[start] ?? '';
    const capitalized = first !== first.toLowerCase();
    // Stop lists hold frequent nouns too (Jahr, Tag, Menschen, Ende): capitalized inside a sentence
    // they are content, as in questions (query.ts), so both sides index them alike.
    if (stop.has(term) && !(capitalized && !opensSentence(text, start))) analyzed[i] = { term, start, end, capitalized, terms: none };
    else {
      // The lexicon's copy of the word: thousands of articles then hold one string per word.
      const info = lexicon.articleWord(term, capitalized);
      analyzed[i] = { term: info.word, start, end, capitalized, terms: info.terms };
    }
  }
  return analyzed;
}

const none: readonly string[] = Object.freeze([]);

/** Whether the word at `start` opens a sentence (or the text): only spaces and quotes since . ! ? : */
export function opensSentence(text: string, start: number): boolean {
  for (let i = start - 1; i >= 0; i -= 1) {
    const c = text[i] as string;
    if (c === ' ' || c === '\n' || c === '"' || c === '„' || c === '“' || c === '»' || c === '«' || c === '(') continue;
    return c === '.' || c === '!' || c === '?' || c === ':';
  }
  return true;
}
