import { get } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { questionsPerRun } from '../../src/store/backend.ts';
import { schemaDefaults } from '../../src/store/sqlite-schema.ts';
import { type RawClient, rawConnect } from '../helpers/raw-ws.ts';
import { cleanUpServerProcesses, isServerRunning, listening, type ProcessLine, type ServerProcess, spawnServer, tempDir } from '../helpers/server-process.ts';
import { connect, type Frame, type TestClient } from '../helpers/ws-client.ts';

// WORKERS=2 (docs/scaling.md): the real `npm start` entry as a node:cluster primary with two workers
// sharing one port (PORT=0: the primary binds once, every worker gets the same port).

afterEach(cleanUpServerProcesses);

const question = 'Gibt es Spionagebasen in Kuba?';
/** Bound on each wait, so a failure says what it waited for instead of hitting the test timeout. */
const waitMs = 10_000;

/** GET /healthz on a connection of its own (no keep-alive), so the primary hands each to the next worker. */
function healthz(url: string): Promise<{ status: string; pid: number }> {
  return new Promise((resolve, reject) => {
    const request = get(`${url}/healthz`, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(JSON.parse(body) as { status: string; pid: number }));
    });
    request.on('error', reject);
    request.setTimeout(waitMs, () => request.destroy(new Error('GET /healthz timed out')));
  });
}

/** The pids that answered `count` GET /healthz, one connection each. */
async function healthzPids(url: string, count: number): Promise<Set<number>> {
  const pids = new Set<number>();
  for (let i = 0; i < count; i += 1) {
    const reply = await healthz(url);
    expect(reply.status).toBe('ok');
    pids.add(reply.pid);
  }
  return pids;
}

/** Asks the question and checks a cited answer from the default article arrives; returns the first answer. */
async function askAndCheck(client: TestClient): Promise<Frame> {
  const frames = await client.ask(question);
  const done = frames.at(-1);
  expect(done).toMatchObject({ type: 'done' });
  expect(done?.count).toBeGreaterThanOrEqual(1);
  const first = frames.find((f) => f.type === 'answer');
  expect(first).toMatchObject({ rank: 1, citation: { article: 'kuba-china-militaer' } });
  expect((first!.citation as { quote: string }).quote).toContain('Spionagebasen');
  return first as Frame;
}

/** Asks on `client`: 'answered' when its worker answers, else the close code its connection ended with. */
function answeredOrClosed(client: TestClient): Promise<'answered' | number> {
  const id = `alive-${Math.random()}`;
  client.ws.send(JSON.stringify({ type: 'ask', id, question }), () => {
    // A connection already closed refuses the send; its close code is the outcome.
  });
  return Promise.race([
    client.closed(),
    client
      .next((f) => f.id === id && f.type === 'done', waitMs)
      .then(
        () => 'answered' as const,
        // No answer within the bound: the connection's close (awaited above) decides.
        () => client.closed(),
      ),
  ]);
}

async function startCluster(env: Record<string, string> = {}): Promise<{ child: ServerProcess; url: string; ws: string; pids: number[] }> {
  const child = spawnServer({ WORKERS: '2', SHUTDOWN_GRACE_MS: '3000', ...env });
  const { url, ws, line } = await listening(child);
  const pids = line.pids as number[];
  expect(pids).toHaveLength(2);
  expect(new Set(pids).size).toBe(2);
  expect(pids).not.toContain(child.process.pid);
  return { child, url, ws, pids };
}

const isMsg = (msg: string) => (l: ProcessLine) => l.msg === msg;

