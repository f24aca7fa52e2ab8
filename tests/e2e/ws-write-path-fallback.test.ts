import { describe, expect, it, vi } from 'vitest';
import { createLogSink } from '../helpers/log-sink.ts';
import { startTestServer } from '../helpers/server.ts';
import { connect } from '../helpers/ws-client.ts';

// With a ws whose sender nobody checked, the endpoint says so at start and sends with ws.send.
vi.mock('../../src/server/frames.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/server/frames.ts')>()),
  directWritesUnavailable: () => 'ws 9.0.0 is not the major version checked (a test)',
}));

describe('without the fast path', () => {
  it('logs why at start and still answers, through ws.send', async () => {
    const sink = createLogSink('info');
    const server = await startTestServer({ LOG_LEVEL: 'info' }, { logger: sink.logger });
    try {
      const warning = await sink.next((l) => l.msg.startsWith('answers are not framed by the endpoint'));
      expect(warning.msg).toContain('ws 9.0.0 is not the major version checked (a test)');
      const client = await connect(server.wsUrl);
      const frames = await client.ask('Wer ist Alvaro Lopez Miera?');
      expect(frames.at(-1)?.type).toBe('done');
      expect(frames.filter((f) => f.type === 'answer').length).toBeGreaterThan(0);
      client.close();
    } finally {
      await server.close();
    }
  });
});
