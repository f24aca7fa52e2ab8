import { type FSWatcher, watch } from 'node:fs';
import { join } from 'node:path';
import { isArticleFileName } from './load-articles.ts';

/** A running watch; `close` stops it and drops a pending batch. */
export interface DirWatcher {
  close(): void;
}

/** Timing of the watch: editors save in several steps (write a temp file, rename, touch). */
export const watchDefaults = Object.freeze({
  /** Quiet time after the last event before a batch is handed over. */
  debounceMs: 100,
  /** A batch is handed over after this long even if events keep coming. */
  maxWaitMs: 500,
});

/** Options of {@link watchArticleDir}. */
export interface WatchOptions {
  readonly debounceMs?: number;
  readonly maxWaitMs?: number;
  /** The watch itself failed (the directory went away); it has stopped. */
  onError?(error: Error): void;
}

/**
 * Watches `dir` (not recursively) with fs.watch and calls `onChange` with the article files that
 * changed, debounced; with `undefined` when the platform did not say which (re-read them all).
 */
export function watchArticleDir(dir: string, onChange: (paths: readonly string[] | undefined) => void, options: WatchOptions = {}): DirWatcher {
  const debounceMs = options.debounceMs ?? watchDefaults.debounceMs;
  const maxWaitMs = options.maxWaitMs ?? watchDefaults.maxWaitMs;
  const pending = new Set<string>();
  let everything = false;
  let timer: NodeJS.Timeout | undefined;
  let firstAt = 0;

  const handOver = (): void => {
    timer = undefined;
    const paths = everything ? undefined : [...pending];
    pending.clear();
    everything = false;
    onChange(paths);
  };
  const watcher: FSWatcher = watch(dir, { persistent: false }, function onDirEvent(_event, name) {
    if (name === null) everything = true;
    else if (isArticleFileName(name)) pending.add(join(dir, name));
    else return;
    const now = Date.now();
    if (timer === undefined) firstAt = now;
    else clearTimeout(timer);
    timer = setTimeout(handOver, Math.max(0, Math.min(debounceMs, firstAt + maxWaitMs - now)));
  });
  watcher.on('error', function onWatchError(error: Error) {
    if (timer !== undefined) clearTimeout(timer);
    watcher.close();
    options.onError?.(error);
  });
  return {
    close() {
      if (timer !== undefined) clearTimeout(timer);
      watcher.close();
    },
  };
}
