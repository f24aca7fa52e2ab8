import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadArticles } from '../../src/corpus/load-articles.ts';
import { replyLocally } from '../../src/eval/local.ts';
import { parseQuestions, scoreReplies } from '../../src/eval/score.ts';
import { createLibrary } from '../../src/library.ts';
import { faqDir, testLexicon } from '../helpers/server.ts';

// The first article's reader questions with known answers (a copy of ../shared/eval/dev.jsonl).
const devSet = fileURLToPath(new URL('./articles/kuba-china-militaer/questions.jsonl', import.meta.url));

/**
 * Floors that keep answer quality from regressing silently: issue 3's floors (German top-1 ≥ 85% = 33
 * of 38, top-3 ≥ 95% = 37, off-topic ≥ 5, false abstentions ≤ 1), raised to today's figures where
 * those are better (README, "Answer quality").
 */
const floors = Object.freeze({ germanTop1: 33, germanTop3: 37, offtopicAbstained: 6, falseAbstentions: 0, crossLingualTop1: 5 });

describe("answer quality on the first article's questions (dev.jsonl)", () => {
  const questions = parseQuestions(readFileSync(devSet, 'utf8'), devSet);
  const report = scoreReplies(questions, replyLocally(createLibrary(loadArticles(faqDir), testLexicon()), questions));

  it('has the 38 German, 6 cross-lingual and 6 off-topic questions it is scored on', () => {
    expect([report.german.questions, report.crossLingual.questions, report.offtopic.questions]).toEqual([38, 6, 6]);
  });

  it(`puts the right passage first for at least ${floors.germanTop1} of 38 German questions`, () => {
    expect(report.german.top1).toBeGreaterThanOrEqual(floors.germanTop1);
  });

  it(`has the right passage in the first three for at least ${floors.germanTop3} of 38`, () => {
    expect(report.german.top3).toBeGreaterThanOrEqual(floors.germanTop3);
  });

  it(`stays silent on at least ${floors.offtopicAbstained} of 6 off-topic questions`, () => {
    expect(report.offtopic.abstained).toBeGreaterThanOrEqual(floors.offtopicAbstained);
  });

  it(`falsely abstains on at most ${floors.falseAbstentions} German questions`, () => {
    expect(report.german.falseAbstentions).toBeLessThanOrEqual(floors.falseAbstentions);
  });

  it(`answers at least ${floors.crossLingualTop1} of 6 English and Spanish questions right`, () => {
    expect(report.crossLingual.top1).toBeGreaterThanOrEqual(floors.crossLingualTop1);
  });
});

// Questions of the same kinds written here after dev.jsonl was worked on (tests/quality/extra.jsonl),
// so a change that only fits dev.jsonl shows here. Not independent: two changes since came from its
// misses (README, "Answer quality").
const extraSet = fileURLToPath(new URL('./extra.jsonl', import.meta.url));
const extraFloors = Object.freeze({ germanTop1: 26, germanTop3: 28, offtopicAbstained: 3, falseAbstentions: 0, crossLingualTop1: 3 });

describe('answer quality on tests/quality/extra.jsonl', () => {
  const questions = parseQuestions(readFileSync(extraSet, 'utf8'), extraSet);
  const report = scoreReplies(questions, replyLocally(createLibrary(loadArticles(faqDir), testLexicon()), questions));

  it(`keeps today's figures: top-1 ≥ ${extraFloors.germanTop1}, top-3 ≥ ${extraFloors.germanTop3} of ${report.german.questions} German; off-topic ≥ ${extraFloors.offtopicAbstained}; cross-lingual ≥ ${extraFloors.crossLingualTop1}`, () => {
    expect(report.german.top1).toBeGreaterThanOrEqual(extraFloors.germanTop1);
    expect(report.german.top3).toBeGreaterThanOrEqual(extraFloors.germanTop3);
    expect(report.german.falseAbstentions).toBeLessThanOrEqual(extraFloors.falseAbstentions);
    expect(report.offtopic.abstained).toBeGreaterThanOrEqual(extraFloors.offtopicAbstained);
    expect(report.crossLingual.top1).toBeGreaterThanOrEqual(extraFloors.crossLingualTop1);
  });
});
