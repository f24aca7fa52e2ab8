import { splitCompound } from './compound.ts';
import type { LexiconResources } from './resources.ts';
import { stemGerman, stemVariants } from './stem.ts';

export const analyzerDefaults = Object.freeze({
  /** How much a thesaurus synonym counts compared with the word itself. */
  synonymWeight: 0.8,
  /** A word in many synonym sets has many senses: each synonym counts less (× √(sets limit / sets)). */
  ambiguousSets: 4,
  /** Words remembered; past this the memory starts afresh (readers' words follow Zipf's law). */
  maxEntries: 100_000,
});

/** What the language resources say about one folded word, independent of any article. */
export interface WordInfo {
  /** The folded word itself (one string shared by every article that has it). */
  readonly word: string;
  /** Its stem first, then the stems of the verb forms or infinitive it may be. */
  readonly stems: readonly string[];
  /** For a noun that is a compound of known words: the stems of its parts, head last (split on first use). */
  readonly parts: readonly string[] | undefined;
  /** Its index terms in article text: its stems, then its compound parts. */
  readonly terms: readonly string[];
  /** A dictionary word: one of its stems is a thesaurus entry (not a name, not a typo). */
  readonly known: boolean;
}

/** Word analysis with a memory: each distinct word is stemmed, split and looked up once per lexicon. */
export interface WordAnalysis {
  /** A question's word: analyzed on first use, remembered (bounded) until {@link forgetWords}. */
  word(folded: string, isNoun: boolean): WordInfo;
  /**
   * A word of article text, analyzed while indexing and kept for the life of the process: the
   * articles' vocabulary is part of the index, so a question's words that the articles use are
   * never analyzed again (not forgotten by {@link forgetWords}).
   */
  articleWord(folded: string, isNoun: boolean): WordInfo;
  /** Forgets the questions' words (the benchmark measures new questions this way); the articles' words and term ids stay. */
  forgetWords(): void;
  /** The process-wide number of a term (stem), assigned on first use; indexes store these. */
  termId(term: string): number;
  /** The number of a term already numbered, else undefined (look-ups do not number new terms). */
  knownTermId(term: string): number | undefined;
  /** The term numbered `id` (the inverse of {@link termId}). */
  termName(id: number): string;
  /** How much a synonym of a stem in `sets` thesaurus sets counts (less for a word of many senses). */
  synonymWeight(sets: number): number;
}

/**
 * The masculine of a feminine noun in -in or -innen whose masculine the stemmer or thesaurus knows
 * (Kollegin → kolleg; Bürgermeisterin → bürgermeist): its base word, stem, and whether it is known whole.
 */
function feminineBase(folded: string, ownStem: string, lexicon: LexiconResources): { base: string; stem: string; known: boolean } | undefined {
  const base = folded.endsWith('innen') ? folded.slice(0, -5) : folded.endsWith('in') ? folded.slice(0, -2) : undefined;
  if (base === undefined || base.length < 4 || lexicon.isKnownStem(ownStem)) return undefined;
  const stem = stemGerman(base);
  const known = lexicon.isKnownStem(stem);
  if (known || splitCompound(base, lexicon) !== undefined) return { base, stem, known };
  return undefined;
}

/** How much a synonym counts when its stem is in `sets` thesaurus sets (its senses). */
function synonymWeight(sets: number): number {
  return analyzerDefaults.synonymWeight * Math.sqrt(Math.min(1, analyzerDefaults.ambiguousSets / sets));
}

/** A word's analysis; its compound parts are found on first use (a class: no closures per word). */
class AnalyzedWord implements WordInfo {
  readonly word: string;
  readonly stems: readonly string[];
  readonly known: boolean;
  /** The word to split into compound parts (itself or its masculine), or undefined: not a compound. */
  readonly #splitAs: string | undefined;
  readonly #lexicon: LexiconResources;
  /** Its compound parts: null until first asked for. */
  #parts: readonly string[] | undefined | null = null;
  #terms: readonly string[] | undefined;
  constructor(word: string, stems: readonly string[], known: boolean, splitAs: string | undefined, lexicon: LexiconResources) {
    this.word = word;
    this.stems = stems;
    this.known = known;
    this.#splitAs = splitAs;
    this.#lexicon = lexicon;
  }
  get parts(): readonly string[] | undefined {
    if (this.#parts === null) this.#parts = this.#splitAs === undefined ? undefined : splitCompound(this.#splitAs, this.#lexicon);
    return this.#parts;
  }
  get terms(): readonly string[] {
    if (this.#terms === undefined) {
      const parts = this.parts;
      const stems = this.stems;
      this.#terms = parts ? [...stems, ...parts.filter((p) => !stems.includes(p))] : stems;
    }
    return this.#terms;
  }
}

/** Creates the word analysis over the language resources; its memory is its own (none module-wide). */
export function createAnalyzer(lexicon: LexiconResources): WordAnalysis {
  // Two memories: the articles' words (kept; grows with the library's vocabulary, not with readers)
  // and the questions' other words (bounded, starts afresh when full).
  const vocabulary = new Map<string, WordInfo>();
  const words = new Map<string, WordInfo>();

  const analyze = (folded: string, isNoun: boolean): WordInfo => {
    const stems = stemVariants(folded);
    const infinitive = lexicon.infinitiveOf(folded);
    if (infinitive !== undefined) for (const stem of stemVariants(infinitive)) if (!stems.includes(stem)) stems.push(stem);
    // Feminine nouns in -in/-innen (Kollegin, Bürgermeisterinnen) mean the known masculine's office.
    const masculine = isNoun && (folded.endsWith('in') || folded.endsWith('innen')) ? feminineBase(folded, stems[0] ?? folded, lexicon) : undefined;
    if (masculine !== undefined && !stems.includes(masculine.stem)) stems.push(masculine.stem);
    // Splitting a compound takes a stem per cut: done only when asked (index terms, or a word an
    // article lacks whole), not for every word of every question.
    const splitAs = !isNoun || masculine?.known ? undefined : (masculine?.base ?? folded);
    return new AnalyzedWord(
      folded,
      stems,
      stems.some((stem) => lexicon.isKnownStem(stem)),
      splitAs,
      lexicon,
    );
  };

  // Term numbers are never forgotten: article indexes refer to them.
  const termIds = new Map<string, number>();
  const termNames: string[] = [];
  return {
    termId(term) {
      let id = termIds.get(term);
      if (id === undefined) {
        id = termIds.size;
        termIds.set(term, id);
        termNames.push(term);
      }
      return id;
    },
    knownTermId: (term) => termIds.get(term),
    termName: (id) => termNames[id] as string,
    synonymWeight,
    word(folded, isNoun) {
      const key = isNoun ? `N${folded}` : `w${folded}`;
      let info = vocabulary.get(key) ?? words.get(key);
      if (info) return info;
      info = analyze(folded, isNoun);
      if (words.size >= analyzerDefaults.maxEntries) words.clear();
      words.set(key, info);
      return info;
    },
    articleWord(folded, isNoun) {
      const key = isNoun ? `N${folded}` : `w${folded}`;
      let info = vocabulary.get(key);
      if (info) return info;
      info = words.get(key) ?? analyze(folded, isNoun);
      words.delete(key);
      vocabulary.set(key, info);
      return info;
    },
    forgetWords() {
      words.clear();
    },
  };
}
