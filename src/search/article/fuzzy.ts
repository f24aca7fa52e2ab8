import Fuse from 'fuse.js';
import { popcount } from '../bits.ts';

export const fuzzyDefaults = Object.freeze({
  /** fuse.js score above which a candidate is not a match (0 exact … 1 anything). */
  threshold: 0.4,
  /** Words shorter than this are matched exactly only. */
  minWordChars: 5,
});

/**
 * Typos allowed in a word of this many characters: 1 up to 7, then 2 (three typos make another word);
 * in a four-letter word only two swapped letters (Zeil for Ziel), checked by the caller.
 */
export function maxEdits(length: number): number {
  if (length < fuzzyDefaults.minWordChars - 1) return 0;
  return length <= 7 ? 1 : 2;
}

/** Whether two words have the same letters (a swap of two letters, not another word). */
function sameLetters(a: string, b: string): boolean {
  return a.length === b.length && [...a].sort().join('') === [...b].sort().join('');
}

/** Whether b is a with two neighbouring letters swapped. */
function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i += 1;
  return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** A vocabulary word close to the typed one, with a similarity in (0, 1]. */
export interface FuzzyMatch {
  readonly word: string;
  readonly similarity: number;
}

/** Typo-tolerant look-up of a typed word in an article's vocabulary. */
export interface FuzzyVocabulary {
  lookup(word: string): readonly FuzzyMatch[];
  /** Forgets remembered look-ups (the benchmark measures cold questions this way). */
  forget(): void;
}

/** Look-ups remembered per vocabulary; past this the memory starts afresh. */
const maxRemembered = 10_000;
const noMatches: readonly FuzzyMatch[] = Object.freeze([]);

const fuseOptions = Object.freeze({
  includeScore: true,
  threshold: fuzzyDefaults.threshold,
  // Typos rarely hit the first letter; the match should start where the word starts.
  location: 0,
  distance: 8,
  isCaseSensitive: true,
  ignoreDiacritics: false,
  shouldSort: true,
  minMatchCharLength: 2,
});

interface Entry {
  readonly word: string;
  readonly lo: number;
  readonly hi: number;
}

/** A 64-bit signature of a word's letter pairs, as two 32-bit halves. */
function signature(word: string): [number, number] {
  let lo = 0;
  let hi = 0;
  for (let i = 1; i < word.length; i += 1) {
    const bit = (word.charCodeAt(i - 1) * 31 + word.charCodeAt(i)) & 63;
    if (bit < 32) lo |= 1 << bit;
    else hi |= 1 << (bit - 32);
  }
  return [lo, hi];
}

/**
 * Indexes folded vocabulary words once, by first letter (as spell checkers and Lucene's fuzzy query
 * with a prefix length do) with a signature of their letter pairs. A typed word is compared only with
 * words of its first letter and length whose signatures can be within the allowed typos (each edit
 * removes at most three letter pairs); fuse.js scores the few that remain, and the edit distance
 * over whole words decides (fuse.js also matches a word inside a longer one).
 */
export function createFuzzyVocabulary(words: Iterable<string>): FuzzyVocabulary {
  const buckets = new Map<string, Entry[]>();
  for (const word of words) {
    if (word.length < fuzzyDefaults.minWordChars - 1) continue;
    const key = word[0] ?? '';
    const [lo, hi] = signature(word);
    const bucket = buckets.get(key);
    const entry = { word, lo, hi };
    if (bucket) bucket.push(entry);
    else buckets.set(key, [entry]);
  }
  const remembered = new Map<string, readonly FuzzyMatch[]>();
  const find = (word: string): readonly FuzzyMatch[] => {
    const allowed = maxEdits(word.length);
    if (allowed === 0) return noMatches;
    const bucket = buckets.get(word[0] ?? '');
    if (!bucket) return noMatches;
    const [lo, hi] = signature(word);
    const needed = popcount(lo) + popcount(hi) - 3 * allowed;
    const candidates: string[] = [];
    const distances: number[] = [];
    for (const entry of bucket) {
      if (Math.abs(entry.word.length - word.length) > allowed) continue;
      if (popcount(entry.lo & lo) + popcount(entry.hi & hi) < needed) continue;
      const distance = editDistance(word, entry.word, allowed);
      if (distance > allowed) continue;
      if (word.length < fuzzyDefaults.minWordChars && !sameLetters(word, entry.word)) continue;
      candidates.push(entry.word);
      distances.push(distance);
    }
    if (candidates.length === 0) return noMatches;
    // Candidate i's similarity, from the edit distance measured above.
    const match = (i: number): FuzzyMatch => {
      const other = candidates[i] as string;
      return { word: other, similarity: 1 - (distances[i] as number) / Math.max(word.length, other.length) };
    };
    // Bitap compares at most 32 characters; longer words are cut (the edit distance above saw them whole).
    const matches = new Fuse(candidates, fuseOptions).search(word.slice(0, 32)).map((result) => match(result.refIndex));
    // Bitap counts two swapped letters as two typos, too many for a short word (Zeil for Ziel): such
    // a word is a match as the edit distance, which counts a swap as one, says.
    for (let i = 0; i < candidates.length; i += 1)
      if (isSwap(word, candidates[i] as string) && !matches.some((m) => m.word === candidates[i])) matches.push(match(i));
    return matches;
  };
  return {
    lookup(word) {
      let matches = remembered.get(word);
      if (!matches) {
        matches = find(word);
        if (remembered.size >= maxRemembered) remembered.clear();
        remembered.set(word, matches);
      }
      return matches;
    },
    forget: () => remembered.clear(),
  };
}

let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Optimal-string-alignment distance (insertions, deletions, substitutions, adjacent transpositions),
 * giving up with `limit + 1` once the distance must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const width = b.length + 1;
  // Three rows of scratch space, reused from call to call (grown for the longest word so far).
  if (rows[0].length < width) rows = [new Int32Array(width * 2), new Int32Array(width * 2), new Int32Array(width * 2)];
  let [previous2, previous, current] = rows;
  previous2.fill(0, 0, width);
  for (let j = 0; j < width; j += 1) previous[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    current[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j < width; j += 1) {
      const bj = b.charCodeAt(j - 1);
      let value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) value = Math.min(value, (previous2[j - 2] as number) + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    [previous2, previous, current] = [previous, current, previous2];
  }
  return previous[b.length] as number;
}
