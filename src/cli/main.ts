import { parseArgs } from 'node:util';
import { answerLimitRule, isAnswerLimit, questionLimits } from '../question-limits.ts';
import { askOnce, ExitCode, interactive } from './ask.ts';
import { UnreachableError, UsageError } from './errors.ts';
import { runEval } from './eval.ts';
import { runImportCommand } from './import.ts';
import { runInsightsCommand } from './insights.ts';
import { endQuietlyOnClosedPipe } from './output.ts';
import { connectReconnecting } from './reconnect.ts';

const usage = `Usage:
  faq-chat [options] "question"        ask once; answers are printed as they arrive
  faq-chat [options]                   interactive prompt (Ctrl-D quits)
  faq-chat eval <file.jsonl> [--local | --url URL] [--article ID] [--min-top1 F] [--json]
  faq-chat eval <folder>... [--local | --url URL] [--naming-none] [--min-top1 F] [--json]
                                       score reader questions: a file against faq/ (or the server),
                                       or article folders (article.txt + questions.jsonl, or a
                                       folder of them) imported and served together (docs/quality.md);
                                       a file has one JSON object a line:
                                       {"q": "…", "expect": ["verbatim passage", …], "kind": "…"}
  faq-chat import <article.txt> [--id SLUG] [--url URL] [--source NAME] [--language CODE] [--dir DIR] [--force]
                                       turn a plain-text export into faq/<id>.md (docs/editors.md)
  faq-chat insights [--url URL] [--article ID] [--token TOKEN] [--json]
                                       what readers asked and what went unanswered (needs ADMIN_TOKEN)

Options:
  --url URL        server WebSocket URL (default ws://127.0.0.1:8080/ws, or FAQ_CHAT_URL)
  --article ID     article to ask about (default: the server's default article; with several
                   and no DEFAULT_ARTICLE, all of them together)
  --limit N        at most N answers, 1-${questionLimits.maxAnswers} (default ${questionLimits.defaultAnswers})
  --json           print the raw protocol frames, one per line
  --local          (eval) answer in-process from --faq-dir (default faq) instead of a server
  --min-top1 F     (eval) exit 1 when the share of German questions answered right first is below F
  --naming-none    (eval of folders) ask naming no article; an answer from another article is wrong
  -h, --help       this text

Exit codes: 0 answered, 1 the article does not answer (or an error frame), 2 server unreachable,
64 bad usage.
`;

const defaultUrl = process.env.FAQ_CHAT_URL ?? 'ws://127.0.0.1:8080/ws';

function parseMainArgs(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        url: { type: 'string', default: defaultUrl },
        article: { type: 'string' },
        limit: { type: 'string' },
        json: { type: 'boolean', default: false },
        local: { type: 'boolean', default: false },
        'faq-dir': { type: 'string', default: 'faq' },
        'min-top1': { type: 'string' },
        'naming-none': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
}

async function main(argv: string[]): Promise<number> {
  // Editors' commands have options of their own (their --url is not the WebSocket URL).
  if (argv[0] === 'import') return runImportCommand(argv.slice(1));
  if (argv[0] === 'insights') return runInsightsCommand(argv.slice(1));
  const { values, positionals } = parseMainArgs(argv);
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !isAnswerLimit(limit)) throw new UsageError(`--limit must be ${answerLimitRule}`);

  if (positionals[0] === 'eval') {
    const paths = positionals.slice(1);
    if (paths.length === 0) throw new UsageError('eval needs a question file or article folders');
    const minTop1 = values['min-top1'] === undefined ? undefined : Number(values['min-top1']);
    if (minTop1 !== undefined && !(minTop1 >= 0 && minTop1 <= 1)) throw new UsageError('--min-top1 must be a fraction from 0 to 1');
    return runEval({
      paths,
      local: values.local,
      url: values.url,
      faqDir: values['faq-dir'],
      article: values.article,
      minTop1,
      json: values.json,
      namingNone: values['naming-none'],
    });
  }

  const options = { article: values.article, limit, json: values.json };
  // Reconnects (and asks again) when the server goes away: behind a load balancer another replica answers.
  const client = await connectReconnecting(values.url, (reason) => process.stderr.write(`faq-chat: ${reason}; reconnecting …\n`));
  try {
    const question = positionals.join(' ').trim();
    return question === '' ? await interactive(client, options) : await askOnce(client, question, options);
  } finally {
    client.close();
  }
}

endQuietlyOnClosedPipe(process.stdout);
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`faq-chat: ${error.message}\n${usage}`);
      process.exitCode = ExitCode.usage;
      return;
    }
    process.stderr.write(`faq-chat: ${(error as Error).message}\n`);
    process.exitCode = error instanceof UnreachableError ? ExitCode.unreachable : 1;
  },
);
