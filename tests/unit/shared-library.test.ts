import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSharedLibrary, type SharedLibrary } from '../../src/shared-library.ts';
import type { ArticleListenHandlers, SharedArticleRow, SharedArticles } from '../../src/store/postgres-articles.ts';
import { faqDir, fixturesDir, testLexicon } from '../helpers/server.ts';

// The articles replicas share (src/shared-library.ts), against an in-memory stand-in for the database:
// what serves, what is published, and which version wins. The real PostgreSQL path is tested in
// tests/e2e/replicas-articles.test.ts.

const kuba = join(faqDir, 'kuba-china-militaer.md');
const hafen = join(fixturesDir, 'widget-url', 'hafen.md');

/** The database's side: rows by id, announcements delivered when the test says, failures on demand. */
function memoryShared() {
  const rows = new Map<string, SharedArticleRow>();
  let version = 0;
  let handlers: ArticleListenHandlers | undefined;
  let down = false;
  const published: string[] = [];
  const refuse = (): void => {
    if (down) throw new Error('database down');
  };
  const shared: SharedArticles = {
    async publish(id, markdown) {
      refuse();
      const current = rows.get(id);
      if (current?.markdown === markdown) return undefined;
      version += 1;
      rows.set(id, { id, markdown, version });
      published.push(id);
      return version;
    },
    async remove(id) {
      refuse();
      if (rows.get(id)?.markdown == null) return undefined;
      version += 1;
      rows.set(id, { id, markdown: null, version });
      published.push(`-${id}`);
      return version;
    },
    async addMissing(articles) {
      refuse();
      const added: string[] = [];
      for (const { id, markdown } of articles) {
        if (rows.has(id)) continue;
        version += 1;
        rows.set(id, { id, markdown, version });
        added.push(id);
      }
      return added;
    },
    async read(ids) {
      refuse();
      return [...rows.values()].filter((row) => ids === undefined || ids.includes(row.id));
    },
    listen(given) {
      handlers = given;
      return { close: async () => undefined };
    },
  };
  return {
    shared,
    rows,
    published,
    setDown(value: boolean) {
      down = value;
    },
    /** Another replica stored a version: the row changes and the announcement arrives. */
    storeElsewhere(id: string, markdown: string | null) {
      version += 1;
      rows.set(id, { id, markdown, version });
      handlers?.onChanged(id);
    },
    connected: () => handlers?.onConnected(),
  };
}

/** Counts the library's changes (each calls onChange once) and lets a test wait for the next ones. */
function changeCounter() {
  const waiters: { target: number; resolve: () => void }[] = [];
  const counter = {
    n: 0,
    changed(): void {
      counter.n += 1;
      for (const waiter of waiters.filter((w) => counter.n >= w.target)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    },
    /** Resolves after `times` more changes. */
    after(times: number): Promise<void> {
      return new Promise((resolve) => waiters.push({ target: counter.n + times, resolve }));
    },
  };
  return counter;
}

let dir: string;
let library: SharedLibrary | undefined;
afterEach(() => {
  library?.close();
  library = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function start(db: ReturnType<typeof memoryShared>, files: readonly string[], shadowed: string[] = [], count = changeCounter()): SharedLibrary {
  dir = mkdtempSync(join(tmpdir(), 'faq-shared-'));
  for (const file of files) copyFileSync(file, join(dir, file.split('/').pop() as string));
  library = createSharedLibrary({
    dir,
    lexicon: testLexicon(),
    shared: db.shared,
    origin: 'test',
    watch: false,
    onChange: () => count.changed(),
    onShadowed: (_file, id) => shadowed.push(id),
  });
  return library;
}

const ids = (lib: SharedLibrary): string[] =>
  lib
    .get()
    .articles()
    .map((a) => a.id)
    .sort();

describe('articles shared by replicas', () => {
  it("serves the folder at once, adds its articles the database lacks, then serves every replica's", async () => {
    const db = memoryShared();
    db.rows.set('hafen-probe', { id: 'hafen-probe', markdown: readFileSync(hafen, 'utf8'), version: 1 });
    const count = changeCounter();
    const lib = start(db, [kuba], [], count);
    expect(ids(lib)).toEqual(['kuba-china-militaer']);
    db.connected();
    await lib.synced();
    expect(ids(lib)).toEqual(['hafen-probe', 'kuba-china-militaer']);
    expect(db.rows.get('kuba-china-militaer')?.markdown).toBe(readFileSync(kuba, 'utf8'));
  });

  it("keeps the database's version over an older copy in the folder at start, and says so", async () => {
    const db = memoryShared();
    const edited = readFileSync(kuba, 'utf8').replace('Minister der FAR', 'Minister der FAR und Freund der Zitronenfalter');
    db.rows.set('kuba-china-militaer', { id: 'kuba-china-militaer', markdown: edited, version: 7 });
    const shadowed: string[] = [];
    const lib = start(db, [kuba], shadowed);
    db.connected();
    await lib.synced();
    expect(shadowed).toEqual(['kuba-china-militaer']);
    expect(JSON.stringify(lib.get().get('kuba-china-militaer')?.article.units)).toContain('Zitronenfalter');
    expect(db.published).toEqual([]);
  });

  it('serves a local edit at once and publishes it; while the database is down it waits and is published later', async () => {
    const db = memoryShared();
    const lib = start(db, [kuba]);
    db.connected();
    await lib.synced();
    db.setDown(true);
    const file = join(dir, 'kuba-china-militaer.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Minister der FAR', 'Minister der FAR und Freund der Zitronenfalter'));
    lib.reload([file]);
    expect(JSON.stringify(lib.get().get('kuba-china-militaer')?.article.units)).toContain('Zitronenfalter');
    expect(db.published).toEqual([]);
    db.setDown(false);
    // Retried by itself (every 2 s): wait for it.
    const deadline = Date.now() + 5000;
    while (db.published.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(db.published).toEqual(['kuba-china-militaer']);
    expect(db.rows.get('kuba-china-militaer')?.markdown).toContain('Zitronenfalter');
  });

  it("applies another replica's newer version and deletion, and ignores an announcement it has seen", async () => {
    const db = memoryShared();
    const count = changeCounter();
    const lib = start(db, [kuba], [], count);
    db.connected();
    await lib.synced();
    const changed = count.after(1);
    db.storeElsewhere('hafen-probe', readFileSync(hafen, 'utf8'));
    await changed;
    expect(ids(lib)).toEqual(['hafen-probe', 'kuba-china-militaer']);
    const deleted = count.after(1);
    db.storeElsewhere('hafen-probe', null);
    await deleted;
    expect(ids(lib)).toEqual(['kuba-china-militaer']);
    // The same version announced again (a second notification, a resync) changes nothing.
    const before = count.n;
    db.connected();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(count.n).toBe(before);
  });

  it('publishes a deletion in the folder', async () => {
    const db = memoryShared();
    const lib = start(db, [kuba, hafen]);
    db.connected();
    await lib.synced();
    rmSync(join(dir, 'hafen.md'));
    lib.reload([join(dir, 'hafen.md')]);
    expect(ids(lib)).toEqual(['kuba-china-militaer']);
    const deadline = Date.now() + 5000;
    while (!db.published.includes('-hafen-probe') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(db.rows.get('hafen-probe')?.markdown).toBeNull();
  });
});
