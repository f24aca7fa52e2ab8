import type { Server } from 'node:http';
import type { WsEndpoint } from './ws.ts';

/** Exit codes of `npm start` (README "Settings"). */
export const ExitCode = { stopped: 0, failed: 1, badSettings: 2 } as const;

/** How long after SHUTDOWN_GRACE_MS a process gives up on a stop that did not finish (a bug if ever hit). */
export const backstopMs = 1000;

/**
 * Stops the server within `graceMs`: WebSocket clients first (closed with 1001 after what was queued
 * for them) while the listener stays open, so /readyz answers 503 and new upgrades get 503 meanwhile;
 * then the HTTP listener, cutting connections still busy when the grace period is over.
 */
export async function closeGracefully(server: Server, endpoint: WsEndpoint, graceMs: number): Promise<void> {
  const started = Date.now();
  await endpoint.close();
  await new Promise<void>((resolve) => {
    const deadline = setTimeout(
      function cutHttpConnections() {
        server.closeAllConnections();
      },
      Math.max(0, graceMs - (Date.now() - started)),
    );
    deadline.unref();
    server.close(function httpClosed() {
      clearTimeout(deadline);
      resolve();
    });
    server.closeIdleConnections();
  });
}
