import stopwordsIso from 'stopwords-iso/stopwords-iso.json' with { type: 'json' };
import { foldGerman } from './normalize.ts';
import { stemGerman } from './stem.ts';

/** Languages whose questions the matcher understands (articles are German for now). */
export type QueryLanguage = 'de' | 'en' | 'es';

/**
 * General language resources, independent of any article: stop words, a German thesaurus and the
 * words it knows (for splitting compounds). Built once per process from text data.
 */
export interface Lexicon {
  /** Folded stop words per language. */
  readonly stopwords: Readonly<Record<QueryLanguage, ReadonlySet<string>>>;
  /** Synonym sets (of German stems) that the stem belongs to; empty when none. */
  synonymsOf(stem: string): readonly (readonly string[])[];
  /** Whether the stem is a known German word (a thesaurus entry). */
  isKnownStem(stem: string): boolean;
}

/** Raw data a lexicon is made from; `thesaurus` is the text of src/search/data/thesaurus-de.txt. */
export interface LexiconData {
  readonly thesaurus: string;
}

const noSets: readonly (readonly string[])[] = Object.freeze([]);

/** Builds a {@link Lexicon} from its data files' text. */
export function createLexicon(data: LexiconData): Lexicon {
  const byStem = new Map<string, string[][]>();
  for (const line of data.thesaurus.split('\n')) {
    if (line === '') continue;
    const set = line.split('|');
    for (const stem of set) {
      const sets = byStem.get(stem);
      if (sets) sets.push(set);
      else byStem.set(stem, [set]);
    }
  }
  const fold = (list: readonly string[]): ReadonlySet<string> => new Set(list.map((w) => foldGerman(w)));
  return {
    stopwords: { de: fold(stopwordsIso.de), en: fold(stopwordsIso.en), es: fold(stopwordsIso.es) },
    synonymsOf: (stem) => byStem.get(stem) ?? noSets,
    isKnownStem: (stem) => byStem.has(stem),
  };
}

/** Guesses the language of a question from its stop words (German when in doubt). */
export function detectLanguage(words: readonly string[], lexicon: Lexicon): QueryLanguage {
  let best: QueryLanguage = 'de';
  let bestHits = 0;
  for (const language of ['de', 'en', 'es'] as const) {
    const set = lexicon.stopwords[language];
    let hits = 0;
    for (const word of words) if (set.has(word)) hits += 1;
    if (hits > bestHits) {
      best = language;
      bestHits = hits;
    }
  }
  return best;
}

/** The German stem of a folded word (re-exported so callers need one import for text analysis). */
export { stemGerman };
