import { type ArticleChange, type ArticleProblem, type ArticleTracker, trackArticles } from './corpus/track-articles.ts';
import { type DirWatcher, watchArticleDir } from './corpus/watch-dir.ts';
import { createLibrary, type Library, replaceArticle } from './library.ts';
import { indexArticle } from './search/article/article-index.ts';
import type { Lexicon } from './search/language/lexicon.ts';

/** Options of {@link createLiveLibrary}. */
export interface LiveLibraryOptions {
  readonly dir: string;
  readonly lexicon: Lexicon;
  readonly defaultId?: string | undefined;
  /** Watch the directory (default true); without, only {@link LiveLibrary.reload} changes the library. */
  readonly watch?: boolean;
  /** Articles were added, edited or removed; `library` serves from now on. */
  onChange?(library: Library, changes: readonly ArticleChange[]): void;
  /** A file could not be loaded; the last good version of its article keeps serving. */
  onProblem?(problem: ArticleProblem): void;
  /** The watch stopped (the directory went away, or the system has no watches left). */
  onWatchError?(error: Error): void;
}

/** The articles of a directory, re-indexed one by one as their files change. */
export interface LiveLibrary {
  get(): Library;
  /** Files whose latest version could not be loaded. */
  problems(): readonly ArticleProblem[];
  /** Re-reads `paths` (every file when undefined) and swaps in the changed articles' new indexes. */
  reload(paths?: readonly string[]): void;
  close(): void;
}

/**
 * Loads the articles of `dir` (a malformed file stops the start, as before) and keeps the library
 * current as files change: only a changed article is re-indexed, and a broken edit leaves the last
 * good version serving.
 */
export function createLiveLibrary(options: LiveLibraryOptions): LiveLibrary {
  const { dir, lexicon, defaultId } = options;
  const { watcher, tracker } = watchThenTrack(dir, reload, options);
  let library = createLibrary(tracker.articles(), lexicon, defaultId);

  function reload(paths?: readonly string[]): void {
    const { changes, problems } = tracker.update(paths);
    for (const problem of problems) options.onProblem?.(problem);
    if (changes.length === 0) return;
    library = withChanges(library, changes, lexicon, defaultId);
    options.onChange?.(library, changes);
  }
  return {
    get: () => library,
    problems: () => tracker.problems(),
    reload,
    close: () => watcher?.close(),
  };
}

/**
 * Watches `dir` (unless `watch` is false) and then reads its articles: watching first, an edit made
 * while loading is read again rather than missed (events arrive after this synchronous start,
 * debounced). No watch (ENOSPC: inotify watches used up, or a file system without events): the
 * articles are served without live edits, and `onWatchError` says why.
 */
export function watchThenTrack(
  dir: string,
  onChange: (paths: readonly string[] | undefined) => void,
  options: Pick<LiveLibraryOptions, 'watch' | 'onWatchError'>,
): { watcher: DirWatcher | undefined; tracker: ArticleTracker } {
  let watcher: DirWatcher | undefined;
  if (options.watch !== false) {
    try {
      watcher = watchArticleDir(dir, onChange, { onError: (error) => options.onWatchError?.(error) });
    } catch (error) {
      options.onWatchError?.(error as Error);
    }
  }
  try {
    return { watcher, tracker: trackArticles(dir) };
  } catch (error) {
    watcher?.close();
    throw error;
  }
}

/** The library with the changed articles swapped in, each indexed once. */
export function withChanges(library: Library, changes: readonly ArticleChange[], lexicon: Lexicon, defaultId: string | undefined): Library {
  let next = library;
  for (const { before, after } of changes) next = replaceArticle(next, before?.id, after && indexArticle(after, lexicon), defaultId);
  return next;
}
