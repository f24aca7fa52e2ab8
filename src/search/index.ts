import type { Article, Unit } from '../corpus/types.ts';
import { analyzeText, type AnalyzedToken } from './analyze.ts';
import type { Lexicon } from './lexicon.ts';
import { sentenceTypes } from './answer-type.ts';
import { createFuzzyVocabulary, type FuzzyVocabulary } from './fuzzy.ts';
import type { Concept } from './query.ts';
import type { Scratch } from './rank.ts';
import { splitSentences } from './sentences.ts';

/** A sentence: its unit, its offsets in the unit's text, and the answer types it can give. */
export interface IndexedSentence {
  readonly unit: number;
  readonly start: number;
  readonly end: number;
  readonly types: number;
  /** Content words in the sentence, relative to the article's average (length normalization). */
  readonly relativeLength: number;
  /** Its content words: the first one's number in the article's word list, and how many. */
  readonly firstWord: number;
  readonly wordCount: number;
}

/** A unit with what ranking needs, computed once at load. */
export interface IndexedUnit {
  readonly unit: Unit;
  /** For an FAQ entry: its question's terms (by id) with their inverse unit frequency (how much each tells). */
  readonly questionTerms: readonly { readonly id: number; readonly idf: number }[];
}

/** Where a term occurs: units whose text has it, units whose heading only has it, and sentences. */
export interface Posting {
  /** The term's number in this article (0 … termCount − 1), for per-question tables. */
  readonly id: number;
  readonly units: readonly number[];
  readonly headingUnits: readonly number[];
  readonly sentences: readonly number[];
}

/** Everything the matcher knows about one article, built once when it is loaded. */
export interface ArticleIndex {
  readonly article: Article;
  readonly units: readonly IndexedUnit[];
  readonly sentences: readonly IndexedSentence[];
  /** Content words in the longest sentence (scratch space for proximity). */
  readonly longestSentence: number;
  /** Distinct terms of the article (posting ids run from 0 to this). */
  readonly termCount: number;
  /** The article's content words in order, as term ids: word w's terms are wordTerms[wordOffsets[w] … wordOffsets[w + 1]). */
  readonly wordTerms: Int32Array;
  readonly wordOffsets: Int32Array;
  /** Each unit's sentences: the first index in `sentences` and how many. */
  readonly unitSentences: readonly { readonly first: number; readonly count: number }[];
  readonly postings: ReadonlyMap<string, Posting>;
  /** Inverse unit frequency (BM25's idf) of a term; absent terms get the highest. */
  idf(term: string): number;
  /** Folded surface word → its stem, for the words fuse.js may match a typo to. */
  readonly vocabulary: ReadonlyMap<string, string>;
  readonly fuzzy: FuzzyVocabulary;
  /**
   * What each question word stands for in this article (its concept), remembered: readers' words
   * repeat, the article does not change. Bounded; `forget()` empties it (and the typo look-ups).
   */
  readonly concepts: Map<string, Concept>;
  forget(): void;
  /** Working space the ranker reuses from question to question (one thread: one question at a time). */
  readonly scratch: { rank: Scratch | undefined };
}

/** Words whose concepts an index remembers; past this the memory starts afresh. */
export const rememberedConcepts = 5_000;

interface PostingBuilder {
  id: number;
  units: Set<number>;
  headingUnits: Set<number>;
  sentences: number[];
}

