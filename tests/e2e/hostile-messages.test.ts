import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ErrorCode, ParseErrorMessage } from '../../src/protocol.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../helpers/server.ts';
import { connect, type Frame, type TestClient } from '../helpers/ws-client.ts';

// Hostile message contents on one connection: each is refused with its exact code, the connection
// stays open, and the next good question is answered on it.

let server: RunningServer;
let client: TestClient;

beforeAll(async () => {
  // Many messages on one connection is what this suite does; the rate limit has its own test.
  server = await startTestServer({ RATE_LIMIT_QUESTIONS: '0' });
  client = await connect(server.wsUrl);
});

afterAll(async () => {
  client.close();
  await server.close();
});

/** Sends one raw text frame and resolves with the first frame about it (an error, or the frames up to done). */
async function send(raw: string): Promise<Frame> {
  const before = client.frames.length;
  client.ws.send(raw);
  return client.next((f) => client.frames.indexOf(f) >= before && (f.type === 'error' || f.type === 'done'));
}

/** The following good question is answered on the same connection. */
async function expectStillAnswering(): Promise<void> {
  expect(client.ws.readyState).toBe(WebSocket.OPEN);
  const frames = await client.ask('Wer ist Alvaro Lopez Miera?', { limit: 1 });
  expect(frames.at(-1)).toMatchObject({ type: 'done', count: 1 });
  expect((frames[0]!.citation as { quote: string }).quote).toContain('Álvaro López Miera');
}

const ask = (fields: Record<string, unknown>): string => JSON.stringify({ type: 'ask', ...fields });

