import type { Article, Unit } from '../corpus/types.ts';
import { analyzeText } from './analyze.ts';
import { createFuzzyVocabulary, type FuzzyVocabulary } from './fuzzy.ts';
import type { Lexicon } from './lexicon.ts';
import { splitSentences } from './sentences.ts';
import { stemGerman } from './stem.ts';

/** A sentence of a unit: offsets into the unit's text and the terms it contains. */
export interface IndexedSentence {
  readonly start: number;
  readonly end: number;
  readonly terms: ReadonlySet<string>;
}

/** A unit with what ranking needs, computed once at load. */
export interface IndexedUnit {
  readonly unit: Unit;
  /** Term → occurrences in the text (compound parts count as terms). */
  readonly textTerms: ReadonlyMap<string, number>;
  /** Terms of the heading (a paragraph's section heading, or the FAQ question). */
  readonly headingTerms: ReadonlySet<string>;
  /** Number of term occurrences in the text, for length normalization. */
  readonly length: number;
  readonly sentences: readonly IndexedSentence[];
}

/** Everything the matcher knows about one article, built once when it is loaded. */
export interface ArticleIndex {
  readonly article: Article;
  readonly units: readonly IndexedUnit[];
  /** Term → number of units whose text or heading contains it. */
  readonly unitFrequency: ReadonlyMap<string, number>;
  readonly averageLength: number;
  /** Folded surface word → its stem, for words fuse.js may match a typo to. */
  readonly vocabulary: ReadonlyMap<string, string>;
  readonly fuzzy: FuzzyVocabulary;
}

/** Indexes an article for {@link rank}: terms, sentence spans and the typo vocabulary. */
export function indexArticle(article: Article, lexicon: Lexicon): ArticleIndex {
  const vocabulary = new Map<string, string>();
  const unitFrequency = new Map<string, number>();
  const units = article.units.map((unit) => indexUnit(unit, lexicon, vocabulary));
  for (const indexed of units) {
    const seen = new Set<string>([...indexed.textTerms.keys(), ...indexed.headingTerms]);
    for (const term of seen) unitFrequency.set(term, (unitFrequency.get(term) ?? 0) + 1);
  }
  const averageLength = units.reduce((sum, u) => sum + u.length, 0) / Math.max(1, units.length);
  return { article, units, unitFrequency, averageLength, vocabulary, fuzzy: createFuzzyVocabulary(vocabulary.keys()) };
}

function indexUnit(unit: Unit, lexicon: Lexicon, vocabulary: Map<string, string>): IndexedUnit {
  const tokens = analyzeText(unit.text, lexicon);
  const textTerms = new Map<string, number>();
  let length = 0;
  for (const token of tokens) {
    if (token.terms.length === 0) continue;
    vocabulary.set(token.term, stemGerman(token.term));
    length += 1;
    for (const term of token.terms) textTerms.set(term, (textTerms.get(term) ?? 0) + 1);
  }
  const headingTerms = new Set<string>();
  for (const token of analyzeText(unit.heading, lexicon)) {
    if (token.terms.length > 0) vocabulary.set(token.term, stemGerman(token.term));
    for (const term of token.terms) headingTerms.add(term);
  }
  const sentences = splitSentences(unit.text).map(({ start, end }) => {
    const terms = new Set<string>();
    for (const token of tokens) if (token.start >= start && token.end <= end) for (const term of token.terms) terms.add(term);
    return { start, end, terms };
  });
  return { unit, textTerms, headingTerms, length, sentences };
}
