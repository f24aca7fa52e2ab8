import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { ArticleProblem } from '../corpus/track-articles.ts';
import type { Library } from '../library.ts';
import type { LiveLibrary } from '../live-library.ts';
import type { QuestionRecorder } from '../recorder.ts';
import type { Lexicon } from '../search/language/lexicon.ts';
import { loadLexicon } from '../search/language/load-lexicon.ts';
import type { Postgres } from '../store/postgres.ts';
import { type LogHealth, openQuestionLog, type QuestionLog } from '../store/question-log.ts';
import { shareArticles, watchArticles } from './article-sources.ts';
import type { Config } from './config.ts';
import { createInsightsHandler } from './insights-route.ts';

/** What the server offers editors: live article edits, the question log and its insights. */
export interface EditorServices {
  getLibrary(): Library;
  /** The question log's buffer, or undefined when questions are not recorded. */
  readonly recorder: QuestionRecorder | undefined;
  /** Article files whose latest version could not be loaded (the last good one serves). */
  problems(): readonly ArticleProblem[];
  /** `GET /api/insights`. */
  readonly insights: RequestHandler;
  /** The question log's state (for /readyz and /metrics), or undefined when questions are not recorded. */
  storeHealth(): LogHealth | undefined;
  /** Calls `listener` after each change of the articles (to send connected clients a new welcome). */
  onArticlesChanged(listener: () => void): void;
  /** Stops watching and writes what the question log still buffers (trying until `deadline`, ms since the epoch). */
  close(deadline?: number): Promise<void>;
}

/** Parts a caller may supply: a fixed `library` turns live reload off. */
export interface EditorOptions {
  readonly lexicon?: Lexicon | undefined;
  readonly library?: Library | undefined;
  readonly logger?: Logger | undefined;
}

/**
 * Loads and watches `config.faqDir` (unless given a library) and opens the question log. With
 * `config.databaseUrl` both live in PostgreSQL (articles shared by every replica); else the folder
 * alone serves and the log is SQLite in `config.dataDir`.
 */
export async function startEditorServices(config: Config, options: EditorOptions = {}): Promise<EditorServices> {
  const log = options.logger;
  // Loaded only when used: a one-machine server never loads the PostgreSQL client.
  const postgres =
    config.databaseUrl === undefined
      ? undefined
      : (await import('../store/postgres.ts')).connectPostgres(config.databaseUrl, {
          onError: (error) => log?.warn({ err: error }, 'PostgreSQL: an idle connection failed (the pool replaces it)'),
        });
  // Started first: the SQLite writer thread (or the first PostgreSQL connection) comes up while the articles load.
  const opening = openLogOrWarn(config, postgres, log);
  const listeners: (() => void)[] = [];
  const fixed = options.library;
  let live: LiveLibrary | undefined;
  let getLibrary: () => Library;
  if (fixed) getLibrary = () => fixed;
  else {
    const lexicon = options.lexicon ?? loadLexicon();
    live = postgres ? await shareArticles(config, postgres, lexicon, listeners, log) : watchArticles(config, lexicon, listeners, log);
    getLibrary = live.get;
  }
  const questionLog = await opening;
  return {
    getLibrary,
    recorder: questionLog,
    // Files that could not be (re)loaded, and bodies found malformed when first read (large libraries).
    problems: () => [
      ...(live?.problems() ?? []),
      ...getLibrary()
        .problems()
        .map(({ file, line, code, message }) => ({ file, line, code, message })),
    ],
    insights: createInsightsHandler(config.adminToken, questionLog && ((article) => questionLog.insights(article)), (error) =>
      log?.warn({ err: error }, 'insights: the question log cannot be read'),
    ),
    storeHealth: () => questionLog?.health(),
    onArticlesChanged: (listener) => listeners.push(listener),
    async close(deadline) {
      live?.close();
      await questionLog?.close(deadline);
      if (postgres) {
        // A write abandoned at the deadline may still hold a connection, which the pool's end would wait for.
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, (deadline ?? Date.now() + 1000) - Date.now()))));
        await Promise.race([postgres.close().catch(() => undefined), late]);
        clearTimeout(timer);
      }
    },
  };
}

async function openLogOrWarn(config: Config, postgres: Postgres | undefined, log: Logger | undefined): Promise<QuestionLog | undefined> {
  try {
    return await openQuestionLog({
      dataDir: config.dataDir,
      postgres,
      retentionDays: config.retentionDays,
      maxBuffered: config.questionLogBuffer,
      onError: (error) => log?.warn({ err: error }, 'question log: write failed (the entries stay buffered and are retried)'),
      onDropped: (count, total) =>
        log?.error({ dropped: count, total, buffer: config.questionLogBuffer }, `question log: buffer full, ${count} entries dropped (${total} since start)`),
      onRetention: (deleted) => log?.info({ deleted, retentionDays: config.retentionDays }, 'question log: retention applied'),
    });
  } catch (error) {
    log?.warn({ err: error, dataDir: config.dataDir }, 'questions are not recorded: cannot open the question log in DATA_DIR');
    return undefined;
  }
}
