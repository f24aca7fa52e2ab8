import { readFileSync } from 'node:fs';
import { loadArticles } from '../corpus/load-articles.ts';
import { formatReport } from '../eval/format.ts';
import { replyLocally } from '../eval/local.ts';
import { type EvalReply, parseQuestions, scoreReplies } from '../eval/score.ts';
import { createLibrary } from '../library.ts';
import { loadLexicon } from '../search/load-lexicon.ts';
import { connectClient } from './client.ts';

/** Options of `faq-chat eval`. */
export interface EvalOptions {
  readonly file: string;
  readonly local: boolean;
  readonly url: string;
  readonly faqDir: string;
  readonly article?: string | undefined;
  readonly minTop1?: number | undefined;
  readonly json: boolean;
}

async function replyOverWebSocket(url: string, questions: readonly { q: string }[], article: string | undefined): Promise<EvalReply[]> {
  const client = await connectClient(url);
  try {
    const replies: EvalReply[] = [];
    for (const q of questions) {
      const answers: EvalReply['answers'][number][] = [];
      await client.ask({ question: q.q, article, limit: 3 }, (frame) => {
        if (frame.type !== 'answer') return;
        const c = frame.citation as { quote: string; heading: string; unit: string };
        answers.push({ text: String(frame.text), quote: c.quote, heading: c.heading, unit: c.unit });
      });
      replies.push({ answers });
    }
    return replies;
  } finally {
    client.close();
  }
}

/** Scores a question file against a server (or in-process) and prints the report; returns the exit code. */
export async function runEval(options: EvalOptions): Promise<number> {
  const questions = parseQuestions(readFileSync(options.file, 'utf8'), options.file);
  const replies = options.local
    ? replyLocally(createLibrary(loadArticles(options.faqDir), loadLexicon()), questions, options.article)
    : await replyOverWebSocket(options.url, questions, options.article);
  const report = scoreReplies(questions, replies);
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
  const answerable = report.german.questions;
  const top1 = answerable === 0 ? 1 : report.german.top1 / answerable;
  if (options.minTop1 !== undefined && top1 < options.minTop1) {
    process.stderr.write(`German top-1 ${top1.toFixed(3)} is below --min-top1 ${options.minTop1}\n`);
    return 1;
  }
  return 0;
}
