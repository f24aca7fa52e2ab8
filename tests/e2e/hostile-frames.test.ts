import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/protocol.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { WsErrorMessage, wsDefaults } from '../../src/server/ws.ts';
import { encodeFrame, Opcode, type RawClient, rawConnect } from '../helpers/raw-ws.ts';
import { startTestServer } from '../helpers/server.ts';

// Frames a browser would never send, written on a plain TCP socket after a hand-made handshake.

let server: RunningServer;
const maxPayloadBytes = 16 * 1024;

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_QUESTIONS: '0', MAX_PAYLOAD_BYTES: String(maxPayloadBytes) });
});

afterAll(async () => {
  await server.close();
});

let counter = 0;
/** Asks a good question on `client` and checks it is answered. */
async function expectAnswered(client: RawClient): Promise<void> {
  counter += 1;
  const id = `good${counter}`;
  client.send(encodeFrame(Opcode.text, JSON.stringify({ type: 'ask', id, question: 'Wer ist Alvaro Lopez Miera?', limit: 1 })));
  expect(await client.next((m) => m.id === id && m.type === 'done')).toEqual({ type: 'done', id, count: 1 });
}

/** After a connection was closed for a bad frame, a new one is answered. */
async function expectServerStillAnswering(): Promise<void> {
  const fresh = await rawConnect(server.wsUrl);
  await expectAnswered(fresh);
  fresh.socket.end();
}

describe('hostile frames', () => {
  it('closes with 1009 on a 1 MiB frame', async () => {
    const client = await rawConnect(server.wsUrl);
    client.send(encodeFrame(Opcode.text, JSON.stringify({ type: 'ask', id: 'big', question: 'x'.repeat(1 << 20) })));
    expect(await client.closed()).toBe(1009);
    await expectServerStillAnswering();
  });

  it('answers a frame of exactly MAX_PAYLOAD_BYTES and closes with 1009 one byte beyond', async () => {
    const client = await rawConnect(server.wsUrl);
    const frame = (size: number, id: string): string => {
      const base = JSON.stringify({ type: 'ask', id, question: 'Wer ist Alvaro Lopez Miera?', limit: 1, pad: '' });
      return base.replace('"pad":""', `"pad":"${'p'.repeat(size - base.length)}"`);
    };
    expect(Buffer.byteLength(frame(maxPayloadBytes, 'edge'))).toBe(maxPayloadBytes);
    client.send(encodeFrame(Opcode.text, frame(maxPayloadBytes, 'edge')));
    expect(await client.next((m) => m.id === 'edge' && m.type === 'done')).toMatchObject({ count: 1 });
    client.send(encodeFrame(Opcode.text, frame(maxPayloadBytes + 1, 'over')));
    expect(await client.closed()).toBe(1009);
    expect(client.messages.some((m) => m.id === 'over')).toBe(false);
  });

  it('refuses a binary frame with bad_request and keeps the connection open', async () => {
    const client = await rawConnect(server.wsUrl);
    client.send(encodeFrame(Opcode.binary, Buffer.from(JSON.stringify({ type: 'ask', id: 'b1', question: 'Xinhua' }))));
    expect(await client.next((m) => m.type === 'error')).toEqual({ type: 'error', id: null, code: ErrorCode.badRequest, message: WsErrorMessage.binary });
    await expectAnswered(client);
    client.socket.end();
  });

  it('reassembles a fragmented message, with a ping between the fragments', async () => {
    const client = await rawConnect(server.wsUrl);
    const text = JSON.stringify({ type: 'ask', id: 'frag', question: 'Wer ist Alvaro Lopez Miera?', limit: 1 });
    client.send(
      Buffer.concat([
        encodeFrame(Opcode.text, text.slice(0, 10), false),
        encodeFrame(Opcode.continuation, text.slice(10, 30), false),
        encodeFrame(Opcode.ping, 'between'),
        encodeFrame(Opcode.continuation, text.slice(30), true),
      ]),
    );
    expect(await client.next((m) => m.id === 'frag' && m.type === 'done')).toEqual({ type: 'done', id: 'frag', count: 1 });
    await expectAnswered(client);
    client.socket.end();
  });

  it(`closes with 1008 on a message in more than ${wsDefaults.maxFragments} fragments`, async () => {
    const client = await rawConnect(server.wsUrl);
    const fragments = Array.from({ length: wsDefaults.maxFragments + 1 }, (_, i) => encodeFrame(i === 0 ? Opcode.text : Opcode.continuation, ' ', false));
    client.send(Buffer.concat(fragments));
    expect(await client.closed()).toBe(1008);
    await expectServerStillAnswering();
  });

  it('closes with 1007 on invalid UTF-8, whole or split across fragments', async () => {
    const invalid = [
      Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), // truncated two-byte sequence
      Buffer.from([0xc0, 0xaf]), // overlong "/"
      Buffer.from([0xed, 0xa0, 0x80]), // a UTF-16 surrogate encoded as UTF-8 (CESU-8)
      Buffer.from([0xf4, 0x90, 0x80, 0x80]), // beyond U+10FFFF
      Buffer.from([0xff]),
    ];
    for (const bytes of invalid) {
      const client = await rawConnect(server.wsUrl);
      client.send(encodeFrame(Opcode.text, bytes));
      expect(await client.closed()).toBe(1007);
    }
    const split = await rawConnect(server.wsUrl);
    split.send(Buffer.concat([encodeFrame(Opcode.text, Buffer.from([0x22, 0xe2, 0x82]), false), encodeFrame(Opcode.continuation, Buffer.from([0x22]), true)]));
    expect(await split.closed()).toBe(1007);
    await expectServerStillAnswering();
  });

  it('closes with 1002 on broken framing', async () => {
    const unmasked = Buffer.from([0x81, 0x02, 0x7b, 0x7d]);
    const cases = [
      encodeFrame(Opcode.continuation, 'orphan'), // a continuation with nothing to continue
      encodeFrame(0x3, 'reserved opcode'),
      encodeFrame(Opcode.ping, 'p'.repeat(126)), // control frames carry at most 125 bytes
      unmasked,
    ];
    for (const frame of cases) {
      const client = await rawConnect(server.wsUrl);
      client.send(frame);
      expect(await client.closed()).toBe(1002);
    }
    await expectServerStillAnswering();
  });
});
