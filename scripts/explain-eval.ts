// Developer tool: for each question, what the matcher understood (concepts and the article terms
// standing for them) and its five best units with scores; at the end, the confidence ranges either
// side of the threshold (off-topic questions, right German answers).
// `npx tsx scripts/explain-eval.ts [article folder(s) | questions.jsonl] [filter]`: a folder (article.txt +
// questions.jsonl, or a folder of them, default tests/quality/articles) is imported as `faq-chat eval`
// does; a question file is asked of faq/'s default article. The filter keeps questions containing it,
// or of that kind.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadArticles } from '../src/corpus/load-articles.ts';
import { type EvalQuestion, germanKinds, isRight, parseQuestions } from '../src/eval/score.ts';
import { articleFolders, loadEvalSet } from '../src/eval/sets.ts';
import { createLibrary } from '../src/library.ts';
import type { ArticleIndex } from '../src/search/article/article-index.ts';
import { loadLexicon } from '../src/search/language/load-lexicon.ts';
import { analyzeQuestion } from '../src/search/match/query.ts';
import { rank } from '../src/search/match/rank.ts';

const path = process.argv[2] ?? fileURLToPath(new URL('../tests/quality/articles', import.meta.url));
const filter = process.argv[3];
const lexicon = loadLexicon();
const asked: { index: ArticleIndex; questions: readonly EvalQuestion[] }[] = [];
if (statSync(path).isDirectory()) {
  const sets = articleFolders(path).map(loadEvalSet);
  const library = createLibrary(
    sets.map((s) => s.article),
    lexicon,
  );
  for (const set of sets) asked.push({ index: library.get(set.id)!, questions: set.questions });
} else {
  const library = createLibrary(loadArticles(fileURLToPath(new URL('../faq/', import.meta.url))), lexicon);
  asked.push({ index: library.get(library.defaultArticle ?? '')!, questions: parseQuestions(readFileSync(path, 'utf8'), path) });
}
// The threshold's margin: how sure the matcher is of off-topic questions, and of right German answers.
const offTopic: number[] = [];
const rightGerman: number[] = [];
for (const { index, questions } of asked) {
  for (const q of questions) {
    if (filter && !q.q.includes(filter) && q.kind !== filter) continue;
    const analyzed = analyzeQuestion(q.q, index, lexicon);
    const ranked = rank(analyzed, index, 5, 0);
    const right = ranked.findIndex((r) =>
      isRight({ text: r.unit.unit.text, quote: r.unit.unit.text.slice(r.quoteStart, r.quoteEnd), heading: r.unit.unit.heading }, q.expect),
    );
    const top = ranked[0]?.confidence ?? 0;
    if (q.expect.length === 0) offTopic.push(top);
    else if (right === 0 && (germanKinds as readonly string[]).includes(q.kind)) rightGerman.push(top);
    console.log(`\n${index.article.id} [${q.kind}] ${q.q}  → right at ${right < 0 ? '-' : right + 1}  types=${analyzed.types} lang=${analyzed.language}`);
    if (q.expect.length > 0) console.log(`  expected: ${q.expect.join(' | ')}`);
    for (const c of analyzed.concepts) {
      const alts = c.alternatives.map((a) => `${a.term}:${a.weight.toFixed(2)}${a.strong ? '' : '~'}`).join(' ');
      const parts = c.parts.map((p) => `${p.word}[${p.alternatives.map((a) => `${a.term}:${a.weight.toFixed(2)}`).join(' ')}]`).join(' + ');
      console.log(`  ${c.noun ? 'N' : 'w'} ${c.word} w=${c.weight.toFixed(2)}: ${alts}${parts ? ` | parts ${parts}` : ''}`);
    }
    for (const r of ranked) {
      const quote = r.unit.unit.text.slice(r.quoteStart, r.quoteEnd).slice(0, 70);
      console.log(`   ${r.unit.unit.id.padEnd(6)} conf=${r.confidence.toFixed(2)} score=${r.score.toFixed(2)} ${quote}`);
    }
  }
}
const range = (values: number[]): string => (values.length === 0 ? '–' : `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`);
console.log(
  `\nbest confidence of off-topic questions: ${range(offTopic)} (${offTopic.length}); of right first answers to German questions: ${range(rightGerman)} (${rightGerman.length})`,
);
