import { AnswerType } from './answer-type.ts';
import type { ArticleIndex, IndexedSentence, IndexedUnit } from './index.ts';
import { compoundHeadShare, type AnalyzedQuestion, type Concept } from './query.ts';

export const rankDefaults = Object.freeze({
  /** A paragraph's section heading counts this much of its text; an FAQ question counts fully. */
  paragraphHeadingFactor: 0.5,
  /** Paragraphs before the first heading stand under the title, which is about every paragraph. */
  titleHeadingFactor: 0.25,
  /** Share of the rank score given to the best single sentence's coverage. */
  sentenceShare: 0.5,
  /** Added to a sentence's rank score when it can give the kind of answer asked for (a time for "Wann"). */
  answerTypeBonus: 0.2,
  /** Confidence is multiplied by this when the quoted sentence cannot give the kind of answer asked for. */
  answerTypeMissing: 0.8,
  /**
   * Confidence is multiplied by this when a question asking for a number ("Wie viele Soldaten …?")
   * is quoted a sentence without that number's noun itself (Soldaten, not a loose synonym): the
   * article may have numbers, but not this one.
   */
  focusMissing: 0.5,
  /** Added for the question's words standing close together in the quoted sentence (1: side by side). */
  proximityWeight: 0.15,
  /** Candidates (best first) whose quoted sentence is checked for proximity. */
  proximityCandidates: 5,
  /** How much a long sentence's coverage is discounted (BM25's b, over sentences). */
  sentenceLengthWeight: 0.25,
  /**
   * Weight of how much of an FAQ question the reader's question restates (its words, synonyms,
   * typos): a reader asking the FAQ's question in other words wants that FAQ's answer.
   */
  faqQuestionShare: 0.4,
  /** Answers below this confidence are not given (the question is not answered by the article). */
  minConfidence: 0.2,
});

/** A unit that answers the question, with the sentence to quote. */
export interface RankedUnit {
  readonly unit: IndexedUnit;
  /** Confidence in [0, 1]: the share of the question's information the unit contains. */
  readonly confidence: number;
  readonly quoteStart: number;
  readonly quoteEnd: number;
}

/** Where each concept (and each compound part) of the question has its slot in the score tables. */
interface Slots {
  readonly count: number;
  readonly concept: readonly number[];
  readonly parts: readonly (readonly number[])[];
}

function assignSlots(concepts: readonly Concept[]): Slots {
  let count = 0;
  const concept: number[] = [];
  const parts: number[][] = [];
  for (const c of concepts) {
    concept.push(count++);
    parts.push(c.parts.map(() => count++));
  }
  return { count, concept, parts };
}

/** Raises the slot's weight in each row; notes rows touched for the first time in `touched`. */
function fill(table: Float64Array, rows: readonly number[], width: number, slot: number, weight: number, seen: Uint8Array, touched: number[]): void {
  for (let k = 0; k < rows.length; k += 1) {
    const row = rows[k] as number;
    const i = row * width + slot;
    if (weight > (table[i] ?? 0)) table[i] = weight;
    if (seen[row] === 0) {
      seen[row] = 1;
      touched.push(row);
    }
  }
}

function slotQuality(table: Float64Array, row: number, extra: Float64Array | undefined, extraRow: number, extraFactor: number, width: number, slot: number): number {
  const own = table[row * width + slot] ?? 0;
  if (!extra) return own;
  const more = (extra[extraRow * width + slot] ?? 0) * extraFactor;
  return own > more ? own : more;
}

/**
 * The share of the question's weight a row of the tables covers. A concept is covered by its best
 * stand-in, or by its compound parts (the head weighing most); `extra` is a second table (a unit's
 * heading, or an FAQ's question for each of its sentences) counted with `extraFactor`.
 * (Plain loops: this runs for every unit and sentence of every question.)
 */
