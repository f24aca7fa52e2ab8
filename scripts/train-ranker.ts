// Trains the answer model (src/search/match/answer-model.ts): two logistic regressions over the features
// the first stage computes for its candidate units (src/search/match/rank.ts; their names in features.ts, featureNames). One gives the
// probability that the first candidate is right, which decides whether the article answers; the other
// that a later candidate is. A candidate is right when it holds one of the question's expected
// passages (as `faq-chat eval` counts); for a question the article does not answer, none is.
// Trained on every article folder under tests/quality/articles pooled. First it reports
// leave-one-article-out figures (each article scored by a model trained on the others: what to expect
// of an article never seen), then writes the model trained on all of them.
// `npx tsx scripts/train-ranker.ts [--cv-only] [--threshold 0.3] [--l2 1] [--foreign 0] [--show] [--rules]`: --show lists
// each held-out question's first candidate with its features; --rules how often signs of no answer fire.
// Each held-out article is also asked every answerable question of the other articles' sets, which it
// cannot answer: "others'" counts how many it refused. --foreign W adds those questions (of the
// training articles, asked of each other) to the first model's training as refusals, each weighing W.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { germanKinds, isRight, reliabilityOf } from '../src/eval/score.ts';
import { articleFolders, loadEvalSet } from '../src/eval/sets.ts';
import { createLibrary } from '../src/library.ts';
import type { QueryLanguage } from '../src/search/language/languages.ts';
import { loadLexicon } from '../src/search/language/load-lexicon.ts';
import { type AnswerModel, type FeatureName, featureNames, type LogisticModel, probability } from '../src/search/match/features.ts';
import { analyzeQuestion } from '../src/search/match/query.ts';
import { passesGate, rankCandidates, rankDefaults } from '../src/search/match/rank.ts';

const { values } = parseArgs({
  options: {
    'cv-only': { type: 'boolean', default: false },
    show: { type: 'boolean', default: false },
    rules: { type: 'boolean', default: false },
    threshold: { type: 'string', default: String(rankDefaults.minConfidence) },
    l2: { type: 'string', default: '1' },
    foreign: { type: 'string', default: '0' },
    dir: { type: 'string', default: fileURLToPath(new URL('../tests/quality/articles', import.meta.url)) },
  },
});
const threshold = Number(values.threshold);
const l2 = Number(values.l2);
/** How much each question asked of another article weighs in training, against 1 for the article's own. */
const foreignWeight = Number(values.foreign);

interface Row {
  readonly x: Float64Array;
  readonly y: number;
  /** Its weight in the loss (1, or {@link foreignWeight} for a question asked of another article). */
  readonly w: number;
}
interface Asked {
  readonly q: string;
  readonly language: QueryLanguage;
  readonly article: string;
  readonly kind: string;
  readonly answerable: boolean;
  /** The candidates in the first stage's order. */
  readonly rows: readonly Row[];
  /** For a question of another article's set asked of this one (which does not answer it): that article. */
  readonly from?: string;
  /** Refused before ranking (rank.ts): it names a place the article never mentions. */
  readonly namesAbsent: boolean;
}

const lexicon = loadLexicon();
const sets = articleFolders(values.dir).map(loadEvalSet);
const library = createLibrary(
  sets.map((s) => s.article),
  lexicon,
);
const asked: Asked[] = [];
for (const set of sets) {
  const index = library.get(set.id);
  if (!index) throw new Error(`no index for ${set.id}`);
  for (const q of set.questions) {
    const analyzed = analyzeQuestion(q.q, index, lexicon);
    const candidates = rankCandidates(analyzed, index, rankDefaults.candidates);
    const rows = candidates.map((c) => {
      const unit = index.units[c.unit]?.unit;
      const sentence = index.sentences[c.sentence];
      const text = unit?.text ?? '';
      const quote = sentence ? text.slice(sentence.start, sentence.end) : text;
      return { x: Float64Array.from(c.features), y: unit && isRight({ text, quote, heading: unit.heading }, q.expect) ? 1 : 0, w: 1 };
    });
    asked.push({
      q: q.q,
      language: analyzed.language,
      article: set.id,
      kind: q.kind,
      answerable: q.expect.length > 0,
      rows,
      namesAbsent: analyzed.namesAbsent === true,
    });
  }
}
// Every answerable question of the other articles' sets, asked of each article: none is answered by
// it, so each is one more example of a question the article must refuse.
const foreign: Asked[] = [];
for (const set of sets) {
  const index = library.get(set.id);
  if (!index) throw new Error(`${set.id}: not in the library`);
  for (const other of sets) {
    if (other === set) continue;
    for (const q of other.questions) {
      if (q.expect.length === 0) continue;
      const analyzed = analyzeQuestion(q.q, index, lexicon);
      const rows = rankCandidates(analyzed, index, rankDefaults.candidates).map((c) => ({ x: Float64Array.from(c.features), y: 0, w: foreignWeight }));
      foreign.push({
        q: q.q,
        language: analyzed.language,
        article: set.id,
        kind: q.kind,
        answerable: false,
        rows,
        from: other.id,
        namesAbsent: analyzed.namesAbsent === true,
      });
    }
  }
}

