import { AnswerType } from './answer-type.ts';
import { popcount } from './bits.ts';
import type { ArticleIndex, IndexedSentence, IndexedUnit } from './index.ts';
import { type AnalyzedQuestion, type Concept, compoundHeadShare } from './query.ts';

export const rankDefaults = Object.freeze({
  /** A paragraph's section heading counts this much of its text; an FAQ question counts fully. */
  paragraphHeadingFactor: 0.5,
  /** An FAQ entry's question counts this much of its answer's text for the entry as a whole … */
  faqQuestionFactor: 1,
  /** … and this much with each of the answer's sentences (it is about all of them, none in particular). */
  faqQuestionInSentence: 0.75,
  /** Paragraphs before the first heading stand under the title, which is about every paragraph. */
  titleHeadingFactor: 0.25,
  /** Share of the rank score given to the best single sentence's coverage. */
  sentenceShare: 0.5,
  /** Added to a sentence's rank score when it can give the kind of answer asked for (a time for "Wann"). */
  answerTypeBonus: 0.3,
  /** Confidence is multiplied by this when the quoted sentence cannot give the kind of answer asked for. */
  answerTypeMissing: 0.5,
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
  /**
   * Once the best answer clears {@link minConfidence}, the article answers: the answers below it need
   * only this much (related passages, their lower scores saying so).
   */
  secondaryMinConfidence: 0.15,
});