/** Indexes an article: postings of its terms, sentence spans and types, the typo vocabulary. */
export function indexArticle(article: Article, lexicon: Lexicon): ArticleIndex {
  const builders = new Map<string, PostingBuilder>();
  const vocabulary = new Map<string, string>();
  const sentences: IndexedSentence[] = [];
  const posting = (term: string): PostingBuilder => {
    let p = builders.get(term);
    if (!p) {
      p = { id: builders.size, units: new Set(), headingUnits: new Set(), sentences: [] };
      builders.set(term, p);
    }
    return p;
  };
  const isKnownWord = (folded: string): boolean => lexicon.isKnownStem(lexicon.word(folded, true).stems[0] ?? folded);

  const headings: AnalyzedToken[][] = [];
  const wordTerms: number[] = [];
  const wordOffsets: number[] = [0];
  const unitSentences: { first: number; count: number }[] = [];
  article.units.forEach((unit, u) => {
    const tokens = analyzeText(unit.text, lexicon);
    const first = sentences.length;
    for (const token of tokens) {
      if (token.terms.length === 0) continue;
      vocabulary.set(token.term, token.terms[0] ?? token.term);
      for (const term of token.terms) posting(term).units.add(u);
    }
    let next = 0;
    for (const span of splitSentences(unit.text)) {
      // Tokens and sentences are both in text order: one pass assigns each token to its sentence.
      while (next < tokens.length && (tokens[next]?.start ?? 0) < span.start) next += 1;
      const from = next;
      while (next < tokens.length && (tokens[next]?.end ?? 0) <= span.end) next += 1;
      const inside = tokens.slice(from, next);
      const s = sentences.length;
      const seen = new Set<string>();
      for (const token of inside) for (const term of token.terms) if (!seen.has(term)) {
        seen.add(term);
        posting(term).sentences.push(s);
      }
      const local = inside.map((t) => ({ ...t, start: t.start - span.start, end: t.end - span.start }));
      const firstWord = wordOffsets.length - 1;
      for (const token of inside) {
        if (token.terms.length === 0) continue;
        for (const term of token.terms) wordTerms.push(posting(term).id);
        wordOffsets.push(wordTerms.length);
      }
      const wordCount = wordOffsets.length - 1 - firstWord;
      const types = sentenceTypes(local, unit.text.slice(span.start, span.end), isKnownWord);
      sentences.push({ unit: u, start: span.start, end: span.end, types, relativeLength: wordCount, firstWord, wordCount });
    }
    unitSentences.push({ first, count: sentences.length - first });
    const heading = analyzeText(unit.heading, lexicon);
    headings.push(heading);
    for (const token of heading) {
      if (token.terms.length === 0) continue;
      vocabulary.set(token.term, token.terms[0] ?? token.term);
      for (const term of token.terms) {
        const p = posting(term);
        if (!p.units.has(u)) p.headingUnits.add(u);
      }
    }
  });

  // Lengths relative to the article's average sentence.
  const averageWords = sentences.reduce((sum, s) => sum + s.relativeLength, 0) / Math.max(1, sentences.length);
  const normalized = sentences.map((s) => ({ ...s, relativeLength: s.relativeLength / Math.max(1, averageWords) }));
  const postings = new Map<string, Posting>();
  for (const [term, p] of builders) postings.set(term, { id: p.id, units: [...p.units], headingUnits: [...p.headingUnits], sentences: p.sentences });
  const n = article.units.length;
  const idf = (term: string): number => {
    const p = postings.get(term);
    const df = p ? p.units.length + p.headingUnits.length : 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  };
  const units = article.units.map((unit, u): IndexedUnit => {
    if (unit.kind !== 'faq') return { unit, questionTerms: [] };
    const terms = new Set((headings[u] ?? []).flatMap((t) => t.terms));
    return { unit, questionTerms: [...terms].map((term) => ({ id: builders.get(term)?.id ?? -1, idf: idf(term) })) };
  });
  const fuzzy = createFuzzyVocabulary(vocabulary.keys());
  const concepts = new Map<string, Concept>();
  const forget = (): void => {
    concepts.clear();
    fuzzy.forget();
  };
  const longestSentence = normalized.reduce((max, x) => Math.max(max, x.wordCount), 0);
  return {
    article,
    units,
    sentences: normalized,
    longestSentence,
    termCount: builders.size,
    wordTerms: Int32Array.from(wordTerms),
    wordOffsets: Int32Array.from(wordOffsets),
    unitSentences, postings, idf, vocabulary, fuzzy, concepts, forget, scratch: { rank: undefined } };
}
