import { type Lexicon, StopList } from './search/language/lexicon.ts';
import { isGermanStopWord, isNounish, type QuestionReading } from './search/match/query.ts';

/**
 * The weights of the terms that may stand for a question word in some article. The matcher weighs
 * them itself once an article is chosen (src/search/match/query.ts); here they only order the articles.
 */
export const questionTermDefaults = Object.freeze({
  /** A compound's part (Militär of Militärparade) says less than the whole word. */
  partWeight: 0.6,
  /** A dictionary translation of an English or Spanish word (the matcher's translationWeight). */
  translationWeight: 0.85,
  /** Question words looked at, at most: a question of 500 characters has fewer content words. */
  maxWords: 32,
});

/** One content word of a question: the process-wide ids of the terms that may stand for it, and how well each does. */
export interface TermGroup {
  readonly ids: readonly number[];
  readonly weights: readonly number[];
}

/**
 * The question's content words as process-wide term ids (the lexicon's numbers, which article
 * indexes store): each word's stems and compound parts, its thesaurus synonyms, and for an English or
 * Spanish question the dictionary's German translations. Terms no article has are left out: they
 * have no number. For choosing which articles to rank, not for ranking (see {@link questionTermDefaults}).
 */
export function questionTerms(reading: QuestionReading, lexicon: Lexicon): TermGroup[] {
  const { tokens, sources, language } = reading;
  const groups: TermGroup[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < tokens.length && groups.length < questionTermDefaults.maxWords; i += 1) {
    const token = tokens[i];
    const source = sources[i] ?? '';
    if (token === undefined || seen.has(token.term)) continue;
    seen.add(token.term);
    const group = new Group(lexicon);
    if (language === 'de') {
      // As the matcher reads stop words.
      if (isGermanStopWord(reading, i)) continue;
      offerWord(group, token.term, isNounish(reading, token), lexicon);
    } else {
      if (((reading.facts[i] as number) & StopList[language]) !== 0) continue;
      for (const stem of lexicon.dictionary(language).translate(source)) group.offer(stem, questionTermDefaults.translationWeight);
      // Names and many loan words are spelt alike (China, Díaz-Canel).
      for (const stem of lexicon.word(token.term, true).stems) group.offer(stem, 1);
    }
    if (group.ids.length > 0) groups.push(group);
  }
  return groups;
}

/** A German word's stems, compound parts and synonyms. */
function offerWord(group: Group, word: string, nounish: boolean, lexicon: Lexicon): void {
  const info = lexicon.word(word, nounish);
  for (const stem of info.stems) group.offer(stem, 1);
  for (const part of info.parts ?? []) group.offer(part, questionTermDefaults.partWeight);
  for (const stem of info.stems) {
    const sets = lexicon.synonymSetsOf(stem);
    const weight = lexicon.synonymWeight(sets.length);
    for (const set of sets) for (const member of lexicon.synonymSet(set)) group.offer(member, weight);
  }
}

/** Collects a word's terms, each at its best weight. */
class Group implements TermGroup {
  readonly ids: number[] = [];
  readonly weights: number[] = [];
  readonly #lexicon: Lexicon;
  constructor(lexicon: Lexicon) {
    this.#lexicon = lexicon;
  }
  offer(term: string, weight: number): void {
    const id = this.#lexicon.knownTermId(term);
    if (id === undefined) return;
    const at = this.ids.indexOf(id);
    if (at < 0) {
      this.ids.push(id);
      this.weights.push(weight);
    } else if ((this.weights[at] ?? 0) < weight) this.weights[at] = weight;
  }
}
