import { readFileSync, statSync } from 'node:fs';
import { loadArticles } from '../corpus/load-articles.ts';
import { ScoringError, ScoringErrorCode } from '../eval/errors.ts';
import { formatReport, formatSetsReport } from '../eval/format.ts';
import { replyLocally } from '../eval/local.ts';
import { type EvalQuestion, type EvalReply, parseQuestions, type ReplyAnswer, scoreReplies, scoreSets } from '../eval/score.ts';
import { articleFolders, type EvalSet, loadEvalSet } from '../eval/sets.ts';
import { createLibrary } from '../library.ts';
import { loadLexicon } from '../search/language/load-lexicon.ts';
import { type Client, connectClient, type ServerFrame } from './client.ts';
import { UsageError } from './errors.ts';

/** Options of `faq-chat eval`. */
export interface EvalOptions {
  /** A question file (JSON lines), or article folders (an export and its questions) or folders of them. */
  readonly paths: readonly string[];
  readonly local: boolean;
  readonly url: string;
  readonly faqDir: string;
  readonly article?: string | undefined;
  readonly minTop1?: number | undefined;
  readonly json: boolean;
  /**
   * Article folders only: ask each question naming no article, as a reader of no particular page
   * would; an answer from another article than the question's counts as wrong.
   */
  readonly namingNone?: boolean;
}

export const evalDefaults = Object.freeze({
  /** Answers asked for per question: top-3 is scored. */
  limit: 3,
  /** First wait after the server said rate_limited; doubled at each refusal of the same question. */
  retryMs: 500,
  maxRetryMs: 8_000,
  /** Refusals of one question before the eval gives up (and fails: a refused question is never scored). */
  maxRetries: 12,
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Asks one question over the connection, waiting and asking again while the server says rate_limited. */
async function askPaced(client: Client, question: string, article: string | undefined): Promise<EvalReply> {
  let wait: number = evalDefaults.retryMs;
  for (let attempt = 0; ; attempt += 1) {
    const answers: ReplyAnswer[] = [];
    const last = await client.ask({ question, ...(article === undefined ? {} : { article }), limit: evalDefaults.limit }, (frame) => {
      if (frame.type !== 'answer') return;
      const c = frame.citation as { quote: string; heading: string; unit: string; article: string };
      answers.push({ text: String(frame.text), quote: c.quote, heading: c.heading, unit: c.unit, score: Number(frame.score), article: c.article });
    });
    if (last.type === 'done') return { answers };
    if (last.code !== 'rate_limited' || attempt >= evalDefaults.maxRetries) {
      throw new ScoringError(ScoringErrorCode.refused, `the server answered "${question}" with ${describe(last)}; nothing is scored`);
    }
    await sleep(wait);
    wait = Math.min(evalDefaults.maxRetryMs, wait * 2);
  }
}

function describe(frame: ServerFrame): string {
  return `error ${String(frame.code)}${typeof frame.message === 'string' ? ` (${frame.message})` : ''}`;
}

async function replyOverWebSocket(url: string, asks: readonly { q: string; article: string | undefined }[]): Promise<EvalReply[]> {
  const client = await connectClient(url);
  try {
    const replies: EvalReply[] = [];
    for (const ask of asks) replies.push(await askPaced(client, ask.q, ask.article));
    return replies;
  } finally {
    client.close();
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    throw new UsageError(`cannot read ${path}`);
  }
}

/** Scores a question file or article folders against a server (or in-process), prints the report, returns the exit code. */
export async function runEval(options: EvalOptions): Promise<number> {
  const folders = options.paths.map(isFolder);
  if (folders.some(Boolean) && !folders.every(Boolean)) throw new UsageError('eval takes either one question file or article folders, not both');
  if (!folders[0] && options.paths.length !== 1) throw new UsageError('eval takes one question file (or several article folders)');
  return folders[0] ? evalFolders(options) : evalFile(options, options.paths[0] as string);
}

async function evalFile(options: EvalOptions, file: string): Promise<number> {
  if (options.namingNone) throw new UsageError('--naming-none is for article folders: a question file has no article of its own');
  const questions = parseQuestions(readFileSync(file, 'utf8'), file);
  const replies = options.local
    ? replyLocally(createLibrary(loadArticles(options.faqDir), loadLexicon()), questions, options.article)
    : await replyOverWebSocket(
        options.url,
        questions.map((q) => ({ q: q.q, article: options.article })),
      );
  const report = scoreReplies(questions, replies);
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
  return checkFloor(options, report.german);
}

async function evalFolders(options: EvalOptions): Promise<number> {
  if (options.article !== undefined) throw new UsageError('--article is for a question file; an article folder names its article');
  const sets: EvalSet[] = options.paths.flatMap(articleFolders).map(loadEvalSet);
  const ids = new Set<string>();
  for (const set of sets) {
    if (ids.has(set.id)) throw new UsageError(`two article folders are named ${set.id}`);
    ids.add(set.id);
  }
  let replies: EvalReply[][];
  if (options.local) {
    // All articles served together, as one server would; each question names its article.
    const library = createLibrary(
      sets.map((s) => s.article),
      loadLexicon(),
    );
    replies = sets.map((set) => replyLocally(library, set.questions, options.namingNone ? undefined : set.id));
  } else {
    const asks = sets.flatMap((set) => set.questions.map((q: EvalQuestion) => ({ q: q.q, article: options.namingNone ? undefined : set.id })));
    const flat = await replyOverWebSocket(options.url, asks);
    let at = 0;
    replies = sets.map((set) => {
      const part = flat.slice(at, at + set.questions.length);
      at += set.questions.length;
      return part;
    });
  }
  if (options.namingNone) replies = replies.map((part, i) => part.map((reply) => onlyFrom((sets[i] as EvalSet).id, reply)));
  const report = scoreSets(sets.map((set, i) => ({ id: set.id, questions: set.questions, replies: replies[i] ?? [] })));
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatSetsReport(report)}\n`);
  return checkFloor(options, report.pooled.german);
}

/** The reply with its answers from other articles than `article` emptied: in their place, never right. */
function onlyFrom(article: string, reply: EvalReply): EvalReply {
  return { ...reply, answers: reply.answers.map((a) => (a.article === article ? a : { ...a, text: '', quote: '', heading: '' })) };
}

function checkFloor(options: EvalOptions, german: { questions: number; top1: number }): number {
  const top1 = german.questions === 0 ? 1 : german.top1 / german.questions;
  if (options.minTop1 !== undefined && top1 < options.minTop1) {
    process.stderr.write(`German top-1 ${top1.toFixed(3)} is below --min-top1 ${options.minTop1}\n`);
    return 1;
  }
  return 0;
}
