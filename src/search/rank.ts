import type { ArticleIndex, IndexedUnit } from './index.ts';
import { compoundMean, type AnalyzedQuestion, type Concept } from './query.ts';

export const rankDefaults = Object.freeze({
  /** A paragraph's section heading counts this much of its text; an FAQ question counts fully. */
  paragraphHeadingFactor: 0.5,
  /** Share of the rank score given to the best single sentence's coverage. */
  sentenceShare: 0.35,
  /** Answers below this confidence are not given (the question is not answered by the article). */
  minConfidence: 0.45,
});

/** A unit that answers the question, with the sentence(s) to quote. */
export interface RankedUnit {
  readonly unit: IndexedUnit;
  /** Confidence in [0, 1]: the share of the question's information the unit contains. */
  readonly confidence: number;
  readonly quoteStart: number;
  readonly quoteEnd: number;
}

type TermSet = { has(term: string): boolean };

function conceptQuality(concept: Concept, text: TermSet, heading: TermSet | undefined, headingFactor: number): number {
  let best = 0;
  for (const alt of concept.alternatives) {
    const q = text.has(alt.term) ? alt.weight : heading?.has(alt.term) ? alt.weight * headingFactor : 0;
    if (q > best) best = q;
  }
  if (concept.parts.length > 0) {
    best = Math.max(best, compoundMean(concept.parts.map((part) => conceptQuality(part, text, heading, headingFactor))));
  }
  return best;
}

function coverage(question: AnalyzedQuestion, text: TermSet, heading: TermSet | undefined, headingFactor: number): number {
  let total = 0;
  let covered = 0;
  for (const concept of question.concepts) {
    total += concept.weight;
    covered += concept.weight * conceptQuality(concept, text, heading, headingFactor);
  }
  return total === 0 ? 0 : covered / total;
}

/** Ranks the article's units for the question, best first, leaving out those below the threshold. */
export function rank(question: AnalyzedQuestion, index: ArticleIndex, limit: number, minConfidence = rankDefaults.minConfidence): RankedUnit[] {
  if (question.concepts.length === 0) return [];
  const scored = index.units.map((unit) => {
    const factor = unit.unit.kind === 'faq' ? 1 : rankDefaults.paragraphHeadingFactor;
    const confidence = coverage(question, unit.textTerms, unit.headingTerms, factor);
    let best = unit.sentences[0];
    let bestCoverage = -1;
    // An FAQ answer's sentences all answer its question: the question counts with each of them.
    const context = unit.unit.kind === 'faq' ? unit.headingTerms : undefined;
    for (const sentence of unit.sentences) {
      const c = coverage(question, sentence.terms, context, 1);
      if (c > bestCoverage) {
        bestCoverage = c;
        best = sentence;
      }
    }
    const score = (1 - rankDefaults.sentenceShare) * confidence + rankDefaults.sentenceShare * bestCoverage;
    return { unit, confidence, score, quoteStart: best?.start ?? 0, quoteEnd: best?.end ?? unit.unit.text.length };
  });
  scored.sort((a, b) => b.score - a.score);
  return scored.filter((s) => s.confidence >= minConfidence).slice(0, limit);
}
