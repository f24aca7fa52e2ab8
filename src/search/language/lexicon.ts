import { createAnalyzer, type WordAnalysis } from './analyzer.ts';
import type { QueryLanguage } from './languages.ts';
import { createResources, type LexiconData, type LexiconResources } from './resources.ts';
import { WordTable } from './word-table.ts';

/**
 * The language resources and the analysis of single words with them (remembered: each distinct
 * word is analyzed once): what the matcher knows of German, independent of any article.
 */
export interface Lexicon extends LexiconResources, WordAnalysis {}

/** Builds a {@link Lexicon} from its data files' text. */
export function createLexicon(data: LexiconData): Lexicon {
  const resources = createResources(data);
  return { ...resources, ...createAnalyzer(resources) };
}

/** A word's stop lists as bits: the German one (of its German folding), the English and Spanish ones (of its source form). */
export const StopList = { de: 1, en: 2, es: 4 } as const;

// Per stop-word table, each word's languages as bits (StopList): one look-up per word instead of one
// per language (this runs on every question), in a dense table (word-table.ts: a cache line a look-up).
const stopwordBits = new WeakMap<Lexicon['stopwords'], WordTable>();

function bitsOf(stopwords: Lexicon['stopwords']): WordTable {
  let bits = stopwordBits.get(stopwords);
  if (!bits) {
    const entries: [string, number][] = [];
    for (const word of stopwords.de) entries.push([word, StopList.de]);
    for (const word of stopwords.en) entries.push([word, StopList.en]);
    for (const word of stopwords.es) entries.push([word, StopList.es]);
    bits = new WordTable(entries);
    stopwordBits.set(stopwords, bits);
  }
  return bits;
}

/**
 * Guesses the language of a question from its stop words (German when in doubt). With `stops`, notes
 * each word's stop lists there (StopList bits): the question's later steps read them, not the lists.
 */
export function detectLanguage(german: readonly string[], source: readonly string[], lexicon: Pick<Lexicon, 'stopwords'>, stops?: Uint8Array): QueryLanguage {
  const bits = bitsOf(lexicon.stopwords);
  let deHits = 0;
  let enHits = 0;
  let esHits = 0;
  for (let i = 0; i < german.length; i += 1) {
    const folded = german[i] as string;
    const word = source[i] as string;
    // German stop words are kept in German folding, English and Spanish ones in the source's.
    const own = bits.get(word);
    const de = (folded === word ? own : bits.get(folded)) & StopList.de;
    if (stops) stops[i] = de | (own & (StopList.en | StopList.es));
    deHits += de;
    enHits += (own >> 1) & 1;
    esHits += (own >> 2) & 1;
  }
  if (enHits > deHits && enHits >= esHits) return 'en';
  if (esHits > deHits && esHits > enHits) return 'es';
  return 'de';
}
