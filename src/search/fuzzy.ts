import Fuse from 'fuse.js';

export const fuzzyDefaults = Object.freeze({
  /** fuse.js score above which a word is not a candidate (0 exact … 1 anything). */
  threshold: 0.4,
  /** Words shorter than this are matched exactly only. */
  minWordChars: 5,
});

/** Typos allowed in a word of this many characters: 1 up to 7, 2 up to 11, then 3. */
export function maxEdits(length: number): number {
  if (length < fuzzyDefaults.minWordChars) return 0;
  return length <= 7 ? 1 : length <= 11 ? 2 : 3;
}

/** A vocabulary word close to the typed one, with a similarity in (0, 1]. */
export interface FuzzyMatch {
  readonly word: string;
  readonly similarity: number;
}

/** Typo-tolerant look-up of a typed word in an article's vocabulary. */
export interface FuzzyVocabulary {
  lookup(word: string): FuzzyMatch[];
}

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

/**
 * Indexes folded vocabulary words with fuse.js once, bucketed by first letter (as spell checkers and
 * Lucene's fuzzy query with a prefix length do): a typed word is compared with few candidates.
 */
export function createFuzzyVocabulary(words: Iterable<string>): FuzzyVocabulary {
  const buckets = new Map<string, string[]>();
  for (const word of words) {
    if (word.length < fuzzyDefaults.minWordChars) continue;
    const key = word[0] ?? '';
    const bucket = buckets.get(key);
    if (bucket) bucket.push(word);
    else buckets.set(key, [word]);
  }
  const fuses = new Map<string, Fuse<string>>();
  for (const [key, list] of buckets) fuses.set(key, new Fuse(list, fuseOptions));
  return {
    lookup(word) {
      if (word.length < fuzzyDefaults.minWordChars) return [];
      const fuse = fuses.get(word[0] ?? '');
      if (!fuse) return [];
      const matches: FuzzyMatch[] = [];
      const allowed = maxEdits(word.length);
      // fuse.js (Bitap, at most 32 characters) proposes candidates, also where the word is only a
      // substring of a vocabulary word; the edit distance over whole words decides.
      for (const result of fuse.search(word.slice(0, 32))) {
        const candidate = result.item;
        if (Math.abs(candidate.length - word.length) > allowed) continue;
        const edits = editDistance(word, candidate, allowed);
        if (edits <= allowed) matches.push({ word: candidate, similarity: 1 - edits / Math.max(word.length, candidate.length) });
      }
      return matches;
    },
  };
}

/**
 * Optimal-string-alignment distance (insertions, deletions, substitutions, adjacent transpositions),
 * giving up with `limit + 1` once the distance must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous2: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (previous2[j - 2] ?? 0) + 1);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    previous2 = previous;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}
