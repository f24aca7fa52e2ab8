import { type ArticleFilter, createArticleFilter } from './article-filter.ts';
import { ArticleError } from './corpus/errors.ts';
import type { Article } from './corpus/types.ts';
import type { TermGroup } from './question-terms.ts';
import { type ArticleIndex, indexArticle } from './search/article/article-index.ts';
import type { Lexicon } from './search/language/lexicon.ts';

/**
 * The loaded articles and which one answers when a question names none. An article is indexed the
 * first time it is asked about (or by {@link Library.indexSome} in the background), so a newsroom's
 * thousands of articles do not hold up the start.
 */
export interface Library {
  readonly lexicon: Lexicon;
  readonly defaultArticle: string | undefined;
  /** The article's index, built now if it was not yet. */
  get(id: string): ArticleIndex | undefined;
  /** The articles in order (no indexing). */
  articles(): readonly Article[];
  /** Every article's index (builds those not yet built). */
  list(): readonly ArticleIndex[];
  /** Builds up to `count` indexes not yet built; returns how many are left. */
  indexSome(count: number): number;
  /** How many articles may not be indexed yet (an upper bound: one asked about since the last {@link indexSome} still counts). */
  unindexed(): number;
  /**
   * The indexed articles sharing most of a question's terms (src/question-terms.ts), best first, at
   * most `max`: the ones to rank for a question that names no article, each with its share of the
   * best one's filter score (1 for the first). Articles not indexed yet are not among them.
   */
  candidates(terms: readonly TermGroup[], max: number): { readonly index: ArticleIndex; readonly share: number }[];
  /** Articles whose body turned out malformed when first read (large libraries read bodies late); they do not answer. */
  problems(): readonly ArticleError[];
}

/** An article and its index once built; shared by the libraries that hold the same article version. */
interface Entry {
  readonly article: Article;
  index: ArticleIndex | undefined;
  problem?: ArticleError;
}

/** Articles whose index is built on first use. The default article is the only one, or `defaultId`. */
export function createLibrary(articles: readonly Article[], lexicon: Lexicon, defaultId?: string): Library {
  const filter = createArticleFilter();
  for (const article of articles) filter.follow(article);
  return fromEntries(
    articles.map((article) => ({ article, index: undefined })),
    lexicon,
    defaultId,
    filter,
  );
}

const entriesOf = new WeakMap<Library, readonly Entry[]>();
// The cross-article filter, one per family of library versions (a live reload's next version shares it).
const filterOf = new WeakMap<Library, ArticleFilter>();

function fromEntries(list: readonly Entry[], lexicon: Lexicon, defaultId: string | undefined, filter: ArticleFilter): Library {
  const byId = new Map<string, Entry>();
  for (const entry of list) byId.set(entry.article.id, entry);
  const entries = [...byId.values()];
  const articles = entries.map((e) => e.article);
  const defaultArticle = defaultId ?? (entries.length === 1 ? entries[0]?.article.id : undefined);
  const indexOf = (entry: Entry): ArticleIndex | undefined => {
    if (entry.index || entry.problem) return entry.index;
    try {
      entry.index = indexArticle(entry.article, lexicon);
      filter.add(entry.index, lexicon);
    } catch (error) {
      // A body read only now (large libraries) may be malformed: that article does not answer.
      if (!(error instanceof ArticleError)) throw error;
      entry.problem = error;
    }
    return entry.index;
  };
  let unindexed = entries.filter((e) => e.index === undefined && !e.problem);
  const library: Library = {
    lexicon,
    defaultArticle,
    get(id) {
      const entry = byId.get(id);
      return entry && indexOf(entry);
    },
    articles: () => articles,
    list: () => entries.map(indexOf).filter((index): index is ArticleIndex => index !== undefined),
    indexSome(count) {
      for (const entry of unindexed.slice(0, count)) indexOf(entry);
      unindexed = unindexed.filter((e) => e.index === undefined && !e.problem);
      return unindexed.length;
    },
    unindexed: () => unindexed.length,
    candidates(terms, max) {
      const found: { index: ArticleIndex; share: number }[] = [];
      const selected = filter.select(terms, max);
      const best = selected[0]?.score ?? 1;
      for (const { id, score } of selected) {
        // The filter is shared with newer versions of the library: an article this one lacks is skipped.
        const entry = byId.get(id);
        if (entry?.index) found.push({ index: entry.index, share: score / best });
      }
      return found;
    },
    problems: () => entries.flatMap((e) => (e.problem ? [e.problem] : [])),
  };
  entriesOf.set(library, entries);
  filterOf.set(library, filter);
  return library;
}

/**
 * A new library with article `removeId` taken out and `index` put in (in its place, or at the end);
 * the other articles (and their indexes, built or not) are shared, not rebuilt. Libraries are
 * immutable, so an ask in flight keeps answering from the one it started with.
 */
export function replaceArticle(library: Library, removeId: string | undefined, index: ArticleIndex | undefined, defaultId?: string): Library {
  const next: Entry[] = [];
  let placed = false;
  for (const current of entriesOf.get(library) ?? library.list().map((i) => ({ article: i.article, index: i }))) {
    const id = current.article.id;
    if (id === removeId || id === index?.article.id) {
      if (index && !placed) next.push({ article: index.article, index });
      placed = index !== undefined;
      continue;
    }
    next.push(current);
  }
  if (index && !placed) next.push({ article: index.article, index });
  const filter = filterOf.get(library) ?? filterFor(next, library.lexicon);
  if (removeId !== undefined && removeId !== index?.article.id) filter.remove(removeId);
  if (index) {
    filter.follow(index.article);
    filter.add(index, library.lexicon);
  }
  return fromEntries(next, library.lexicon, defaultId, filter);
}

/** A filter following `entries`, with the terms of those already indexed. */
function filterFor(entries: readonly Entry[], lexicon: Lexicon): ArticleFilter {
  const filter = createArticleFilter();
  for (const { article, index } of entries) {
    filter.follow(article);
    if (index) filter.add(index, lexicon);
  }
  return filter;
}

/** Up to `max` article ids, comma-separated, with how many more there are (for messages and logs). */
export function describeIds(library: Library, max = 10): string {
  const ids = library.articles().map((a) => a.id);
  const shown = ids.slice(0, max).join(', ');
  return ids.length > max ? `${shown} … (${ids.length - max} more)` : shown;
}
