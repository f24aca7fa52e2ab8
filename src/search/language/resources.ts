import stopwordsIso from 'stopwords-iso/stopwords-iso.json' with { type: 'json' };
import type { QueryLanguage } from './languages.ts';
import { foldGerman } from './normalize.ts';
import { type Places, parsePlaces } from './places.ts';
import { stemGerman } from './stem.ts';
import { createStemPrefixes } from './stem-prefixes.ts';
import { type Dictionary, foldSource, parseDictionary } from './translate.ts';
import { parseVerbForms } from './verbs.ts';

/**
 * General language resources, independent of any article: stop words, a German thesaurus and the
 * words it knows (for splitting compounds), strong verbs, bilingual dictionaries, places. What the
 * word analysis (analyzer.ts) is built on; the lexicon (lexicon.ts) is both.
 */
export interface LexiconResources {
  /** Stop words per language, folded as that language's words are (German: foldGerman; else foldSource). */
  readonly stopwords: Readonly<Record<QueryLanguage, ReadonlySet<string>>>;
  /** The numbers of the synonym sets (of German stems) that the stem belongs to; empty when none. */
  synonymSetsOf(stem: string): readonly number[];
  /**
   * Whether the stem is a German stop word's (gut, einig, viel): an article's word with it stands for
   * no synonym of a question's word ("Einigung" is not "gut" through "einig").
   */
  isStopStem(stem: string): boolean;
  /** The stems of synonym set `id`. */
  synonymSet(id: number): readonly string[];
  /** Whether the stem is a known German word (a thesaurus entry). */
  isKnownStem(stem: string): boolean;
  /** False when no known stem begins the folded `word` at `from`: its stem cannot be known (stem-prefixes.ts). */
  mayBeKnownStem(word: string, from: number): boolean;

  /** The infinitive of a strong or irregular verb form (folded): trafen → treffen. */
  infinitiveOf(folded: string): string | undefined;
  /** The English or Spanish → German dictionary, parsed on first use. */
  dictionary(language: 'en' | 'es'): Dictionary;
  /** Countries and capitals: the terms standing for a stem as a place. */
  readonly places: Places;
}

/** Raw data a lexicon is made from: the texts of the files in src/search/language/data (dictionaries read on demand). */
export interface LexiconData {
  readonly thesaurus: string;
  readonly verbs: string;
  /** places-de.txt (countries and capitals); none when left out. */
  readonly places?: string;
  readonly dictionaries: Readonly<Record<'en' | 'es', () => string>>;
}

const noSets: readonly number[] = Object.freeze([]);
const noMembers: readonly string[] = Object.freeze([]);

/** Builds the {@link LexiconResources} from their data files' text (dictionaries parsed on first use). */
export function createResources(data: LexiconData): LexiconResources {
  // Synonym sets by number (their line), and each stem's set numbers.
  const sets: string[][] = [];
  const byStem = new Map<string, number[]>();
  for (const line of data.thesaurus.split('\n')) {
    if (line === '') continue;
    const set = line.split('|');
    const id = sets.length;
    sets.push(set);
    for (const stem of set) {
      const ids = byStem.get(stem);
      if (ids) ids.push(id);
      else byStem.set(stem, [id]);
    }
  }
  const fold = (list: readonly string[]): ReadonlySet<string> => new Set(list.map((w) => foldGerman(w)));
  const dictionaries = new Map<'en' | 'es', Dictionary>();
  const verbs = parseVerbForms(data.verbs);
  const prefixes = createStemPrefixes(byStem.keys());
  const german = fold([...stopwordsIso.de, ...pronominalAdverbs(), 'weswegen', 'inwiefern', 'inwieweit']);
  const stopStems = new Set(Array.from(german, (word) => stemGerman(word)));
  return {
    stopwords: { de: german, en: new Set(stopwordsIso.en.map(foldSource)), es: new Set(stopwordsIso.es.map(foldSource)) },
    synonymSetsOf: (stem) => byStem.get(stem) ?? noSets,
    isStopStem: (stem) => stopStems.has(stem),
    synonymSet: (id) => sets[id] ?? noMembers,
    isKnownStem: (stem) => byStem.has(stem),
    mayBeKnownStem: (word, from) => prefixes.mayBeKnown(word, from),
    infinitiveOf: verbs.infinitiveOf,
    places: parsePlaces(data.places ?? ''),
    dictionary(language) {
      let dictionary = dictionaries.get(language);
      if (!dictionary) {
        dictionary = parseDictionary(data.dictionaries[language](), language);
        dictionaries.set(language, dictionary);
      }
      return dictionary;
    },
  };
}

/**
 * German pronominal adverbs (wo-rauf, da-mit, hier-für): question and pointer words the stop list
 * has only some of. Built from the prepositions, as German grammar builds them.
 */
function pronominalAdverbs(): string[] {
  const prepositions = [
    'an',
    'auf',
    'aus',
    'bei',
    'durch',
    'für',
    'gegen',
    'hinter',
    'in',
    'mit',
    'nach',
    'neben',
    'über',
    'um',
    'unter',
    'von',
    'vor',
    'zu',
    'zwischen',
  ];
  const words: string[] = [];
  for (const p of prepositions) {
    const linked = /^[aeiouü]/.test(p) ? `r${p}` : p;
    words.push(`wo${linked}`, `da${linked}`, `hier${p}`);
  }
  return words;
}
