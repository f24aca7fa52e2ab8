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
  return assembleLibrary(
    articles.map((article) => indexArticle(article, lexicon)),
    lexicon,
    defaultId,
  );
}

/** A library over articles indexed already, in the given order; a later index with the same id wins. */
export function assembleLibrary(indexes: readonly ArticleIndex[], lexicon: Lexicon, defaultId?: string): Library {
  const byId = new Map<string, ArticleIndex>();
  for (const index of indexes) byId.set(index.article.id, index);
  const list = [...byId.values()];
  const defaultArticle = defaultId ?? (list.length === 1 ? list[0]?.article.id : undefined);
  return { lexicon, defaultArticle, get: (id) => byId.get(id), list: () => list };
}

/**
 * A new library with article `removeId` taken out and `index` put in (in its place, or at the end);
 * the other articles' indexes are shared, not rebuilt. Libraries are immutable, so an ask in flight
 * keeps answering from the one it started with.
 */
export function replaceArticle(library: Library, removeId: string | undefined, index: ArticleIndex | undefined, defaultId?: string): Library {
  const indexes: ArticleIndex[] = [];
  let placed = false;
  for (const current of library.list()) {
    const id = current.article.id;
    if (id === removeId || id === index?.article.id) {
      if (index && !placed) indexes.push(index);
      placed = index !== undefined;
      continue;
    }
    indexes.push(current);
  }
  if (index && !placed) indexes.push(index);
  return assembleLibrary(indexes, library.lexicon, defaultId);
}
