import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ImportExit, runImport } from '../../src/cli/import.ts';
import { ErrorCode } from '../../src/protocol.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { faqDir, startTestServer } from '../helpers/server.ts';
import { connect, type Frame, type TestClient } from '../helpers/ws-client.ts';

const article = 'kuba-china-militaer';
const source = readFileSync(join(faqDir, `${article}.md`), 'utf8');
const reloadTimeoutMs = 3000;
let dir: string;
let server: RunningServer;
let client: TestClient;

/** The next welcome frame after those already received: the server announces each change. */
function nextWelcome(): Promise<Frame> {
  const seen = client.frames.length;
  return client.next((f) => f.type === 'welcome' && client.frames.indexOf(f) >= seen, reloadTimeoutMs);
}

/** Polls /readyz until `until` holds for its body, bounded by the reload timeout. */
async function readyzUntil(until: (body: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  const deadline = Date.now() + reloadTimeoutMs;
  for (;;) {
    const body = (await (await fetch(`${server.url}/readyz`)).json()) as Record<string, unknown>;
    if (until(body)) return body;
    if (Date.now() > deadline) throw new Error(`readyz never matched: ${JSON.stringify(body)}`);
  }
}

async function quote(question: string): Promise<string | undefined> {
  const frames = await client.ask(question, { article, limit: 1 });
  return (frames[0]!.citation as { quote?: string } | undefined)?.quote;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'faq-reload-'));
  cpSync(faqDir, dir, { recursive: true });
  server = await startTestServer({ FAQ_DIR: dir });
  client = await connect(server.wsUrl);
});

afterEach(async () => {
  client.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('live reload of faq/', () => {
  it('answers from an edited file over the open connection, after a new welcome', async () => {
    const welcome = nextWelcome();
    writeFileSync(join(dir, `${article}.md`), source.replace('Xiangshan-Forum', 'Xiangshan-Sicherheitsforum'));
    const frame = await welcome;
    expect((frame.articles as { id: string }[]).map((a) => a.id)).toEqual([article]);
    expect(await quote('Xiangshan-Sicherheitsforum')).toContain('Xiangshan-Sicherheitsforum');
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('keeps answering from the last good version after a broken edit, and /readyz names the file and line', async () => {
    writeFileSync(
      join(dir, `${article}.md`),
      source.replace('Xiangshan-Forum', 'Xiangshan-Sicherheitsforum').replace('### Worin besteht', '#### Worin besteht'),
    );
    const body = await readyzUntil((b) => Array.isArray(b.problems));
    expect(body).toMatchObject({ status: 'ready', articles: 1 });
    const [problem] = body.problems as { file: string; line: number; message: string }[];
    expect(problem?.file).toMatch(new RegExp(`${article}\\.md$`));
    expect(problem?.line).toBe(39);
    expect(problem?.message).toContain('line 39: unsupported Markdown block');
    expect(await quote('Xiangshan-Forum')).toContain('Xiangshan-Forum');
    expect((await quote('Xiangshan-Sicherheitsforum')) ?? '').not.toContain('Xiangshan-Sicherheitsforum');

    const welcome = nextWelcome();
    writeFileSync(join(dir, `${article}.md`), source.replace('Xiangshan-Forum', 'Xiangshan-Sicherheitsforum'));
    await welcome;
    expect(await quote('Xiangshan-Sicherheitsforum')).toContain('Xiangshan-Sicherheitsforum');
    expect((await readyzUntil(() => true)).problems).toBeUndefined();
  });

  it('keeps answering a question that names no article when a second article is imported, from the article that answers it', async () => {
    expect(client.frames[0]).toMatchObject({ type: 'welcome', defaultArticle: article });
    const welcome = nextWelcome();
    const exported = fileURLToPath(new URL('../quality/articles/cannabisgesetz/article.txt', import.meta.url));
    expect(runImport({ file: exported, id: 'cannabisgesetz', dir, force: false }, new PassThrough(), new PassThrough())).toBe(ImportExit.written);
    expect(await welcome).toMatchObject({ defaultArticle: null });
    const cited = async (question: string): Promise<unknown> => (await client.ask(question, { limit: 1 }))[0]?.citation;
    expect(await cited('Xinhua')).toMatchObject({ article, unit: 'p-3' });
    expect(await cited('Ab welchem Alter darf man Cannabis besitzen?')).toMatchObject({ article: 'cannabisgesetz' });
    // An edit is followed by the filter that picks the articles: the new word finds its article.
    const edited = nextWelcome();
    writeFileSync(join(dir, `${article}.md`), source.replace('Xiangshan-Forum', 'Xiangshan-Sicherheitsforum'));
    await edited;
    expect(await cited('Xiangshan-Sicherheitsforum')).toMatchObject({ article, quote: expect.stringContaining('Xiangshan-Sicherheitsforum') });
  });

  it('answers unknown_article once the file is deleted, and announces a new article when one is added', async () => {
    let welcome = nextWelcome();
    writeFileSync(join(dir, 'zweiter-artikel.md'), source.replace(`id: ${article}`, 'id: zweiter-artikel'));
    expect(((await welcome).articles as { id: string }[]).map((a) => a.id)).toEqual([article, 'zweiter-artikel']);

    welcome = nextWelcome();
    unlinkSync(join(dir, `${article}.md`));
    expect(((await welcome).articles as { id: string }[]).map((a) => a.id)).toEqual(['zweiter-artikel']);
    const frames = await client.ask('Xinhua', { article });
    expect(frames).toEqual([expect.objectContaining({ type: 'error', code: ErrorCode.unknownArticle })]);
    expect((await client.ask('Xinhua', { article: 'zweiter-artikel' })).at(-1)).toMatchObject({ type: 'done' });
  });
});
