import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { ArticleChange } from '../corpus/track-articles.ts';
import { describeIds, type Library } from '../library.ts';
import { createLiveLibrary, type LiveLibrary, type LiveLibraryOptions } from '../live-library.ts';
import type { Lexicon } from '../search/language/lexicon.ts';
import { createSharedLibrary, type SharedLibrary } from '../shared-library.ts';
import type { Postgres } from '../store/postgres.ts';
import { sharedArticles } from '../store/postgres-articles.ts';
import type { Config } from './config.ts';

/** How long a start waits for the database's articles before serving the folder's alone (they follow when it answers). */
export const articleSourceDefaults = Object.freeze({ syncWaitMs: 5000 });

/** The callbacks both article sources share: what changed is logged, then `listeners` hear of it. */
function reporting(
  config: Config,
  listeners: readonly (() => void)[],
  log: Logger | undefined,
): Pick<LiveLibraryOptions, 'onChange' | 'onProblem' | 'onWatchError'> {
  return {
    onChange(library: Library, changes: readonly ArticleChange[]) {
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
  };
}

/** One machine: the articles of FAQ_DIR, re-read as its files change. */
export function watchArticles(config: Config, lexicon: Lexicon, listeners: readonly (() => void)[], log: Logger | undefined): LiveLibrary {
  return createLiveLibrary({ dir: config.faqDir, lexicon, defaultId: config.defaultArticle, ...reporting(config, listeners, log) });
}

/**
 * Replicas (DATABASE_URL): the articles every replica shares through PostgreSQL, this one's FAQ_DIR
 * published into them (src/shared-library.ts). Waits up to `syncWaitMs` for the first read.
 */
export async function shareArticles(
  config: Config,
  postgres: Postgres,
  lexicon: Lexicon,
  listeners: readonly (() => void)[],
  log: Logger | undefined,
): Promise<SharedLibrary> {
  const library = createSharedLibrary({
    dir: config.faqDir,
    lexicon,
    defaultId: config.defaultArticle,
    shared: sharedArticles(postgres),
    origin: `${hostname()}:${process.pid}`,
    ...reporting(config, listeners, log),
    onSyncError(error) {
      log?.warn({ err: error }, 'shared articles: the database did not answer (tried again; the articles served stay)');
    },
    onShadowed(file, id) {
      log?.warn({ file, article: id }, `${file} differs from the shared article ${id}, which serves; save the file to publish it`);
    },
  });
  let timer: NodeJS.Timeout | undefined;
  const synced = await Promise.race([
    library.synced().then(() => true),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), articleSourceDefaults.syncWaitMs))),
  ]);
  clearTimeout(timer);
  if (synced) log?.info({ articles: describeIds(library.get()) }, 'shared articles read from the database');
  else
    log?.warn(
      { dir: config.faqDir },
      `shared articles: the database did not answer within ${articleSourceDefaults.syncWaitMs} ms; serving FAQ_DIR until it does`,
    );
  return library;
}
