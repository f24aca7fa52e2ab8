/**
 * German-aware text normalization: everything the matcher compares is folded the same way, so a
 * reader's "Unterstuetzung", "unterstützung" and "UNTERSTÜTZUNG" meet the article's "Unterstützung".
 */

const umlauts: Readonly<Record<string, string>> = Object.freeze({
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ð: 'd',
  þ: 'th',
  ł: 'l',
  đ: 'd',
  ı: 'i',
});
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
  return lower
    .replace(umlautPattern, (c) => umlauts[c] ?? c)
    .normalize('NFD')
    .replace(combiningMarks, '');
}

/** Whether the text is plain ASCII (a loop: cheaper than a Unicode regular expression on every word). */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) > 127) return false;
  return true;
}

// "ae", "oe", "ue" as readers type umlauts on keyboards without them; "ue" stays after a vowel or q
// (neue, Quelle). The same rule as Lucene's GermanNormalizationFilter (Snowball's "german2").
const digraphs = /(?<![aeiouq])ue|ae|oe/g;

// Lower-case Latin letters with diacritics (U+00C0–U+024F) → their plain form, umlauts → base vowel,
// computed once from Unicode's own decompositions instead of per word.
const latinFold = new Map<number, string>();
for (let code = 0xc0; code <= 0x24f; code += 1) {
  const lower = String.fromCharCode(code).toLowerCase();
  const plain = umlauts[lower] !== undefined && !'äöü'.includes(lower) ? (umlauts[lower] ?? lower) : lower.normalize('NFD').replace(combiningMarks, '');
  if (plain !== lower || lower.charCodeAt(0) !== code) latinFold.set(lower.charCodeAt(0), plain);
}

/**
 * The form the matcher compares: lower case, accents dropped, umlauts and their digraphs folded to the
 * base vowel (Militär, Militaer → militar; Stromausfälle → stromausfalle), ß → ss.
 */
export function foldGerman(text: string): string {
  const lower = text.toLowerCase();
  let plain = lower;
  if (!isAscii(lower)) {
    plain = '';
    for (let i = 0; i < lower.length; i += 1) {
      const code = lower.charCodeAt(i);
      plain += code < 128 ? (lower[i] ?? '') : (latinFold.get(code) ?? foldToAscii(lower[i] ?? ''));
    }
  }
  return hasDigraph(plain) ? plain.replace(digraphs, (d) => d[0] ?? '') : plain;
}

/**
 * Whether the folded word has an "ae", "oe" or "ue" (a scan: most words have an "e", few a digraph;
 * of codes, since a call of indexOf per "e" costs more than reading the word's letters).
 */
function hasDigraph(text: string): boolean {
  for (let i = 1; i < text.length; i += 1) {
    if (text.charCodeAt(i) !== 101) continue;
    const before = text.charCodeAt(i - 1);
    if (before === 97 || before === 111 || before === 117) return true;
  }
  return false;
}

/** A word of the text: its folded form and where it stands in the original string. */
export interface Token {
  readonly term: string;
  readonly start: number;
  readonly end: number;
}

// Combining marks belong to their word: an article saved decomposed (NFD: "Di\u0301az") reads as "Díaz".
const letterOrDigit = /[\p{L}\p{N}\p{M}]/u;

// Which of the Latin letters' codes (below U+0250: umlauts, accents, ß) are letters or digits,
// computed once, so that German words are scanned without a regular expression per character.
const latinWordChars = new Uint8Array(0x250);
for (let code = 0; code < latinWordChars.length; code += 1) latinWordChars[code] = letterOrDigit.test(String.fromCharCode(code)) ? 1 : 0;

/** Whether the UTF-16 unit at `i` starts a letter or digit (ASCII and Latin letters decided without a regular expression). */
function isWordChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  if (c < latinWordChars.length) return latinWordChars[c] === 1;
  if (c >= 0xd800 && c <= 0xdbff) return letterOrDigit.test(text.slice(i, i + 2));
  if (c >= 0xdc00 && c <= 0xdfff) return false;
  return letterOrDigit.test(text[i] ?? '');
}

/**
 * Splits text into folded word tokens with their offsets in `text`: runs of letters and digits,
 * joined by an apostrophe inside a word (d'Estaing). Hyphens split words, so "Díaz-Canel" is two
 * tokens and "US-Küste" is "us" + "kuste". A hand-written scanner: it runs on every question.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (!isWordChar(text, i)) {
      i += 1;
      continue;
    }
    const start = i;
    let hasApostrophe = false;
    while (i < text.length) {
      if (isWordChar(text, i)) i += text.charCodeAt(i) >= 0xd800 && text.charCodeAt(i) <= 0xdbff ? 2 : 1;
      else if ((text[i] === "'" || text[i] === '\u2019') && i + 1 < text.length && isWordChar(text, i + 1) && i > start) {
        hasApostrophe = true;
        i += 1;
      } else break;
    }
    let term = foldGerman(text.slice(start, i));
    if (hasApostrophe) term = term.replace(/['\u2019]/g, '');
    if (term !== '') tokens.push({ term, start, end: i });
  }
  return tokens;
}

/** The folded words of a text, without offsets (the question side). */
export function words(text: string): string[] {
  return tokenize(text).map((t) => t.term);
}
