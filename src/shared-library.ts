import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ArticleError, ArticleErrorCode } from './corpus/errors.ts';
import { loadDefaults } from './corpus/load-articles.ts';
import { parseArticle, parseArticleHead } from './corpus/parse-article.ts';
import type { ArticleChange, ArticleProblem } from './corpus/track-articles.ts';
import type { Article } from './corpus/types.ts';
import { createLibrary } from './library.ts';
import { type LiveLibrary, type LiveLibraryOptions, watchThenTrack, withChanges } from './live-library.ts';
import type { ArticleListener, SharedArticleRow, SharedArticles } from './store/postgres-articles.ts';

/** Options of {@link createSharedLibrary}: a live library's, and the database that shares articles between replicas. */
export interface SharedLibraryOptions extends LiveLibraryOptions {
  readonly shared: SharedArticles;
  /** Who publishes (host and process), kept with each version for whoever looks at the table. */
  readonly origin: string;
  /** A publication or a read failed; it is tried again by itself. */
  onSyncError?(error: unknown): void;
  /** A file of this replica's folder differs from the version every replica serves; that one serves here too (saving the file publishes it). */
  onShadowed?(file: string, id: string): void;
}

/** A live library whose articles every replica shares. */
export interface SharedLibrary extends LiveLibrary {
  /** Resolves once the articles were read from the database the first time (it may never, while the database is down). */
  synced(): Promise<void>;
}

/** Timing of publication retries. */
export const sharedLibraryDefaults = Object.freeze({ publishRetryMs: 2000 });

/** What serves for one id: an article (undefined once deleted), its Markdown, and the shared version it came from (0: not yet in the database). */
interface Served {
  readonly article: Article | undefined;
  readonly markdown: string | null;
  readonly version: number;
}

/**
 * The articles of `dir` and of every other replica, kept alike through PostgreSQL (docs/scaling.md):
 * a file added, edited or deleted in `dir` while this process runs is served here at once and published
 * (its Markdown stored as the article's newest version and announced with NOTIFY); announcements from
 * any replica are read and served within moments. At start the folder's articles the database lacks are
 * added, but a version the database has is never replaced by the folder's (a copy deployed with old files
 * would otherwise undo editors' later edits): save the file to publish it.
 */
