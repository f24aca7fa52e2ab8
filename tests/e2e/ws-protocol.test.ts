import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { citationKinds, ErrorCode, ParseErrorMessage, protocolVersion } from '../../src/protocol.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../helpers/server.ts';
import { connect, type TestClient } from '../helpers/ws-client.ts';

let server: RunningServer;
let client: TestClient;

beforeAll(async () => {
  server = await startTestServer();
  client = await connect(server.wsUrl);
});

afterAll(async () => {
  client.close();
  await server.close();
});

describe('WebSocket protocol v1', () => {
  it('greets with the protocol version and the article with its FAQ questions', () => {
    const welcome = client.frames[0];
    expect(welcome).toMatchObject({ type: 'welcome', protocol: protocolVersion });
    const articles = welcome?.articles as { id: string; language: string; questions: string[] }[];
    expect(articles.map((a) => a.id)).toEqual(['kuba-china-militaer']);
    expect(articles[0]?.language).toBe('de');
    expect(articles[0]?.questions).toHaveLength(4);
    // The only article answers questions that name none.
    expect(welcome?.defaultArticle).toBe('kuba-china-militaer');
  });

  it("cites a photo caption with the kind caption, one of the protocol's citation kinds", async () => {
    const frames = await client.ask('Wer ist Alvaro Lopez Miera?', { id: 'caption' });
    const citations = frames.filter((f) => f.type === 'answer').map((f) => f.citation as { kind: string; unit: string });
    expect(citations[0]).toMatchObject({ kind: 'caption', unit: 'caption-1' });
    for (const { kind } of citations) expect(citationKinds).toContain(kind);
  });

  it('streams answers best first, each with a verbatim citation, then one done', async () => {
    const frames = await client.ask('Gibt es Spionagebasen in Kuba?', { id: 'spy' });
    const answers = frames.filter((f) => f.type === 'answer');
    expect(answers.length).toBeGreaterThan(0);
    expect(frames.at(-1)).toEqual({ type: 'done', id: 'spy', count: answers.length });
    expect(answers.map((a) => a.rank)).toEqual(answers.map((_, i) => i + 1));
    const scores = answers.map((a) => a.score as number);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const answer of answers) {
      const citation = answer.citation as { quote: string; start: number; end: number; unit: string; article: string };
      expect((answer.text as string).slice(citation.start, citation.end)).toBe(citation.quote);
      expect(citation.article).toBe('kuba-china-militaer');
      expect(citation.unit).toMatch(/^(p|faq)-\d+$/);
    }
    expect((answers[0]!.citation as { quote: string }).quote).toContain('Spionagebasen in Kuba');
  });

  it('says plainly when the article has no answer, with suggestions', async () => {
    const frames = await client.ask('Wie backe ich einen Apfelkuchen?', { id: 'weather' });
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ type: 'done', id: 'weather', count: 0 });
    expect((frames[0]!.suggestions as string[]).length).toBeGreaterThan(0);
  });

  it('answers each error with its code and keeps the connection open', async () => {
    const cases: [string, string | null, string][] = [
      ['{not json', null, ErrorCode.badJson],
      ['[1,2]', null, ErrorCode.badRequest],
      [JSON.stringify({ type: 'hello', id: 'x1' }), 'x1', ErrorCode.badRequest],
      [JSON.stringify({ type: 'ask', id: 'x2', question: 42 }), 'x2', ErrorCode.badRequest],
      [JSON.stringify({ type: 'ask', question: 'Wer?' }), null, ErrorCode.badRequest],
      [JSON.stringify({ type: 'ask', id: 'x3', question: 'Wer?', article: 'nope' }), 'x3', ErrorCode.unknownArticle],
      [JSON.stringify({ type: 'ask', id: 'x4', question: 'a'.repeat(600) }), 'x4', ErrorCode.questionTooLong],
      [JSON.stringify({ type: 'ask', id: 'x5', question: '   ' }), 'x5', ErrorCode.emptyQuestion],
      [JSON.stringify({ type: 'ask', id: 'x6', question: 'Wer?', limit: 11 }), 'x6', ErrorCode.badRequest],
    ];
    for (const [raw, id, code] of cases) {
      const before = client.frames.length;
      client.ws.send(raw);
      const frame = await client.next((f) => client.frames.indexOf(f) >= before && f.type === 'error');
      expect(frame).toMatchObject({ type: 'error', id, code });
      expect(typeof frame.message).toBe('string');
    }
    expect(client.frames.find((f) => f.code === ErrorCode.badJson)?.message).toBe(ParseErrorMessage.badJson);
    const after = await client.ask('Xinhua');
    expect(after.at(-1)).toMatchObject({ type: 'done' });
    expect(after[0]?.type).toBe('answer');
  });

  it('keeps two interleaved asks apart by id', async () => {
    client.ws.send(JSON.stringify({ type: 'ask', id: 'a', question: 'Xiangshan-Forum' }));
    client.ws.send(JSON.stringify({ type: 'ask', id: 'b', question: 'He Weidong', limit: 1 }));
    const doneA = await client.next((f) => f.id === 'a' && f.type === 'done');
    const doneB = await client.next((f) => f.id === 'b' && f.type === 'done');
    const a = client.frames.filter((f) => f.id === 'a' && f.type === 'answer');
    const b = client.frames.filter((f) => f.id === 'b' && f.type === 'answer');
    expect(doneA.count).toBe(a.length);
    expect(doneB.count).toBe(1);
    expect(b).toHaveLength(1);
    expect((a[0]!.citation as { quote: string }).quote).toContain('Xiangshan-Forum');
    expect((b[0]!.citation as { quote: string }).quote).toContain('He Weidong');
  });

  it('refuses a binary frame with an error frame and stays open', async () => {
    const before = client.frames.length;
    client.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    const frame = await client.next((f) => client.frames.indexOf(f) >= before && f.type === 'error');
    expect(frame).toMatchObject({ code: ErrorCode.badRequest, id: null });
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('answers a burst of asks on one connection in the order asked, each answer whole', async () => {
    // Its own server: 30 messages at once are over the default rate limit.
    const burstServer = await startTestServer({ RATE_LIMIT_QUESTIONS: '0' });
    const client = await connect(burstServer.wsUrl);
    const before = client.frames.length;
    const ids = Array.from({ length: 30 }, (_, i) => `burst-${i}`);
    const questions = ['Wer ist Alvaro Lopez Miera?', 'Wie backe ich einen Apfelkuchen?', 'Xinhua'];
    // Sent at once: the server reads several in one turn and writes their frames together after it.
    for (const [i, id] of ids.entries()) client.ws.send(JSON.stringify({ type: 'ask', id, question: questions[i % questions.length], limit: 2 }));
    await client.next((f) => f.id === ids.at(-1) && f.type === 'done');
    const frames = client.frames.slice(before);
    // Each ask's answers, then its done, before the next ask's first frame.
    let expected = 0;
    for (const frame of frames) {
      expect(frame.id).toBe(ids[expected]);
      if (frame.type === 'done') expected += 1;
    }
    expect(expected).toBe(ids.length);
    client.close();
    await burstServer.close();
  });
});