/**
 * The sign each weight may take: evidence for an answer counts for it, evidence against against it,
 * whatever one article's questions happen to say (0: free).
 */
const signs: Readonly<Record<FeatureName, -1 | 0 | 1>> = {
  coverage: 1,
  sentence: 1,
  strong: 1,
  hardTypeAsked: 0,
  hardTypeFit: 1,
  softTypeAsked: 0,
  softTypeFit: 1,
  focusMissing: -1,
  proximity: 1,
  restated: 1,
  faq: 0,
  lead: 0,
  coverageGap: 1,
  sentenceGap: 1,
  missingNoun: -1,
  missing: -1,
  matchedShare: 1,
  stage1: 1,
  margin: 1,
  hardTypeNowhere: -1,
  softTypeNowhere: -1,
  nameMissing: -1,
  presentCoverage: 1,
  absentName: -1,
};

/**
 * L2-regularized logistic regression (the bias not penalized) with each weight kept to its sign:
 * projected gradient descent with backtracking on the (convex) loss.
 */
function fitLogistic(rows: readonly Row[]): LogisticModel {
  const d = featureNames.length + 1;
  const sign = [0, ...featureNames.map((name) => signs[name])];
  const loss = (w: Float64Array): { value: number; gradient: Float64Array } => {
    let value = 0;
    const gradient = new Float64Array(d);
    for (const { x, y, w: weight } of rows) {
      let z = w[0] as number;
      for (let i = 1; i < d; i += 1) z += (w[i] as number) * (x[i - 1] as number);
      const p = 1 / (1 + Math.exp(-z));
      value += -weight * (y * Math.log(p + 1e-12) + (1 - y) * Math.log(1 - p + 1e-12));
      gradient[0] = (gradient[0] as number) + weight * (p - y);
      for (let i = 1; i < d; i += 1) gradient[i] = (gradient[i] as number) + weight * (p - y) * (x[i - 1] as number);
    }
    for (let i = 1; i < d; i += 1) {
      value += (l2 / 2) * (w[i] as number) ** 2;
      gradient[i] = (gradient[i] as number) + l2 * (w[i] as number);
    }
    return { value, gradient };
  };
  const project = (w: Float64Array): Float64Array<ArrayBuffer> =>
    w.map((v, i) => ((sign[i] as number) > 0 ? Math.max(0, v) : (sign[i] as number) < 0 ? Math.min(0, v) : v));
  let w: Float64Array = new Float64Array(d);
  let current = loss(w);
  let step = 1 / rows.length;
  for (let iteration = 0; iteration < 20_000; iteration += 1) {
    const next = project(w.map((v, i) => v - step * (current.gradient[i] as number)));
    const tried = loss(next);
    if (tried.value < current.value) {
      const gain = current.value - tried.value;
      w = next;
      current = tried;
      step *= 1.5;
      if (gain < 1e-9 * rows.length) break;
    } else step /= 2;
    if (step < 1e-12) break;
  }
  const weights = Object.fromEntries(featureNames.map((name, i) => [name, w[i + 1] as number])) as Record<FeatureName, number>;
  return { bias: w[0] as number, weights };
}

/** Whether rank() would look at the question's first candidate at all: nothing absent named, the gate passed. */
const passes = (q: Asked): boolean => q.rows[0] !== undefined && !q.namesAbsent && passesGate((q.rows[0] as Row).x, q.language);

/** Questions the gate lets through: the first model learns only from these. */
const gated = (questions: readonly Asked[]): Asked[] => questions.filter(passes);

/** Both models, from the questions' candidates: the first candidates for one, the later ones for the other. */
function train(questions: readonly Asked[], refused: readonly Asked[] = []): AnswerModel {
  return {
    first: fitLogistic(gated([...questions, ...(foreignWeight > 0 ? refused : [])]).flatMap((q) => q.rows.slice(0, 1))),
    other: fitLogistic(questions.flatMap((q) => q.rows.slice(1))),
  };
}

interface Figures {
  german: number;
  top1: number;
  top3: number;
  falseAbstentions: number;
  offtopic: number;
  abstained: number;
  cross: number;
  crossTop1: number;
  first: { score: number; right: boolean }[];
}

