import { stemGerman } from './stem.ts';

export const compoundDefaults = Object.freeze({
  /** Words shorter than this are not split. */
  minWordChars: 8,
  /** The first part (and any part of a part) may not be shorter than this. */
  minPartChars: 4,
  /** The last part may be shorter (Jahres-tag), but not shorter than this. */
  minHeadChars: 3,
  /** A word the thesaurus knows whole is split only at a last part at least this long (not Präs-ident; Fach-geschäft). */
  minKnownPartChars: 5,
  /** Parts of parts: "Verteidigungshaushaltsplan" → verteidigung + haushalt + plan. */
  maxDepth: 2,
  /**
   * Longer "words" are not split: German's long compounds have about 40 letters, and trying every cut
   * of a 400-letter string of nonsense (a hostile question) costs time that grows with its square.
   */
  maxWordChars: 64,
});

/** What splitting needs to know about words. */
export interface CompoundLexicon {
  /** Whether a stem is a known German word. */
  isKnownStem(stem: string): boolean;
  /** False when no known stem begins `word` at `from` (then its stem is unknown: no need to stem it). */
  mayBeKnownStem(word: string, from: number): boolean;
}

// Derivational suffixes that happen to be words too (-lichen, -schaft): never the last part.
const suffixStems = new Set(['lich', 'isch', 'ig', 'ung', 'heit', 'keit', 'schaft', 'bar', 'sam', 'haft', 'los', 'tum', 'nis', 'ling', 'chen', 'lein']);

/** First parts after which a word is not a kind of its last part: a Vizepräsident is no Präsident, an Ex-Minister no minister. */
export const notKindPrefixes: ReadonlySet<string> = new Set(['vize', 'ex', 'anti', 'pseudo', 'schein', 'nicht', 'un', 'miss', 'gegen']);

// Linking elements (Fugenelemente) that may end the first part: Verteidigung-s-minister, Stern-en-himmel.
export const linkingSuffixes: readonly string[] = ['s', 'es', 'n', 'en', 'e'];

/**
 * Splits a folded German noun compound into the stems of its parts when every part is a known word
 * (Spionagebasen → spionag + bas; Verteidigungsminister → verteid + minist), else undefined.
 * The longest known last part wins: German compounds put their head noun last. Callers pass nouns
 * only: verbs and adjectives (vereinbarten) are not compounds of their pieces (Verein + Bart).
 */
export function splitCompound(word: string, lexicon: CompoundLexicon, depth = 0): string[] | undefined {
  const { minWordChars, minPartChars, minHeadChars, maxDepth } = compoundDefaults;
  if (word.length < minWordChars || word.length > compoundDefaults.maxWordChars || depth >= maxDepth) return undefined;
  // Parts of parts must be long: short tails deep inside a word are endings (Regierun-gen); a word
  // known whole is a compound only of long words (Verteidigungs-minister, not Präs-ident).
  const known = depth === 0 && lexicon.isKnownStem(stemGerman(word));
  const shortest = known ? compoundDefaults.minKnownPartChars : depth > 0 ? minPartChars : minHeadChars;
  const firstCut = minPartChars;
  for (let cut = firstCut; cut <= word.length - shortest; cut += 1) {
    if (!lexicon.mayBeKnownStem(word, cut)) continue;
    const tail = word.slice(cut);
    const tailStem = stemGerman(tail);
    if (!lexicon.isKnownStem(tailStem) || suffixStems.has(tailStem) || suffixStems.has(tail)) continue;
    const head = word.slice(0, cut);
    if (depth === 0 && notKindPrefixes.has(head)) return undefined;
    const headStem = knownHead(head, lexicon);
    if (headStem !== undefined) return [headStem, tailStem];
    const headParts = splitCompound(head, lexicon, depth + 1);
    if (headParts) return [...headParts, tailStem];
  }
  return undefined;
}

/** The stem of a compound's first part if it is a known word, with or without a linking element. */
export function knownHead(head: string, lexicon: CompoundLexicon): string | undefined {
  // The stems tried below are all prefixes of the head.
  if (!lexicon.mayBeKnownStem(head, 0)) return undefined;
  const whole = stemGerman(head);
  if (lexicon.isKnownStem(whole)) return whole;
  for (const suffix of linkingSuffixes) {
    if (head.length - suffix.length < compoundDefaults.minPartChars || !head.endsWith(suffix)) continue;
    const bare = stemGerman(head.slice(0, -suffix.length));
    if (lexicon.isKnownStem(bare)) return bare;
  }
  return undefined;
}
