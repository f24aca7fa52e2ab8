import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ArticleError, ArticleErrorCode } from './errors.ts';
import { articleFiles, loadArticleFile, loadArticles } from './load-articles.ts';
import type { Article } from './types.ts';

/** One article file's change: added (no `before`), edited (both), or removed (no `after`). */
export interface ArticleChange {
  readonly before: Article | undefined;
  readonly after: Article | undefined;
}

/** A file that could not be (re)loaded; its last good version, if any, stays. */
export interface ArticleProblem {
  readonly file: string;
  readonly line: number;
  readonly code: string;
  /** `faq/x.md line 12: FAQ question has no answer: "Wer?"` */
  readonly message: string;
}

/** The article files of a directory as last read, with the problems of the files that could not be. */
export interface ArticleTracker {
  articles(): readonly Article[];
  /** Files currently not serving their latest content, oldest first. */
  problems(): readonly ArticleProblem[];
  /** Re-reads `paths` (every file when undefined); returns what changed and the problems found now. */
  update(paths: readonly string[] | undefined): { changes: ArticleChange[]; problems: ArticleProblem[] };
}

/** Loads every article of `dir` (failing on the first malformed file, as at start) and tracks later edits. */
export function trackArticles(dir: string): ArticleTracker {
  const byPath = new Map<string, Article>();
  for (const article of loadArticles(dir)) byPath.set(resolve(article.file), article);
  const problems = new Map<string, ArticleProblem>();

  const idTakenBy = (id: string, path: string): Article | undefined => {
    for (const [other, article] of byPath) if (other !== path && article.id === id) return article;
    return undefined;
  };
  const reread = (path: string, changes: ArticleChange[], found: Map<string, ArticleProblem>): void => {
    const before = byPath.get(path);
    found.delete(path);
    if (!existsSync(path)) {
      problems.delete(path);
      if (before) byPath.delete(path);
      if (before) changes.push({ before, after: undefined });
      return;
    }
    try {
      const after = loadArticleFile(path);
      const owner = idTakenBy(after.id, path);
      if (owner) throw new ArticleError(ArticleErrorCode.duplicateId, after.file, 2, `article id "${after.id}" is already used by ${owner.file}`);
      problems.delete(path);
      if (before && isDeepStrictEqual(before, after)) return;
      byPath.set(path, after);
      changes.push({ before, after });
    } catch (error) {
      const problem = toProblem(error, path);
      problems.delete(path);
      problems.set(path, problem);
      found.set(path, problem);
    }
  };

  return {
    articles: () => [...byPath.values()],
    problems: () => [...problems.values()],
    update(paths) {
      const all = paths ?? [...new Set([...byPath.keys(), ...problems.keys(), ...articleFiles(dir)])];
      const batch = new Set(all.map((p) => resolve(p)));
      const changes: ArticleChange[] = [];
      const found = new Map<string, ArticleProblem>();
      for (const path of batch) reread(path, changes, found);
      // A file refused for a duplicate id may be fine now that another file changed (in this batch too).
      if (changes.length > 0) {
        for (const [path, problem] of [...problems]) {
          if (problem.code !== ArticleErrorCode.duplicateId) continue;
          reread(path, changes, found);
          // Still refused and not edited now: it was reported already.
          if (!batch.has(path)) found.delete(path);
        }
      }
      return { changes, problems: [...found.values()] };
    },
  };
}

function toProblem(error: unknown, path: string): ArticleProblem {
  if (error instanceof ArticleError) return { file: error.file, line: error.line, code: error.code, message: error.message };
  const detail = error instanceof Error ? error.message : String(error);
  return { file: path, line: 1, code: 'unreadable', message: `${path} line 1: ${detail}` };
}
