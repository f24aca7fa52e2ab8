import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ErrorCode } from '../../src/protocol.ts';
import { CloseCode, WsErrorMessage } from '../../src/server/ws.ts';
import { createLogSink } from '../helpers/log-sink.ts';
import { startTestServer } from '../helpers/server.ts';
import { connect, type Frame, type TestClient } from '../helpers/ws-client.ts';

/** Attempts a handshake and resolves with the HTTP status: 101 when it succeeded (the socket is closed again). */
function handshakeStatus(url: string, options: WebSocket.ClientOptions = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.once('error', reject);
  });
}

const good = (id: string): string => JSON.stringify({ type: 'ask', id, question: 'Wer ist Alvaro Lopez Miera?', limit: 1 });

describe('rate limit per connection', () => {
  it('answers RATE_LIMIT_QUESTIONS messages, refuses the next ones with rate_limited, then closes with 1008', async () => {
    const server = await startTestServer({ RATE_LIMIT_QUESTIONS: '5' });
    const client = await connect(server.wsUrl);
    for (let i = 1; i <= 16; i++) client.ws.send(good(`m${i}`));
    expect(await client.closed()).toBe(CloseCode.policyViolation);
    const last = (id: string): Frame | undefined => client.frames.findLast((f) => f.id === id);
    for (let i = 1; i <= 5; i++) expect(last(`m${i}`)).toEqual({ type: 'done', id: `m${i}`, count: 1 });
    // Refusals carry the ask's id, so a client waiting for it is not left hanging.
    for (let i = 6; i <= 10; i++)
      expect(last(`m${i}`)).toEqual({ type: 'error', id: `m${i}`, code: ErrorCode.rateLimited, message: WsErrorMessage.rateLimited });
    // Twice the allowance in one window: the connection is closed and nothing more is answered.
    for (let i = 11; i <= 16; i++) expect(last(`m${i}`)).toBeUndefined();
    // The limit is per connection: a new one is answered at once.
    const fresh = await connect(server.wsUrl);
    expect((await fresh.ask('Xinhua')).at(-1)).toMatchObject({ type: 'done' });
    fresh.close();
    await server.close();
  });

  it('counts bad frames too: a flood of garbage is limited like a flood of questions', async () => {
    const server = await startTestServer({ RATE_LIMIT_QUESTIONS: '3' });
    const client = await connect(server.wsUrl);
    for (let i = 0; i < 3; i++) client.ws.send('{garbage');
    client.ws.send(good('after-garbage'));
    expect(await client.next((f) => f.id === 'after-garbage')).toMatchObject({ code: ErrorCode.rateLimited });
    expect(client.frames.filter((f) => f.code === ErrorCode.badJson)).toHaveLength(3);
    client.close();
    await server.close();
  });

  it('does not limit at all with RATE_LIMIT_QUESTIONS=0', async () => {
    const server = await startTestServer({ RATE_LIMIT_QUESTIONS: '0' });
    const client = await connect(server.wsUrl);
    for (let i = 1; i <= 200; i++) client.ws.send(good(`n${i}`));
    await client.next((f) => f.id === 'n200' && f.type === 'done');
    expect(client.frames.filter((f) => f.type === 'done')).toHaveLength(200);
    expect(client.frames.some((f) => f.type === 'error')).toBe(false);
    client.close();
    await server.close();
  });
});

describe('connections per address', () => {
  it('refuses connections beyond MAX_CONNECTIONS_PER_IP with 429 before the upgrade; other addresses still connect', async () => {
    const sink = createLogSink();
    const server = await startTestServer({ MAX_CONNECTIONS_PER_IP: '3', RATE_LIMIT_QUESTIONS: '0' }, { logger: sink.logger });
    const clients = [await connect(server.wsUrl), await connect(server.wsUrl), await connect(server.wsUrl)];
    const statuses = await Promise.all(Array.from({ length: 20 }, () => handshakeStatus(server.wsUrl)));
    expect(statuses).toEqual(Array<number>(20).fill(429));
    // Loopback is a /8: a second address has a share of its own.
    const other = await connect(server.wsUrl, { localAddress: '127.0.0.2' });
    expect((await other.ask('Xinhua')).at(-1)).toMatchObject({ type: 'done' });
    // The following good question, on a connection that was let in.
    const [first, second, third] = clients as [TestClient, TestClient, TestClient];
    expect((await first.ask('Xinhua')).at(-1)).toMatchObject({ type: 'done' });
    // A closed connection gives its place back (once the server has seen the socket close).
    const closedLines = (): number => sink.lines.filter((l) => l.msg === 'connection closed').length;
    const before = closedLines();
    second.close();
    await sink.next((l) => l.msg === 'connection closed' && closedLines() > before);
    const again = await connect(server.wsUrl);
    expect((await again.ask('Xinhua')).at(-1)).toMatchObject({ type: 'done' });
    for (const client of [first, third, other, again]) client.close();
    await server.close();
  });
});

describe('origin', () => {
  it('refuses a foreign Origin with 403 and lets in its own pages, localhost pages and non-browsers', async () => {
    const server = await startTestServer();
    const own = new URL(server.url).origin;
    expect(await handshakeStatus(server.wsUrl, { origin: 'https://evil.example' })).toBe(403);
    expect(await handshakeStatus(server.wsUrl, { origin: 'null' })).toBe(403);
    expect(await handshakeStatus(server.wsUrl, { origin: 'http://127.0.0.1.evil.example' })).toBe(403);
    expect(await handshakeStatus(server.wsUrl, { origin: own })).toBe(101);
    expect(await handshakeStatus(server.wsUrl, { origin: 'http://localhost:5173' })).toBe(101);
    const program = await connect(server.wsUrl);
    expect((await program.ask('Xinhua')).at(-1)).toMatchObject({ type: 'done' });
    program.close();
    await server.close();
  });

  it('with ALLOWED_ORIGINS, lets in only those origins and its own pages', async () => {
    const server = await startTestServer({ ALLOWED_ORIGINS: 'https://news.example/, https://other.example' });
    expect(await handshakeStatus(server.wsUrl, { origin: 'https://news.example' })).toBe(101);
    expect(await handshakeStatus(server.wsUrl, { origin: 'HTTPS://OTHER.EXAMPLE' })).toBe(101);
    expect(await handshakeStatus(server.wsUrl, { origin: new URL(server.url).origin })).toBe(101);
    expect(await handshakeStatus(server.wsUrl, { origin: 'http://localhost:5173' })).toBe(403);
    expect(await handshakeStatus(server.wsUrl, { origin: 'https://news.example.evil.example' })).toBe(403);
    const reader = await connect(server.wsUrl, { origin: 'https://news.example' });
    expect((await reader.ask('Xinhua')).at(-1)).toMatchObject({ type: 'done' });
    reader.close();
    await server.close();
  });

  it('answers 404 to an upgrade on another path', async () => {
    const server = await startTestServer();
    expect(await handshakeStatus(server.wsUrl.replace(/\/ws$/, '/wss'))).toBe(404);
    expect(await handshakeStatus(`${server.wsUrl}?token=1`)).toBe(101);
    await server.close();
  });
});
