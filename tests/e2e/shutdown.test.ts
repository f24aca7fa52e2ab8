import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { schemaDefaults } from '../../src/store/sqlite-schema.ts';
import { encodeFrame, Opcode, rawConnect } from '../helpers/raw-ws.ts';
import { childPids, cleanUpServerProcesses, isServerRunning, listening, spawnServer, tempDir } from '../helpers/server-process.ts';
import { connect } from '../helpers/ws-client.ts';

// The real process (`node --import tsx src/server/main.ts`) on port 0: signals, exit codes, start-up errors.

afterEach(cleanUpServerProcesses);

function handshakeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', reject);
  });
}

const heavy = (id: string): string => JSON.stringify({ type: 'ask', id, question: 'Kuba China Militär', limit: 10 });

describe('SIGTERM', () => {
  it('delivers answers in flight, says 503 meanwhile, closes clients with 1001 and exits 0 within SHUTDOWN_GRACE_MS', async () => {
    const graceMs = 2000;
    const child = spawnServer({ SHUTDOWN_GRACE_MS: String(graceMs) });
    const { url, ws } = await listening(child);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    // A: twenty questions in one TCP segment; it stops reading after the first answer arrives.
    const reader = await rawConnect(ws);
    const asks = 20;
    reader.send(Buffer.concat(Array.from({ length: asks }, (_, i) => encodeFrame(Opcode.text, heavy(`a${i}`)))));
    await reader.next((m) => m.id === 'a0');
    reader.socket.pause();
    // B: an idle reader. C: a peer that never answers the close frame.
    const idle = await connect(ws);
    const straggler = await rawConnect(ws, { replyToClose: false });

    const signalled = performance.now();
    child.process.kill('SIGTERM');
    expect(await idle.closed()).toBe(1001);
    // A and C keep the drain open; meanwhile the server is not ready and takes no new clients.
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'not ready' });
    expect(await handshakeStatus(ws)).toBe(503);

    reader.socket.resume();
    expect(await reader.closed()).toBe(1001);
    const done = reader.messages.filter((m) => m.type === 'done');
    expect(done.map((m) => m.id)).toEqual(Array.from({ length: asks }, (_, i) => `a${i}`));
    expect(done.every((m) => m.count === 10)).toBe(true);

    // C is cut at the deadline, not before (timers never fire early); the process then stops by the
    // graceful path, not by the backstop a second after the deadline.
    expect(await straggler.closed()).toBe(1001);
    const { code, at } = await child.exited;
    expect(code).toBe(0);
    expect(at - signalled).toBeGreaterThanOrEqual(graceMs - 100);
    expect(child.lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
    expect(child.lines.map((l) => l.msg)).not.toContain('shutdown did not finish in time: exiting');
  });

  it('exits 0 at once when no client is connected, on SIGINT too', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      // A grace period far beyond the test's timeout: a server that waited for it would fail the test.
      const child = spawnServer({ SHUTDOWN_GRACE_MS: '600000' });
      await listening(child);
      child.process.kill(signal);
      const { code } = await child.exited;
      expect(code).toBe(0);
      expect(child.lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
    }
  });

  it('writes every question and verdict to the question log before it exits', async () => {
    const dataDir = tempDir();
    const child = spawnServer({ SHUTDOWN_GRACE_MS: '5000', DATA_DIR: dataDir });
    const { ws } = await listening(child);
    const client = await connect(ws);
    const questions = ['Wer ist Alvaro Lopez Miera?', 'Xinhua', 'Wie backe ich einen Apfelkuchen?', 'Gibt es Spionagebasen in Kuba?', 'He Weidong'];
    for (const [i, question] of questions.entries()) await client.ask(question, { id: `q${i}` });
    client.ws.send(JSON.stringify({ type: 'feedback', id: 'q0', rank: 1, helpful: false }));
    await client.next((f) => f.type === 'ack');
    // Within the log's one-second hand-over: what is still buffered is written by the shutdown.
    child.process.kill('SIGTERM');
    expect((await child.exited).code).toBe(0);
    const db = new Database(join(dataDir, schemaDefaults.fileName), { readonly: true });
    try {
      const rows = db.prepare('SELECT question FROM questions ORDER BY id').all() as { question: string }[];
      expect(rows.map((r) => r.question)).toEqual(questions);
      expect(db.prepare('SELECT helpful FROM feedback').all()).toEqual([{ helpful: 0 }]);
    } finally {
      db.close();
    }
  });

  it('reaches the server when sent to `npm start` (what a supervisor or docker stop signals), which stops gracefully', async () => {
    const npm = spawnServer({ SHUTDOWN_GRACE_MS: '5000' }, { viaNpm: true });
    await listening(npm);
    const servers = childPids(npm.process.pid as number).filter(isServerRunning);
    // npm's script execs the server: no shell or tsx process between them to swallow the signal.
    expect(servers).toHaveLength(1);
    npm.process.kill('SIGTERM');
    await npm.line((l) => l.msg === 'stopped');
    // npm exits only after its child (the server) has exited and been reaped.
    await npm.exited;
    expect(isServerRunning(servers[0] as number)).toBe(false);
  });

  it('exits at once, with 1, on a second signal', async () => {
    // A grace period far beyond the test's timeout, held open by a peer that never completes the close:
    // only the second signal can end the process in time.
    const child = spawnServer({ SHUTDOWN_GRACE_MS: '600000' });
    const { ws } = await listening(child);
    await rawConnect(ws, { replyToClose: false });
    child.process.kill('SIGTERM');
    await child.line((l) => l.msg === 'shutting down');
    child.process.kill('SIGTERM');
    const { code } = await child.exited;
    expect(code).toBe(1);
    expect(child.lines.some((l) => l.msg === 'second signal: exiting now')).toBe(true);
  });
});

