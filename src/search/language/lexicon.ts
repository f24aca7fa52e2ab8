import { createAnalyzer, type WordAnalysis } from './analyzer.ts';
import type { QueryLanguage } from './languages.ts';
import { createResources, type LexiconData, type LexiconResources } from './resources.ts';

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

/** Guesses the language of a question from its stop words (German when in doubt). */
export function detectLanguage(german: readonly string[], source: readonly string[], lexicon: Pick<Lexicon, 'stopwords'>): QueryLanguage {
  const { de, en, es } = lexicon.stopwords;
  let deHits = 0;
  let enHits = 0;
  let esHits = 0;
  for (let i = 0; i < german.length; i += 1) {
    if (de.has(german[i] as string)) deHits += 1;
    const word = source[i] as string;
    if (en.has(word)) enHits += 1;
    if (es.has(word)) esHits += 1;
  }
  if (enHits > deHits && enHits >= esHits) return 'en';
  if (esHits > deHits && esHits > enHits) return 'es';
  return 'de';
}
