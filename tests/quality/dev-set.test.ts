import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/answer.ts';
import { loadArticles } from '../../src/corpus/load-articles.ts';
import { replyLocally } from '../../src/eval/local.ts';
import { type EvalReport, parseQuestions, scoreReplies, scoreSets } from '../../src/eval/score.ts';
import { articleFolders, loadEvalSet } from '../../src/eval/sets.ts';
import { createLibrary } from '../../src/library.ts';
import { faqDir, testLexicon } from '../helpers/server.ts';

// Answer quality as `faq-chat eval tests/quality/articles --local` measures it: every article folder
// imported with the importer of `faq-chat import`, served together, each question naming its article.
// The floors are issue 12's where today's figures reach them, else today's figures (docs/quality.md):
// a change that makes any of them worse fails here. These are in-sample figures (the answer model was
// trained on these questions); what to expect of an unseen article is the leave-one-article-out
// report of `npx tsx scripts/train-ranker.ts --cv-only`, quoted in docs/quality.md.

const articlesDir = fileURLToPath(new URL('./articles', import.meta.url));
const sets = articleFolders(articlesDir).map(loadEvalSet);
const library = createLibrary(
  sets.map((s) => s.article),
  testLexicon(),
);
const report = scoreSets(sets.map((set) => ({ id: set.id, questions: set.questions, replies: replyLocally(library, set.questions, set.id) })));
const byId = new Map(report.articles.map((a) => [a.id, a.report]));
const first = 'kuba-china-militaer';

/** The four articles the matcher was not first developed on, pooled. */
function newArticles(): EvalReport {
  const others = sets.filter((s) => s.id !== first);
  return scoreSets(others.map((set) => ({ id: set.id, questions: set.questions, replies: replyLocally(library, set.questions, set.id) }))).pooled;
}

describe('answer quality on the four new articles, pooled (issue 12)', () => {
  const pooled = newArticles();
  // Issue 12's floors are 119, 133, 16/20, ≤ 4, 14/20; today: see docs/quality.md. Off-topic was 15: a
  // split verb read as a verb ("hob … ab" for "gestartet") also answers "Wann ist das Hubble-Teleskop
  // ins All gestartet?" with Webb's launch (+1 top-1, −1 off-topic).
  const floors = Object.freeze({ germanTop1: 115, germanTop3: 131, offtopicAbstained: 14, falseAbstentions: 2, crossLingualTop1: 17 });

  it('has 140 German, 20 cross-lingual and 20 off-topic questions', () => {
    expect([pooled.german.questions, pooled.crossLingual.questions, pooled.offtopic.questions]).toEqual([140, 20, 20]);
  });

  it(`puts the right passage first for at least ${floors.germanTop1} of 140 German questions, and among the first three for ${floors.germanTop3}`, () => {
    expect(pooled.german.top1).toBeGreaterThanOrEqual(floors.germanTop1);
    expect(pooled.german.top3).toBeGreaterThanOrEqual(floors.germanTop3);
  });

  it(`stays silent on at least ${floors.offtopicAbstained} of 20 off-topic questions and falsely on at most ${floors.falseAbstentions}`, () => {
    expect(pooled.offtopic.abstained).toBeGreaterThanOrEqual(floors.offtopicAbstained);
    expect(pooled.german.falseAbstentions).toBeLessThanOrEqual(floors.falseAbstentions);
  });

  it(`answers at least ${floors.crossLingualTop1} of 20 English and Spanish questions right`, () => {
    expect(pooled.crossLingual.top1).toBeGreaterThanOrEqual(floors.crossLingualTop1);
  });

  // The widget shows the quote as the answer: a right paragraph with a quote beside the point leaves
  // the reader to find it. Today 96 of the 115 right German first answers quote the expected passage.
  it('quotes the expected passage itself in at least 96 of its right German first answers', () => {
    expect(pooled.german.quoted).toBeGreaterThanOrEqual(96);
  });

  it('puts at least 68 % of each article first (today: 24–27 of 35)', () => {
    for (const set of sets.filter((s) => s.id !== first)) expect(byId.get(set.id)?.german.top1, set.id).toBeGreaterThanOrEqual(24);
  });
});

