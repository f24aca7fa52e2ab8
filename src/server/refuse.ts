import type { Duplex } from 'node:stream';

/** Why a WebSocket handshake was refused, as counted in the metrics. */
export const RefusalReason = {
  path: 'path',
  origin: 'origin',
  perAddress: 'per_address',
  closing: 'closing',
} as const;

/** One of {@link RefusalReason}'s values. */
export type RefusalReason = (typeof RefusalReason)[keyof typeof RefusalReason];

/** The HTTP answer to each refused handshake: the client sees it before any WebSocket exists. */
export const refusalResponse: Readonly<Record<RefusalReason, { readonly status: number; readonly text: string; readonly headers?: string }>> = Object.freeze({
  [RefusalReason.path]: { status: 404, text: 'Not Found' },
  // Cross-site WebSocket hijacking: browsers send the page's Origin, and only ours may connect.
  [RefusalReason.origin]: { status: 403, text: 'Forbidden' },
  [RefusalReason.perAddress]: { status: 429, text: 'Too Many Requests', headers: 'Retry-After: 10\r\n' },
  [RefusalReason.closing]: { status: 503, text: 'Service Unavailable', headers: 'Retry-After: 5\r\n' },
});

function refusedSocketOnError(): void {
  // The peer may reset while we answer; there is nobody left to tell.
}

/** Answers an upgrade request with an HTTP error and closes the socket; never throws. */
export function refuseUpgrade(socket: Duplex, reason: RefusalReason): void {
  const { status, text, headers = '' } = refusalResponse[reason];
  // Node removes its own error listener before 'upgrade'; without one, a reset here would crash the process.
  socket.on('error', refusedSocketOnError);
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\n${headers}Content-Length: ${text.length}\r\n\r\n${text}`);
}
