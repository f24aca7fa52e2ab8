import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CloseCode } from '../../src/server/ws.ts';
import type { Insights } from '../../src/store/insights.ts';
import { closeTestPages, launchBrowser, newTestPage, skipBrowser, type TestPage } from '../browser/support/browser.ts';
import { askByTyping, finishedReply, openWidget } from '../browser/support/widget.ts';
import { startAskLoad } from '../helpers/ask-load.ts';
import { nginxBinary, nginxMissing, startNginx, type TestNginx } from '../helpers/nginx.ts';
import { createTestDatabase, dropTestDatabase, inCi, postgresAvailable, postgresMissing, testPostgres } from '../helpers/postgres.ts';
import { cleanUpServerProcesses, listening, type ServerProcess, spawnServer, tempDir } from '../helpers/server-process.ts';
import { connect, type TestClient } from '../helpers/ws-client.ts';

// Issue 14.2 and 14.4: two replicas (own ports, DATA_DIRs and FAQ_DIRs) on one PostgreSQL, behind
// Debian's nginx configured as docs/scaling.md says. Load goes through nginx; one replica gets SIGTERM
// mid-run; its readers (the load's connections, the CLI, the widget) come back through nginx to the
// other; every answered question is in the shared log exactly once. The per-address limits hold for
// the site at nginx.

