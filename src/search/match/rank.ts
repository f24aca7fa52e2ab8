import type { ArticleIndex, IndexedSentence, IndexedUnit } from '../article/article-index.ts';
import { popcount } from '../bits.ts';
import { AnswerType, numericTypes, timeTypes } from '../language/answer-type.ts';
import type { QueryLanguage } from '../language/languages.ts';
import { answerModel } from './answer-model.ts';
import { type AnswerModel, at, featureNames, probability } from './features.ts';
import { type AnalyzedQuestion, type Concept, compoundHeadShare, queryDefaults } from './query.ts';
import { clearScratch, type Reading, type RowTable, type Scratch, type Slots, scratchFor, UnitKind } from './scratch.ts';

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
  /** How much a long sentence's coverage is discounted (BM25's b, over sentences). */
  sentenceLengthWeight: 0.25,
  /**
   * Weight of how much of an FAQ question the reader's question restates (its words, synonyms,
   * typos): a reader asking the FAQ's question in other words wants that FAQ's answer.
   */
  faqQuestionShare: 0.4,
  /**
   * A German question is not answered from a passage holding less than this share of its
   * information (weighted words): 15 % of what was asked is no answer to it.
   */
  minCoverage: 0.15,
  /**
   * A German question most of whose weight (this share) names things the article never mentions …
   */
  mostlyAbsent: 0.7,
  /**
   * … is not answered from a passage whose own words for the rest (forms and typos, not loose
   * synonyms) cover less than this share of it: "Wie backe ich einen Käsekuchen ohne Boden?" on an
   * article about a telescope finds only "Erde" for "Boden".
   */
  minStrongWhenAbsent: 0.2,
  /** An FAQ entry whose question the reader restates this much (restatement share) is an answer even without the kind asked. */
  restatedPasses: 0.7,
  /** Units the first stage passes to the answer model. */
  candidates: 10,
  /** An FAQ question asking for the same kind of answer as the reader's restates it more surely … */
  sameAskFactor: 1.5,
  /** … and one asking for another kind less. */
  otherAskFactor: 0.5,
  /**
   * A sentence opening with a word that points back ("Er besteht aus 18 Segmenten", "Dort …") counts
   * what the sentence before it holds this much: the pronoun stands for it.
   */
  referBackFactor: 0.6,
  /** Answers below this confidence are not given (the question is not answered by the article). */
  minConfidence: 0.3,
  /**
   * Once the best answer clears {@link minConfidence}, the article answers: the answers below it need
   * only this much (related passages, their lower scores saying so).
   */
  secondaryMinConfidence: 0.05,
});

/** The ranker's settings: {@link rankDefaults}, or variants of it when settings are tried (scripts/tune-ranker.ts). */
export type RankOptions = { readonly [K in keyof typeof rankDefaults]: number };

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

/** The slots the concepts need: one each, and one per compound part. */
function slotCount(concepts: readonly Concept[]): number {
  let count = 0;
  for (const c of concepts) count += 1 + c.parts.length;
  return count;
}

/** Sets the question's slots in the scratch's (room for them: scratchFor with {@link slotCount}). */
function assignSlots(concepts: readonly Concept[], slots: Slots): Slots {
  let count = 0;
  let totalWeight = 0;
  for (let c = 0; c < concepts.length; c += 1) {
    const concept = concepts[c] as Concept;
    slots.concept[c] = count;
    slots.parts[c] = concept.parts.length;
    slots.weight[c] = concept.weight;
    totalWeight += concept.weight;
    count += 1 + concept.parts.length;
  }
  slots.count = count;
  slots.concepts = concepts.length;
  slots.totalWeight = totalWeight;
  return slots;
}

/** One question ranked against one index: what every step of the first stage reads (made once per question). */
interface RankContext {
  readonly question: AnalyzedQuestion;
  readonly index: ArticleIndex;
  readonly options: RankOptions;
  readonly slots: Slots;
  /** The index's working space, its tables set to this question's width (scratch.ts). */
  readonly scratch: Scratch;
  /** Sentences naming an instance of what a "Welche …?" question asks for, or undefined (namedSentences). */
  readonly named: Set<number> | undefined;
  /** The question's first noun, whose number a "Wie viele …?" question asks for (hasFocus). */
  readonly focus: Concept | undefined;
}

/** Raises the slot's weight in each row of `rows[from … to)` of the table; notes rows touched for the first time. */
function fill(table: RowTable, rows: Int32Array, from: number, to: number, slot: number, weight: number): void {
  const { values, seen, touched, width } = table;
  for (let k = from; k < to; k += 1) {
    const row = rows[k] as number;
    const i = row * width + slot;
    if (weight > (values[i] ?? 0)) values[i] = weight;
    if (seen[row] === 0) {
      seen[row] = 1;
      touched.push(row);
    }
  }
}

