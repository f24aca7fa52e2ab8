import type { ArticleIndex } from '../article/article-index.ts';

/** Numbers noted in order, in a typed array reused from question to question. */
export class Touched {
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

/**
 * Rows (units or sentences) × the question's slots: how well each row holds each concept. Rows a
 * question touches are noted (`seen`, `touched`: shared by a unit's text and heading tables) and
 * cleared after it; `width` is the question's slot count, set for each question.
 */
export interface RowTable {
  readonly values: Float64Array;
  readonly seen: Uint8Array;
  readonly touched: Touched;
  width: number;
}

/**
 * Where a coverage is read: a row of a table, and a second table's row (a unit's heading, or an
 * FAQ's question for each of its answer's sentences) counted `extraFactor`, or none. One per index,
 * set before each read: nothing is allocated per unit or sentence.
 */
export interface Reading {
  table: RowTable;
  row: number;
  extra: RowTable | undefined;
  extraRow: number;
  extraFactor: number;
}

/**
 * Per article term (by posting id) the question reaches: the best weight it stands with, and which
 * concepts (bits of a 32-bit mask; past the 31st they are not told apart) it is for.
 */
export interface TermTables {
  readonly weights: Float64Array;
  readonly masks: Int32Array;
  readonly touched: Touched;
}

/**
 * Where each concept of the question has its slot in the score tables (its compound parts' slots
 * follow it), with the concepts' weights: read for every unit and sentence, so kept flat; set for
 * each question (rank.ts assignSlots) in the index's scratch, not allocated per question.
 */
export interface Slots {
  /** Slots in all: the concepts and their parts. */
  count: number;
  /** Concepts: the first `concepts` places of the arrays below are this question's. */
  concepts: number;
  /** Per concept: its slot; its parts have the next `parts[c]` slots. */
  readonly concept: Int32Array;
  readonly parts: Int32Array;
  readonly weight: Float64Array;
  /** The concepts' weights summed in order. */
  totalWeight: number;
}

/** What a unit is, as the ranker asks it for every unit a question reaches (unitKinds). */
export const UnitKind = { paragraph: 0, lead: 1, faq: 2 } as const;

/** Reusable tables of one index, grown to the widest question so far. */
export interface Scratch {
  /** Per unit, its UnitKind: an FAQ entry, a paragraph under the title (the lead), or another paragraph. */
  readonly unitKinds: Uint8Array;
  /** Slots per row the tables have room for. */
  readonly capacity: number;
  readonly unitText: RowTable;
  readonly unitHeading: RowTable;
  /** The same as unitText and unitHeading for the question's own words only (strong stand-ins). */
  readonly strongText: RowTable;
  readonly strongHeading: RowTable;
  readonly sentenceText: RowTable;
  readonly reading: Reading;
  /** The question's slots (room for `capacity` concepts: each has a slot at least). */
  readonly slots: Slots;
  readonly terms: TermTables;
  readonly bestScore: Float64Array;
  readonly bestSentence: Int32Array;
  readonly sentenceCoverage: Float64Array;
  readonly confidenceOf: Float64Array;
  /** Per FAQ unit, how much of its question the reader restated (restatement in rank.ts). */
  readonly restatedOf: Float64Array;
  readonly scoreOf: Float64Array;
  readonly order: Int32Array;
  /** Per place of `order` (the first stage's best units): its closeness, stage1 score, and whether it is taken (Candidates in rank.ts). */
  readonly near: Float64Array;
  readonly stage1: Float64Array;
  readonly taken: Uint8Array;
  /** Per matched word of a sentence, the concepts it stands for, and its place in the sentence (proximity). */
  readonly words: Int32Array;
  readonly places: Int32Array;
  /** Per concept bit, its words in the window (proximity). */
  readonly counts: Int32Array;
}

/**
 * Each index's working space, reused from question to question (one thread: one question at a time).
 * Kept by the ranker, its only user, keyed by the index: an index dropped from the library takes it along.
 */
const scratches = new WeakMap<ArticleIndex, Scratch>();

/** The index's working space with room for `width` slots per row, its tables set to that width. */
export function scratchFor(index: ArticleIndex, width: number): Scratch {
  let scratch = scratches.get(index);
  if (!scratch || scratch.capacity < width) {
    scratch = createScratch(index, Math.max(width, 8));
    scratches.set(index, scratch);
  }
  scratch.unitText.width = width;
  scratch.unitHeading.width = width;
  scratch.strongText.width = width;
  scratch.strongHeading.width = width;
  scratch.sentenceText.width = width;
  return scratch;
}

function createScratch(index: ArticleIndex, capacity: number): Scratch {
  const units = index.units.length;
  const sentences = index.sentences.length;
  const unitSeen = new Uint8Array(units);
  const touchedUnits = new Touched(units);
  const unitText: RowTable = { values: new Float64Array(units * capacity), seen: unitSeen, touched: touchedUnits, width: 0 };
  const unitHeading: RowTable = { values: new Float64Array(units * capacity), seen: unitSeen, touched: touchedUnits, width: 0 };
  const strongText: RowTable = { values: new Float64Array(units * capacity), seen: unitSeen, touched: touchedUnits, width: 0 };
  const strongHeading: RowTable = { values: new Float64Array(units * capacity), seen: unitSeen, touched: touchedUnits, width: 0 };
  const sentenceText: RowTable = { values: new Float64Array(sentences * capacity), seen: new Uint8Array(sentences), touched: new Touched(sentences), width: 0 };
  return {
    capacity,
    unitKinds: Uint8Array.from(index.units, ({ unit }) =>
      unit.kind === 'faq' ? UnitKind.faq : unit.heading === index.article.title ? UnitKind.lead : UnitKind.paragraph,
    ),
    unitText,
    unitHeading,
    strongText,
    strongHeading,
    sentenceText,
    reading: { table: unitText, row: 0, extra: undefined, extraRow: 0, extraFactor: 0 },
    slots: {
      count: 0,
      concepts: 0,
      concept: new Int32Array(capacity),
      parts: new Int32Array(capacity),
      weight: new Float64Array(capacity),
      totalWeight: 0,
    },
    terms: { weights: new Float64Array(index.termCount), masks: new Int32Array(index.termCount), touched: new Touched(index.termCount) },
    bestScore: new Float64Array(units),
    bestSentence: new Int32Array(units),
    sentenceCoverage: new Float64Array(units),
    confidenceOf: new Float64Array(units),
    restatedOf: new Float64Array(units),
    scoreOf: new Float64Array(units),
    order: new Int32Array(units),
    near: new Float64Array(units),
    stage1: new Float64Array(units),
    taken: new Uint8Array(units),
    words: new Int32Array(index.longestSentence),
    places: new Int32Array(index.longestSentence),
    counts: new Int32Array(32),
  };
}

/** Clears what the question touched (rows, terms), leaving the tables as new for the next. */
export function clearScratch(scratch: Scratch): void {
  const { unitText, unitHeading, strongText, strongHeading, sentenceText, terms } = scratch;
  const width = unitText.width;
  const units = unitText.touched;
  for (let i = 0; i < units.length; i += 1) {
    const u = units.at(i);
    unitText.seen[u] = 0;
    zero(unitText.values, u * width, width);
    zero(unitHeading.values, u * width, width);
    zero(strongText.values, u * width, width);
    zero(strongHeading.values, u * width, width);
  }
  const sentences = sentenceText.touched;
  for (let i = 0; i < sentences.length; i += 1) {
    const x = sentences.at(i);
    sentenceText.seen[x] = 0;
    zero(sentenceText.values, x * width, width);
  }
  for (let i = 0; i < terms.touched.length; i += 1) {
    const id = terms.touched.at(i);
    terms.weights[id] = 0;
    terms.masks[id] = 0;
  }
  units.length = 0;
  sentences.length = 0;
  terms.touched.length = 0;
}

/**
 * Zeroes `count` values from `from`: a row is a question's few slots, and a loop clears them in a
 * fraction of what a call of the typed array's fill costs per row.
 */
function zero(values: Float64Array, from: number, count: number): void {
  for (let i = from; i < from + count; i += 1) values[i] = 0;
}