function coverage(question: AnalyzedQuestion, slots: Slots, table: Float64Array, row: number, extra: Float64Array | undefined, extraRow: number, extraFactor: number): number {
  let total = 0;
  let covered = 0;
  const { concepts } = question;
  const width = slots.count;
  for (let c = 0; c < concepts.length; c += 1) {
    const concept = concepts[c] as Concept;
    total += concept.weight;
    let quality = slotQuality(table, row, extra, extraRow, extraFactor, width, slots.concept[c] ?? 0);
    const parts = slots.parts[c] ?? [];
    if (parts.length > 0) {
      let partsQuality = 0;
      const modifierShare = parts.length === 1 ? 0 : (1 - compoundHeadShare) / (parts.length - 1);
      for (let p = 0; p < parts.length; p += 1) {
        const share = parts.length === 1 ? 1 : p === parts.length - 1 ? compoundHeadShare : modifierShare;
        partsQuality += share * slotQuality(table, row, extra, extraRow, extraFactor, width, parts[p] ?? 0);
      }
      if (partsQuality > quality) quality = partsQuality;
    }
    covered += concept.weight * quality;
  }
  return total === 0 ? 0 : covered / total;
}

/** Best weight with which the question stands for each article term (over all concepts and parts). */
function termWeights(question: AnalyzedQuestion): Map<string, number> {
  const weights = new Map<string, number>();
  const add = (concept: Concept): void => {
    for (const alt of concept.alternatives) if (alt.weight > (weights.get(alt.term) ?? 0)) weights.set(alt.term, alt.weight);
    for (const part of concept.parts) add(part);
  };
  for (const concept of question.concepts) add(concept);
  return weights;
}

/** Share (by idf) of an FAQ question's terms that the reader's question stands for. */
function restatement(unit: IndexedUnit, weights: ReadonlyMap<string, number>): number {
  let total = 0;
  let covered = 0;
  for (const { term, idf } of unit.questionTerms) {
    total += idf;
    covered += idf * (weights.get(term) ?? 0);
  }
  return total === 0 ? 0 : covered / total;
}

/** Which concepts (by index) each article term stands for, compound parts counting for their compound. */
function conceptIndexOfTerms(question: AnalyzedQuestion): Map<string, number[]> {
  const map = new Map<string, number[]>();
  const add = (term: string, c: number): void => {
    const list = map.get(term);
    if (!list) map.set(term, [c]);
    else if (!list.includes(c)) list.push(c);
  };
  question.concepts.forEach((concept, c) => {
    for (const alt of concept.alternatives) add(alt.term, c);
    for (const part of concept.parts) for (const alt of part.alternatives) add(alt.term, c);
  });
  return map;
}

/**
 * How closely the question's matched words stand in a sentence: matched concepts over the length of
 * the shortest run of words holding one of each (1 when side by side), 0 for fewer than two.
 */
export function proximity(words: readonly (readonly string[])[], conceptsOfTerm: ReadonlyMap<string, readonly number[]>, conceptCount: number): number {
  const hits: [number, number][] = [];
  for (let i = 0; i < words.length; i += 1) {
    for (const term of words[i] ?? []) for (const c of conceptsOfTerm.get(term) ?? []) hits.push([i, c]);
  }
  const matched = new Set(hits.map(([, c]) => c)).size;
  if (matched < 2) return 0;
  const counts = new Int32Array(conceptCount);
  let inWindow = 0;
  let shortest = Number.POSITIVE_INFINITY;
  let left = 0;
  for (const [position, concept] of hits) {
    if ((counts[concept] = (counts[concept] ?? 0) + 1) === 1) inWindow += 1;
    while (inWindow === matched) {
      const [leftPosition, leftConcept] = hits[left] as [number, number];
      shortest = Math.min(shortest, position - leftPosition + 1);
      if ((counts[leftConcept] = (counts[leftConcept] ?? 0) - 1) === 0) inWindow -= 1;
      left += 1;
    }
  }
  return matched / shortest;
}

/** Whether the sentence names the question's first noun itself (or its compound's head). */
function hasFocus(question: AnalyzedQuestion, index: ArticleIndex, sentence: number): boolean {
  const focus = question.concepts.find((c) => c.noun);
  if (!focus) return true;
  const names = (concept: Concept): boolean =>
    concept.alternatives.some((alt) => alt.strong && (index.postings.get(alt.term)?.sentences.includes(sentence) ?? false));
  const head = focus.parts.at(-1);
  return names(focus) || (head !== undefined && names(head));
}

