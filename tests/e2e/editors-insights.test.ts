import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InsightsCliMessage, InsightsExit } from '../../src/cli/insights.ts';
import { FeedbackErrorMessage } from '../../src/feedback.ts';
import { ErrorCode } from '../../src/protocol.ts';
import { InsightsError } from '../../src/server/insights-route.ts';
import type { Insights } from '../../src/store/insights.ts';
import { startTestServer } from '../helpers/server.ts';
import { connect } from '../helpers/ws-client.ts';

const token = 'editors-test-token-0123456789';
const bin = fileURLToPath(new URL('../../bin/faq-chat.js', import.meta.url));
const unanswerable = 'Wie backe ich einen Apfelkuchen?';
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'faq-insights-'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

async function insights(url: string, headers: Record<string, string> = { authorization: `Bearer ${token}` }): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}/api/insights?article=kuba-china-militaer`, { headers });
  return { status: response.status, body: await response.json() };
}

/** Runs the CLI; resolves with its exit code and output. */
function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('what readers asked', () => {
  it('stores feedback, acknowledges it, and counts the answer as unhelpful', async () => {
    const server = await startTestServer({ DATA_DIR: join(root, 'feedback'), ADMIN_TOKEN: token });
    const client = await connect(server.wsUrl);
    try {
      const frames = await client.ask('Gibt es Spionagebasen in Kuba?', { id: 'spy', limit: 2 });
      const unit = (frames[1]!.citation as { unit: string }).unit;
      client.ws.send(JSON.stringify({ type: 'feedback', id: 'spy', rank: 2, helpful: false }));
      expect(await client.next((f) => f.type === 'ack')).toEqual({ type: 'ack', id: 'spy' });
      client.ws.send(JSON.stringify({ type: 'feedback', id: 'other', rank: 1, helpful: true }));
      expect(await client.next((f) => f.type === 'error' && f.id === 'other')).toMatchObject({
        code: ErrorCode.badRequest,
        message: FeedbackErrorMessage.unknownAsk,
      });
      const { status, body } = await insights(server.url);
      expect(status).toBe(200);
      expect((body as Insights).unhelpful).toEqual([{ article: 'kuba-china-militaer', unit, unhelpful: 1, helpful: 0 }]);
      expect((body as Insights).questions).toEqual({ total: 1, answered: 1, unanswered: 0 });
    } finally {
      client.close();
      await server.close();
    }
  });

  it('keeps the question log across a restart, and the CLI prints what went unanswered', async () => {
    const env = { DATA_DIR: join(root, 'restart'), ADMIN_TOKEN: token };
    for (const wording of [unanswerable, unanswerable.toUpperCase()]) {
      const server = await startTestServer(env);
      const client = await connect(server.wsUrl);
      await client.ask(wording);
      client.close();
      await server.close();
    }
    const server = await startTestServer(env);
    try {
      const { body } = await insights(server.url);
      expect((body as Insights).unanswered).toEqual([expect.objectContaining({ count: 2, question: unanswerable.toUpperCase() })]);
      const printed = await cli(['insights', '--url', server.wsUrl], { ADMIN_TOKEN: token });
      expect(printed.code).toBe(0);
      expect(printed.stdout).toContain(`2×  "${unanswerable.toUpperCase()}"`);
      const refused = await cli(['insights', '--url', server.url, '--token', 'not-the-admin-token'], {});
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(InsightsError.forbidden.message);
    } finally {
      await server.close();
    }
  });

  it('shows insights only with the admin token: 401 without, 403 with another, 404 insights_off when none is set', async () => {
    const server = await startTestServer({ ADMIN_TOKEN: token });
    try {
      const missing = await insights(server.url, {});
      expect(missing).toEqual({ status: 401, body: { error: { code: InsightsError.unauthorized.code, message: InsightsError.unauthorized.message } } });
      expect((await insights(server.url, { authorization: `Basic ${token}` })).status).toBe(401);
      const wrong = await insights(server.url, { authorization: `Bearer ${token}x` });
      expect(wrong).toEqual({ status: 403, body: { error: { code: InsightsError.forbidden.code, message: InsightsError.forbidden.message } } });
      expect((await insights(server.url)).status).toBe(200);
    } finally {
      await server.close();
    }
    const open = await startTestServer();
    try {
      const off = { status: 404, body: { error: { code: InsightsError.off.code, message: InsightsError.off.message } } };
      expect(await insights(open.url)).toEqual(off);
      expect(await insights(open.url, {})).toEqual(off);
    } finally {
      await open.close();
    }
  });

  it('tells an editor whose server has no ADMIN_TOKEN that insights are off there, and how to turn them on', async () => {
    const server = await startTestServer();
    try {
      const run = await cli(['insights', '--url', server.url], { ADMIN_TOKEN: token });
      expect(run.code).toBe(InsightsExit.refused);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`faq-chat insights: the server at ${server.url} ${InsightsCliMessage.off}\n`);
      expect(run.stderr).toContain('ADMIN_TOKEN');
    } finally {
      await server.close();
    }
    // Not a faq-chat server at all: a 404 without the code says so instead.
    const other = createServer((_req, res) => res.writeHead(404).end('Not Found'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      const run = await cli(['insights', '--url', url], { ADMIN_TOKEN: token });
      expect(run.code).toBe(InsightsExit.refused);
      expect(run.stderr).toBe(`faq-chat insights: the server at ${url} ${InsightsCliMessage.notFound}\n`);
    } finally {
      other.close();
    }
  });

  it('serves without recording when DATA_DIR cannot be used', async () => {
    const notADir = join(root, 'a-file');
    writeFileSync(notADir, '');
    const server = await startTestServer({ DATA_DIR: notADir, ADMIN_TOKEN: token });
    const client = await connect(server.wsUrl);
    try {
      expect((await client.ask('Xinhua', { id: 'x' })).at(-1)).toMatchObject({ type: 'done' });
      client.ws.send(JSON.stringify({ type: 'feedback', id: 'x', rank: 1, helpful: true }));
      expect(await client.next((f) => f.type === 'ack')).toEqual({ type: 'ack', id: 'x' });
      expect(await insights(server.url)).toMatchObject({ status: 503, body: { error: { code: InsightsError.notRecording.code } } });
    } finally {
      client.close();
      await server.close();
    }
  });
});