/** Answers as rank() does: the first stage's order, the first candidate's probability against the threshold. */
function answersOf(model: AnswerModel, q: Asked): { p: number; y: number }[] {
  const first = q.rows[0];
  if (!first || !passes(q) || probability(model.first, first.x) < threshold) return [];
  const secondary = Math.min(threshold, rankDefaults.secondaryMinConfidence);
  let ceiling = 1;
  const answers: { p: number; y: number }[] = [];
  q.rows.forEach((r, i) => {
    const p = probability(i === 0 ? model.first : model.other, r.x);
    if (answers.length >= 3 || (i > 0 && p < secondary)) return;
    ceiling = Math.min(ceiling, p);
    answers.push({ p: ceiling, y: r.y });
  });
  return answers;
}

function evaluate(model: AnswerModel, questions: readonly Asked[]): Figures {
  const f: Figures = { german: 0, top1: 0, top3: 0, falseAbstentions: 0, offtopic: 0, abstained: 0, cross: 0, crossTop1: 0, first: [] };
  for (const q of questions) {
    const answers = answersOf(model, q);
    const top1 = answers[0]?.y === 1;
    if (answers[0]) f.first.push({ score: Math.round(answers[0].p * 100) / 100, right: top1 });
    if (!q.answerable) {
      f.offtopic += 1;
      if (answers.length === 0) f.abstained += 1;
    } else if ((germanKinds as readonly string[]).includes(q.kind)) {
      f.german += 1;
      if (top1) f.top1 += 1;
      if (answers.some((a) => a.y === 1)) f.top3 += 1;
      if (answers.length === 0) f.falseAbstentions += 1;
    } else {
      f.cross += 1;
      if (top1) f.crossTop1 += 1;
    }
  }
  return f;
}

function line(name: string, f: Figures): string {
  const r = reliabilityOf(f.first);
  return `${name.padEnd(22)} top-1 ${`${f.top1}/${f.german}`.padStart(7)}  top-3 ${`${f.top3}/${f.german}`.padStart(7)}  off-topic ${`${f.abstained}/${f.offtopic}`.padStart(5)}  false-abs ${String(f.falseAbstentions).padStart(2)}  cross ${`${f.crossTop1}/${f.cross}`.padStart(5)}  ECE ${r.ece.toFixed(3)}`;
}

function add(a: Figures, b: Figures): Figures {
  return {
    german: a.german + b.german,
    top1: a.top1 + b.top1,
    top3: a.top3 + b.top3,
    falseAbstentions: a.falseAbstentions + b.falseAbstentions,
    offtopic: a.offtopic + b.offtopic,
    abstained: a.abstained + b.abstained,
    cross: a.cross + b.cross,
    crossTop1: a.crossTop1 + b.crossTop1,
    first: [...a.first, ...b.first],
  };
}

function describe(model: LogisticModel, x: Float64Array): string {
  return featureNames
    .map((name, i) => [name, x[i] as number, model.weights[name] * (x[i] as number)] as const)
    .filter(([, v]) => v !== 0)
    .map(([name, v, contribution]) => `${name}=${v.toFixed(2)}(${contribution >= 0 ? '+' : ''}${contribution.toFixed(1)})`)
    .join(' ');
}

