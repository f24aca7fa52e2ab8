import { parseArgs } from 'node:util';
import type { Insights } from '../store/insights.ts';
import { UsageError } from './errors.ts';

/** Options of `faq-chat insights`. */
export interface InsightsCliOptions {
  /** The server's HTTP base URL (a ws:// URL is accepted and turned into its http:// twin). */
  readonly url: string;
  readonly article?: string | undefined;
  readonly token: string | undefined;
  readonly json: boolean;
}

/** Exit codes of `faq-chat insights`. */
export const InsightsExit = { ok: 0, refused: 1, unreachable: 2, usage: 64 } as const;

/** What the command says when it cannot show insights. */
export const InsightsCliMessage = {
  noToken: 'no token: set ADMIN_TOKEN or pass --token.',
  unreachable: 'cannot reach',
  /** The server answered 404 with the code `insights_off` (InsightsError.off, src/server/insights-route.ts): it has no ADMIN_TOKEN. */
  off: 'has insights off. To turn them on, start the server with ADMIN_TOKEN set to a secret of at least 16 characters (ADMIN_TOKEN=… npm start) and give the same token here (ADMIN_TOKEN or --token).',
  /** A 404 without that code: the URL is not a faq-chat server, or one older than insights. */
  notFound: 'has no insights endpoint (HTTP 404): is --url the faq-chat server, e.g. http://127.0.0.1:8080?',
} as const;

/** Usage of `faq-chat insights`. */
export const insightsUsage = `Usage: faq-chat insights [--url URL] [--article ID] [--token TOKEN] [--json]
  --url URL      the server (default http://127.0.0.1:8080, or FAQ_CHAT_URL)
  --article ID   one article (default: all)
  --token TOKEN  the server's ADMIN_TOKEN (default: the ADMIN_TOKEN environment variable)
  --json         print the JSON as the server sends it
`;

/** Parses the arguments after `insights`; throws a {@link UsageError} when they are wrong. */
export function parseInsightsArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): InsightsCliOptions {
  let parsed: ReturnType<typeof parseInsightsOptions>;
  try {
    parsed = parseInsightsOptions(argv, env);
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
  const { values, positionals } = parsed;
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0] ?? ''}"`);
  return { url: values.url, article: values.article, token: values.token ?? env.ADMIN_TOKEN, json: values.json };
}

function parseInsightsOptions(argv: readonly string[], env: NodeJS.ProcessEnv) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      url: { type: 'string', default: env.FAQ_CHAT_URL ?? 'http://127.0.0.1:8080' },
      article: { type: 'string' },
      token: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
}

/** The insights endpoint's URL for a server URL given as http(s) or ws(s), with or without the /ws path. */
export function insightsUrl(server: string, article: string | undefined): URL {
  const url = new URL(server.replace(/^ws(s?):/, 'http$1:'));
  url.pathname = `${url.pathname.replace(/\/ws\/?$/, '').replace(/\/$/, '')}/api/insights`;
  if (article !== undefined) url.searchParams.set('article', article);
  return url;
}

/** Fetches the insights and prints them; returns the exit code. */
export async function runInsights(
  options: InsightsCliOptions,
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  if (!options.token) {
    err.write(`faq-chat insights: ${InsightsCliMessage.noToken}\n`);
    return InsightsExit.usage;
  }
  const url = insightsUrl(options.url, options.article);
  let response: Response;
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${options.token}` } });
  } catch (error) {
    err.write(`faq-chat insights: ${InsightsCliMessage.unreachable} ${url.origin} (${(error as Error).message}).\n`);
    return InsightsExit.unreachable;
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    if (response.status === 404) {
      err.write(`faq-chat insights: the server at ${url.origin} ${error?.code === 'insights_off' ? InsightsCliMessage.off : InsightsCliMessage.notFound}\n`);
      return InsightsExit.refused;
    }
    err.write(`faq-chat insights: HTTP ${response.status}: ${error?.message ?? response.statusText}\n`);
    return InsightsExit.refused;
  }
  out.write(options.json ? `${JSON.stringify(body, null, 2)}\n` : formatInsights(body as Insights));
  return InsightsExit.ok;
}

/** The insights as text for an editor: what went unanswered, what was not helpful, which units answer. */
export function formatInsights(insights: Insights): string {
  const { total, answered, unanswered } = insights.questions;
  const scope = insights.article ?? 'all articles';
  const lines = [`${scope}: ${total} question(s), ${answered} answered, ${unanswered} unanswered (last ${insights.retentionDays} days)`];
  lines.push('', 'Unanswered, most asked first:');
  if (insights.unanswered.length === 0) lines.push('  (none)');
  for (const g of insights.unanswered)
    lines.push(`  ${String(g.count).padStart(4)}×  "${g.question}"  (${g.article}, last ${g.last.slice(0, 16).replace('T', ' ')})`);
  lines.push('', 'Answers marked not helpful:');
  if (insights.unhelpful.length === 0) lines.push('  (none)');
  for (const u of insights.unhelpful) lines.push(`  ${String(u.unhelpful).padStart(4)}× not helpful, ${u.helpful}× helpful  ${u.article} ${u.unit}`);
  lines.push('', 'Top answers by unit:');
  if (insights.units.length === 0) lines.push('  (none)');
  for (const u of insights.units) lines.push(`  ${String(u.answers).padStart(4)}×  ${u.article} ${u.unit}`);
  return `${lines.join('\n')}\n`;
}

/** `faq-chat insights …`: parses the arguments, fetches and prints; resolves with the exit code. */
export async function runInsightsCommand(argv: readonly string[]): Promise<number> {
  let options: InsightsCliOptions;
  try {
    options = parseInsightsArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`faq-chat insights: ${error.message}\n${insightsUsage}`);
    return InsightsExit.usage;
  }
  return runInsights(options);
}
