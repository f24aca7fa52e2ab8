import { describe, expect, it } from 'vitest';
import { connectReconnecting } from '../../src/cli/reconnect.ts';
import { startTestServer } from '../helpers/server.ts';

// The CLI's connection (src/cli/reconnect.ts) when its server goes away: behind a load balancer a
// replica's stop (1001) is followed by another replica answering on the same address.

describe('faq-chat when its server goes away', () => {
  it('reconnects after a 1001 and asks the next question on the new connection, telling the reader', async () => {
    const first = await startTestServer();
    const port = new URL(first.url).port;
    const reasons: string[] = [];
    const client = await connectReconnecting(first.wsUrl, (reason) => reasons.push(reason));
    let second: Awaited<ReturnType<typeof startTestServer>> | undefined;
    try {
      expect(await client.ask({ question: 'Wer ist Dong Jun?' })).toMatchObject({ type: 'done' });
      await first.close();
      // Another server on the same address: what a load balancer offers once a replica has gone.
      second = await startTestServer({ PORT: port });
      expect(await client.ask({ question: 'Wer ist Dong Jun?' })).toMatchObject({ type: 'done' });
      expect(reasons).toHaveLength(1);
      expect(reasons[0]).toMatch(/closed/);
    } finally {
      client.close();
      await second?.close();
    }
  });

  it('gives up with the closed error when nothing answers any more', async () => {
    const only = await startTestServer();
    const client = await connectReconnecting(only.wsUrl);
    await only.close();
    const last = await client.ask({ question: 'Wer ist Dong Jun?' });
    expect(last).toMatchObject({ type: 'error', code: 'closed' });
  });
});
