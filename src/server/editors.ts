import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { ArticleProblem } from '../corpus/track-articles.ts';
import { describeIds, type Library } from '../library.ts';
import { createLiveLibrary, type LiveLibrary } from '../live-library.ts';
import type { QuestionRecorder } from '../recorder.ts';
import type { Lexicon } from '../search/lexicon.ts';
import { loadLexicon } from '../search/load-lexicon.ts';
import { openQuestionLog, type QuestionLog } from '../store/question-log.ts';
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
  /** Calls `listener` after each change of the articles (to send connected clients a new welcome). */
  onArticlesChanged(listener: () => void): void;
  /** Stops watching and writes what the question log still buffers. */
  close(): void;
}

/** Parts a caller may supply: a fixed `library` turns live reload off. */
export interface EditorOptions {
  readonly lexicon?: Lexicon | undefined;
  readonly library?: Library | undefined;
  readonly logger?: Logger | undefined;
}

/** Loads and watches `config.faqDir` (unless given a library) and opens the question log in `config.dataDir`. */
export function startEditorServices(config: Config, options: EditorOptions = {}): EditorServices {
  const log = options.logger;
  const listeners: (() => void)[] = [];
  const fixed = options.library;
  let live: LiveLibrary | undefined;
  let getLibrary: () => Library;
  if (fixed) getLibrary = () => fixed;
  else {
    live = watchArticles(config, options.lexicon ?? loadLexicon(), listeners, log);
    getLibrary = live.get;
  }
  const questionLog = openLogOrWarn(config, log);
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
    insights: createInsightsHandler(config.adminToken, questionLog && ((article) => questionLog.insights(article))),
    onArticlesChanged: (listener) => listeners.push(listener),
    close() {
      live?.close();
      questionLog?.close();
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

function openLogOrWarn(config: Config, log: Logger | undefined): QuestionLog | undefined {
  try {
    return openQuestionLog({
      dataDir: config.dataDir,
      retentionDays: config.retentionDays,
      onError: (error) => log?.warn({ err: error }, 'question log: write failed (a failed batch is retried)'),
    });
  } catch (error) {
    log?.warn({ err: error, dataDir: config.dataDir }, 'questions are not recorded: cannot open the question log in DATA_DIR');
    return undefined;
  }
}