describe("an article's own FAQ questions", () => {
  // Readers click the widget's starter chips: the article's FAQ questions, asked as they are written.
  it.each(sets.flatMap((set) => set.article.units.filter((u) => u.kind === 'faq').map((u) => [set.id, u.heading, u.id] as const)))(
    '%s: "%s" is answered with its own answer first',
    (id, question, unit) => {
      expect(answerQuestion(library, { question, article: id }).answers[0]?.citation.unit).toBe(unit);
    },
  );
});

describe('a score that means what it says (issue 12.3)', () => {
  it('has an expected calibration error of at most 0.10 over the first answers of all five articles', () => {
    expect(report.pooled.reliability.answered).toBeGreaterThan(150);
    expect(report.pooled.reliability.ece).toBeLessThanOrEqual(0.1);
  });

  it('is right more often in each higher score band', () => {
    const shares = report.pooled.reliability.bands.filter((b) => b.count >= 10).map((b) => b.right / b.count);
    for (let i = 1; i < shares.length; i += 1) expect(shares[i]).toBeGreaterThan(shares[i - 1] as number);
  });
});

describe("answer quality on the first article's questions (dev.jsonl)", () => {
  const dev = byId.get(first) as EvalReport;
  // Issue 12's floors for the first article: top-1 ≥ 85 % (33 of 38), top-3 ≥ 95 % (37), off-topic ≥ 5 of 6, ≤ 1 false abstention.
  const floors = Object.freeze({ germanTop1: 33, germanTop3: 37, offtopicAbstained: 5, falseAbstentions: 1, crossLingualTop1: 5 });

  it('has the 38 German, 6 cross-lingual and 6 off-topic questions it is scored on', () => {
    expect([dev.german.questions, dev.crossLingual.questions, dev.offtopic.questions]).toEqual([38, 6, 6]);
  });

  it(`keeps issue 12's floors: top-1 ≥ ${floors.germanTop1}, top-3 ≥ ${floors.germanTop3}, off-topic ≥ ${floors.offtopicAbstained}, false abstentions ≤ ${floors.falseAbstentions}, cross-lingual ≥ ${floors.crossLingualTop1}`, () => {
    expect(dev.german.top1).toBeGreaterThanOrEqual(floors.germanTop1);
    expect(dev.german.top3).toBeGreaterThanOrEqual(floors.germanTop3);
    expect(dev.offtopic.abstained).toBeGreaterThanOrEqual(floors.offtopicAbstained);
    expect(dev.german.falseAbstentions).toBeLessThanOrEqual(floors.falseAbstentions);
    expect(dev.crossLingual.top1).toBeGreaterThanOrEqual(floors.crossLingualTop1);
  });
});

// Questions of the same kinds written for the first article after dev.jsonl was worked on
// (tests/quality/extra.jsonl). Its off-topic floor was 3 of 4 while one threshold was tuned on the
// first article; with one threshold for every article two of its near misses ("Wann finden die
// nächsten Wahlen in Kuba statt?", "Wie viele Touristen …?") are answered (docs/quality.md).
const extraSet = fileURLToPath(new URL('./extra.jsonl', import.meta.url));
const extraFloors = Object.freeze({ germanTop1: 26, germanTop3: 28, offtopicAbstained: 1, falseAbstentions: 0, crossLingualTop1: 3 });

describe('answer quality on tests/quality/extra.jsonl', () => {
  const questions = parseQuestions(readFileSync(extraSet, 'utf8'), extraSet);
  const extra = scoreReplies(questions, replyLocally(createLibrary(loadArticles(faqDir), testLexicon()), questions));

  it(`keeps today's figures: top-1 ≥ ${extraFloors.germanTop1}, top-3 ≥ ${extraFloors.germanTop3} of ${extra.german.questions} German; off-topic ≥ ${extraFloors.offtopicAbstained}; cross-lingual ≥ ${extraFloors.crossLingualTop1}`, () => {
    expect(extra.german.top1).toBeGreaterThanOrEqual(extraFloors.germanTop1);
    expect(extra.german.top3).toBeGreaterThanOrEqual(extraFloors.germanTop3);
    expect(extra.german.falseAbstentions).toBeLessThanOrEqual(extraFloors.falseAbstentions);
    expect(extra.offtopic.abstained).toBeGreaterThanOrEqual(extraFloors.offtopicAbstained);
    expect(extra.crossLingual.top1).toBeGreaterThanOrEqual(extraFloors.crossLingualTop1);
  });
});
