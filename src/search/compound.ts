import { stemGerman } from './stem.ts';

export const compoundDefaults = Object.freeze({
  /** Words shorter than this are not split. */
  minWordChars: 8,
  /** Neither part may be shorter than this. */
  minPartChars: 4,
  /** Parts of parts: "Grundnahrungsmittel" → grund + nahrung + mittel. */
  maxDepth: 2,
});

// Linking elements (Fugenelemente) that may end the first part: Verteidigung-s-minister, Stern-en-himmel.
const linkingSuffixes = ['s', 'es', 'n', 'en', 'e'];

/**
 * Splits a folded German compound into the stems of its parts when every part is a known word
 * (Spionagebasen → spionag + bas; Verteidigungsminister → verteidig + minist), else undefined.
 * The longest known last part wins: German compounds put their head noun last.
 */
export function splitCompound(word: string, isKnown: (stem: string) => boolean, depth = 0): string[] | undefined {
  const { minWordChars, minPartChars, maxDepth } = compoundDefaults;
  if (word.length < minWordChars || depth >= maxDepth) return undefined;
  for (let cut = minPartChars; cut <= word.length - minPartChars; cut += 1) {
    const tail = word.slice(cut);
    const tailStem = stemGerman(tail);
    if (!isKnown(tailStem)) continue;
    const head = word.slice(0, cut);
    const headStem = knownHead(head, isKnown);
    if (headStem !== undefined) return [headStem, tailStem];
    const headParts = splitCompound(head, isKnown, depth + 1);
    if (headParts) return [...headParts, tailStem];
  }
  return undefined;
}

function knownHead(head: string, isKnown: (stem: string) => boolean): string | undefined {
  const stem = stemGerman(head);
  if (isKnown(stem)) return stem;
  for (const suffix of linkingSuffixes) {
    if (head.length - suffix.length < compoundDefaults.minPartChars || !head.endsWith(suffix)) continue;
    const bare = stemGerman(head.slice(0, -suffix.length));
    if (isKnown(bare)) return bare;
  }
  return undefined;
}
