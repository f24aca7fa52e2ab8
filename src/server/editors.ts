import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { ArticleProblem } from '../corpus/track-articles.ts';
import { describeIds, type Library } from '../library.ts';
import { createLiveLibrary, type LiveLibrary } from '../live-library.ts';
import type { QuestionRecorder } from '../recorder.ts';
import type { Lexicon } from '../search/lexicon.ts';
import { loadLexicon } from '../search/load-lexicon.ts';
import { type LogHealth, openQuestionLog, type QuestionLog } from '../store/question-log.ts';
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
 * Loads and watches `config.faqDir` (unless given a library) and opens the question log: in PostgreSQL
 * with `config.databaseUrl`, else in `config.dataDir`.
 */
export async function startEditorServices(config: Config, options: EditorOptions = {}): Promise<EditorServices> {
  const log = options.logger;
  // Started first: the SQLite writer thread (or the first PostgreSQL connection) comes up while the articles load.
  const opening = openLogOrWarn(config, log);
  const listeners: (() => void)[] = [];
  const fixed = options.library;
  let live: LiveLibrary | undefined;
  let getLibrary: () => Library;
  if (fixed) getLibrary = () => fixed;
  else {
    live = watchArticles(config, options.lexicon ?? loadLexicon(), listeners, log);
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
    },
  };
}

function watchArticles(config: Config, lexicon: Lexicon, listeners: readonly (() => void)[], log: Logger | undefined): LiveLibrary {
  return createLiveLibrary({
    dir: config.faqDir,
    lexicon,
    defaultId: config.defaultArticle,
    onChange(library, changes) {
      for (const { before, after } of changes) {
        const what = !before ? 'added' : !after ? 'removed' : 'reloaded';
        log?.info({ article: (after ?? before)?.id, file: (after ?? before)?.file }, `article ${what}`);
      }
      log?.info({ articles: describeIds(library) }, 'articles changed');
      for (const listener of listeners) listener();
    },
    onProblem(problem) {
      // The message names the file and line; the last good version keeps serving.
      log?.warn({ file: problem.file, line: problem.line, code: problem.code }, `article not reloaded: ${problem.message}`);
    },
    onWatchError(error) {
      log?.warn({ err: error, dir: config.faqDir }, 'live reload is off: cannot watch the article directory');
    },
  });
}

async function openLogOrWarn(config: Config, log: Logger | undefined): Promise<QuestionLog | undefined> {
  try {
    return await openQuestionLog({
      dataDir: config.dataDir,
      databaseUrl: config.databaseUrl,
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