describe('hostile messages', () => {
  it('answers malformed JSON with bad_json and id null', async () => {
    for (const raw of ['{not json', '', ' ', '{"type":"ask"', 'undefined', "{'type':'ask'}", '\u0000', '{"a":1}}']) {
      expect(await send(raw)).toEqual({ type: 'error', id: null, code: ErrorCode.badJson, message: ParseErrorMessage.badJson });
    }
    await expectStillAnswering();
  });

  it('answers JSON that is not an object with bad_request', async () => {
    for (const raw of ['[1,2]', '[]', '42', '"ask"', 'null', 'true', '[{"type":"ask","id":"a","question":"Xinhua"}]']) {
      expect(await send(raw)).toEqual({ type: 'error', id: null, code: ErrorCode.badRequest, message: ParseErrorMessage.notObject });
    }
    await expectStillAnswering();
  });

  it('answers fields of the wrong type or out of range with bad_request, naming the id when it is readable', async () => {
    const cases: [string, string | null][] = [
      [ask({ id: 7, question: 'Xinhua' }), null],
      [ask({ id: '', question: 'Xinhua' }), ''],
      [ask({ id: 'x'.repeat(129), question: 'Xinhua' }), null],
      [ask({ id: ['w1'], question: 'Xinhua' }), null],
      [ask({ id: 'w2', question: 42 }), 'w2'],
      [ask({ id: 'w3', question: null }), 'w3'],
      [ask({ id: 'w4', question: ['Xinhua'] }), 'w4'],
      [ask({ id: 'w5', question: { text: 'Xinhua' } }), 'w5'],
      [ask({ id: 'w6', question: 'Xinhua', article: 5 }), 'w6'],
      [ask({ id: 'w7', question: 'Xinhua', article: '' }), 'w7'],
      [ask({ id: 'w8', question: 'Xinhua', limit: '3' }), 'w8'],
      [ask({ id: 'w9', question: 'Xinhua', limit: 2.5 }), 'w9'],
      [ask({ id: 'w10', question: 'Xinhua', limit: 0 }), 'w10'],
      [ask({ id: 'w11', question: 'Xinhua', limit: -1 }), 'w11'],
      [ask({ id: 'w12', question: 'Xinhua', limit: true }), 'w12'],
    ];
    for (const [raw, id] of cases) {
      const frame = await send(raw);
      expect(frame).toMatchObject({ type: 'error', id, code: ErrorCode.badRequest });
      expect(frame.message).toMatch(/^Invalid "/);
    }
    await expectStillAnswering();
  });

  it('answers an unknown or missing type with bad_request', async () => {
    for (const type of ['hello', 'ASK', 'ask ', 1, null, undefined]) {
      const frame = await send(JSON.stringify({ type, id: 'u1', question: 'Xinhua' }));
      expect(frame).toEqual({ type: 'error', id: 'u1', code: ErrorCode.badRequest, message: ParseErrorMessage.unknownType });
    }
    await expectStillAnswering();
  });

  it('answers an ask without id with bad_request and id null', async () => {
    expect(await send(ask({ question: 'Xinhua' }))).toMatchObject({ type: 'error', id: null, code: ErrorCode.badRequest });
    await expectStillAnswering();
  });

  it('gives __proto__ and constructor keys no effect, on the message or on the server', async () => {
    // JSON.parse makes "__proto__" an own key; it must neither set the limit nor reach Object.prototype.
    const polluting = '{"type":"ask","id":"p1","question":"Kuba China Militär","__proto__":{"limit":1,"polluted":true}}';
    const frame = await send(polluting);
    // The default limit (3) applies, not the inherited-looking 1.
    expect(frame).toEqual({ type: 'done', id: 'p1', count: 3 });
    const inherited = await send('{"__proto__":{"type":"ask","id":"p2","question":"Xinhua"}}');
    expect(inherited).toEqual({ type: 'error', id: null, code: ErrorCode.badRequest, message: ParseErrorMessage.unknownType });
    const viaConstructor = await send('{"type":"ask","id":"p3","question":"Xinhua","constructor":{"prototype":{"polluted":true}}}');
    expect(viaConstructor).toMatchObject({ type: 'done', id: 'p3' });
    expect(await send('{"type":"ask","id":"p4","question":{"__proto__":"Xinhua"}}')).toMatchObject({ type: 'error', id: 'p4', code: ErrorCode.badRequest });
    // The server runs in this process: its prototypes are ours.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('limit');
    await expectStillAnswering();
  });

  it('refuses a 10,000-character question before matching, and a 501-character one with question_too_long', async () => {
    // Beyond the protocol's cheap bound (8192) it is refused before any schema work, with the same code.
    const huge = await send(ask({ id: 'l1', question: 'Xinhua '.repeat(1429).slice(0, 10_000) }));
    expect(huge).toMatchObject({ type: 'error', id: 'l1', code: ErrorCode.questionTooLong, message: ParseErrorMessage.questionTooLong });
    const long = await send(ask({ id: 'l2', question: 'a'.repeat(501) }));
    expect(long).toMatchObject({ type: 'error', id: 'l2', code: ErrorCode.questionTooLong });
    await expectStillAnswering();
  });

  it('answers empty, whitespace-only and control-only questions with empty_question', async () => {
    for (const question of ['', '   ', '\t\n\r', '\u00a0\u2003\u3000', '\u0000\u0007\u001b\u007f\u0085']) {
      expect(await send(ask({ id: 'e1', question }))).toMatchObject({ type: 'error', id: 'e1', code: ErrorCode.emptyQuestion });
    }
    await expectStillAnswering();
  });

  it('strips lone surrogates and control characters and still answers', async () => {
    const reference = await client.ask('Wer ist Alvaro Lopez Miera?', { id: 's0', limit: 1 });
    const unit = (reference[0]!.citation as { unit: string }).unit;
    for (const question of ['\ud800Wer ist \u0007Alvaro\u001b Lopez\u0085 Miera?\udfff', 'Wer\u0000ist\u0000Alvaro\u0000Lopez\u0000Miera?\ud83d']) {
      const frame = await send(ask({ id: 's1', question, limit: 1 }));
      expect(frame).toMatchObject({ type: 'done', id: 's1', count: 1 });
      const answer = client.frames.findLast((f) => f.id === 's1' && f.type === 'answer');
      expect((answer!.citation as { unit: string }).unit).toBe(unit);
    }
    // NFC: a decomposed Á (A + U+0301) matches like the composed one.
    const decomposed = await send(ask({ id: 's2', question: 'Wer ist A\u0301lvaro Lo\u0301pez Miera?', limit: 1 }));
    expect(decomposed).toMatchObject({ type: 'done', id: 's2', count: 1 });
    expect((client.frames.findLast((f) => f.id === 's2' && f.type === 'answer')!.citation as { unit: string }).unit).toBe(unit);
  });

  // How fast is the benchmark's to judge (npm run bench), not a timed test's: here, that each is
  // answered as it should be, and the server goes on answering.
  it('handles deep nesting and huge numbers, and goes on answering', async () => {
    const deep = `{"type":"ask","id":"n1","question":"Xinhua","extra":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    expect(await send(deep)).toMatchObject({ type: 'done', id: 'n1' });
    expect(await send('['.repeat(8000) + ']'.repeat(8000))).toMatchObject({ type: 'error', id: null, code: ErrorCode.badRequest });
    for (const limit of ['1e308', '1e999', '-1e999', '9'.repeat(5000), '1e-400']) {
      expect(await send(`{"type":"ask","id":"n2","question":"Xinhua","limit":${limit}}`)).toMatchObject({
        type: 'error',
        id: 'n2',
        code: ErrorCode.badRequest,
      });
    }
    expect(await send(`{"type":"ask","id":${'9'.repeat(5000)},"question":"Xinhua"}`)).toMatchObject({ type: 'error', id: null, code: ErrorCode.badRequest });
    await expectStillAnswering();
  });

  it('ignores unknown fields', async () => {
    const frame = await send(ask({ id: 'f1', question: 'Xinhua', limit: 1, admin: true, debug: { trace: 1 }, article2: 'x' }));
    expect(frame).toMatchObject({ type: 'done', id: 'f1', count: 1 });
  });
});
