import { createAnalyzer, type WordAnalysis } from './analyzer.ts';
import { questionWordFacts } from './answer-type.ts';
import { impliedWordFacts } from './implied.ts';
import type { QueryLanguage } from './languages.ts';
import { createResources, type LexiconData, type LexiconResources } from './resources.ts';
import { withFact } from './word-facts.ts';
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

// Per stop-word table, each word's facts (its stop lists as StopList bits, and the WordFact bits the
// question modules give their words) in one dense table (word-table.ts): one look-up a word, of a
// cache line, instead of one a word list (this runs on every question).
const wordFacts = new WeakMap<Lexicon['stopwords'], WordTable>();

function factsOf(stopwords: Lexicon['stopwords']): WordTable {
  let facts = wordFacts.get(stopwords);
  if (!facts) {
    facts = new WordTable([
      ...withFact(stopwords.de, StopList.de),
      ...withFact(stopwords.en, StopList.en),
      ...withFact(stopwords.es, StopList.es),
      ...questionWordFacts(),
      ...impliedWordFacts(),
    ]);
    wordFacts.set(stopwords, facts);
  }
  return facts;
}

/**
 * Guesses the language of a question from its stop words (German when in doubt). With `facts`, notes
 * each word's facts there: its stop lists (StopList bits; German of its German folding, English and
 * Spanish of its source form) and the WordFact bits of the form the question's language reads (the
 * German folding of a German question's words, else the source form): the question's later steps
 * read them, not the lists.
 */
export function detectLanguage(german: readonly string[], source: readonly string[], lexicon: Pick<Lexicon, 'stopwords'>, facts?: Uint16Array): QueryLanguage {
  const table = factsOf(lexicon.stopwords);
  let deHits = 0;
  let enHits = 0;
  let esHits = 0;
  for (let i = 0; i < german.length; i += 1) {
    const folded = german[i] as string;
    const word = source[i] as string;
    // German stop words are kept in German folding, English and Spanish ones in the source's.
    const own = table.get(word);
    const germanFacts = folded === word ? own : table.get(folded);
    const de = germanFacts & StopList.de;
    if (facts) facts[i] = (germanFacts & ~(StopList.en | StopList.es)) | (own & (StopList.en | StopList.es));
    deHits += de;
    enHits += (own >> 1) & 1;
    esHits += (own >> 2) & 1;
  }
  const language = enHits > deHits && enHits >= esHits ? 'en' : esHits > deHits && esHits > enHits ? 'es' : 'de';
  // An English or Spanish question is read in its source forms: their facts where the German folding differs.
  if (facts && language !== 'de') {
    for (let i = 0; i < german.length; i += 1)
      if (german[i] !== source[i]) facts[i] = ((facts[i] as number) & StopList.de) | (table.get(source[i] as string) & ~StopList.de);
  }
  return language;
}
