import { splitCompound } from './compound.ts';
import type { LexiconResources } from './lexicon.ts';
import { stemVariants } from './stem.ts';

export const analyzerDefaults = Object.freeze({
  /** How much a thesaurus synonym counts compared with the word itself. */
  synonymWeight: 0.8,
  /** A word in many synonym sets has many senses: each synonym counts less (× √(sets limit / sets)). */
  ambiguousSets: 4,
  /** Words remembered; past this the memory starts afresh (readers' words follow Zipf's law). */
  maxEntries: 100_000,
});

/** A synonym stem and how much it counts for the word. */
export interface WeightedStem {
  readonly stem: string;
  readonly weight: number;
}

/** What the language resources say about one folded word, independent of any article. */
export interface WordInfo {
  /** The folded word itself (one string shared by every article that has it). */
  readonly word: string;
  /** Its stem first, then the stems of the verb forms or infinitive it may be. */
  readonly stems: readonly string[];
  /** For a noun that is a compound of known words: the stems of its parts, head last. */
  readonly parts: readonly string[] | undefined;
  /** Thesaurus synonyms of any of its stems, with weights (its own stems excluded). */
  readonly synonyms: readonly WeightedStem[];
  /** Its index terms in article text: its stems, then its compound parts. */
  readonly terms: readonly string[];
}

/** Word analysis with a memory: each distinct word is stemmed, split and looked up once per lexicon. */
export interface WordAnalysis {
  word(folded: string, isNoun: boolean): WordInfo;
  /** Synonyms of a single stem (for compound parts). */
  synonymsOfStem(stem: string): readonly WeightedStem[];
  /** Forgets what it remembered (the benchmark measures cold questions this way); term ids stay. */
  forgetWords(): void;
  /** The process-wide number of a term (stem), assigned on first use; indexes store these. */
  termId(term: string): number;
  /** The number of a term already numbered, else undefined (look-ups do not number new terms). */
  knownTermId(term: string): number | undefined;
}

/** Creates the word analysis over the language resources; its memory is its own (none module-wide). */
export function createAnalyzer(lexicon: LexiconResources): WordAnalysis {
  const words = new Map<string, WordInfo>();
  const synonyms = new Map<string, readonly WeightedStem[]>();

  const synonymsOfStem = (stem: string): readonly WeightedStem[] => {
    let list = synonyms.get(stem);
    if (list) return list;
    const sets = lexicon.synonymsOf(stem);
    const weight = analyzerDefaults.synonymWeight * Math.sqrt(Math.min(1, analyzerDefaults.ambiguousSets / Math.max(1, sets.length)));
    const seen = new Set<string>([stem]);
    const out: WeightedStem[] = [];
    for (const set of sets) for (const member of set) if (!seen.has(member)) {
      seen.add(member);
      out.push({ stem: member, weight });
    }
    list = out;
    if (synonyms.size >= analyzerDefaults.maxEntries) synonyms.clear();
    synonyms.set(stem, list);
    return list;
  };

  const analyze = (folded: string, isNoun: boolean): WordInfo => {
    const stems = stemVariants(folded);
    const infinitive = lexicon.infinitiveOf(folded);
    if (infinitive !== undefined) for (const stem of stemVariants(infinitive)) if (!stems.includes(stem)) stems.push(stem);
    const parts = isNoun ? splitCompound(folded, lexicon) : undefined;
    const own = new Set(stems);
    const merged = new Map<string, number>();
    for (const stem of stems) {
      for (const synonym of synonymsOfStem(stem)) {
        if (own.has(synonym.stem)) continue;
        if (synonym.weight > (merged.get(synonym.stem) ?? 0)) merged.set(synonym.stem, synonym.weight);
      }
    }
    const terms = parts ? [...stems, ...parts.filter((p) => !stems.includes(p))] : stems;
    return { word: folded, stems, parts, synonyms: [...merged].map(([stem, weight]) => ({ stem, weight })), terms };
  };

  // Term numbers are never forgotten: article indexes refer to them.
  const termIds = new Map<string, number>();
  return {
    termId(term) {
      let id = termIds.get(term);
      if (id === undefined) {
        id = termIds.size;
        termIds.set(term, id);
      }
      return id;
    },
    knownTermId: (term) => termIds.get(term),
    word(folded, isNoun) {
      const key = isNoun ? `N${folded}` : `w${folded}`;
      let info = words.get(key);
      if (info) return info;
      info = analyze(folded, isNoun);
      if (words.size >= analyzerDefaults.maxEntries) words.clear();
      words.set(key, info);
      return info;
    },
    synonymsOfStem,
    forgetWords() {
      words.clear();
      synonyms.clear();
    },
  };
}
