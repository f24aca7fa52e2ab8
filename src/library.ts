import type { Article } from './corpus/types.ts';
import { indexArticle, type ArticleIndex } from './search/index.ts';
import type { Lexicon } from './search/lexicon.ts';

/** The loaded articles, indexed, and which one answers when a question names none. */
export interface Library {
  readonly lexicon: Lexicon;
  readonly defaultArticle: string | undefined;
  get(id: string): ArticleIndex | undefined;
  list(): readonly ArticleIndex[];
}

/**
 * Indexes the articles once. The default article is the only one, or `defaultId` when given.
 * Article ids must be unique (the loader reports duplicates with their files).
 */
export function createLibrary(articles: readonly Article[], lexicon: Lexicon, defaultId?: string): Library {
  const byId = new Map<string, ArticleIndex>();
  for (const article of articles) byId.set(article.id, indexArticle(article, lexicon));
  const list = [...byId.values()];
  const defaultArticle = defaultId ?? (list.length === 1 ? list[0]?.article.id : undefined);
  return { lexicon, defaultArticle, get: (id) => byId.get(id), list: () => list };
}