export function createSharedLibrary(options: SharedLibraryOptions): SharedLibrary {
  const { dir, lexicon, defaultId, shared, origin } = options;
  const served = new Map<string, Served>();
  const remoteProblems = new Map<string, ArticleProblem>();
  /** Local edits not yet stored in the database: Markdown, or null for a deletion. */
  const unpublished = new Map<string, string | null>();
  let listener: ArticleListener | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let publishing = false;
  let closed = false;
  let firstSync = true;
  let resolveSynced!: () => void;
  const synced = new Promise<void>((resolve) => (resolveSynced = resolve));

  const { watcher, tracker } = watchThenTrack(dir, reload, options);
  const local = tracker.articles();
  // Markdown null: not published at start (the file changed while loading; the watcher reads it again).
  const eager = local.length <= loadDefaults.eagerArticles;
  for (const article of local) served.set(article.id, { article, markdown: fileText(article, eager) ?? null, version: 0 });
  let library = createLibrary(local, lexicon, defaultId);

  /** Swaps the changed articles into the library (each re-indexed once) and tells the caller. */
  function apply(changes: readonly ArticleChange[]): void {
    if (changes.length === 0) return;
    library = withChanges(library, changes, lexicon, defaultId);
    options.onChange?.(library, changes);
  }

  /**
   * A change in this replica's folder: served here at once, published for the others. A file saved
   * unchanged whose article serves another replica's version counts as a change: saving publishes it.
   */
  function reload(paths?: readonly string[]): void {
    const { changes, problems } = tracker.update(paths);
    for (const problem of problems) options.onProblem?.(problem);
    const changed = new Set(changes.flatMap(({ after }) => (after ? [after.id] : [])));
    const saved = new Set((paths ?? []).map((path) => resolve(path)));
    for (const article of tracker.articles()) {
      if (changed.has(article.id) || !saved.has(resolve(article.file))) continue;
      const current = served.get(article.id);
      if (current?.article !== article && current?.markdown !== fileText(article, true)) changes.push({ before: current?.article, after: article });
    }
    const applied: ArticleChange[] = [];
    for (const { before, after } of changes) {
      const markdown = after && fileText(after, true);
      if (after && markdown !== undefined) {
        const current = served.get(after.id);
        served.set(after.id, { article: after, markdown, version: current?.version ?? 0 });
        unpublished.set(after.id, markdown);
        applied.push({ before: current?.article, after });
      }
      if (before && before.id !== after?.id) {
        const current = served.get(before.id);
        served.set(before.id, { article: undefined, markdown: null, version: current?.version ?? 0 });
        unpublished.set(before.id, null);
        if (current?.article) applied.push({ before: current.article, after: undefined });
      }
    }
    apply(applied);
    void publish();
  }

  /** Stores the local edits in the database, oldest first; on failure they wait and are tried again. */
  async function publish(): Promise<void> {
    if (publishing || closed) return;
    publishing = true;
    try {
      for (const [id, markdown] of [...unpublished]) {
        const at = Date.now();
        const version = markdown === null ? await shared.remove(id, origin, at) : await shared.publish(id, markdown, origin, at);
        // A newer local edit of the same article may have come meanwhile: it stays to be published.
        if (unpublished.get(id) === markdown) unpublished.delete(id);
        const current = served.get(id);
        if (version !== undefined && current && current.markdown === markdown && version > current.version) served.set(id, { ...current, version });
      }
    } catch (error) {
      options.onSyncError?.(error);
      clearTimeout(retryTimer);
      retryTimer = setTimeout(function retryPublish() {
        retryTimer = undefined;
        void publish();
      }, sharedLibraryDefaults.publishRetryMs);
      retryTimer.unref();
    } finally {
      publishing = false;
    }
    if (unpublished.size > 0 && retryTimer === undefined && !closed) void publish();
  }

  /** Serves the database's versions that are newer than what serves here. */
  function applyRows(rows: readonly SharedArticleRow[]): void {
    const lazy = rows.length > loadDefaults.eagerArticles;
    const changes: ArticleChange[] = [];
    for (const row of rows) {
      const current = served.get(row.id);
      // Already serving this version or a later one; or a local edit waits to be published and will win.
      if ((current && row.version <= current.version) || unpublished.has(row.id)) continue;
      if (row.markdown === null) {
        served.set(row.id, { article: undefined, markdown: null, version: row.version });
        remoteProblems.delete(row.id);
        if (current?.article) changes.push({ before: current.article, after: undefined });
        continue;
      }
      if (current?.markdown === row.markdown) {
        served.set(row.id, { ...current, version: row.version });
        continue;
      }
      const file = `${row.id} (shared, version ${row.version})`;
      let article: Article;
      try {
        article = lazy ? parseArticleHead(row.markdown, file) : parseArticle(row.markdown, file);
        if (article.id !== row.id) throw new ArticleError(ArticleErrorCode.field, file, 2, `front matter id "${article.id}" is not the shared id "${row.id}"`);
      } catch (error) {
        if (!(error instanceof ArticleError)) throw error;
        // Published by a replica whose parser accepted it (another release): the last good version serves.
        const problem = { file: error.file, line: error.line, code: error.code, message: error.message };
        remoteProblems.set(row.id, problem);
        options.onProblem?.(problem);
        continue;
      }
      remoteProblems.delete(row.id);
      if (firstSync && current?.article && current.version === 0 && !sameContent(current.article, article)) options.onShadowed?.(current.article.file, row.id);
      served.set(row.id, { article, markdown: row.markdown, version: row.version });
      changes.push({ before: current?.article, after: article });
    }
    apply(changes);
  }

  /** Reads every shared article (at start and whenever listening restarts, as announcements may have been missed). */
  async function syncAll(): Promise<void> {
    try {
      if (firstSync) {
        const missing = [...served].filter(([id, s]) => s.version === 0 && s.markdown !== null && !unpublished.has(id));
        await shared.addMissing(
          missing.map(([id, s]) => ({ id, markdown: s.markdown as string })),
          origin,
          Date.now(),
        );
      }
      applyRows(await shared.read());
      firstSync = false;
      resolveSynced();
      void publish();
    } catch (error) {
      options.onSyncError?.(error);
    }
  }

  async function syncOne(id: string): Promise<void> {
    try {
      applyRows(await shared.read([id]));
    } catch (error) {
      options.onSyncError?.(error);
    }
  }

  listener = shared.listen({
    onChanged: (id) => void syncOne(id),
    onConnected: () => void syncAll(),
    onError: (error) => options.onSyncError?.(error),
  });

  return {
    get: () => library,
    problems: () => [...tracker.problems(), ...remoteProblems.values()],
    reload,
    synced: () => synced,
    close() {
      closed = true;
      watcher?.close();
      clearTimeout(retryTimer);
      void listener?.close();
      listener = undefined;
    },
  };
}

/** Whether two versions of an article say the same (their Markdown may differ in blank lines). */
function sameContent(a: Article, b: Article): boolean {
  return isDeepStrictEqual({ ...a, file: '' }, { ...b, file: '' });
}

/**
 * The Markdown of an article's file as the tracker parsed it a moment ago, read again and checked
 * (`full`: the body too; else the front matter, for libraries whose bodies are read late); undefined
 * when the file changed meanwhile into something else (the watcher reports that write next).
 */
function fileText(article: Article, full: boolean): string | undefined {
  try {
    const text = readFileSync(article.file, 'utf8');
    return (full ? parseArticle(text, article.file) : parseArticleHead(text, article.file)).id === article.id ? text : undefined;
  } catch {
    return undefined;
  }
}
