import { createServer } from 'node:net';

/** A port free on 127.0.0.1 right now: bound on port 0 and released (a server at LOG_LEVEL=warn does not log its port). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
