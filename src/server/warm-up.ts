import type { Library } from '../library.ts';

export const warmUpDefaults = Object.freeze({
  /** Articles indexed per turn of the event loop: a few milliseconds, so questions are not held up. */
  articlesPerTurn: 8,
});

/**
 * Reads the bilingual dictionaries, then indexes the articles not yet asked about, a few per
 * event-loop turn, after the server is up (articles are otherwise indexed on their first question). Follows live reloads; stops when all
 * are done or `stop()` is called; `onDone` reports the time taken.
 */
export function warmUpInBackground(getLibrary: () => Library, onDone?: (ms: number) => void): { stop(): void } {
  const started = performance.now();
  let stopped = false;
  let dictionariesRead = false;
  const step = (): void => {
    if (stopped) return;
    if (!dictionariesRead) {
      // The English and Spanish dictionaries take a few hundred ms to read: now, not on a reader's question.
      const { lexicon } = getLibrary();
      lexicon.dictionary('en');
      lexicon.dictionary('es');
      dictionariesRead = true;
      setImmediate(step);
      return;
    }
    const left = getLibrary().indexSome(warmUpDefaults.articlesPerTurn);
    if (left > 0) setImmediate(step);
    else onDone?.(performance.now() - started);
  };
  setImmediate(step);
  return {
    stop() {
      stopped = true;
    },
  };
}
