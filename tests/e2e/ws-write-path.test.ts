import { describe, expect, it } from 'vitest';
import { directWritesUnavailable } from '../../src/server/frames.ts';
import { startTestServer } from '../helpers/server.ts';
import { connect } from '../helpers/ws-client.ts';

// The endpoint frames answers itself, one write each, onto the socket the upgrade handed it
// (src/server/frames.ts, worth it by bench/README.md). These fail when that fast path is no longer taken.

/** The value of one sample line of a Prometheus text exposition, or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const questions = ['Wer ist Alvaro Lopez Miera?', 'Wie wird das Wetter am Wochenende in Havanna?', 'Kuba China Militär'];

async function askAll(env: Record<string, string>): Promise<{ frames: unknown[]; writes: Record<string, number | undefined> }> {
  const server = await startTestServer({ METRICS_PORT: '0', RATE_LIMIT_QUESTIONS: '0', ...env });
  try {
    const client = await connect(server.wsUrl);
    const frames: unknown[] = [];
    for (const [i, question] of questions.entries()) frames.push(...(await client.ask(question, { id: `ä-${i}`, limit: 10 })));
    client.close();
    const text = await (await fetch(server.metricsUrl as string)).text();
    const writes = {
      direct: sample(text, 'faqchat_frame_writes_total{path="direct"}'),
      wsSend: sample(text, 'faqchat_frame_writes_total{path="ws_send"}'),
    };
    return { frames, writes };
  } finally {
    await server.close();
  }
}

describe('the write path of answers', () => {
  it('is available with the installed ws, and not with a major version nobody checked', () => {
    expect(directWritesUnavailable()).toBeUndefined();
    expect(directWritesUnavailable('9.0.0')).toMatch(/^ws 9\.0\.0 is not the major version checked/);
  });

  it('frames every answer in the endpoint by default, the same frames as one ws.send each (WS_WRITES=ws_send)', async () => {
    const direct = await askAll({});
    const wsSend = await askAll({ WS_WRITES: 'ws_send' });
    expect(direct.writes).toEqual({ direct: questions.length, wsSend: 0 });
    expect(wsSend.writes).toEqual({ direct: 0, wsSend: questions.length });
    expect(direct.frames.length).toBeGreaterThan(questions.length);
    expect(direct.frames).toEqual(wsSend.frames);
  });
});