describe('start-up errors', () => {
  it('names the file and line of a corrupt article and exits 1 without listening', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'good.md'), '---\nid: good\ntitle: Gut\nlanguage: de\nsource: Test\n---\n\nEin Absatz.\n');
    writeFileSync(
      join(dir, 'broken.md'),
      '---\nid: broken\ntitle: Kaputt\nlanguage: de\nsource: Test\n---\n\nEin Absatz.\n\n## Häufig gestellte Fragen\n\n### Wer?\n',
    );
    const child = spawnServer({ FAQ_DIR: dir });
    const { code } = await child.exited;
    expect(code).toBe(1);
    expect(child.stderr()).toMatch(/^faq-chat: cannot start: \S*broken\.md line \d+: /);
    expect(child.stderr()).not.toMatch(/\n\s+at /);
    expect(child.lines.some((l) => String(l.msg).startsWith('faq-chat listening'))).toBe(false);
  });

  it('names a missing or empty FAQ_DIR and exits 1', async () => {
    const missing = spawnServer({ FAQ_DIR: join(tempDir(), 'nope') });
    expect((await missing.exited).code).toBe(1);
    expect(missing.stderr()).toMatch(/^faq-chat: cannot start: FAQ_DIR \S+nope: no such directory/);
    const emptyDir = tempDir();
    mkdirSync(join(emptyDir, 'sub.md'));
    const empty = spawnServer({ FAQ_DIR: emptyDir });
    expect((await empty.exited).code).toBe(1);
    expect(empty.stderr()).toMatch(/FAQ_DIR \S+: no article files \(\*\.md\)/);
  });

  it('names a wrong setting and exits 2', async () => {
    const child = spawnServer({ MAX_PAYLOAD_BYTES: 'lots' });
    expect((await child.exited).code).toBe(2);
    expect(child.stderr()).toMatch(/^faq-chat: Invalid setting MAX_PAYLOAD_BYTES: /);
  });
});
