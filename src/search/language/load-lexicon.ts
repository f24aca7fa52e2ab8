import { readFileSync } from 'node:fs';
import { createLexicon, type Lexicon } from './lexicon.ts';

const dataDir = new URL('./data/', import.meta.url);

/** Builds the lexicon from the data files shipped in src/search/language/data. */
export function loadLexicon(): Lexicon {
  const read = (name: string) => (): string => readFileSync(new URL(name, dataDir), 'utf8');
  return createLexicon({
    thesaurus: read('thesaurus-de.txt')(),
    verbs: read('strong-verbs-de.txt')(),
    places: read('places-de.txt')(),
    dictionaries: { en: read('en-de.txt'), es: read('es-de.txt') },
  });
}
