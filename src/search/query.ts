import { splitCompound } from './compound.ts';
import type { ArticleIndex } from './index.ts';
import { detectLanguage, type Lexicon, type QueryLanguage } from './lexicon.ts';
import { tokenize } from './normalize.ts';
import { separablePrefixes, stemVariants } from './stem.ts';

export const queryDefaults = Object.freeze({
  /** How much a thesaurus synonym counts compared with the word itself. */
  synonymWeight: 0.8,
  /** How much a compound part found in the article counts, when the article lacks the compound whole. */
  compoundPartWeight: 0.9,
  /** Verbs, adjectives and adverbs (lower-case in German) tell less about the topic than nouns. */
  nonNounFactor: 0.6,
  /** A word in many synonym sets has many senses: each synonym counts less (weight × √(2 / sets)). */
  ambiguousSets: 2,
});

/** One term of the article that stands for a word of the question, and how well (0..1]. */
export interface Alternative {
  readonly term: string;
  readonly weight: number;
}

/** A content word of the question and the article terms that can stand for it. */
export interface Concept {
  readonly word: string;
  readonly alternatives: readonly Alternative[];
  /** For a compound the article lacks whole: its parts, modifier(s) first, head last. */
  readonly parts: readonly Concept[];
  /** How much the word tells: the inverse unit frequency of its best term (unknown words: of the rarest). */
  readonly weight: number;
}

/** A question as the ranker sees it. */
export interface AnalyzedQuestion {
  readonly language: QueryLanguage;
  readonly concepts: readonly Concept[];
}

/** BM25's inverse document frequency over the article's units. */
export function inverseFrequency(index: ArticleIndex, term: string): number {
  const n = index.units.length;
  const df = index.unitFrequency.get(term) ?? 0;
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** Turns a question into concepts against one article's index. */
export function analyzeQuestion(question: string, index: ArticleIndex, lexicon: Lexicon): AnalyzedQuestion {
  const tokens = tokenize(question);
  const language = detectLanguage(tokens.map((t) => t.term), lexicon);
  const stop = lexicon.stopwords[language];
  // A question typed all in lower case says nothing about which words are nouns.
  const cased = /\p{Lu}/u.test(question);
  const particle = language === 'de' ? finalParticle(tokens.map((t) => t.term)) : undefined;
  const seen = new Set<string>();
  const concepts: Concept[] = [];
  for (const token of tokens) {
    let word = token.term;
    const first = question[token.start] ?? '';
    const nounish = !cased || first !== first.toLowerCase() || /\d/.test(first);
    // "Wie wirkt sich … aus?": the verb is "auswirken"; join the particle to a verb that then exists.
    if (particle !== undefined && !nounish && isKnownWord(particle + word, index, lexicon)) word = particle + word;
    else if (stop.has(word) || lexicon.stopwords.de.has(word)) continue;
    if (seen.has(word)) continue;
    seen.add(word);
    concepts.push(conceptOf(word, nounish, index, lexicon));
  }
  return { language, concepts };
}

/** The separable-verb particle closing a German question ("… nimmt … teil?"), if any. */
function finalParticle(words: readonly string[]): string | undefined {
  const last = words.at(-1);
  return last !== undefined && words.length > 2 && separablePrefixes.has(last) ? last : undefined;
}

function isKnownWord(word: string, index: ArticleIndex, lexicon: Lexicon): boolean {
  return stemVariants(word).some((stem) => index.unitFrequency.has(stem) || lexicon.isKnownStem(stem));
}

function collector(index: ArticleIndex): { offer(term: string, weight: number): void; list(): Alternative[] } {
  const alternatives = new Map<string, number>();
  return {
    offer(term, weight) {
      if (index.unitFrequency.has(term) && weight > (alternatives.get(term) ?? 0)) alternatives.set(term, weight);
    },
    list: () => [...alternatives].map(([term, weight]) => ({ term, weight })),
  };
}

function conceptOf(word: string, nounish: boolean, index: ArticleIndex, lexicon: Lexicon): Concept {
  const factor = nounish ? 1 : queryDefaults.nonNounFactor;
  const stems = stemVariants(word);
  const alternatives = collector(index);
  for (const stem of stems) alternatives.offer(stem, 1);
  let found = alternatives.list();
  if (found.length > 0) return makeConcept(word, found, [], index, factor);
  for (const match of index.fuzzy.lookup(word)) alternatives.offer(index.vocabulary.get(match.word) ?? match.word, match.similarity);
  for (const stem of stems) offerSynonyms(stem, queryDefaults.synonymWeight, alternatives, lexicon);
  found = alternatives.list();
  const parts = (splitCompound(word, lexicon.isKnownStem) ?? []).map((part) => partConcept(part, index, lexicon));
  return makeConcept(word, found, parts, index, factor);
}

function partConcept(stem: string, index: ArticleIndex, lexicon: Lexicon): Concept {
  const alternatives = collector(index);
  alternatives.offer(stem, queryDefaults.compoundPartWeight);
  offerSynonyms(stem, queryDefaults.synonymWeight * queryDefaults.compoundPartWeight, alternatives, lexicon);
  return makeConcept(stem, alternatives.list(), [], index, 1);
}

function offerSynonyms(stem: string, weight: number, alternatives: ReturnType<typeof collector>, lexicon: Lexicon): void {
  const sets = lexicon.synonymsOf(stem);
  const ambiguity = Math.sqrt(Math.min(1, queryDefaults.ambiguousSets / sets.length));
  for (const set of sets) for (const term of set) alternatives.offer(term, weight * ambiguity);
}

/**
 * The concept's weight: for the word itself (any of its exact forms), the idf of its commonest form,
 * since "Kubas" means Kuba; else the idf of its rarest stand-in; for a compound known only by its
 * parts, theirs with the head's share; for a word the article lacks, the idf of the rarest term.
 */
function makeConcept(word: string, alternatives: Alternative[], parts: Concept[], index: ArticleIndex, factor: number): Concept {
  let weight = inverseFrequency(index, '\u0000rarest');
  const exact = alternatives.filter((a) => a.weight === 1);
  if (exact.length > 0) weight = Math.min(...exact.map((a) => inverseFrequency(index, a.term)));
  else if (alternatives.length > 0) weight = Math.max(...alternatives.map((a) => inverseFrequency(index, a.term)));
  else if (parts.length > 0) weight = compoundMean(parts.map((p) => p.weight));
  return { word, alternatives, parts, weight: weight * factor };
}

/** Share of a compound's meaning carried by its last part, the head (Verteidigungs-haushalt is a budget). */
export const compoundHeadShare = 0.65;

/** Mean of per-part values with the head (last) part weighted {@link compoundHeadShare}. */
export function compoundMean(values: readonly number[]): number {
  if (values.length === 1) return values[0] ?? 0;
  const modifierShare = (1 - compoundHeadShare) / (values.length - 1);
  return values.reduce((sum, v, i) => sum + v * (i === values.length - 1 ? compoundHeadShare : modifierShare), 0);
}