/** Ranks the article's units for the question, best first, leaving out those below the threshold. */
export function rank(question: AnalyzedQuestion, index: ArticleIndex, limit: number, minConfidence = rankDefaults.minConfidence): RankedUnit[] {
  if (question.concepts.length === 0) return [];
  const slots = assignSlots(question.concepts);
  const width = slots.count;
  const unitText = new Float64Array(index.units.length * width);
  const unitHeading = new Float64Array(index.units.length * width);
  const sentenceText = new Float64Array(index.sentences.length * width);
  // Only units and sentences holding some stand-in of the question are scored; the rest cover nothing.
  const unitSeen = new Uint8Array(index.units.length);
  const sentenceSeen = new Uint8Array(index.sentences.length);
  const units: number[] = [];
  const sentences: number[] = [];
  const mark = (concept: Concept, slot: number): void => {
    for (const alt of concept.alternatives) {
      const posting = index.postings.get(alt.term);
      if (!posting) continue;
      fill(unitText, posting.units, width, slot, alt.weight, unitSeen, units);
      fill(unitHeading, posting.headingUnits, width, slot, alt.weight, unitSeen, units);
      fill(sentenceText, posting.sentences, width, slot, alt.weight, sentenceSeen, sentences);
    }
  };
  question.concepts.forEach((concept, c) => {
    mark(concept, slots.concept[c] ?? 0);
    concept.parts.forEach((part, p) => mark(part, slots.parts[c]?.[p] ?? 0));
  });

  const weights = termWeights(question);
  const bestScore = new Float64Array(index.units.length).fill(-1);
  const bestSentence = new Int32Array(index.units.length).fill(-1);
  // FAQ questions count with their answers' sentences: those sentences are scored too.
  for (const u of units) {
    if (index.units[u]?.unit.kind !== 'faq') continue;
    const { first, count } = index.unitSentences[u] ?? { first: 0, count: 0 };
    for (let s = first; s < first + count; s += 1) if (sentenceSeen[s] === 0) {
      sentenceSeen[s] = 1;
      sentences.push(s);
    }
  }
  for (const s of sentences) {
    const sentence = index.sentences[s] as IndexedSentence;
    const isFaq = index.units[sentence.unit]?.unit.kind === 'faq';
    // An FAQ answer's sentences all answer its question: the question counts with each of them.
    const fits = (sentence.types & question.types) !== 0 ? rankDefaults.answerTypeBonus : 0;
    const norm = 1 - rankDefaults.sentenceLengthWeight + rankDefaults.sentenceLengthWeight * sentence.relativeLength;
    const score = coverage(question, slots, sentenceText, s, isFaq ? unitHeading : undefined, sentence.unit, 1) / norm + fits;
    if (score > (bestScore[sentence.unit] ?? -1)) {
      bestScore[sentence.unit] = score;
      bestSentence[sentence.unit] = s;
    }
  }

  const scored = units.map((u) => {
    const unit = index.units[u] as IndexedUnit;
    const factor = unit.unit.kind === 'faq' ? 1 : unit.unit.heading === index.article.title ? rankDefaults.titleHeadingFactor : rankDefaults.paragraphHeadingFactor;
    const sentence = index.sentences[bestSentence[u] ?? -1];
    const fitsType = question.types === 0 || (sentence !== undefined && (sentence.types & question.types) !== 0);
    const focused = (question.types & AnswerType.number) === 0 || (sentence !== undefined && hasFocus(question, index, bestSentence[u] ?? -1));
    const confidence =
      coverage(question, slots, unitText, u, unitHeading, u, factor) * (fitsType ? 1 : rankDefaults.answerTypeMissing) * (focused ? 1 : rankDefaults.focusMissing);
    const restated = unit.unit.kind === 'faq' ? restatement(unit, weights) : 0;
    const score = (1 - rankDefaults.sentenceShare) * confidence + rankDefaults.sentenceShare * (bestScore[u] ?? 0) + rankDefaults.faqQuestionShare * restated * confidence;
    return { unit, confidence, score, sentence: bestSentence[u] ?? -1, quoteStart: sentence?.start ?? 0, quoteEnd: sentence?.end ?? unit.unit.text.length };
  });
  scored.sort((a, b) => b.score - a.score);
  const conceptsOfTerm = conceptIndexOfTerms(question);
  for (const candidate of scored.slice(0, rankDefaults.proximityCandidates)) {
    const sentence = index.sentences[candidate.sentence];
    if (sentence) candidate.score += rankDefaults.proximityWeight * proximity(sentence.words, conceptsOfTerm, question.concepts.length);
  }
  scored.sort((a, b) => b.score - a.score);
  // The best answer decides whether the article answers at all; the others must clear the bar too.
  if ((scored[0]?.confidence ?? 0) < minConfidence) return [];
  return scored.filter((s) => s.confidence >= minConfidence).slice(0, limit);
}