describe('WORKERS=2', () => {
  it('answers on one port from both workers, stops on SIGTERM with 0 and leaves every question in the shared log', async () => {
    const dataDir = tempDir('faq-cluster-');
    // A grace period far beyond the test's timeout: the stop below must not wait for it (no client lingers).
    const { child, url, ws, pids } = await startCluster({ DATA_DIR: dataDir, METRICS_PORT: '0', SHUTDOWN_GRACE_MS: '600000' });
    // The primary announces the service once, after both workers listen; workers never log that line.
    expect(child.lines.filter((l) => String(l.msg).startsWith('faq-chat listening'))).toHaveLength(1);

    // New connections are handed to the workers in turn: both answer.
    expect(await healthzPids(url, 6)).toEqual(new Set(pids));
    const clients: TestClient[] = [];
    for (let i = 0; i < 8; i += 1) clients.push(await connect(ws));
    const answers = await Promise.all(clients.map(askAndCheck));
    // Every worker loaded the same articles: the same answer whoever gave it.
    const withoutId = ({ id: _id, ...rest }: Frame): Omit<Frame, 'id'> => rest;
    for (const answer of answers) expect(withoutId(answer)).toEqual(withoutId(answers[0] as Frame));
    // The primary serves METRICS_PORT: both workers' counts, added up.
    const metrics = await (await fetch(String(child.lines.find((l) => l.metrics)?.metrics))).text();
    expect(metrics).toContain('faqchat_questions_total{outcome="answered"} 8\n');
    expect(metrics).toContain('faqchat_connections 8\n');
    expect(metrics).toContain('faqchat_workers 2\n');

    child.process.kill('SIGTERM');
    // Each worker drains as a single process does: its clients are closed with 1001 ("going away").
    expect(await Promise.all(clients.map((c) => c.closed()))).toEqual(clients.map(() => 1001));
    const { code } = await child.exited;
    expect(code).toBe(0);
    for (const pid of pids) expect(isServerRunning(pid)).toBe(false);
    const stopped = child.lines.filter(isMsg('stopped'));
    // Each worker's own "stopped" and then the primary's.
    expect(
      stopped
        .filter((l) => typeof l.worker === 'number')
        .map((l) => l.pid)
        .sort(),
    ).toEqual([...pids].sort());
    expect(child.lines.filter(isMsg('worker stopped')).map((l) => l.code)).toEqual([0, 0]);

    // One SQLite file, written by both workers' writer threads: nothing lost, and each worker's
    // questions carry its own run number (the high part of the id, taken at start).
    const db = new Database(join(dataDir, schemaDefaults.fileName), { readonly: true });
    try {
      const rows = db.prepare('SELECT id, question, answers FROM questions').all() as { id: number; question: string; answers: number }[];
      expect(rows).toHaveLength(clients.length);
      expect(rows.every((r) => r.question === question && r.answers >= 1)).toBe(true);
      const runs = new Set(rows.map((r) => Math.floor(r.id / questionsPerRun)));
      expect(runs.size).toBe(2);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
  });

  it('replaces a worker killed with SIGKILL and keeps answering meanwhile', async () => {
    const { child, url, ws, pids } = await startCluster();
    const [victim, survivor] = pids as [number, number];
    const before: TestClient[] = [];
    for (let i = 0; i < 4; i += 1) before.push(await connect(ws));

    process.kill(victim, 'SIGKILL');
    const died = await child.line(isMsg('worker exited: starting a replacement'), waitMs);
    expect(died).toMatchObject({ pid: victim, signal: 'SIGKILL' });
    // Clients of the killed worker lose their connection (the kernel closed its sockets); the others
    // keep theirs and are answered. Whichever happens first tells which worker a client was on.
    const outcomes = await Promise.all(before.map(answeredOrClosed));
    const kept = before.filter((_, i) => outcomes[i] === 'answered');
    expect(outcomes.filter((outcome) => outcome !== 'answered')).toEqual(Array(before.length - kept.length).fill(1006));
    expect(kept.length).toBeGreaterThanOrEqual(1);
    expect(kept.length).toBeLessThan(before.length);
    for (const client of kept) await askAndCheck(client);

    // While the replacement starts, the survivor takes every new connection.
    const meanwhile = await connect(ws);
    await askAndCheck(meanwhile);
    const replaced = await child.line((l) => l.msg === 'worker listening' && !pids.includes(l.pid as number), waitMs);
    const replacement = replaced.pid as number;
    expect(isServerRunning(victim)).toBe(false);
    expect(await healthzPids(url, 6)).toEqual(new Set([survivor, replacement]));
    const after: TestClient[] = [];
    for (let i = 0; i < 4; i += 1) after.push(await connect(ws));
    await Promise.all(after.map(askAndCheck));

    child.process.kill('SIGTERM');
    expect((await child.exited).code).toBe(0);
    expect(isServerRunning(survivor)).toBe(false);
    expect(isServerRunning(replacement)).toBe(false);
  });

  it('exits at once, with 1, on a second signal, and leaves no worker behind', async () => {
    const { child, ws, pids } = await startCluster({ SHUTDOWN_GRACE_MS: '60000' });
    // Peers that never answer the close frame keep their worker's drain open for the grace period.
    const clients: RawClient[] = [];
    for (let i = 0; i < 2; i += 1) clients.push(await rawConnect(ws, { replyToClose: false }));
    child.process.kill('SIGTERM');
    await child.line((l) => l.msg === 'shutting down' && l.worker === undefined, waitMs);
    child.process.kill('SIGTERM');
    const { code } = await child.exited;
    expect(code).toBe(1);
    expect(child.lines.some(isMsg('second signal: exiting now'))).toBe(true);
    // The primary killed its workers before exiting; give the kernel a moment to reap them.
    await expect.poll(() => pids.filter(isServerRunning), { timeout: 2000 }).toEqual([]);
    for (const client of clients) client.socket.destroy();
  });

  it('stops with 1, naming the cause, when the workers cannot start', async () => {
    const child = spawnServer({ WORKERS: '2', DEFAULT_ARTICLE: 'no-such-article', LOG_LEVEL: 'debug' });
    const { code } = await child.exited;
    expect(code).toBe(1);
    expect(child.stderr()).toMatch(/faq-chat: cannot start: DEFAULT_ARTICLE no-such-article: no such article/);
    expect(child.stderr()).toMatch(/faq-chat: worker \d+ exited \(code 1\) before it was listening; stopping/);
    expect(child.lines.some((l) => String(l.msg).startsWith('faq-chat listening'))).toBe(false);
    const started = child.lines.filter(isMsg('worker started')).map((l) => l.pid as number);
    expect(started).toHaveLength(2);
    expect(started.filter(isServerRunning)).toEqual([]);
  });

  it('names a wrong WORKERS and exits 2', async () => {
    const child = spawnServer({ WORKERS: '0' });
    expect((await child.exited).code).toBe(2);
    expect(child.stderr()).toMatch(/^faq-chat: Invalid setting WORKERS: /);
  });
});
