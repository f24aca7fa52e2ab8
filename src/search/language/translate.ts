import { stemmer as englishStemmer } from '@orama/stemmers/english';
import { stemmer as spanishStemmer } from '@orama/stemmers/spanish';
import { isAscii } from './normalize.ts';

/**
 * Folds an English or Spanish word the way the bilingual dictionaries are keyed: lower case,
 * accents dropped (Pekín → pekin, días → dias).
 */
export function foldSource(text: string): string {
  const lower = text.toLowerCase();
  if (isAscii(lower)) return lower;
  // Latin letters folded by the table (the same: decomposed, marks dropped, letter by letter);
  // anything else, a combining mark too, by Unicode.
  let folded = '';
  for (let i = 0; i < lower.length; i += 1) {
    const code = lower.charCodeAt(i);
    if (code >= latinFolds.length) return lower.normalize('NFD').replace(combiningMarks, '');
    folded += latinFolds[code] as string;
  }
  return folded;
}

const combiningMarks = /\p{M}+/gu;

/**
 * Each character below U+0250 (ASCII and the Latin letters: umlauts, accents) decomposed with its
 * marks dropped, computed once: folding a German question's words (Verhältnis, für) needs no
 * Unicode normalization per word.
 */
const latinFolds: readonly string[] = Array.from({ length: 0x250 }, (_, code) => String.fromCharCode(code).normalize('NFD').replace(combiningMarks, ''));

/** Source-language word (or two-word name) → German stems, from a dictionary file's text. */
export interface Dictionary {
  /** German stems for a folded word or two-word name; inflected forms fall back to their stem. */
  translate(word: string): readonly string[];
  /** Whether the folded word is a headword (not only an inflected form of one). */
  has(word: string): boolean;
}

/**
 * A Spanish verb in the preterite's third person, known by its written accent (duró, cambió, comió,
 * vivió), as the infinitive the dictionary has (durar, cambiar, comer, vivir). Folded, it is often
 * another word: duro (hard), paso (step), tomo (volume).
 */
export function spanishPreteriteInfinitive(written: string, dictionary: Dictionary): string | undefined {
  const lower = written.toLowerCase();
  if (lower.length < 4 || !lower.endsWith('ó')) return undefined;
  const base = foldSource(lower.slice(0, -1));
  const candidates = [`${base}ar`];
  if (base.endsWith('i')) candidates.push(`${base.slice(0, -1)}er`, `${base.slice(0, -1)}ir`);
  return candidates.find((infinitive) => dictionary.has(infinitive));
}

const stemmers = { en: englishStemmer, es: spanishStemmer } as const;
const none: readonly string[] = Object.freeze([]);
const maxRemembered = 50_000;

/** Parses a dictionary (lines "source\tstem|stem"); `language` picks the stemmer for inflected look-ups. */
export function parseDictionary(text: string, language: keyof typeof stemmers): Dictionary {
  const stem = stemmers[language];
  const byWord = new Map<string, readonly string[]>();
  const byStem = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab <= 0) continue;
    const word = line.slice(0, tab);
    const stems = line.slice(tab + 1).split('|');
    byWord.set(word, stems);
    if (word.includes(' ')) continue;
    const key = stem(word);
    const merged = byStem.get(key);
    if (!merged) byStem.set(key, [...stems]);
    else for (const s of stems) if (!merged.includes(s)) merged.push(s);
  }
  // Inflected look-ups stem the word; remember them (bounded) like the lexicon remembers words.
  const inflected = new Map<string, readonly string[]>();
  return {
    has: (word) => byWord.has(word),
    translate(word) {
      const direct = byWord.get(word);
      if (direct) return direct;
      if (word.includes(' ')) return none;
      let found = inflected.get(word);
      if (!found) {
        found = byStem.get(stem(word)) ?? none;
        if (inflected.size >= maxRemembered) inflected.clear();
        inflected.set(word, found);
      }
      return found;
    },
  };
}