/** A unit that answers the question, with the sentence to quote. */
export interface RankedUnit {
  readonly unit: IndexedUnit;
  /** Confidence in [0, 1]: the share of the question's information the unit contains. */
  readonly confidence: number;
  /** The ranking score (confidence with the best sentence's, restatement and proximity bonuses). */
  readonly score: number;
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

/** Numbers noted in order, in a typed array reused from question to question. */
class Touched {
  length = 0;
  readonly items: Int32Array;
  constructor(capacity: number) {
    this.items = new Int32Array(capacity);
  }
  push(value: number): void {
    this.items[this.length] = value;
    this.length += 1;
  }
  at(k: number): number {
    return this.items[k] as number;
  }
}

/** Raises the slot's weight in each row; notes rows touched for the first time in `touched`. */
function fill(table: Float64Array, rows: ArrayLike<number>, width: number, slot: number, weight: number, seen: Uint8Array, touched: Touched): void {
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

function slotQuality(
  table: Float64Array,
  row: number,
  extra: Float64Array | undefined,
  extraRow: number,
  extraFactor: number,
  width: number,
  slot: number,
): number {
  const own = table[row * width + slot] ?? 0;
  if (!extra) return own;
  const more = (extra[extraRow * width + slot] ?? 0) * extraFactor;
  return Math.max(own, more);
}

/**
 * The share of the question's weight a row of the tables covers. A concept is covered by its best
 * stand-in, or by its compound parts (the head weighing most); `extra` is a second table (a unit's
 * heading, or an FAQ's question for each of its sentences) counted with `extraFactor`.
 * (Plain loops: this runs for every unit and sentence of every question.)
 */
function coverage(
  question: AnalyzedQuestion,
  slots: Slots,
  table: Float64Array,
  row: number,
  extra: Float64Array | undefined,
  extraRow: number,
  extraFactor: number,
): number {
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

/**
 * Per article term (by posting id) the question reaches: the best weight it stands with, and which
 * concepts (bits of a 32-bit mask; past the 31st they are not told apart) it is for.
 */
interface TermTables {
  readonly weights: Float64Array;
  readonly masks: Int32Array;
}

/** Share (by idf) of an FAQ question's terms that the reader's question stands for. */
function restatement(unit: IndexedUnit, tables: TermTables): number {
  let total = 0;
  let covered = 0;
  for (const { id, idf } of unit.questionTerms) {
    total += idf;
    covered += idf * (tables.weights[id] ?? 0);
  }
  return total === 0 ? 0 : covered / total;
}

/**
 * How closely the question's matched words stand in a sentence: matched concepts over the length of
 * the shortest run of words holding one of each (1 when side by side), 0 for fewer than two.
 * `scratch` holds at least the sentence's word count; `counts` 32 entries.
 */
export function proximity(sentence: IndexedSentence, index: ArticleIndex, tables: TermTables, scratch: Int32Array, counts: Int32Array): number {
  const { wordTerms, wordOffsets } = index;
  let all = 0;
  let matchedWords = 0;
  for (let i = 0; i < sentence.wordCount; i += 1) {
    const word = sentence.firstWord + i;
    let mask = 0;
    for (let t = wordOffsets[word] as number; t < (wordOffsets[word + 1] as number); t += 1) mask |= tables.masks[wordTerms[t] as number] as number;
    scratch[i] = mask;
    all |= mask;
    if (mask !== 0) matchedWords += 1;
  }
  const matched = popcount(all);
  // Closeness needs two words: one word standing for two concepts is no evidence of it.
  if (matched < 2 || matchedWords < 2) return 0;
  counts.fill(0);
  let inWindow = 0;
  let shortest = Number.POSITIVE_INFINITY;
  let left = 0;
  for (let right = 0; right < sentence.wordCount; right += 1) {
    let mask = scratch[right] as number;
    while (mask !== 0) {
      const bit = 31 - Math.clz32(mask);
      mask &= ~(1 << bit);
      counts[bit] = (counts[bit] as number) + 1;
      if (counts[bit] === 1) inWindow += 1;
    }
    while (inWindow === matched) {
      shortest = Math.min(shortest, right - left + 1);
      let leftMask = scratch[left] as number;
      while (leftMask !== 0) {
        const bit = 31 - Math.clz32(leftMask);
        leftMask &= ~(1 << bit);
        counts[bit] = (counts[bit] as number) - 1;
        if (counts[bit] === 0) inWindow -= 1;
      }
      left += 1;
    }
  }
  // One word may stand for two concepts (Nachrichten-agentur and "berichtet" both by "berichtet"): at most 1.
  return Math.min(1, matched / shortest);
}

/** Whether the sentence names the question's first noun itself (or its compound's head). */
function hasFocus(question: AnalyzedQuestion, sentence: number): boolean {
  const focus = question.concepts.find((c) => c.noun);
  if (!focus) return true;
  const head = focus.parts.at(-1);
  return namesIn(focus, sentence) || (head !== undefined && namesIn(head, sentence));
}

/** Whether the sentence has the concept's word itself (a form or typo of it, not a synonym). */
function namesIn(concept: Concept, sentence: number): boolean {
  for (const alt of concept.alternatives) if (alt.strong && alt.posting.sentences.includes(sentence)) return true;
  return false;
}

/**
 * Sentences naming an instance of what a "Welche …?" question asks for: the names the article
 * introduces with that role (coreference.ts), or undefined when it introduces none.
 */
function namedSentences(question: AnalyzedQuestion, index: ArticleIndex): Set<number> | undefined {
  const { asked } = question;
  if (!asked) return undefined;
  let found: Set<number> | undefined;
  const head = asked.parts.at(-1);
  for (const concept of head ? [asked, head] : [asked]) {
    for (const alt of concept.alternatives) {
      if (!alt.strong) continue;
      for (const name of index.namesFor(alt.term) ?? []) {
        for (const s of index.posting(name)?.sentences ?? []) {
          found ??= new Set();
          found.add(s);
        }
      }
    }
  }
  return found;
}

/**
 * Moves the best of order[from … n) (highest score; of equals, the one reached first) to order[from].
 * Selection, not a full sort: only a few answers are wanted from the units a question reaches.
 */
function selectBest(order: Int32Array, from: number, n: number, scoreOf: Float64Array): void {
  let best = from;
  for (let k = from + 1; k < n; k += 1) if ((scoreOf[order[k] as number] as number) > (scoreOf[order[best] as number] as number)) best = k;
  if (best === from) return;
  // Shift the ones between down by one: their relative order (the order reached) stays.
  const u = order[best] as number;
  order.copyWithin(from + 1, from, best);
  order[from] = u;
}

/** Ranks the article's units for the question, best first, leaving out those below the threshold. */
export function rank(question: AnalyzedQuestion, index: ArticleIndex, limit: number, minConfidence: number = rankDefaults.minConfidence): RankedUnit[] {
  if (question.concepts.length === 0) return [];
  const slots = assignSlots(question.concepts);
  const width = slots.count;
  // Tables come from the index's scratch space (typed arrays are costly to allocate per question);
  // what this question touches is cleared before returning.
  const scratch = scratchFor(index, width);
  const { unitText, unitHeading, sentenceText, unitSeen, sentenceSeen } = scratch;
  // Only units and sentences holding some stand-in of the question are scored; the rest cover nothing.
  const { touchedUnits: units, touchedSentences: sentences, touchedTerms, tables } = scratch;
  try {
    return rankWith(question, index, limit, minConfidence, slots, scratch, units, sentences, tables, touchedTerms);
  } finally {
    for (let k = 0; k < units.length; k += 1) {
      const u = units.at(k);
      unitSeen[u] = 0;
      unitText.fill(0, u * width, (u + 1) * width);
      unitHeading.fill(0, u * width, (u + 1) * width);
    }
    for (let k = 0; k < sentences.length; k += 1) {
      const x = sentences.at(k);
      sentenceSeen[x] = 0;
      sentenceText.fill(0, x * width, (x + 1) * width);
    }
    for (let k = 0; k < touchedTerms.length; k += 1) {
      const id = touchedTerms.at(k);
      tables.weights[id] = 0;
      tables.masks[id] = 0;
    }
    units.length = 0;
    sentences.length = 0;
    touchedTerms.length = 0;
  }
}

/** Reusable tables of one index, grown to the widest question so far (kept on the index). */
export interface Scratch {
  width: number;
  unitText: Float64Array;
  unitHeading: Float64Array;
  sentenceText: Float64Array;
  unitSeen: Uint8Array;
  sentenceSeen: Uint8Array;
  weights: Float64Array;
  masks: Int32Array;
  bestScore: Float64Array;
  bestSentence: Int32Array;
  touchedUnits: Touched;
  touchedSentences: Touched;
  touchedTerms: Touched;
  tables: TermTables;
  confidenceOf: Float64Array;
  scoreOf: Float64Array;
  order: Int32Array;
  words: Int32Array;
  counts: Int32Array;
}

function scratchFor(index: ArticleIndex, width: number): Scratch {
  let scratch = index.scratch.rank;
  if (!scratch || scratch.width < width) {
    const units = index.units.length;
    const sentences = index.sentences.length;
    const grown = Math.max(width, 8);
    const weights = new Float64Array(index.termCount);
    const masks = new Int32Array(index.termCount);
    scratch = {
      width: grown,
      unitText: new Float64Array(units * grown),
      unitHeading: new Float64Array(units * grown),
      sentenceText: new Float64Array(sentences * grown),
      unitSeen: new Uint8Array(units),
      sentenceSeen: new Uint8Array(sentences),
      weights,
      masks,
      bestScore: new Float64Array(units),
      bestSentence: new Int32Array(units),
      touchedUnits: new Touched(units),
      touchedSentences: new Touched(sentences),
      touchedTerms: new Touched(index.termCount),
      tables: { weights, masks },
      confidenceOf: new Float64Array(units),
      scoreOf: new Float64Array(units),
      order: new Int32Array(units),
      words: new Int32Array(index.longestSentence),
      counts: new Int32Array(32),
    };
    index.scratch.rank = scratch;
  }
  return scratch;
}

function rankWith(
  question: AnalyzedQuestion,
  index: ArticleIndex,
  limit: number,
  minConfidence: number,
  slots: Slots,
  scratch: Scratch,
  units: Touched,
  sentences: Touched,
  tables: TermTables,
  touchedTerms: Touched,
): RankedUnit[] {
  const width = slots.count;
  const { unitText, unitHeading, sentenceText, unitSeen, sentenceSeen } = scratch;
  for (let c = 0; c < question.concepts.length; c += 1) {
    const concept = question.concepts[c] as Concept;
    const bit = c < 31 ? 1 << c : 0;
    for (let p = -1; p < concept.parts.length; p += 1) {
      const target = p < 0 ? concept : (concept.parts[p] as Concept);
      const slot = p < 0 ? (slots.concept[c] as number) : (slots.parts[c]?.[p] as number);
      for (const alt of target.alternatives) {
        const { posting, weight } = alt;
        fill(unitText, posting.units, width, slot, weight, unitSeen, units);
        fill(unitHeading, posting.headingUnits, width, slot, weight, unitSeen, units);
        fill(sentenceText, posting.sentences, width, slot, weight, sentenceSeen, sentences);
        if (tables.weights[posting.id] === 0 && tables.masks[posting.id] === 0) touchedTerms.push(posting.id);
        if (weight > (tables.weights[posting.id] as number)) tables.weights[posting.id] = weight;
        tables.masks[posting.id] = (tables.masks[posting.id] as number) | bit;
      }
    }
  }

  const named = namedSentences(question, index);
  const { bestScore, bestSentence } = scratch;
  for (let k = 0; k < units.length; k += 1) {
    const u = units.at(k);
    bestScore[u] = -1;
    bestSentence[u] = -1;
  }
  // FAQ questions count with their answers' sentences: those sentences are scored too.
  for (let k = 0; k < units.length; k += 1) {
    const u = units.at(k);
    if (index.units[u]?.unit.kind !== 'faq') continue;
    const { first, count } = index.unitSentences[u] ?? { first: 0, count: 0 };
    for (let s = first; s < first + count; s += 1)
      if (sentenceSeen[s] === 0) {
        sentenceSeen[s] = 1;
        sentences.push(s);
      }
  }
  for (let k = 0; k < sentences.length; k += 1) {
    const s = sentences.at(k);
    const sentence = index.sentences[s] as IndexedSentence;
    const isFaq = index.units[sentence.unit]?.unit.kind === 'faq';
    // An FAQ answer's sentences all answer its question: the question counts with each of them.
    const fits = (sentence.types & question.types) !== 0 || named?.has(s) === true ? rankDefaults.answerTypeBonus : 0;
    const norm = 1 - rankDefaults.sentenceLengthWeight + rankDefaults.sentenceLengthWeight * sentence.relativeLength;
    const score = coverage(question, slots, sentenceText, s, isFaq ? unitHeading : undefined, sentence.unit, rankDefaults.faqQuestionInSentence) / norm + fits;
    if (score > (bestScore[sentence.unit] ?? -1)) {
      bestScore[sentence.unit] = score;
      bestSentence[sentence.unit] = s;
    }
  }

  // Confidence and score per unit into scratch tables; objects only for the units returned.
  const { confidenceOf, scoreOf, order } = scratch;
  const n = units.length;
  for (let k = 0; k < n; k += 1) {
    const u = units.at(k);
    order[k] = u;
    const unit = index.units[u] as IndexedUnit;
    const factor =
      unit.unit.kind === 'faq'
        ? rankDefaults.faqQuestionFactor
        : unit.unit.heading === index.article.title
          ? rankDefaults.titleHeadingFactor
          : rankDefaults.paragraphHeadingFactor;
    const best = bestSentence[u] as number;
    const sentence = index.sentences[best];
    const fitsType =
      (question.types === 0 && named === undefined) || (sentence !== undefined && ((sentence.types & question.types) !== 0 || named?.has(best) === true));
    const focused = (question.types & AnswerType.number) === 0 || (sentence !== undefined && hasFocus(question, best));
    const confidence =
      coverage(question, slots, unitText, u, unitHeading, u, factor) *
      (fitsType ? 1 : rankDefaults.answerTypeMissing) *
      (focused ? 1 : rankDefaults.focusMissing);
    const restated = unit.unit.kind === 'faq' ? restatement(unit, tables) : 0;
    confidenceOf[u] = confidence;
    scoreOf[u] =
      (1 - rankDefaults.sentenceShare) * confidence + rankDefaults.sentenceShare * (bestScore[u] ?? 0) + rankDefaults.faqQuestionShare * restated * confidence;
  }
  // The best few by score (ties: the order units were reached), then closeness of the question's
  // words in their quoted sentence; no candidate below them can pass them, as closeness only adds.
  const candidates = Math.min(n, rankDefaults.proximityCandidates);
  for (let k = 0; k < candidates; k += 1) selectBest(order, k, n, scoreOf);
  const { words: masks, counts } = scratch;
  for (let k = 0; k < candidates; k += 1) {
    const u = order[k] as number;
    const sentence = index.sentences[bestSentence[u] as number];
    if (sentence) scoreOf[u] = (scoreOf[u] as number) + rankDefaults.proximityWeight * proximity(sentence, index, tables, masks, counts);
  }
  // Re-ordered by the new scores; insertion sort keeps the earlier of equals first, as a stable sort would.
  for (let k = 1; k < candidates; k += 1) {
    const u = order[k] as number;
    let j = k - 1;
    while (j >= 0 && (scoreOf[order[j] as number] as number) < (scoreOf[u] as number)) {
      order[j + 1] = order[j] as number;
      j -= 1;
    }
    order[j + 1] = u;
  }
  // The best answer decides whether the article answers at all; the others need a lower bar.
  if (n === 0 || (confidenceOf[order[0] as number] as number) < minConfidence) return [];
  const secondary = Math.min(minConfidence, rankDefaults.secondaryMinConfidence);
  const ranked: RankedUnit[] = [];
  for (let k = 0; k < n && ranked.length < limit; k += 1) {
    if (k >= candidates) selectBest(order, k, n, scoreOf);
    const u = order[k] as number;
    const confidence = confidenceOf[u] as number;
    if (confidence < (k === 0 ? minConfidence : secondary)) continue;
    const unit = index.units[u] as IndexedUnit;
    const sentence = index.sentences[bestSentence[u] as number];
    ranked.push({ unit, confidence, score: scoreOf[u] as number, quoteStart: sentence?.start ?? 0, quoteEnd: sentence?.end ?? unit.unit.text.length });
  }
  return ranked;
}