if (process.env.DUMP) {
  // Where the first stage put the right candidate, per question (0: nowhere), for diffing two versions.
  const lines = asked.map((q) => `${q.article}\t${q.kind}\t${q.rows.findIndex((r) => r.y === 1) + 1}\t${q.q}`);
  writeFileSync(process.env.DUMP, `${lines.join('\n')}\n`);
}
const reachable = asked.filter((q) => q.answerable && q.rows.some((r) => r.y === 1)).length;
console.log(
  `${asked.length} questions, ${asked.filter((q) => q.answerable).length} answerable, ${reachable} with a right candidate among the first ${rankDefaults.candidates}`,
);
{
  // The first stage's own order, without abstaining: the most the threshold can leave.
  const german = asked.filter((q) => q.answerable && (germanKinds as readonly string[]).includes(q.kind));
  const top1 = german.filter((q) => q.rows[0]?.y === 1).length;
  const top3 = german.filter((q) => q.rows.slice(0, 3).some((r) => r.y === 1)).length;
  console.log(`first-stage order alone (no abstention): German top-1 ${top1}/${german.length}, top-3 ${top3}/${german.length}`);
}
console.log(`\nleave one article out (threshold ${threshold}, l2 ${l2}):`);
let pooled: Figures | undefined;
let foreignRefused = 0;
let foreignAsked = 0;
for (const set of sets) {
  const model = train(
    asked.filter((q) => q.article !== set.id),
    foreign.filter((q) => q.article !== set.id && q.from !== set.id),
  );
  const held = asked.filter((q) => q.article === set.id);
  const f = evaluate(model, held);
  const others = foreign.filter((q) => q.article === set.id);
  const refusedHere = others.filter((q) => answersOf(model, q).length === 0).length;
  foreignRefused += refusedHere;
  foreignAsked += others.length;
  console.log(`${line(set.id, f)}  others' ${refusedHere}/${others.length}`);
  if (values.show) {
    for (const q of held) {
      const first = q.rows[0];
      if (!first) continue;
      const verdict = !q.answerable ? 'OFF  ' : first.y ? 'RIGHT' : 'wrong';
      console.log(`   ${verdict} p=${probability(model.first, first.x).toFixed(2)} ${q.q}\n        ${describe(model.first, first.x)}`);
    }
  }
  pooled = pooled ? add(pooled, f) : f;
}
if (pooled) {
  console.log(`${line('pooled', pooled)}  others' ${foreignRefused}/${foreignAsked}`);
  for (const band of reliabilityOf(pooled.first).bands) {
    console.log(`   ${band.from.toFixed(1)}–${band.to.toFixed(1)}: ${band.right}/${band.count} right, mean ${band.meanScore.toFixed(2)}`);
  }
}
if (values.rules) {
  // How often simple signs of "the article does not answer this" fire on each kind of question.
  const f = (q: Asked, name: FeatureName): number => (q.rows[0]?.x[featureNames.indexOf(name)] as number) ?? 0;
  const rules: [string, (q: Asked) => boolean][] = [
    ['hardTypeNowhere', (q) => f(q, 'hardTypeNowhere') === 1],
    ['hardTypeMissFirst', (q) => f(q, 'hardTypeAsked') === 1 && f(q, 'hardTypeFit') === 0],
    ['missingNoun>=0.5', (q) => f(q, 'missingNoun') >= 0.5],
    ['missingNoun>=0.4', (q) => f(q, 'missingNoun') >= 0.4],
    ['missing>=0.6', (q) => f(q, 'missing') >= 0.6],
    ['coverage<0.2', (q) => f(q, 'coverage') < 0.2],
    ['coverage<0.25', (q) => f(q, 'coverage') < 0.25],
    ['nameMissing>0', (q) => f(q, 'nameMissing') > 0],
    ['focusMissing', (q) => f(q, 'focusMissing') === 1],
    ['absentName>0', (q) => f(q, 'absentName') > 0],
    ['gated', (q) => !passesGate((q.rows[0] as Row).x, q.language)],
  ];
  for (const [name, rule] of rules) {
    const fired = asked.filter((q) => q.rows[0] && rule(q));
    const off = fired.filter((q) => !q.answerable);
    console.log(
      `${name.padEnd(20)} off-topic ${off.length}/${asked.filter((q) => !q.answerable).length}, answerable ${fired.length - off.length} (right first: ${fired.filter((q) => q.answerable && q.rows[0]?.y === 1).length})`,
    );
    if (values.show) for (const q of fired.filter((x) => x.answerable)) console.log(`     ${q.rows[0]?.y ? 'RIGHT' : 'wrong'} ${q.q}`);
  }
}
const model = train(asked, foreign);
console.log(`\ntrained on all (in-sample):\n${line('pooled', evaluate(model, asked))}`);
const weightLines = (m: LogisticModel): string => featureNames.map((name) => `      ${name}: ${m.weights[name].toFixed(4)},`).join('\n');
for (const [name, m] of Object.entries(model))
  console.log(`${name}: bias ${m.bias.toFixed(3)} ${featureNames.map((f) => `${f} ${m.weights[f].toFixed(2)}`).join(', ')}`);
if (!values['cv-only']) {
  const source = `import type { AnswerModel } from './features.ts';

/**
 * The answer model: generated by scripts/train-ranker.ts from tests/quality/articles (every article
 * pooled, l2 ${l2}); do not edit by hand. Its leave-one-article-out figures are in docs/quality.md.
 */
export const answerModel: AnswerModel = {
  first: {
    bias: ${model.first.bias.toFixed(4)},
    weights: {
${weightLines(model.first)}
    },
  },
  other: {
    bias: ${model.other.bias.toFixed(4)},
    weights: {
${weightLines(model.other)}
    },
  },
};
`;
  writeFileSync(new URL('../src/search/match/answer-model.ts', import.meta.url), source);
  console.log('wrote src/search/match/answer-model.ts');
}