/**
 * The share of the question's weight the reading's row covers. A concept is covered by its best
 * stand-in, or by its compound parts (the head weighing most); the reading's `extra` is a second
 * table (a unit's heading, or an FAQ's question for each of its sentences) counted with `extraFactor`:
 * a slot's quality is its own table's weight, or the extra table's × the factor if more.
 * (Plain loops over the reading's rows read once: this runs for every unit and sentence of every question.)
 */
function coverage(ctx: RankContext, reading: Reading): number {
  const { slots } = ctx;
  const { table, extra, extraFactor } = reading;
  const own = table.values;
  const ownRow = reading.row * table.width;
  const more = extra?.values;
  const moreRow = extra === undefined ? 0 : reading.extraRow * extra.width;
  let covered = 0;
  for (let c = 0; c < slots.concepts; c += 1) {
    const slot = slots.concept[c] as number;
    const parts = slots.parts[c] as number;
    let quality = own[ownRow + slot] as number;
    if (more !== undefined) quality = Math.max(quality, (more[moreRow + slot] as number) * extraFactor);
    if (parts > 0) {
      let partsQuality = 0;
      const modifierShare = parts === 1 ? 0 : (1 - compoundHeadShare) / (parts - 1);
      for (let p = 0; p < parts; p += 1) {
        const share = parts === 1 ? 1 : p === parts - 1 ? compoundHeadShare : modifierShare;
        const part = slot + 1 + p;
        let partQuality = own[ownRow + part] as number;
        if (more !== undefined) partQuality = Math.max(partQuality, (more[moreRow + part] as number) * extraFactor);
        partsQuality += share * partQuality;
      }
      if (partsQuality > quality) quality = partsQuality;
    }
    covered += (slots.weight[c] as number) * quality;
  }
  return slots.totalWeight === 0 ? 0 : covered / slots.totalWeight;
}

/**
 * Share (by idf) of an FAQ question's terms that the reader's question stands for. What the FAQ asks
 * without saying it ("darf man": erlaubt) counts at {@link queryDefaults.impliedWeight} when the reader
 * says it, and not against a reader who does not.
 */
function restatement(ctx: RankContext, unit: IndexedUnit): number {
  const { weights } = ctx.scratch.terms;
  const { types } = ctx.question;
  let total = 0;
  let covered = 0;
  for (const { id, idf, implied } of unit.questionTerms) {
    if (implied) {
      covered += idf * (weights[id] ?? 0) * queryDefaults.impliedWeight;
      continue;
    }
    total += idf;
    covered += idf * (weights[id] ?? 0);
  }
  const share = total === 0 ? 0 : Math.min(1, covered / total);
  // Asking for the same kind of answer ("Ab wie vielen Jahren …?" and "Ab welchem Alter …?") is a
  // restatement; asking for different kinds ("Wann …?" and "Wo …?") is not.
  if (types === 0 || unit.questionTypes === 0) return share;
  return (types & unit.questionTypes) !== 0 ? Math.min(1, share * ctx.options.sameAskFactor) : share * ctx.options.otherAskFactor;
}

/**
 * How closely the question's matched words stand in a sentence: matched concepts over the length of
 * the shortest run of words holding one of each (1 when side by side), 0 for fewer than two.
 */
