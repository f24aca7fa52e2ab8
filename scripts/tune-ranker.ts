// Tries the first stage's settings (src/search/match/rank.ts, rankDefaults) on the article folders under
// tests/quality/articles: coordinate search over a small grid per setting, scored by how many
// answerable questions get a right first candidate (top-3 breaking ties). Honest by construction:
// each article is scored with the settings chosen on the other four (leave one article out), and
// that pooled figure is what to compare with today's settings. Prints the settings chosen on all five.
// `npx tsx scripts/tune-ranker.ts`
import { fileURLToPath } from 'node:url';
import { isRight } from '../src/eval/score.ts';
import { articleFolders, loadEvalSet } from '../src/eval/sets.ts';
import { createLibrary } from '../src/library.ts';
import type { ArticleIndex } from '../src/search/article/article-index.ts';
import { loadLexicon } from '../src/search/language/load-lexicon.ts';
import { type AnalyzedQuestion, analyzeQuestion } from '../src/search/match/query.ts';
import { type RankOptions, rankCandidates, rankDefaults } from '../src/search/match/rank.ts';

const grid: Partial<Record<keyof RankOptions, readonly number[]>> = {
  paragraphHeadingFactor: [0.25, 0.5, 0.75],
  faqQuestionFactor: [0.5, 0.75, 1],
  faqQuestionInSentence: [0.5, 0.75, 1],
  titleHeadingFactor: [0, 0.25, 0.5],
  sentenceShare: [0.3, 0.5, 0.7],
  answerTypeBonus: [0.1, 0.2, 0.3, 0.45],
  answerTypeMissing: [0.3, 0.5, 0.75, 1],
  focusMissing: [0.3, 0.5, 0.75, 1],
  proximityWeight: [0, 0.15, 0.3],
  sentenceLengthWeight: [0, 0.25, 0.5],
  faqQuestionShare: [0.2, 0.4, 0.6],
  sameAskFactor: [1, 1.5, 2],
  otherAskFactor: [0.25, 0.5, 1],
};

interface Asked {
  readonly article: string;
  readonly index: ArticleIndex;
  readonly question: AnalyzedQuestion;
  readonly expect: readonly string[];
}

const lexicon = loadLexicon();
const sets = articleFolders(fileURLToPath(new URL('../tests/quality/articles', import.meta.url))).map(loadEvalSet);
const library = createLibrary(
  sets.map((s) => s.article),
  lexicon,
);
const asked: Asked[] = sets.flatMap((set) => {
  const index = library.get(set.id) as ArticleIndex;
  return set.questions
    .filter((q) => q.expect.length > 0)
    .map((q) => ({ article: set.id, index, question: analyzeQuestion(q.q, index, lexicon), expect: q.expect }));
});

/** Right first candidates, and right among the first three, over the questions. */
function score(options: RankOptions, questions: readonly Asked[]): { top1: number; top3: number } {
  let top1 = 0;
  let top3 = 0;
  for (const q of questions) {
    const candidates = rankCandidates(q.question, q.index, 3, options);
    const right = candidates.map((c) => {
      const unit = q.index.units[c.unit]?.unit;
      const sentence = q.index.sentences[c.sentence];
      const text = unit?.text ?? '';
      return unit !== undefined && isRight({ text, quote: sentence ? text.slice(sentence.start, sentence.end) : text, heading: unit.heading }, q.expect);
    });
    if (right[0]) top1 += 1;
    if (right.some(Boolean)) top3 += 1;
  }
  return { top1, top3 };
}

const value = (s: { top1: number; top3: number }): number => s.top1 + s.top3 / 1000;

/** Coordinate search from today's settings: each setting in turn takes its best grid value; two passes. */
function tune(questions: readonly Asked[]): RankOptions {
  let best: RankOptions = { ...rankDefaults };
  let bestValue = value(score(best, questions));
  for (let pass = 0; pass < 2; pass += 1) {
    for (const [name, values] of Object.entries(grid) as [keyof RankOptions, readonly number[]][]) {
      for (const v of values) {
        const tried = { ...best, [name]: v };
        const tv = value(score(tried, questions));
        if (tv > bestValue + 1e-9) {
          best = tried;
          bestValue = tv;
        }
      }
    }
  }
  return best;
}

let today = { top1: 0, top3: 0 };
let held = { top1: 0, top3: 0 };
for (const set of sets) {
  const test = asked.filter((q) => q.article === set.id);
  const chosen = tune(asked.filter((q) => q.article !== set.id));
  const before = score(rankDefaults, test);
  const after = score(chosen, test);
  today = { top1: today.top1 + before.top1, top3: today.top3 + before.top3 };
  held = { top1: held.top1 + after.top1, top3: held.top3 + after.top3 };
  console.log(
    `${set.id.padEnd(22)} today ${before.top1}/${test.length} (top-3 ${before.top3})   tuned on the others ${after.top1}/${test.length} (top-3 ${after.top3})`,
  );
}
console.log(
  `pooled (answerable, German and cross-lingual): today ${today.top1} (top-3 ${today.top3}), leave-one-article-out ${held.top1} (top-3 ${held.top3})`,
);
const all = tune(asked);
const changed = Object.entries(all).filter(([name, v]) => rankDefaults[name as keyof RankOptions] !== v);
console.log(`chosen on all five: ${JSON.stringify(Object.fromEntries(changed))} → ${JSON.stringify(score(all, asked))}`);
