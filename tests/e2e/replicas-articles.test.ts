import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, dropTestDatabase, inCi, postgresAvailable, postgresMissing, testPostgres } from '../helpers/postgres.ts';
import { cleanUpServerProcesses, listening, type ServerProcess, spawnServer, tempDir } from '../helpers/server-process.ts';
import { connect, type Frame, type TestClient } from '../helpers/ws-client.ts';

// Issue 14.3: an editor's import or edit in one replica's FAQ_DIR reaches a replica with another
// FAQ_DIR (no shared files) within 2 s, without a restart: articles are shared through PostgreSQL
// (published on change, announced with NOTIFY).

const faqFile = fileURLToPath(new URL('../../faq/kuba-china-militaer.md', import.meta.url));
const otherArticle = fileURLToPath(new URL('../fixtures/widget-url/hafen.md', import.meta.url));
const exportFile = fileURLToPath(new URL('../fixtures/export-kuba-china-militaer.txt', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/faq-chat.js', import.meta.url));
/** The floor of issue 14: an article change reaches a replica with another FAQ_DIR within this. */
const floorMs = 2000;

const skipped = !postgresAvailable() && !inCi;
if (skipped) console.warn(`SKIPPING tests/e2e/replicas-articles.test.ts: ${postgresMissing}`);

let server: { url: string; release(): Promise<void> } | undefined;
const databases: string[] = [];
beforeAll(async () => {
  if (skipped) return;
  if (!postgresAvailable()) throw new Error(`CI requires PostgreSQL: ${postgresMissing}`);
  server = await testPostgres();
}, 120_000);
afterEach(async () => {
  cleanUpServerProcesses();
  for (const url of databases.splice(0)) await dropTestDatabase(server?.url ?? '', url);
});
afterAll(async () => {
  await server?.release();
});

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const articleIds = (welcome: Frame): string[] => (welcome.articles as { id: string }[]).map((a) => a.id).sort();

/** The next welcome frame (sent to connected clients after each change of the articles) that satisfies `predicate`. */
function nextWelcome(client: TestClient, predicate: (ids: string[]) => boolean, after: number): Promise<Frame> {
  return client.next((f) => f.type === 'welcome' && client.frames.indexOf(f) >= after && predicate(articleIds(f)), 10_000);
}

async function startReplica(databaseUrl: string, articles: readonly string[]): Promise<{ dir: string; process: ServerProcess; url: string; ws: string }> {
  // An empty folder is allowed with DATABASE_URL: the articles other replicas published serve.
  const dir = tempDir('faq-replica-dir-');
  mkdirSync(dir, { recursive: true });
  for (const file of articles) copyFileSync(file, join(dir, file.split('/').pop() as string));
  const child = spawnServer({ FAQ_DIR: dir, DATABASE_URL: databaseUrl, DEFAULT_ARTICLE: 'kuba-china-militaer' });
  const { url, ws } = await listening(child);
  return { dir, process: child, url, ws };
}

async function answerText(client: TestClient, question: string, article: string): Promise<string[]> {
  const frames = await client.ask(question, { article, limit: 3 });
  return frames.filter((f) => f.type === 'answer').map((f) => String(f.text));
}

describe.skipIf(skipped)('articles shared by replicas with different FAQ_DIRs (PostgreSQL)', () => {
  it("serves each replica the other one's articles, and an import, an edit and a deletion in one folder reach the other within 2 s", async () => {
    const databaseUrl = await createTestDatabase(server?.url ?? '');
    databases.push(databaseUrl);
    const [a, b] = await Promise.all([startReplica(databaseUrl, [faqFile]), startReplica(databaseUrl, [otherArticle])]);
    const onB = await connect(b.ws);
    const onA = await connect(a.ws);
    try {
      // At start each folder's articles were added to the database; both serve both.
      const bothIds = ['hafen-probe', 'kuba-china-militaer'];
      await nextWelcome(onA, (ids) => ids.join() === bothIds.join(), 0);
      await nextWelcome(onB, (ids) => ids.join() === bothIds.join(), 0);

      // An editor imports an export into A's folder: B lists and answers from it.
      let seen = onB.frames.length;
      // Timed from the moment the importer's file appears in A's folder (not from the CLI's own start).
      let importedAt = Number.NaN;
      const appeared = watch(a.dir, (_event, name) => {
        if (name === 'kuba-import.md' && Number.isNaN(importedAt)) importedAt = performance.now();
      });
      const imported = await runCli(['import', exportFile, '--id', 'kuba-import', '--dir', a.dir]);
      expect(imported.code).toBe(0);
      await nextWelcome(onB, (ids) => ids.includes('kuba-import'), seen);
      const importMs = performance.now() - importedAt;
      appeared.close();
      expect(Number.isNaN(importedAt)).toBe(false);
      expect(await answerText(onB, 'Wer ist Dong Jun?', 'kuba-import')).not.toEqual([]);

      // An edit of A's file: B answers from the new text.
      seen = onB.frames.length;
      const edited = readFileSync(join(a.dir, 'kuba-china-militaer.md'), 'utf8').replace(
        'Álvaro López Miera, Minister der FAR',
        'Álvaro López Miera, Minister der FAR und Freund der Zitronenfalter',
      );
      writeFileSync(join(a.dir, 'kuba-china-militaer.md'), edited);
      const editedAt = performance.now();
      await nextWelcome(onB, () => true, seen);
      const editMs = performance.now() - editedAt;
      expect((await answerText(onB, 'Zitronenfalter', 'kuba-china-militaer')).join(' ')).toMatch(/Zitronenfalter/);

      // And the other way: an edit in B's folder reaches A.
      seen = onA.frames.length;
      const hafen = join(b.dir, 'hafen.md');
      writeFileSync(hafen, readFileSync(hafen, 'utf8').replace('an der Nordküste', 'an der Nordküste bei den Flamingos'));
      const otherWayAt = performance.now();
      await nextWelcome(onA, () => true, seen);
      const otherWayMs = performance.now() - otherWayAt;
      expect((await answerText(onA, 'Flamingos', 'hafen-probe')).join(' ')).toMatch(/Flamingos/);

      // A deletion in A's folder removes the article from B.
      seen = onB.frames.length;
      rmSync(join(a.dir, 'kuba-import.md'));
      const deletedAt = performance.now();
      await nextWelcome(onB, (ids) => !ids.includes('kuba-import'), seen);
      const deleteMs = performance.now() - deletedAt;
      expect((await onB.ask('Wer ist Dong Jun?', { article: 'kuba-import' })).at(-1)).toMatchObject({ type: 'error', code: 'unknown_article' });

      console.log(
        `article change to another replica: import ${Math.round(importMs)} ms, edit ${Math.round(editMs)} ms, other way ${Math.round(otherWayMs)} ms, deletion ${Math.round(deleteMs)} ms`,
      );
      for (const ms of [importMs, editMs, otherWayMs, deleteMs]) expect(ms).toBeLessThanOrEqual(floorMs);
    } finally {
      onA.close();
      onB.close();
    }
  }, 90_000);

  it('starts a replica with an empty FAQ_DIR, not ready and warning that DEFAULT_ARTICLE is not served yet, until another replica publishes it', async () => {
    const databaseUrl = await createTestDatabase(server?.url ?? '');
    databases.push(databaseUrl);
    const empty = await startReplica(databaseUrl, []);
    expect(empty.process.lines.some((l) => String(l.msg).startsWith('DEFAULT_ARTICLE is not served yet'))).toBe(true);
    expect((await fetch(`${empty.url}/readyz`)).status).toBe(503);
    const onEmpty = await connect(empty.ws);
    try {
      const seen = onEmpty.frames.length;
      await startReplica(databaseUrl, [faqFile]);
      await nextWelcome(onEmpty, (ids) => ids.includes('kuba-china-militaer'), seen);
      expect((await fetch(`${empty.url}/readyz`)).status).toBe(200);
      expect(await answerText(onEmpty, 'Wer ist Dong Jun?', 'kuba-china-militaer')).not.toEqual([]);
    } finally {
      onEmpty.close();
    }
  }, 90_000);

  it('keeps the shared version when a replica starts with an older copy of an article in its folder, and publishes it once saved', async () => {
    const databaseUrl = await createTestDatabase(server?.url ?? '');
    databases.push(databaseUrl);
    const a = await startReplica(databaseUrl, [faqFile]);
    const onA = await connect(a.ws);
    try {
      let seen = onA.frames.length;
      const file = join(a.dir, 'kuba-china-militaer.md');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace('Álvaro López Miera, Minister der FAR', 'Álvaro López Miera, Minister der FAR und Freund der Zitronenfalter'),
      );
      await nextWelcome(onA, () => true, seen);
      // A new replica deployed with the original file: it serves the edited, shared version.
      const c = await startReplica(databaseUrl, [faqFile]);
      const onC = await connect(c.ws);
      try {
        expect((await answerText(onC, 'Zitronenfalter', 'kuba-china-militaer')).join(' ')).toMatch(/Zitronenfalter/);
        expect(c.process.lines.some((l) => String(l.msg).includes('differs from the shared article kuba-china-militaer'))).toBe(true);
        // Saving its file publishes it: now every replica serves the original again.
        seen = onA.frames.length;
        writeFileSync(join(c.dir, 'kuba-china-militaer.md'), `${readFileSync(faqFile, 'utf8')}\n`);
        await nextWelcome(onA, () => true, seen);
        expect((await answerText(onA, 'Zitronenfalter', 'kuba-china-militaer')).join(' ')).not.toMatch(/Zitronenfalter/);
      } finally {
        onC.close();
      }
    } finally {
      onA.close();
    }
  }, 90_000);
});
