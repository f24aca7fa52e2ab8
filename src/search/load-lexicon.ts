import { readFileSync } from 'node:fs';
import { createLexicon, type Lexicon } from './lexicon.ts';

const dataDir = new URL('./data/', import.meta.url);

/** Builds the lexicon from the data files shipped in src/search/data. */
export function loadLexicon(): Lexicon {
  return createLexicon({ thesaurus: readFileSync(new URL('thesaurus-de.txt', dataDir), 'utf8') });
}
