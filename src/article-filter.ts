import type { Article } from './corpus/types.ts';
import type { TermGroup } from './question-terms.ts';
import type { ArticleIndex } from './search/article/article-index.ts';
import type { Lexicon } from './search/language/lexicon.ts';

/** Limits of the cross-article filter. */
export const filterDefaults = Object.freeze({
  /**
   * Posting entries read per question at most, the most telling terms first: at 10,000 articles a
   * common word is in most of them, and what it adds to the order is least. Bounds a question's cost
   * at any library size (~0.3 ms at this many).
   */
  maxPostings: 100_000,
  /** Question words scored apart (one bit each per article while scoring); later words are left out. */
  maxGroups: 31,
});

/**
 * Which articles have which terms: an inverted index from the lexicon's process-wide term ids to
 * articles, for a question that names no article. It picks the few articles sharing the question's
 * most telling terms, so only those are ranked. Shared by the library versions a live reload makes
 * (an article is re-read there, not here: the filter takes the terms of each index as it is built).
 */
export interface ArticleFilter {
  /** Makes `article` the version of its id that counts; its terms count once its index is {@link add}ed. */
  follow(article: Article): void;
  /** Forgets the article `id` (deleted, or its file now has another id). */
  remove(id: string): void;
  /** Takes the terms of an article's index, if it is the version followed (a stale one is ignored). */
  add(index: ArticleIndex, lexicon: Lexicon): void;
  /** Up to `max` articles sharing the question's terms, best first, with their score: the sum over the question's words of each one's best term's weight × idf. */
  select(groups: readonly TermGroup[], max: number): { readonly id: string; readonly score: number }[];
  /** Articles whose terms it has. */
  readonly size: number;
}

/** The articles (slots) having one term, unordered. */
interface Posting {
  slots: Int32Array;
  length: number;
}

/** Creates an empty filter. */
export function createArticleFilter(): ArticleFilter {
  const followed = new Map<string, Article>();
  const slotOf = new Map<string, number>();
  const ids: (string | undefined)[] = [];
  const termsOf: (Int32Array | undefined)[] = [];
  const free: number[] = [];
  const postings = new Map<number, Posting>();
  // Scratch for select(), one entry per slot, kept between questions (one question at a time).
  let scores = new Float64Array(0);
  let masks = new Uint32Array(0);

  const drop = (id: string): void => {
    const slot = slotOf.get(id);
    if (slot === undefined) return;
    for (const term of termsOf[slot] ?? []) {
      const p = postings.get(term);
      if (!p) continue;
      const at = p.slots.subarray(0, p.length).indexOf(slot);
      if (at < 0) continue;
      p.length -= 1;
      p.slots[at] = p.slots[p.length] as number;
      if (p.length === 0) postings.delete(term);
    }
    slotOf.delete(id);
    ids[slot] = undefined;
    termsOf[slot] = undefined;
    free.push(slot);
  };

  return {
    follow(article) {
      if (followed.get(article.id) === article) return;
      drop(article.id);
      followed.set(article.id, article);
    },
    remove(id) {
      drop(id);
      followed.delete(id);
    },
    add(index, lexicon) {
      const { id } = index.article;
      if (followed.get(id) !== index.article) return;
      drop(id);
      const terms = new Int32Array(index.termCount);
      for (let local = 0; local < index.termCount; local += 1) terms[local] = lexicon.termId(index.termAt(local));
      const slot = free.pop() ?? ids.length;
      ids[slot] = id;
      termsOf[slot] = terms;
      slotOf.set(id, slot);
      for (const term of terms) {
        let p = postings.get(term);
        if (!p) {
          p = { slots: new Int32Array(4), length: 0 };
          postings.set(term, p);
        }
        if (p.length === p.slots.length) {
          const grown = new Int32Array(p.slots.length * 2);
          grown.set(p.slots);
          p.slots = grown;
        }
        p.slots[p.length] = slot;
        p.length += 1;
      }
    },
    select(groups, max) {
      const n = slotOf.size;
      if (n === 0 || max <= 0) return [];
      if (scores.length < ids.length) {
        scores = new Float64Array(ids.length * 2);
        masks = new Uint32Array(ids.length * 2);
      }
      // Every (word, term) the articles have, most telling first: a rare term of a strong word.
      const items: { bit: number; posting: Posting; value: number }[] = [];
      groups.slice(0, filterDefaults.maxGroups).forEach((group, g) => {
        group.ids.forEach((term, t) => {
          const posting = postings.get(term);
          if (posting) items.push({ bit: 1 << g, posting, value: (group.weights[t] ?? 0) * Math.log(1 + n / posting.length) });
        });
      });
      items.sort((a, b) => b.value - a.value);
      const touched: number[] = [];
      let budget = filterDefaults.maxPostings;
      for (const { bit, posting, value } of items) {
        if (posting.length > budget) continue;
        budget -= posting.length;
        const { slots } = posting;
        for (let k = 0; k < posting.length; k += 1) {
          const slot = slots[k] as number;
          const mask = masks[slot] as number;
          // A word counts once per article, at its best term (items come best first).
          if ((mask & bit) !== 0) continue;
          if (mask === 0) touched.push(slot);
          masks[slot] = mask | bit;
          scores[slot] = (scores[slot] as number) + value;
        }
      }
      const best = topSlots(touched, scores, max).map((slot) => ({ id: ids[slot] as string, score: scores[slot] as number }));
      for (const slot of touched) {
        scores[slot] = 0;
        masks[slot] = 0;
      }
      return best;
    },
    get size() {
      return slotOf.size;
    },
  };
}

/** The `max` slots with the highest scores, best first (ties: the lower slot, an older article, first). */
function topSlots(touched: readonly number[], scores: Float64Array, max: number): number[] {
  const best: number[] = [];
  for (const slot of touched) {
    const score = scores[slot] as number;
    const last = best[max - 1];
    if (last !== undefined && (score < (scores[last] as number) || (score === scores[last] && slot > last))) continue;
    let at = best.length;
    while (at > 0 && (score > (scores[best[at - 1] as number] as number) || (score === scores[best[at - 1] as number] && slot < (best[at - 1] as number))))
      at -= 1;
    best.splice(at, 0, slot);
    if (best.length > max) best.pop();
  }
  return best;
}
