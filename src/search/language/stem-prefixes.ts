/**
 * A quick, exact-negative test for "could this word's Snowball stem be a known stem?", used to skip
 * stemming most cuts when a compound is split (a 20-letter word has 15 cuts, each a stem or six).
 *
 * Snowball's German stemmer only removes endings from a word folded by `foldGerman` (umlauts and ß
 * are gone before it runs), so a word's stem is one of its prefixes: the stem of "ministers" starts
 * "mini". A word whose first four letters begin no known stem, and none of whose first three letters
 * make a known stem of three or fewer, has no known stem. Words with other characters than a–z always
 * pass (the test says nothing about them).
 */
export interface StemPrefixes {
  /** False only when no known stem is a prefix of `word` from `from` on (so its stem is unknown). */
  mayBeKnown(word: string, from: number): boolean;
}

const letters = 27;
/** 27², 27, 1: where a stem of 1, 2 or 3 letters sits in the short table. */
const shortScale = [letters * letters, letters, 1] as const;

/** a → 1 … z → 26; anything else 0 (not coded). */
function letterCode(word: string, at: number): number {
  const c = word.charCodeAt(at);
  return c >= 97 && c <= 122 ? c - 96 : 0;
}

/** Builds the test from the known stems (the thesaurus' entries). */
export function createStemPrefixes(stems: Iterable<string>): StemPrefixes {
  // Four-letter beginnings of the longer stems; the short stems themselves (padded with 0).
  const long = new Uint8Array(letters ** 4);
  const short = new Uint8Array(letters ** 3);
  for (const stem of stems) {
    let code = 0;
    const n = Math.min(stem.length, 4);
    let coded = true;
    for (let i = 0; i < n; i += 1) {
      const letter = letterCode(stem, i);
      if (letter === 0) coded = false;
      code = code * letters + letter;
    }
    if (!coded || stem.length === 0) continue;
    if (stem.length >= 4) long[code] = 1;
    else short[code * (shortScale[stem.length - 1] as number)] = 1;
  }
  return {
    mayBeKnown(word, from) {
      let code = 0;
      for (let i = 0; i < 4; i += 1) {
        // Shorter than four letters: the short stems it could be were tested letter by letter.
        if (from + i >= word.length) return false;
        const letter = letterCode(word, from + i);
        if (letter === 0) return true;
        if (i === 3) break;
        code = code * letters + letter;
        if (short[code * (shortScale[i] as number)] === 1) return true;
      }
      return long[code * letters + letterCode(word, from + 3)] === 1;
    },
  };
}
