// Child process of `npm run bench` for the cross-article row: a library of the synthetic corpus plus
// the four other real articles, every question of the five asked naming no article.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { answerQuestion, crossArticleDefaults } from '../src/answer.ts';
import { importText } from '../src/corpus/import-text.ts';
import { loadArticles } from '../src/corpus/load-articles.ts';
import { parseArticle } from '../src/corpus/parse-article.ts';
import { createLibrary, type Library } from '../src/library.ts';
import { questionTerms } from '../src/question-terms.ts';
import { loadLexicon } from '../src/search/language/load-lexicon.ts';
import { forgetConcepts, readQuestion } from '../src/search/match/query.ts';
import type { CrossArticleFigures, CrossArticleJob } from './cross-article.ts';
import { askLimit, realArticleId } from './matcher.ts';
import { summarize } from './stats.ts';

const setsDir = fileURLToPath(new URL('../tests/quality/articles/', import.meta.url));

/** A question and the article it was written for; `expect` empty: off-topic. */
interface Question {
  readonly q: string;
  readonly article: string;
  readonly answerable: boolean;
}

function readSets(): { questions: Question[]; others: ReturnType<typeof parseArticle>[] } {
  const questions: Question[] = [];
  const others: ReturnType<typeof parseArticle>[] = [];
  for (const id of readdirSync(setsDir).sort()) {
    for (const line of readFileSync(`${setsDir}${id}/questions.jsonl`, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const { q, expect } = JSON.parse(line) as { q: string; expect: string[] };
      questions.push({ q, article: id, answerable: expect.length > 0 });
    }
    // The synthetic corpus holds the real kuba-china-militaer and its variants; the others are imported as the CLI would.
    if (id !== realArticleId) others.push(parseArticle(importText(readFileSync(`${setsDir}${id}/article.txt`, 'utf8'), { id }).markdown, `${id}.md`));
  }
  return { questions, others };
}

/** Synthetic articles are variants of the real one: an answer from one of them is from "its" article. */
const sameStory = (cited: string, asked: string): boolean => cited === asked || (asked === realArticleId && cited.startsWith('synth-'));

function forgetAll(library: Library): void {
  library.lexicon.forgetWords();
  for (const index of library.list()) {
    forgetConcepts(index);
    index.forget();
  }
}

function runJob(job: CrossArticleJob): CrossArticleFigures {
  const lexicon = loadLexicon();
  const { questions, others } = readSets();
  const started = performance.now();
  const library = createLibrary([...loadArticles(job.dir), ...others], lexicon);
  library.list();
  const indexMs = performance.now() - started;
  const ask = (q: Question): ReturnType<typeof answerQuestion> => answerQuestion(library, { question: q.q, limit: askLimit });
  for (let r = 0; r < job.warmUpRounds; r += 1) for (const q of questions) ask(q);
  const warm: number[] = [];
  const filter: number[] = [];
  for (let r = 0; r < job.rounds; r += 1) {
    for (const q of questions) {
      let t = process.hrtime.bigint();
      ask(q);
      warm.push(Number(process.hrtime.bigint() - t) / 1000);
      t = process.hrtime.bigint();
      library.candidates(questionTerms(readQuestion(q.q, lexicon), lexicon), crossArticleDefaults.candidates);
      filter.push(Number(process.hrtime.bigint() - t) / 1000);
    }
  }
  const cold: number[] = [];
  let fromAskedArticle = 0;
  let offTopicAbstained = 0;
  for (let r = 0; r < job.coldRounds; r += 1) {
    for (const q of questions) {
      forgetAll(library);
      const t = process.hrtime.bigint();
      const result = ask(q);
      cold.push(Number(process.hrtime.bigint() - t) / 1000);
      if (r > 0) continue;
      const top = result.answers[0]?.citation.article;
      if (q.answerable && top !== undefined && sameStory(top, q.article)) fromAskedArticle += 1;
      if (!q.answerable && top === undefined) offTopicAbstained += 1;
    }
  }
  return {
    articles: library.articles().length,
    indexMs,
    questions: questions.length,
    answerable: questions.filter((q) => q.answerable).length,
    fromAskedArticle,
    offTopic: questions.filter((q) => !q.answerable).length,
    offTopicAbstained,
    warm: summarize(warm),
    cold: summarize(cold),
    filter: summarize(filter),
  };
}

process.once('message', function onJob(job: CrossArticleJob) {
  try {
    const reply = runJob(job);
    process.send?.(reply, () => process.exit(0));
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
});