const faqFile = fileURLToPath(new URL('../../faq/kuba-china-militaer.md', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/faq-chat.js', import.meta.url));
const token = 'replicas-test-token-0123456789';
const article = 'kuba-china-militaer';

const missing = [!postgresAvailable() && postgresMissing, nginxBinary() === undefined && nginxMissing].filter(Boolean).join('; ');
const skipped = missing !== '' && !inCi;
if (skipped) console.warn(`SKIPPING tests/e2e/replicas-nginx.test.ts: ${missing}`);

let server: { url: string; release(): Promise<void> } | undefined;
const databases: string[] = [];
const nginxes: TestNginx[] = [];
const clis: ChildProcess[] = [];
beforeAll(async () => {
  if (skipped) return;
  if (missing !== '') throw new Error(`CI requires PostgreSQL and nginx: ${missing}`);
  server = await testPostgres();
}, 120_000);
afterEach(async () => {
  for (const cli of clis.splice(0)) if (cli.exitCode === null) cli.kill('SIGKILL');
  for (const nginx of nginxes.splice(0)) await nginx.stop();
  cleanUpServerProcesses();
  for (const url of databases.splice(0)) await dropTestDatabase(server?.url ?? '', url);
});
afterAll(async () => {
  await server?.release();
});

interface Replica {
  readonly process: ServerProcess;
  readonly url: string;
  readonly ws: string;
  readonly metrics: string;
  readonly address: string;
}

async function startReplica(databaseUrl: string, env: Record<string, string> = {}): Promise<Replica> {
  const dir = tempDir('faq-replica-dir-');
  copyFileSync(faqFile, join(dir, 'kuba-china-militaer.md'));
  const child = spawnServer({
    FAQ_DIR: dir,
    DATABASE_URL: databaseUrl,
    DEFAULT_ARTICLE: article,
    ADMIN_TOKEN: token,
    METRICS_PORT: '0',
    TRUST_PROXY: 'loopback',
    SHUTDOWN_GRACE_MS: '5000',
    ...env,
  });
  const { url, ws, line } = await listening(child);
  return { process: child, url, ws, metrics: String(line.metrics), address: new URL(url).host };
}

async function newDatabase(): Promise<string> {
  const url = await createTestDatabase(server?.url ?? '');
  databases.push(url);
  return url;
}

/** Open WebSockets on a replica, from its own metrics. */
async function connectionsOn(replica: Replica): Promise<number> {
  const text = await (await fetch(replica.metrics)).text();
  return Number(/^faqchat_connections (\d+)/m.exec(text)?.[1] ?? Number.NaN);
}

/** Waits (bounded) until `read` gives `expected`. */
async function until(read: () => Promise<number>, expected: number, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  let value = await read();
  while (value !== expected) {
    if (Date.now() > deadline) throw new Error(`${what}: ${value}, expected ${expected}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    value = await read();
  }
}

async function insightsOf(replica: Replica): Promise<Insights> {
  const response = await fetch(`${replica.url}/api/insights`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as Insights;
}

/**
 * Opens WebSockets through nginx until `target` has two fewer than `other` (least_conn then sends the
 * next two connections to `target`), keeping those that went to `other`: where a reader lands is
 * nginx's choice, and the test needs the CLI and the widget on the replica it will stop.
 */
async function tiltTowards(target: Replica, other: Replica, wsUrl: string): Promise<TestClient[]> {
  const kept: TestClient[] = [];
  for (let round = 0; round < 10 && (await connectionsOn(other)) - (await connectionsOn(target)) < 2; round += 1) {
    const onTarget: TestClient[] = [];
    for (let i = 0; i < 2; i += 1) {
      const before = await connectionsOn(target);
      const total = (await connectionsOn(other)) + before;
      const client = await connect(wsUrl);
      await until(async () => (await connectionsOn(other)) + (await connectionsOn(target)), total + 1, 'connections');
      if ((await connectionsOn(target)) > before) onTarget.push(client);
      else kept.push(client);
    }
    for (const client of onTarget) client.close();
    await until(() => connectionsOn(target), 0, 'connections left on the target');
  }
  return kept;
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      ws.terminate();
      reject(new Error(`HTTP ${res.statusCode}`));
    });
  });
}

/** The interactive CLI through nginx: lines in on stdin, what it prints collected. */
function startCli(wsUrl: string) {
  const child = spawn(process.execPath, [bin, '--url', wsUrl, '--article', article, '--limit', '1'], { stdio: ['pipe', 'pipe', 'pipe'] });
  clis.push(child);
  let stdout = '';
  let stderr = '';
  const waiters: { predicate: () => boolean; resolve: () => void }[] = [];
  const check = (): void => {
    for (const waiter of [...waiters]) {
      if (waiter.predicate()) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    check();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    check();
  });
  const waitFor = (predicate: () => boolean, what: string): Promise<void> => {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`CLI: no ${what}; stdout: ${stdout} stderr: ${stderr}`)), 15_000);
      waiters.push({
        predicate,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  };
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    /** Types a question and waits for its numbered answer line (the n-th answer printed in all). */
    async ask(question: string, answersBefore: number): Promise<void> {
      child.stdin?.write(`${question}\n`);
      await waitFor(() => (stdout.match(/^(\? )*1\. \[/gm) ?? []).length > answersBefore, `answer to "${question}"`);
    },
    welcomed: () => waitFor(() => stdout.includes('? '), 'prompt'),
  };
}

describe.skipIf(skipped)('two replicas behind nginx (docs/scaling.md) on one PostgreSQL', () => {
  let browser: Browser | undefined;
  const pages: TestPage[] = [];
  beforeAll(async () => {
    if (skipBrowser) console.warn('tests/e2e/replicas-nginx.test.ts: no Chromium, so the widget part is SKIPPED (the CLI and the load still run)');
    else browser = await launchBrowser();
  });
  afterAll(async () => {
    await closeTestPages(pages);
    await browser?.close();
  });

  it('agrees on insights, and loses no answered question (nor logs one twice) when a replica is stopped under load; the CLI and the widget come back through nginx', async () => {
    const databaseUrl = await newDatabase();
    const [a, b] = await Promise.all([startReplica(databaseUrl), startReplica(databaseUrl)]);
    const nginx = await startNginx([a.address, b.address]);
    nginxes.push(nginx);
    const viaNginx = `ws://127.0.0.1:${nginx.port}/ws`;

    // Questions asked on A are listed by B's insights within 2 s (issue 14's floor), and both read alike.
    const onA = await connect(a.ws);
    // Off the article's topic, so each is listed by its wording among the unanswered questions.
    const asked = Array.from({ length: 20 }, (_, k) => `Wie backt man Apfelkuchen Nummer ${k}?`);
    for (const question of asked) expect((await onA.ask(question, { article })).at(-1)).toMatchObject({ type: 'done', count: 0 });
    const askedAt = performance.now();
    let listedMs = Number.POSITIVE_INFINITY;
    while (performance.now() - askedAt < 5000) {
      const listed = new Set((await insightsOf(b)).unanswered.map((g) => g.question));
      if (asked.every((q) => listed.has(q))) {
        listedMs = performance.now() - askedAt;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    onA.close();
    const [fromA, fromB] = await Promise.all([insightsOf(a), insightsOf(b)]);
    expect({ ...fromA, generatedAt: '' }).toEqual({ ...fromB, generatedAt: '' });
    expect(fromB.questions.total).toBe(asked.length);

    // The CLI and the widget on A, the replica that will be stopped.
    const ballast = await tiltTowards(a, b, viaNginx);
    const cli = startCli(viaNginx);
    await cli.welcomed();
    await until(() => connectionsOn(a), 1, 'the CLI on A');
    let widgetPage: TestPage | undefined;
    if (browser) {
      widgetPage = await newTestPage(browser);
      pages.push(widgetPage);
      await widgetPage.page.goto(nginx.url);
      await openWidget(widgetPage.page);
      await until(() => connectionsOn(a), 2, 'the widget on A');
    }
    await cli.ask('Wer ist Dong Jun? (CLI vorher)', 0);
    if (widgetPage) {
      await askByTyping(widgetPage.page, 'Wer ist Dong Jun? (Widget vorher)');
      expect(await (await finishedReply(widgetPage.page, 0)).locator('.answer').count()).toBeGreaterThan(0);
    }
    for (const client of ballast) client.close();

    // Load through nginx; A is stopped once it has answered a share of it.
    const load = startAskLoad(viaNginx, 16, article);
    const loadStarted = performance.now();
    while (load.answered.length < 1500 && performance.now() - loadStarted < 20_000) await new Promise((resolve) => setTimeout(resolve, 10));
    const answeredBeforeStop = load.answered.length;
    a.process.process.kill('SIGTERM');
    const { code } = await a.process.exited;
    expect(code).toBe(0);
    // B alone answers a while longer, then the load stops.
    const afterStop = load.answered.length;
    while (load.answered.length < afterStop + 1000 && performance.now() - loadStarted < 40_000) await new Promise((resolve) => setTimeout(resolve, 10));
    await load.stop();
    const loadMs = performance.now() - loadStarted;

    // A's readers were told (1001) and came back through nginx to B.
    expect(load.closeCodes.filter((c) => c === CloseCode.goingAway).length).toBeGreaterThan(0);
    expect(load.answered.length).toBeGreaterThan(afterStop);
    await cli.ask('Wer ist Dong Jun? (CLI nachher)', 1);
    expect(cli.stderr()).toMatch(/closed the connection \(1001\)|connection is closed/);
    expect(cli.stderr()).toMatch(/reconnecting/);
    if (widgetPage) {
      await widgetPage.page.locator('faq-chat .root[data-state="online"]').waitFor({ state: 'attached' });
      await askByTyping(widgetPage.page, 'Wer ist Dong Jun? (Widget nachher)');
      expect(await (await finishedReply(widgetPage.page, 1)).locator('.answer').count()).toBeGreaterThan(0);
    }

    // Every answered question is in the shared log exactly once (B's buffer written first).
    await until(async () => ((await (await fetch(`${b.url}/readyz`)).json()) as { store: { buffered: number } }).store.buffered, 0, 'B buffered');
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    let logged: Map<string, number>;
    try {
      const rows = await db.query<{ question: string; n: number }>('SELECT question, count(*)::integer AS n FROM faqchat_questions GROUP BY question');
      logged = new Map(rows.rows.map((r) => [r.question, r.n]));
    } finally {
      await db.end();
    }
    const missingFromLog = load.answered.filter((q) => !logged.has(q));
    const loggedTwice = [...logged].filter(([, n]) => n > 1);
    const loggedUnanswered = [...logged.keys()].filter((q) => load.sent.has(q) && !load.answered.includes(q));
    console.log(
      `replicas behind nginx: ${load.answered.length} answered in ${Math.round(loadMs)} ms (${answeredBeforeStop} before SIGTERM), ` +
        `${load.closeCodes.filter((c) => c === 1001).length} readers told 1001, B's insights listed A's questions after ${Math.round(listedMs)} ms; ` +
        `missing from the log ${missingFromLog.length}, logged twice ${loggedTwice.length}, logged but not seen answered ${loggedUnanswered.length}`,
    );
    expect(listedMs).toBeLessThanOrEqual(2000);
    expect(load.errors.size).toBe(0);
    expect(missingFromLog).toEqual([]);
    expect(loggedTwice).toEqual([]);
    for (const q of ['Wer ist Dong Jun? (CLI vorher)', 'Wer ist Dong Jun? (CLI nachher)']) expect(logged.get(q)).toBe(1);
    if (widgetPage) for (const q of ['Wer ist Dong Jun? (Widget vorher)', 'Wer ist Dong Jun? (Widget nachher)']) expect(logged.get(q)).toBe(1);
  }, 120_000);

  it('holds the per-address limits for the site at nginx: open WebSockets and HTTP questions, whichever replica serves', async () => {
    const databaseUrl = await newDatabase();
    // The replicas' own per-address limits far above nginx's, so what refuses is nginx.
    const env = { MAX_CONNECTIONS_PER_IP: '100000', RATE_LIMIT_QUESTIONS: '100000' };
    const [a, b] = await Promise.all([startReplica(databaseUrl, env), startReplica(databaseUrl, env)]);
    const nginx = await startNginx([a.address, b.address]);
    nginxes.push(nginx);
    const limit = Number(/limit_conn faq_chat_connections (\d+);/.exec(nginx.config)?.[1]);
    const burst = Number(/limit_req zone=faq_chat_questions burst=(\d+)/.exec(nginx.config)?.[1]);
    const rate = Number(/limit_req_zone .* rate=(\d+)r\/s;/.exec(nginx.config)?.[1]);
    expect([limit, burst, rate].every(Number.isFinite)).toBe(true);

    const sockets: WebSocket[] = [];
    try {
      for (let i = 0; i < limit; i += 1) sockets.push(await open(`ws://127.0.0.1:${nginx.port}/ws`));
      // Both replicas hold a share of them: a limit per process would not have refused the next one.
      expect(await connectionsOn(a)).toBeGreaterThan(0);
      expect(await connectionsOn(b)).toBeGreaterThan(0);
      await expect(open(`ws://127.0.0.1:${nginx.port}/ws`)).rejects.toThrow('HTTP 429');
    } finally {
      for (const ws of sockets) ws.terminate();
    }

    const started = performance.now();
    const statuses = await Promise.all(
      Array.from({ length: burst + 100 }, async (_, i) => (await fetch(`${nginx.url}/api/ask?q=${encodeURIComponent(`Xinhua ${i}`)}`)).status),
    );
    const seconds = (performance.now() - started) / 1000;
    const accepted = statuses.filter((s) => s === 200).length;
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    expect(accepted).toBeGreaterThanOrEqual(burst);
    expect(accepted).toBeLessThanOrEqual(burst + Math.ceil(rate * seconds) + 1);
  }, 120_000);
});
