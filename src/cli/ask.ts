import { createInterface } from 'node:readline';
import type { Client, ServerFrame } from './client.ts';

/** Options of one ask from the command line. */
export interface AskOptions {
  readonly article?: string | undefined;
  readonly limit?: number | undefined;
  readonly json: boolean;
}

/** Exit codes of the CLI. */
export const ExitCode = { answered: 0, noAnswer: 1, unreachable: 2, usage: 64 } as const;

function printAnswer(frame: ServerFrame, out: NodeJS.WritableStream): void {
  const citation = frame.citation as { quote: string; heading: string; unit: string; article: string; url?: string };
  const score = typeof frame.score === 'number' ? frame.score.toFixed(2) : '?';
  out.write(`${String(frame.rank)}. [${score}] «${citation.quote}»\n`);
  out.write(`   — ${citation.heading} (${citation.article}, ${citation.unit})${citation.url ? `\n   ${citation.url}` : ''}\n`);
}

/** Asks one question and prints the answers as they arrive; resolves with the exit code. */
export async function askOnce(client: Client, question: string, options: AskOptions, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const last = await client.ask({ question, article: options.article, limit: options.limit }, (frame, raw) => {
    if (options.json) out.write(`${raw}\n`);
    else if (frame.type === 'answer') printAnswer(frame, out);
  });
  if (last.type === 'error') {
    if (!options.json) out.write(`error (${String(last.code)}): ${String(last.message)}\n`);
    return last.code === 'closed' ? ExitCode.unreachable : ExitCode.noAnswer;
  }
  if (last.count === 0) {
    if (!options.json) {
      // A question that named no article on a server without a default was put to all of them.
      const all = options.article === undefined && client.welcome.defaultArticle === null;
      out.write(all ? 'No article here answers this question.\n' : 'The article does not answer this question.\n');
      const suggestions = (last.suggestions as string[] | undefined) ?? [];
      if (suggestions.length > 0) out.write(`You could ask:\n${suggestions.map((s) => `  - ${s}\n`).join('')}`);
    }
    return ExitCode.noAnswer;
  }
  return ExitCode.answered;
}

/** The interactive prompt: one question per line, history with the arrow keys, Ctrl-D quits. */
export async function interactive(client: Client, options: AskOptions): Promise<number> {
  const articles = (client.welcome.articles as { id: string; title: string; questions: string[] }[]) ?? [];
  // A server from before `defaultArticle` (no such field) put unnamed questions to its first article.
  const { defaultArticle } = client.welcome;
  const article = articles.find((a) => a.id === (options.article ?? (defaultArticle === undefined ? articles[0]?.id : defaultArticle)));
  const total = typeof client.welcome.total === 'number' ? client.welcome.total : articles.length;
  if (!article && articles.length > 0 && !options.json) {
    // No article named and no default: each question is answered from all of them (docs/protocol.md).
    process.stdout.write(`${total} articles; each question is answered from the ones that say most about it (Ctrl-D to quit).\n`);
  } else if (article && !options.json) {
    process.stdout.write(
      `${article.title}\nAsk a question about the article (Ctrl-D to quit). For example:\n${article.questions.map((q) => `  - ${q}\n`).join('')}`,
    );
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: '? ', historySize: 100 });
  // Nobody reads the answers any more (`faq-chat | head`, src/cli/output.ts): stop asking.
  process.stdout.once('close', () => rl.close());
  // With --json the output is frames only, one per line, for a program to read.
  const prompt = options.json ? () => {} : () => rl.prompt();
  prompt();
  for await (const line of rl) {
    const question = line.trim();
    if (question !== '') await askOnce(client, question, options);
    prompt();
  }
  if (!options.json) process.stdout.write('\n');
  return ExitCode.answered;
}
