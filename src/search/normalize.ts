/**
 * German-aware text normalization: everything the matcher compares is folded the same way, so a
 * reader's "Unterstuetzung", "unterstützung" and "UNTERSTÜTZUNG" meet the article's "Unterstützung".
 */

const umlauts: Readonly<Record<string, string>> = Object.freeze({ ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ð: 'd', þ: 'th', ł: 'l', đ: 'd', ı: 'i' });
const umlautPattern = /[äöüßæœøðþłđı]/g;
const combiningMarks = /\p{M}+/gu;

/**
 * Lower-cases and folds to plain ASCII letters where German allows: ä→ae, ö→oe, ü→ue, ß→ss, and
 * accents dropped (Díaz→diaz, Pekín→pekin). Typographic quotes and dashes do not survive tokenizing.
 */
export function foldToAscii(text: string): string {
  const lower = text.toLowerCase();
  // Fast path: most question words are plain ASCII already.
  if (isAscii(lower)) return lower;
  return lower.replace(umlautPattern, (c) => umlauts[c] ?? c).normalize('NFD').replace(combiningMarks, '');
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) > 127) return false;
  return true;
}

const germanUmlauts: Readonly<Record<string, string>> = Object.freeze({ ä: 'a', ö: 'o', ü: 'u' });
// "ae", "oe", "ue" as readers type umlauts on keyboards without them; "ue" stays after a vowel or q
// (neue, Quelle). The same rule as Lucene's GermanNormalizationFilter (Snowball's "german2").
const digraphs = /(?<![aeiouq])ue|ae|oe/g;

/**
 * The form the matcher compares: lower case, accents dropped, umlauts and their digraphs folded to the
 * base vowel (Militär, Militaer → militar; Stromausfälle → stromausfalle), ß → ss.
 */
export function foldGerman(text: string): string {
  const lower = text.toLowerCase();
  const plain = isAscii(lower) ? lower : lower.replace(/[äöü]/g, (c) => germanUmlauts[c] ?? c);
  return foldToAscii(plain).replace(digraphs, (d) => d[0] ?? '');
}

/** A word of the text: its folded form and where it stands in the original string. */
export interface Token {
  readonly term: string;
  readonly start: number;
  readonly end: number;
}

// Letters and digits, joined by apostrophes within a word (d'Estaing); hyphens split words, so
// "Díaz-Canel" is two tokens and "US-Küste" is "us" + "kueste".
const wordPattern = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** Splits text into folded word tokens with their offsets in `text`. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(wordPattern)) {
    const start = match.index;
    const term = foldGerman(match[0]).replace(/['’]/g, '');
    if (term !== '') tokens.push({ term, start, end: start + match[0].length });
  }
  return tokens;
}

/** The folded words of a text, without offsets (the question side). */
export function words(text: string): string[] {
  return tokenize(text).map((t) => t.term);
}
