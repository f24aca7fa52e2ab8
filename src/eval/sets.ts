import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { importText } from '../corpus/import-text.ts';
import { parseArticle } from '../corpus/parse-article.ts';
import type { Article } from '../corpus/types.ts';
import { ScoringError, ScoringErrorCode } from './errors.ts';
import { type EvalQuestion, parseQuestions } from './score.ts';

/** One article to evaluate on: its export imported as `faq-chat import` would, and its reader questions. */
export interface EvalSet {
  /** The folder's name, used as the article id. */
  readonly id: string;
  readonly article: Article;
  readonly questions: readonly EvalQuestion[];
}

/** File names inside an article folder. */
export const evalFolderFiles = Object.freeze({ export: 'article.txt', questions: 'questions.jsonl' });

/** Whether `dir` is an article folder (an export and its questions). */
export function isArticleFolder(dir: string): boolean {
  return existsSync(join(dir, evalFolderFiles.export)) && existsSync(join(dir, evalFolderFiles.questions));
}

/**
 * The article folders at `path`: the folder itself when it holds an export and its questions, else
 * its subfolders that do (sorted by name). Throws when there are none.
 */
export function articleFolders(path: string): string[] {
  if (!statSync(path).isDirectory()) throw new ScoringError(ScoringErrorCode.badFolder, `${path} is not a folder`);
  if (isArticleFolder(path)) return [path];
  const folders = readdirSync(path)
    .sort()
    .map((name) => join(path, name))
    .filter((dir) => statSync(dir).isDirectory() && isArticleFolder(dir));
  if (folders.length === 0)
    throw new ScoringError(ScoringErrorCode.badFolder, `${path} has no ${evalFolderFiles.export} with ${evalFolderFiles.questions}, nor subfolders that do`);
  return folders;
}

/** Imports an article folder's export (the importer of `faq-chat import`, id = the folder's name) and reads its questions. */
export function loadEvalSet(dir: string): EvalSet {
  const id = basename(dir);
  const exportFile = join(dir, evalFolderFiles.export);
  const { markdown } = importText(readFileSync(exportFile, 'utf8'), { id, file: exportFile });
  const questionFile = join(dir, evalFolderFiles.questions);
  return { id, article: parseArticle(markdown, exportFile), questions: parseQuestions(readFileSync(questionFile, 'utf8'), questionFile) };
}
