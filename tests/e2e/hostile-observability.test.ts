import { assert, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadArticles } from '../../src/corpus/load-articles.ts';
import { createLibrary, type Library } from '../../src/library.ts';
import { createLogSink } from '../helpers/log-sink.ts';
import { faqDir, startTestServer, testLexicon } from '../helpers/server.ts';
import { connect } from '../helpers/ws-client.ts';

// What an operator sees of hostile traffic: metrics on their own port, logs without readers' questions.

/** The value of one sample line of a Prometheus text exposition, or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('metrics', () => {
  it('are off by default: no metrics listener, and /metrics is not on the public port', async () => {
    const server = await startTestServer();
    expect(server.metricsUrl).toBeUndefined();
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    await server.close();
  });

  it('count connections, questions by outcome, errors by code, refusals and answer latency on METRICS_PORT', async () => {
    const server = await startTestServer({ METRICS_PORT: '0', RATE_LIMIT_QUESTIONS: '0' });
    expect(server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(server.metricsUrl!).port).not.toBe(new URL(server.url).port);
    const client = await connect(server.wsUrl);
    await client.ask('Xinhua');
    await client.ask('Wer ist Alvaro Lopez Miera?');
    await client.ask('Wie backe ich einen Apfelkuchen?');
    client.ws.send('{oops');
    client.ws.send(Buffer.from([1]), { binary: true });
    await client.next((f) => f.type === 'error' && f.message !== undefined && client.frames.filter((g) => g.type === 'error').length === 2);
    await new Promise<void>((resolve) => {
      const refused = new WebSocket(server.wsUrl, { origin: 'https://evil.example' });
      refused.once('unexpected-response', () => resolve());
    });

    const response = await fetch(server.metricsUrl!);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(sample(text, 'faqchat_connections')).toBe(1);
    expect(sample(text, 'faqchat_connections_opened_total')).toBe(1);
    expect(sample(text, 'faqchat_messages_total')).toBe(5);
    expect(sample(text, 'faqchat_questions_total{outcome="answered"}')).toBe(2);
    expect(sample(text, 'faqchat_questions_total{outcome="abstained"}')).toBe(1);
    expect(sample(text, 'faqchat_errors_total{code="bad_json"}')).toBe(1);
    expect(sample(text, 'faqchat_errors_total{code="bad_request"}')).toBe(1);
    expect(sample(text, 'faqchat_errors_total{code="internal"}')).toBe(0);
    expect(sample(text, 'faqchat_handshakes_refused_total{reason="origin"}')).toBe(1);
    expect(sample(text, 'faqchat_answer_duration_seconds_count')).toBe(3);
    expect(sample(text, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    client.close();
    await server.close();
  });
});

describe('logs', () => {
  const secret = 'Geheimnisvolle Leserfrage 4711 zu Xinhua';

  it("never contain a reader's question at info level, also not on refusals and faults", async () => {
    const sink = createLogSink('info');
    const real = createLibrary(loadArticles(faqDir), testLexicon());
    const faulty: Library = { ...real, get: (id) => (id === 'explode' ? assert.fail('index corrupted') : real.get(id)) };
    const server = await startTestServer({ RATE_LIMIT_QUESTIONS: '2' }, { library: faulty, logger: sink.logger });
    const client = await connect(server.wsUrl);
    await client.ask(secret);
    await client.ask(secret, { article: 'explode' });
    client.ws.send(JSON.stringify({ type: 'ask', id: 'r', question: secret }));
    await client.next((f) => f.id === 'r');
    client.close();
    await client.closed();
    await server.close();
    // The fault was logged, with its stack, and still without the question.
    expect(sink.lines.some((l) => l.level === 50)).toBe(true);
    expect(JSON.stringify(sink.lines)).not.toContain('4711');
  });

  it('contain questions at debug level, for an operator who turns it on', async () => {
    const sink = createLogSink('debug');
    const server = await startTestServer({}, { logger: sink.logger });
    const client = await connect(server.wsUrl);
    await client.ask(secret);
    const line = await sink.next((l) => l.msg === 'question answered');
    expect(line).toMatchObject({ level: 20, question: secret });
    client.close();
    await server.close();
  });
});
