import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ArticleError, ArticleErrorCode } from './errors.ts';
import { parseArticle, parseArticleHead } from './parse-article.ts';
import type { Article } from './types.ts';

/** Settings of article loading. */
export const loadDefaults = Object.freeze({
  /**
   * Up to this many files every body is parsed at start (a malformed one stops it); above it only
   * the front matters are, and bodies as their articles are first needed or indexed in the background.
   */
  eagerArticles: 1000,
});

/** Reads and parses one article file (only its front matter when `lazy`); errors name the file relative to the working directory. */
export function loadArticleFile(path: string, lazy = false): Article {
  const name = relative(process.cwd(), path) || path;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ArticleError(ArticleErrorCode.empty, name, 1, `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      cause: error,
    });
  }
  return lazy ? parseArticleHead(text, name) : parseArticle(text, name);
}

/** Whether a file name is an article's: `*.md`, not hidden (editors' swap and temporary files are). */
export function isArticleFileName(name: string): boolean {
  return name.endsWith('.md') && !name.startsWith('.');
}

/** The Markdown files of a directory, sorted by name. */
export function articleFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && isArticleFileName(e.name))
    .map((e) => join(dir, e.name))
    .sort();
}

/**
 * Loads every article in `dir`; fails on the first malformed file or on two files sharing an id.
 * Above {@link loadDefaults.eagerArticles} files only front matters are checked now; bodies later.
 */
export function loadArticles(dir: string, eagerArticles: number = loadDefaults.eagerArticles): Article[] {
  const articles: Article[] = [];
  const files = new Map<string, string>();
  const paths = articleFiles(dir);
  const lazy = paths.length > eagerArticles;
  for (const path of paths) {
    const article = loadArticleFile(path, lazy);
    const other = files.get(article.id);
    if (other !== undefined) {
      throw new ArticleError(ArticleErrorCode.duplicateId, article.file, 2, `article id "${article.id}" is already used by ${other}`);
    }
    files.set(article.id, article.file);
    articles.push(article);
  }
  return articles;
}