function proximity(ctx: RankContext, sentence: IndexedSentence): number {
  const { wordTerms, termPlaces } = ctx.index;
  const { masks } = ctx.scratch.terms;
  // The matched words only (a shortest run begins and ends at one): their concepts and places in
  // the sentence (room for the longest); per concept bit, its words in the window.
  const { words, places, counts } = ctx.scratch;
  const { firstTerm, termCount, wordCount } = sentence;
  let all = 0;
  let matchedWords = 0;
  // One pass over the sentence's terms: a word's terms stand side by side at its place.
  for (let t = firstTerm; t < firstTerm + termCount; t += 1) {
    const mask = masks[wordTerms[t] as number] as number;
    if (mask === 0) continue;
    const place = termPlaces[t] as number;
    if (matchedWords > 0 && places[matchedWords - 1] === place) words[matchedWords - 1] = (words[matchedWords - 1] as number) | mask;
    else {
      words[matchedWords] = mask;
      places[matchedWords] = place;
      matchedWords += 1;
    }
    all |= mask;
  }
  const matched = popcount(all);
  // Closeness needs two words: one word standing for two concepts is no evidence of it.
  if (matched < 2 || matchedWords < 2) return 0;
  // Only the question's bits found here are counted: those are cleared (of 32), lowest first.
  for (let rest = all; rest !== 0; rest &= rest - 1) counts[31 - Math.clz32(rest & -rest)] = 0;
  let inWindow = 0;
  // The whole sentence holds them all: no run is longer.
  let shortest = wordCount;
  let left = 0;
  for (let right = 0; right < matchedWords; right += 1) {
    let mask = words[right] as number;
    while (mask !== 0) {
      const bit = 31 - Math.clz32(mask);
      mask &= ~(1 << bit);
      counts[bit] = (counts[bit] as number) + 1;
      if (counts[bit] === 1) inWindow += 1;
    }
    while (inWindow === matched) {
      shortest = Math.min(shortest, (places[right] as number) - (places[left] as number) + 1);
      let leftMask = words[left] as number;
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

/** Whether the quoted sentence can give the number asked for: the question asks for none, or the sentence names its noun. */
function isFocused(ctx: RankContext, sentence: number): boolean {
  return (ctx.question.types & numericTypes) === 0 || (ctx.index.sentences[sentence] !== undefined && hasFocus(ctx, sentence));
}

/** Whether the sentence names the question's first noun itself (or its compound's head). */
function hasFocus(ctx: RankContext, sentence: number): boolean {
  const { focus } = ctx;
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
 * Keeps the best `k` units scored so far in order[0 … kept), best first (highest score; of equals,
 * the one reached first): the unit `u` just scored goes in its place if it is among them, the last
 * one out when they are `k` already. Not a full sort: only a few answers are wanted from the units a
 * question reaches. Returns how many are kept.
 */
function keepBest(scratch: Scratch, u: number, kept: number, k: number): number {
  const { order, scoreOf } = scratch;
  const score = scoreOf[u] as number;
  const full = kept === k;
  if (full && (k === 0 || !(score > (scoreOf[order[k - 1] as number] as number)))) return kept;
  // Past those scoring as much or more: they were reached first.
  let at = full ? k - 1 : kept;
  for (; at > 0 && score > (scoreOf[order[at - 1] as number] as number); at -= 1) order[at] = order[at - 1] as number;
  order[at] = u;
  return full ? kept : kept + 1;
}

/** A unit the question reaches, with the best sentence to quote and what the model reads of it. */
export interface Candidate {
  /** Its place in `index.units`. */
  readonly unit: number;
  /** Its best sentence's place in `index.sentences`, or -1. */
  readonly sentence: number;
  /** The features in {@link featureNames} order (a plain array: a typed array's allocation costs more than filling it). */
  readonly features: number[];
  /** Whether all features are computed (the first stage computes those it needs; completeFeatures the rest). */
  complete: boolean;
}

/**
 * Whether the first candidate can be an answer at all: a question asking for a time or a number
 * (Wann …? Wie alt …? Was kostet …?) is not answered by a passage that gives none of the kinds asked
 * (the article names the subject but not what is asked of it: an age, a date, a price it never
 * gives), nor a German question by a passage holding less than {@link rankDefaults.minCoverage} of it,
 * nor a German question mostly about things the article never mentions by a passage that holds
 * little of the rest in the question's own words ({@link rankDefaults.mostlyAbsent}).
 */
export function passesGate(features: ArrayLike<number>, language: QueryLanguage, options: RankOptions = rankDefaults): boolean {
  // An FAQ entry answers its own question, in whatever words its answer has ("Wann gibt es Cannabis
  // in Fachgeschäften?" — "nur in Modellprojekten geplant"): a reader restating it passes.
  if ((features[at.restated] as number) >= options.restatedPasses) return true;
  if (features[at.hardTypeAsked] === 1 && features[at.hardTypeFit] === 0) return false;
  // A German question must find at least this share of what it asks in the passage. (A translated
  // question's share understates it: the dictionary misses inflected forms and idioms.)
  if (language !== 'de') return true;
  if ((features[at.missing] as number) >= options.mostlyAbsent && (features[at.strong] as number) < options.minStrongWhenAbsent) return false;
  return (features[at.coverage] as number) >= options.minCoverage;
}

/** Ranks the article's units for the question, best first, leaving out those below the threshold. */
export function rank(
  question: AnalyzedQuestion,
  index: ArticleIndex,
  limit: number,
  minConfidence: number = rankDefaults.minConfidence,
  model: AnswerModel = answerModel,
): RankedUnit[] {
  // A question about a place or a year the article never mentions ("Wie heißt der Präsident von
  // Frankreich?" of an article about Cuba and China; "Wer hat die WM 2022 gewonnen?" of one about
  // the Euro 2024) is not answered by it, however well its other words match.
  if (question.concepts.length === 0 || question.namesAbsent === true) return [];
  const ctx = contextFor(question, index, rankDefaults);
  try {
    const candidates = firstStage(ctx, rankDefaults.candidates);
    const first = candidates.at(0);
    if (!first) return [];
    // The first stage orders; the model says how likely each is right. Scores never rise down the
    // list. The model's features are completed only for the candidates it is asked about.
    completeFeatures(ctx, first);
    // The best answer decides whether the article answers at all; the others need a lower bar.
    const firstP = probability(model.first, first.features);
    if (!passesGate(first.features, question.language) || firstP < minConfidence) return [];
    const secondary = Math.min(minConfidence, rankDefaults.secondaryMinConfidence);
    const ranked: RankedUnit[] = [];
    let ceiling = 1;
    // Down the list only as far as the answers wanted (the candidates past them are never made).
    for (let i = 0; ranked.length < limit; i += 1) {
      const candidate = candidates.at(i);
      if (!candidate) break;
      completeFeatures(ctx, candidate);
      const p = i === 0 ? firstP : probability(model.other, candidate.features);
      if (ranked.length > 0 && p < secondary) continue;
      ceiling = Math.min(ceiling, p);
      const unit = index.units[candidate.unit] as IndexedUnit;
      const sentence = index.sentences[quoteSentence(ctx, candidate)];
      // A sentence pointing back ("Er besteht aus …") is quoted with the one it points at.
      const quoted = sentence?.refersBack === true ? index.sentences[candidate.sentence - 1] : sentence;
      ranked.push({
        unit,
        confidence: ceiling,
        score: candidate.features[at.stage1] as number,
        quoteStart: quoted?.start ?? 0,
        quoteEnd: sentence?.end ?? unit.unit.text.length,
      });
    }
    return ranked;
  } finally {
    clearScratch(ctx.scratch);
  }
}

/**
 * The first stage: every unit holding some stand-in of the question is scored by coverage; the best
 * `k` come back with the features the answer model reads, best first.
 */
export function rankCandidates(question: AnalyzedQuestion, index: ArticleIndex, k: number, options: RankOptions = rankDefaults): Candidate[] {
  if (question.concepts.length === 0) return [];
  const ctx = contextFor(question, index, options);
  try {
    const order = firstStage(ctx, k);
    const candidates: Candidate[] = [];
    for (let candidate = order.at(0); candidate !== undefined; candidate = order.at(candidates.length)) {
      completeFeatures(ctx, candidate);
      candidates.push(candidate);
    }
    return candidates;
  } finally {
    clearScratch(ctx.scratch);
  }
}

/**
 * The question's context for ranking. Its tables come from the index's working space (typed arrays
 * are costly to allocate per question): the caller clears what the question touched (clearScratch).
 */
function contextFor(question: AnalyzedQuestion, index: ArticleIndex, options: RankOptions): RankContext {
  const scratch = scratchFor(index, slotCount(question.concepts));
  return {
    question,
    index,
    options,
    slots: assignSlots(question.concepts, scratch.slots),
    scratch,
    named: namedSentences(question, index),
    focus: firstNoun(question),
  };
}

/** The best `k` units by the first stage's score, ordered on demand (Candidates); only units and sentences holding some stand-in of the question are scored. */
function firstStage(ctx: RankContext, k: number): Candidates {
  fillTables(ctx);
  scoreSentences(ctx);
  const count = scoreUnits(ctx, k);
  return new Candidates(ctx, count);
}

/** The question's first noun, or undefined (a loop: no closure made per question). */
function firstNoun(question: AnalyzedQuestion): Concept | undefined {
  for (const concept of question.concepts) if (concept.noun) return concept;
  return undefined;
}

/** Notes each stand-in of each concept (and compound part) in the unit, heading, sentence and term tables. */
function fillTables(ctx: RankContext): void {
  const { question, slots } = ctx;
  const { unitText, unitHeading, strongText, strongHeading, sentenceText, terms } = ctx.scratch;
  // The postings read flat (their layout: ArticleIndex.postingData), not through a Posting's arrays.
  const { postingStarts, postingData } = ctx.index;
  for (let c = 0; c < question.concepts.length; c += 1) {
    const concept = question.concepts[c] as Concept;
    const bit = c < 31 ? 1 << c : 0;
    for (let p = -1; p < concept.parts.length; p += 1) {
      const target = p < 0 ? concept : (concept.parts[p] as Concept);
      const slot = (slots.concept[c] as number) + 1 + p;
      for (const alt of target.alternatives) {
        const { weight } = alt;
        const id = alt.posting.id;
        const units = (postingStarts[id] as number) + 1;
        const unitsEnd = units + (postingData[units - 1] as number);
        const headings = unitsEnd + 1;
        const headingsEnd = headings + (postingData[unitsEnd] as number);
        fill(unitText, postingData, units, unitsEnd, slot, weight);
        fill(unitHeading, postingData, headings, headingsEnd, slot, weight);
        fill(sentenceText, postingData, headingsEnd, postingStarts[id + 1] as number, slot, weight);
        if (alt.strong) {
          fill(strongText, postingData, units, unitsEnd, slot, weight);
          fill(strongHeading, postingData, headings, headingsEnd, slot, weight);
        }
        if (terms.weights[id] === 0 && terms.masks[id] === 0) terms.touched.push(id);
        if (weight > (terms.weights[id] as number)) terms.weights[id] = weight;
        terms.masks[id] = (terms.masks[id] as number) | bit;
      }
    }
  }
}

/**
 * The sentence of a reported unit to quote: what the reader sees as the answer. The first stage's
 * best sentence favours short ones (its score is normalized by length, which ranks units well); the
 * quote prefers the sentence that gives the kind of answer asked, then the one holding most of the question.
 */
function quoteSentence(ctx: RankContext, candidate: Candidate): number {
  const { question, index, options, named } = ctx;
  const { sentenceText } = ctx.scratch;
  const { first, count } = index.unitSentences[candidate.unit] ?? { first: 0, count: 0 };
  let best = candidate.sentence;
  let bestScore = -1;
  for (let x = first; x < first + count; x += 1) {
    if (sentenceText.seen[x] !== 1) continue;
    const sentence = index.sentences[x] as IndexedSentence;
    // The share of the kinds asked that the sentence gives: "Wie lange …?" asks a span or a time, and
    // "drei Tage lang" in January gives both where "Im Januar …" gives one.
    const given = named?.has(x) === true ? 1 : popcount(sentence.types & question.types) / Math.max(1, popcount(question.types));
    const score = coverageOfSentence(ctx, x, sentence) + options.answerTypeBonus * given;
    if (score > bestScore) {
      bestScore = score;
      best = x;
    }
  }
  return best;
}

/**
 * The question's coverage by sentence `x`: an FAQ answer's sentence with its question (× faqQuestionInSentence),
 * a sentence pointing back with the one before it (× referBackFactor).
 */
function coverageOfSentence(ctx: RankContext, x: number, sentence: IndexedSentence): number {
  const { options } = ctx;
  const { sentenceText, reading, unitHeading, unitKinds } = ctx.scratch;
  reading.table = sentenceText;
  reading.row = x;
  if (unitKinds[sentence.unit] === UnitKind.faq) {
    reading.extra = unitHeading;
    reading.extraRow = sentence.unit;
    reading.extraFactor = options.faqQuestionInSentence;
  } else if (sentence.refersBack) {
    reading.extra = sentenceText;
    reading.extraRow = x - 1;
    reading.extraFactor = options.referBackFactor;
  } else reading.extra = undefined;
  return coverage(ctx, reading);
}

/** Scores the sentences the question reaches (and every sentence of an FAQ answer it reaches); keeps each unit's best. */
function scoreSentences(ctx: RankContext): void {
  const { question, index, options, named } = ctx;
  const { unitHeading, sentenceText, bestScore, bestSentence, sentenceCoverage, unitKinds } = ctx.scratch;
  const units = unitHeading.touched;
  const sentences = sentenceText.touched;
  for (let i = 0; i < units.length; i += 1) {
    const u = units.at(i);
    bestScore[u] = -1;
    bestSentence[u] = -1;
    sentenceCoverage[u] = 0;
  }
  // FAQ questions count with their answers' sentences: those sentences are scored too.
  for (let i = 0; i < units.length; i += 1) {
    const u = units.at(i);
    if (unitKinds[u] !== UnitKind.faq) continue;
    const { first, count } = index.unitSentences[u] ?? { first: 0, count: 0 };
    for (let x = first; x < first + count; x += 1)
      if (sentenceText.seen[x] === 0) {
        sentenceText.seen[x] = 1;
        sentences.push(x);
      }
  }
  // A sentence pointing back ("Es misst 320 Meter.") is scored when the one before it is reached.
  const reached = sentences.length;
  for (let i = 0; i < reached; i += 1) {
    const x = sentences.at(i) + 1;
    const next = index.sentences[x];
    if (next?.refersBack === true && sentenceText.seen[x] === 0) {
      sentenceText.seen[x] = 1;
      sentences.push(x);
    }
  }
  for (let i = 0; i < sentences.length; i += 1) {
    const x = sentences.at(i);
    const sentence = index.sentences[x] as IndexedSentence;
    // An FAQ answer's sentences all answer its question: the question counts with each of them.
    // "Seit wann …?" is answered best by "seit 2018", a date with its "seit": half again.
    const given = sentence.types & question.types;
    const fits = given === 0 && named?.has(x) !== true ? 0 : options.answerTypeBonus * ((given & (AnswerType.since | AnswerType.until)) !== 0 ? 1.5 : 1);
    const norm = 1 - options.sentenceLengthWeight + options.sentenceLengthWeight * sentence.relativeLength;
    const covered = coverageOfSentence(ctx, x, sentence);
    const score = covered / norm + fits;
    if (score > (bestScore[sentence.unit] ?? -1)) {
      bestScore[sentence.unit] = score;
      bestSentence[sentence.unit] = x;
      sentenceCoverage[sentence.unit] = covered;
    }
  }
}

/**
 * Coverage and first-stage score per unit the question reaches, into the scratch tables (objects
 * only for the candidates); keeps the best `k` first in `order` (keepBest) and returns how many there are.
 */
function scoreUnits(ctx: RankContext, k: number): number {
  const { question, index, options, named } = ctx;
  const { unitText, unitHeading, reading, bestScore, bestSentence, confidenceOf, restatedOf, scoreOf, unitKinds } = ctx.scratch;
  const units = unitText.touched;
  const n = units.length;
  const typeAsked = question.types !== 0 || named !== undefined;
  reading.table = unitText;
  reading.extra = unitHeading;
  let kept = 0;
  for (let i = 0; i < n; i += 1) {
    const u = units.at(i);
    const unit = index.units[u] as IndexedUnit;
    const best = bestSentence[u] as number;
    const sentence = index.sentences[best];
    const fitsType = !typeAsked || (sentence !== undefined && ((sentence.types & question.types) !== 0 || named?.has(best) === true));
    const focused = isFocused(ctx, best);
    reading.row = u;
    reading.extraRow = u;
    reading.extraFactor = headingFactor(ctx, u);
    const covered = coverage(ctx, reading);
    const confidence = covered * (fitsType ? 1 : options.answerTypeMissing) * (focused ? 1 : options.focusMissing);
    const restated = unitKinds[u] === UnitKind.faq ? restatement(ctx, unit) : 0;
    confidenceOf[u] = covered;
    restatedOf[u] = restated;
    scoreOf[u] =
      (1 - options.sentenceShare) * confidence +
      options.sentenceShare * (bestScore[u] ?? 0) +
      options.faqQuestionShare * restated * Math.max(confidence, restated);
    // The best k by first-stage score (ties: the order units were reached).
    kept = keepBest(ctx.scratch, u, kept, k);
  }
  return kept;
}

/**
 * A candidate's features before any is computed. Zeros stored as doubles (made as fractions, then
 * zeroed): a copy takes the features' fractions without converting its storage from small integers,
 * a quarter of the cost of `new Array(n).fill(0)` per candidate.
 */
const noFeatures: readonly number[] = featureNames.map(() => 0.5).fill(0);

/**
 * The first stage's candidates, best first by the first-stage score with closeness (stage1), made as
 * they are asked for: the model reads the first few (the first decides whether the article answers;
 * the others down to the answers wanted), and closeness, the costly part, is read only for units that
 * can come next. The units come in score order and closeness adds at most proximityWeight, so once
 * the best unit read so far has a stage1 of at least the next unit's score + proximityWeight, no unit
 * after that one comes before it (when equal, the earlier unit comes first, as a stable sort has it).
 * The order and the features are those of all units read and sorted.
 */
class Candidates {
  readonly #ctx: RankContext;
  /** Units the first stage kept: order[0 … count) of the scratch, best first by score. */
  readonly #count: number;
  /** Places (in the score order) whose closeness and stage1 are read: the first `#read`. */
  #read = 0;
  /** Places taken, best first by stage1, and their candidates once made. */
  readonly #sorted: number[] = [];
  readonly #made: Candidate[] = [];
  // The same for every candidate.
  readonly #missingNoun: number;
  readonly #missing: number;
  readonly #absentName: number;
  readonly #hardTypeAsked: number;
  readonly #softTypeAsked: number;
  readonly #hardTypeNowhere: number;
  readonly #softTypeNowhere: number;
  readonly #maxCoverage: number;
  readonly #maxSentence: number;

  constructor(ctx: RankContext, count: number) {
    this.#ctx = ctx;
    this.#count = count;
    const { question, index } = ctx;
    const { bestSentence, confidenceOf, sentenceCoverage, order, taken } = ctx.scratch;
    // Shares of the question's weight: in nouns, in words the article has nothing for, in absent names.
    let total = 0;
    let missingNoun = 0;
    let missing = 0;
    let absentName = 0;
    for (const concept of question.concepts) {
      total += concept.weight;
      if (isMissing(concept)) {
        missing += concept.weight;
        if (concept.noun) missingNoun += concept.weight;
      }
      if (isAbsentName(concept)) absentName += concept.weight;
    }
    this.#missingNoun = total === 0 ? 0 : missingNoun / total;
    this.#missing = total === 0 ? 0 : missing / total;
    this.#absentName = total === 0 ? 0 : absentName / total;
    this.#hardTypeAsked = (question.types & hardTypes) !== 0 ? 1 : 0;
    this.#softTypeAsked = (question.types & ~hardTypes) !== 0 || ctx.named !== undefined ? 1 : 0;
    let maxCoverage = 0;
    let maxSentence = 0;
    // Which asked kinds some candidate's best sentence gives: asked and given nowhere is a sign the article does not answer.
    let given = 0;
    for (let i = 0; i < count; i += 1) {
      const u = order[i] as number;
      maxCoverage = Math.max(maxCoverage, confidenceOf[u] as number);
      maxSentence = Math.max(maxSentence, sentenceCoverage[u] as number);
      const best = bestSentence[u] as number;
      given |= index.sentences[best]?.types ?? 0;
      if (ctx.named?.has(best) === true) given |= question.types | AnswerType.person;
      taken[i] = 0;
    }
    this.#maxCoverage = maxCoverage;
    this.#maxSentence = maxSentence;
    const nowhere = question.types & ~given;
    this.#hardTypeNowhere = (question.types & hardTypes) !== 0 && (nowhere & hardTypes) === (question.types & hardTypes) ? 1 : 0;
    this.#softTypeNowhere = (question.types & ~hardTypes) !== 0 && (nowhere & ~hardTypes) === (question.types & ~hardTypes) ? 1 : 0;
  }

  /** The candidate at place `i` of the stage1 order, with the first stage's features, or undefined past the last. */
  at(i: number): Candidate | undefined {
    // The first candidate's margin is to the second.
    while (this.#sorted.length <= Math.max(i, 1) && this.#takeNext()) {}
    if (i >= this.#sorted.length) return undefined;
    for (let m = this.#made.length; m <= i; m += 1) this.#made.push(this.#make(m));
    return this.#made[i];
  }

  /** Takes the next place of the stage1 order, reading the closeness of as few units as it needs; false when all are taken. */
  #takeNext(): boolean {
    const { order, scoreOf, stage1, taken } = this.#ctx.scratch;
    const { proximityWeight } = this.#ctx.options;
    for (;;) {
      let best = -1;
      for (let j = 0; j < this.#read; j += 1) if (taken[j] === 0 && (best < 0 || (stage1[j] as number) > (stage1[best] as number))) best = j;
      const all = this.#read === this.#count;
      if (all && best < 0) return false;
      if (all || (best >= 0 && (stage1[best] as number) >= (scoreOf[order[this.#read] as number] as number) + proximityWeight)) {
        taken[best] = 1;
        this.#sorted.push(best);
        return true;
      }
      this.#readNext();
    }
  }

  /** Reads the closeness of the question's words in the next unit's best sentence, and its stage1. */
  #readNext(): void {
    const ctx = this.#ctx;
    const { order, bestSentence, scoreOf, stage1, near } = ctx.scratch;
    const u = order[this.#read] as number;
    const sentence = ctx.index.sentences[bestSentence[u] as number];
    const closeness = sentence ? proximity(ctx, sentence) : 0;
    near[this.#read] = closeness;
    stage1[this.#read] = (scoreOf[u] as number) + ctx.options.proximityWeight * closeness;
    this.#read += 1;
  }

  /** The candidate at place `i` of the stage1 order (taken already, and the second too for the first). */
  #make(i: number): Candidate {
    const { order, bestSentence, confidenceOf, sentenceCoverage, unitKinds, stage1, near } = this.#ctx.scratch;
    const place = this.#sorted[i] as number;
    const u = order[place] as number;
    const missing = this.#missing;
    const score = stage1[place] as number;
    const top = stage1[this.#sorted[0] as number] as number;
    const second = this.#sorted.length > 1 ? (stage1[this.#sorted[1] as number] as number) : 0;
    // What the first stage and the whole list need here; the rest in completeFeatures.
    const features = noFeatures.slice();
    features[at.coverage] = confidenceOf[u] as number;
    features[at.sentence] = sentenceCoverage[u] as number;
    features[at.hardTypeAsked] = this.#hardTypeAsked;
    features[at.softTypeAsked] = this.#softTypeAsked;
    features[at.proximity] = near[place] as number;
    features[at.faq] = unitKinds[u] === UnitKind.faq ? 1 : 0;
    features[at.lead] = unitKinds[u] === UnitKind.lead ? 1 : 0;
    features[at.coverageGap] = (confidenceOf[u] as number) - this.#maxCoverage;
    features[at.sentenceGap] = (sentenceCoverage[u] as number) - this.#maxSentence;
    features[at.missingNoun] = this.#missingNoun;
    features[at.missing] = missing;
    features[at.absentName] = this.#absentName;
    features[at.presentCoverage] = missing >= 1 ? 0 : Math.min(1, (confidenceOf[u] as number) / (1 - missing));
    features[at.stage1] = score;
    features[at.margin] = i === 0 ? top - second : score - top;
    features[at.hardTypeNowhere] = this.#hardTypeNowhere;
    features[at.softTypeNowhere] = this.#softTypeNowhere;
    return { unit: u, sentence: bestSentence[u] as number, features, complete: false };
  }
}

/**
 * The features the first stage does not need, for one candidate (the model asks about a few of the
 * ten): how much of the question the unit holds in its own words, whether the quoted sentence gives
 * the kind of answer asked, names, FAQ restatement. Before the context's tables are cleared.
 */
function completeFeatures(ctx: RankContext, candidate: Candidate): void {
  if (candidate.complete) return;
  candidate.complete = true;
  const { question, index, named } = ctx;
  const { features, unit: u, sentence: best } = candidate;
  const sentence = index.sentences[best];
  const given = (sentence?.types ?? 0) | (named?.has(best) === true ? AnswerType.person : 0);
  features[at.strong] = strongCoverage(ctx, u, headingFactor(ctx, u));
  features[at.hardTypeFit] = (question.types & hardTypes & given) !== 0 ? 1 : 0;
  features[at.softTypeFit] = ((question.types & ~hardTypes) | (named === undefined ? 0 : AnswerType.person)) & given ? 1 : 0;
  features[at.nameMissing] = nameMissing(ctx, u);
  features[at.focusMissing] = isFocused(ctx, best) ? 0 : 1;
  features[at.restated] = ctx.scratch.restatedOf[u] as number;
  features[at.matchedShare] = matchedShare(ctx, u);
}

/** How much a unit's heading counts with its text: an FAQ's question fully, a section heading half, the title a quarter. */
function headingFactor(ctx: RankContext, u: number): number {
  const { options } = ctx;
  const kind = ctx.scratch.unitKinds[u];
  if (kind === UnitKind.faq) return options.faqQuestionFactor;
  return kind === UnitKind.lead ? options.titleHeadingFactor : options.paragraphHeadingFactor;
}

/**
 * The best weight of the slot's strong stand-ins (the concept's own forms, typos) in the unit's text,
 * or in its heading × factor: read from the unit's rows of the strong tables the question filled.
 */
function strongAt(ctx: RankContext, u: number, slot: number, factor: number): number {
  const { strongText, strongHeading } = ctx.scratch;
  const at = u * strongText.width + slot;
  return Math.max(strongText.values[at] as number, (strongHeading.values[at] as number) * factor);
}

/**
 * Coverage of the question's weight by its own words only (forms and typos, compound parts), in the
 * unit: `coverage` read from the strong tables, its heading × factor.
 */
function strongCoverage(ctx: RankContext, u: number, factor: number): number {
  const { reading, strongText, strongHeading } = ctx.scratch;
  reading.table = strongText;
  reading.row = u;
  reading.extra = strongHeading;
  reading.extraRow = u;
  reading.extraFactor = factor;
  return coverage(ctx, reading);
}

/**
 * Share of the question's content words with some stand-in in the unit (text or heading), by count.
 * Read from the unit's rows of the tables the question filled: a stand-in's weight is above 0, so a
 * slot holds one there exactly when its weight is.
 */
function matchedShare(ctx: RankContext, u: number): number {
  const { slots } = ctx;
  const { unitText, unitHeading } = ctx.scratch;
  const row = u * unitText.width;
  let matched = 0;
  for (let c = 0; c < slots.concepts; c += 1) {
    const first = slots.concept[c] as number;
    const last = first + (slots.parts[c] as number);
    for (let slot = first; slot <= last; slot += 1) {
      if ((unitText.values[row + slot] as number) > 0 || (unitHeading.values[row + slot] as number) > 0) {
        matched += 1;
        break;
      }
    }
  }
  return slots.concepts === 0 ? 0 : matched / slots.concepts;
}

/** Kinds of answer read surely from text: times and numbers (the others: names, places, reasons, statements). */
const hardTypes = timeTypes | numericTypes;

/** A word for which the article has no stand-in at all, nor for its parts. */
function isMissing(concept: Concept): boolean {
  if (concept.alternatives.length > 0) return false;
  // A loop, not every(): this runs for each concept of each question.
  for (const part of concept.parts) if (part.alternatives.length > 0) return false;
  return true;
}

/** A name (a word no dictionary knows) the article has no stand-in for at all. */
function isAbsentName(concept: Concept): boolean {
  return concept.name && concept.alternatives.length === 0;
}

/** Share of the question's weight in names (words no dictionary knows) that the unit does not name. */
function nameMissing(ctx: RankContext, u: number): number {
  const { concepts } = ctx.question;
  let total = 0;
  let missing = 0;
  for (let c = 0; c < concepts.length; c += 1) {
    const concept = concepts[c] as Concept;
    total += concept.weight;
    if (concept.name && strongAt(ctx, u, ctx.slots.concept[c] as number, 1) === 0) missing += concept.weight;
  }
  return total === 0 ? 0 : missing / total;
}
