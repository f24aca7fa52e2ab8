import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadArticles } from '../../src/corpus/load-articles.ts';
import { createLibrary, type Library } from '../../src/library.ts';
import { ErrorCode } from '../../src/protocol.ts';
import { internalErrorMessage } from '../../src/respond.ts';
import { CloseCode } from '../../src/server/ws.ts';
import { createLogSink, type LogSink } from '../helpers/log-sink.ts';
import { faqDir, startTestServer, testLexicon } from '../helpers/server.ts';
import { connect } from '../helpers/ws-client.ts';

// Peers that misbehave at the transport level: they stop reading, vanish, or trip a fault of ours.

const heavy = (id: string): string => JSON.stringify({ type: 'ask', id, question: 'Kuba China Militär', limit: 10 });

/** Resolves when the server has logged `count` closed connections in all. */
function connectionsClosed(sink: LogSink, count: number): Promise<unknown> {
  const closed = (): number => sink.lines.filter((l) => l.msg === 'connection closed').length;
  return sink.next((l) => l.msg === 'connection closed' && closed() >= count, 10_000);
}

describe('slow readers', () => {
  const maxBufferedBytes = 64 * 1024;

  it('closes a client that stops reading with 1008 once its unread output passes MAX_BUFFERED_BYTES', async () => {
    const sink = createLogSink();
    const server = await startTestServer({ MAX_BUFFERED_BYTES: String(maxBufferedBytes), RATE_LIMIT_QUESTIONS: '0' }, { logger: sink.logger });
    const client = await connect(server.wsUrl);
    client.ws.pause();
    // ~9 KB of answers each: far more than loopback socket buffers (a few MB) plus the bound.
    const asks = 3000;
    for (let i = 0; i < asks; i++) client.ws.send(heavy(`s${i}`));
    const drop = await sink.next((l) => l.msg === 'closing a client too slow to read', 20_000);
    // Flat memory: the server stopped queueing right after the bound, one answer's frames beyond it at most.
    expect(drop.buffered).toBeGreaterThan(maxBufferedBytes);
    expect(drop.buffered).toBeLessThan(maxBufferedBytes + 16 * 1024);
    client.ws.resume();
    expect(await client.closed()).toBe(CloseCode.policyViolation);
    const done = client.frames.filter((f) => f.type === 'done').length;
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(asks);
    const fresh = await connect(server.wsUrl);
    expect((await fresh.ask('Xinhua')).at(-1)).toMatchObject({ type: 'done' });
    fresh.close();
    await server.close();
  });

  it('terminates a slow reader that never reads again within a heartbeat interval of the close', async () => {
    const sink = createLogSink();
    const heartbeatMs = 300;
    const server = await startTestServer(
      { MAX_BUFFERED_BYTES: String(maxBufferedBytes), RATE_LIMIT_QUESTIONS: '0', HEARTBEAT_MS: String(heartbeatMs) },
      { logger: sink.logger },
    );
    const client = await connect(server.wsUrl);
    client.ws.pause();
    for (let i = 0; i < 3000; i++) client.ws.send(heavy(`t${i}`));
    await sink.next((l) => l.msg === 'closing a client too slow to read', 20_000);
    // No closing handshake is possible with a peer that does not read: the socket is cut (1006),
    // after closeTimeout (one heartbeat interval), or by the heartbeat within two. Waited for as an
    // event; a server that never cut it would fail by the wait's bound, far beyond both.
    const closed = await connectionsClosed(sink, 1);
    expect(closed).toMatchObject({ code: 1006 });
    client.ws.terminate();
    await server.close();
  });
});

describe('vanishing peers', () => {
  it('terminates a peer that stops answering pings within two heartbeat intervals, and keeps live ones', async () => {
    const heartbeatMs = 200;
    const server = await startTestServer({ HEARTBEAT_MS: String(heartbeatMs) });
    const live = await connect(server.wsUrl);
    const dead = await connect(server.wsUrl, { autoPong: false });
    expect(await dead.closed()).toBe(1006);
    // Counted in heartbeats, not in milliseconds (timers run late on a loaded machine): pinged once,
    // then cut at the very next beat, when that ping had gone unanswered.
    expect(dead.pings()).toBe(1);
    expect(live.pings()).toBeGreaterThanOrEqual(1);
    expect(live.ws.readyState).toBe(WebSocket.OPEN);
    expect((await live.ask('Xinhua')).at(-1)).toMatchObject({ type: 'done' });
    live.close();
    await server.close();
  });

  for (const rate of ['0', '100000']) {
    it(`survives a client that disconnects in the middle of its answers (RATE_LIMIT_QUESTIONS=${rate})`, async () => {
      const sink = createLogSink();
      const server = await startTestServer({ RATE_LIMIT_QUESTIONS: rate }, { logger: sink.logger });
      const client = await connect(server.wsUrl);
      client.ws.pause();
      for (let i = 0; i < 500; i++) client.ws.send(heavy(`d${i}`));
      // Wait until the server is answering, then vanish without a closing handshake.
      await sink.next((l) => l.msg === 'question answered');
      client.ws.terminate();
      await connectionsClosed(sink, 1);
      expect(sink.lines.filter((l) => l.level >= 50)).toEqual([]);
      const fresh = await connect(server.wsUrl);
      expect((await fresh.ask('Xinhua')).at(-1)).toMatchObject({ type: 'done' });
      fresh.close();
      await server.close();
    });
  }
});

describe('faults while answering', () => {
  it('answers an exception with an internal error frame carrying a reference; the stack goes to the log only', async () => {
    const real = createLibrary(loadArticles(faqDir), testLexicon());
    const faulty: Library = {
      ...real,
      get(id) {
        if (id === 'explode') throw new Error('boom: index corrupted');
        return real.get(id);
      },
    };
    const sink = createLogSink('info');
    const server = await startTestServer({ RATE_LIMIT_QUESTIONS: '0' }, { library: faulty, logger: sink.logger });
    const client = await connect(server.wsUrl);
    const frames = await client.ask('Xinhua', { id: 'x1', article: 'explode' });
    expect(frames).toHaveLength(1);
    const frame = frames[0]!;
    expect(frame).toMatchObject({ type: 'error', id: 'x1', code: ErrorCode.internal });
    const reference = String(frame.message).slice(internalErrorMessage.length + 1);
    expect(frame.message).toBe(`${internalErrorMessage} ${reference}`);
    expect(reference).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(JSON.stringify(frame)).not.toContain('boom');
    const logged = await sink.next((l) => l.reference === reference);
    expect(logged.level).toBe(50);
    expect((logged.err as { stack: string }).stack).toContain('boom: index corrupted');
    // The service goes on, on the same connection.
    expect((await client.ask('Xinhua', { id: 'x2' })).at(-1)).toMatchObject({ type: 'done', id: 'x2' });
    client.close();
    await server.close();
  });
});
