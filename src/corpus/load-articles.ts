import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ArticleError, ArticleErrorCode } from './errors.ts';
import { parseArticle } from './parse-article.ts';
import type { Article } from './types.ts';

/** Reads and parses one article file; errors name the file relative to the working directory. */
export function loadArticleFile(path: string): Article {
  const name = relative(process.cwd(), path) || path;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ArticleError(ArticleErrorCode.empty, name, 1, `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseArticle(text, name);
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

/** Loads every article in `dir`; fails on the first malformed file or on two files sharing an id. */
export function loadArticles(dir: string): Article[] {
  const articles: Article[] = [];
  const files = new Map<string, string>();
  for (const path of articleFiles(dir)) {
    const article = loadArticleFile(path);
    const other = files.get(article.id);
    if (other !== undefined) {
      throw new ArticleError(ArticleErrorCode.duplicateId, article.file, 2, `article id "${article.id}" is already used by ${other}`);
    }
    files.set(article.id, article.file);
    articles.push(article);
  }
  return articles;
}
