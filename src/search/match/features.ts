/**
 * What the answer model reads of a candidate (the features, by name and place) and the logistic
 * model over them; the trained weights are in answer-model.ts, the features computed in rank.ts.
 */

/**
 * What the answer model reads of a candidate unit (all in [0, 1] or small differences):
 * - coverage: share of the question's weight the unit (with its heading) holds;
 * - sentence: the same for its best sentence alone (an FAQ's question counting with each of its sentences);
 * - strong: coverage by the question's own words only (forms, typos), no synonyms or relatives;
 * - hardTypeAsked / hardTypeFit: the question asks for a time or a number (a date, a count, an amount
 *   of money, an age …) / the best sentence gives one of the kinds asked;
 * - softTypeAsked / softTypeFit: the same for a name, a place, a reason, a statement (read less surely);
 * - focusMissing: a question asking for a number whose noun the best sentence lacks;
 * - proximity: how close the question's words stand in the best sentence;
 * - restated: for an FAQ entry, how much of its question the reader restated;
 * - faq, lead: an FAQ entry; a paragraph before the first heading;
 * - coverageGap, sentenceGap: how far below the best candidate's coverage this one's is;
 * - missingNoun, missing: share of the question's weight in nouns (in words) the article has nothing for;
 * - matchedShare: share of the question's content words (not weight) the unit has;
 * - stage1: the first-stage ranking score, which orders the candidates;
 * - margin: for the first candidate, how far the second is below it; for the others, how far below the first they are;
 * - hardTypeNowhere: the question asks for a time or a number no candidate's best sentence gives;
 * - softTypeNowhere: the same for a name, a place, a reason or a statement (read less surely from text);
 * - nameMissing: share of the question's weight in names (words no dictionary knows) the unit does not name;
 * - presentCoverage: coverage of the part of the question the article has words for at all;
 * - absentName: share of the question's weight in names the article never mentions (EVG, a person it does not name).
 */
export const featureNames = Object.freeze([
  'coverage',
  'sentence',
  'strong',
  'hardTypeAsked',
  'hardTypeFit',
  'softTypeAsked',
  'softTypeFit',
  'focusMissing',
  'proximity',
  'restated',
  'faq',
  'lead',
  'coverageGap',
  'sentenceGap',
  'missingNoun',
  'missing',
  'matchedShare',
  'stage1',
  'margin',
  'hardTypeNowhere',
  'softTypeNowhere',
  'nameMissing',
  'presentCoverage',
  'absentName',
] as const);

export type FeatureName = (typeof featureNames)[number];

/** Where each feature sits in a candidate's feature array. */
export const at = Object.freeze(Object.fromEntries(featureNames.map((name, i) => [name, i])) as Record<FeatureName, number>);

/** A logistic model over {@link featureNames}. */
export interface LogisticModel {
  readonly bias: number;
  readonly weights: Readonly<Record<FeatureName, number>>;
}

/**
 * The answer model: the probability that the first stage's first candidate is right (which decides
 * whether the article answers at all), and that a later candidate is.
 */
export interface AnswerModel {
  readonly first: LogisticModel;
  readonly other: LogisticModel;
}

/** The logistic model's probability for a feature vector. */
export function probability(model: LogisticModel, features: ArrayLike<number>): number {
  // The two models asked last (a question asks the first and the other model) are checked before the WeakMap's look-up.
  let weights = model === recent[0] ? recentWeights[0] : model === recent[1] ? recentWeights[1] : weightVectors.get(model);
  if (!weights) {
    weights = Float64Array.from(featureNames, (name) => model.weights[name] ?? 0);
    weightVectors.set(model, weights);
  }
  if (model !== recent[0] && model !== recent[1]) {
    recent[1] = recent[0];
    recentWeights[1] = recentWeights[0];
    recent[0] = model;
    recentWeights[0] = weights;
  }
  let z = model.bias;
  for (let f = 0; f < weights.length; f += 1) z += (weights[f] as number) * (features[f] as number);
  return 1 / (1 + Math.exp(-z));
}

/** A model's weights in feature order, made once per model (looked up by name per question cost a twentieth of it). */
const weightVectors = new WeakMap<LogisticModel, Float64Array>();
const recent: (LogisticModel | undefined)[] = [undefined, undefined];
const recentWeights: (Float64Array | undefined)[] = [undefined, undefined];
