import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

/**
 * Unmasked, unfragmented text frames (RFC 6455 section 5.2) for the given texts, one after the other
 * in one buffer: what `ws.send` would write for each, without a header buffer, a queue entry and a
 * write per frame.
 */
export function encodeTextFrames(texts: readonly string[]): Buffer {
  const lengths = new Array<number>(texts.length);
  let total = 0;
  for (let i = 0; i < texts.length; i += 1) {
    const length = Buffer.byteLength(texts[i] as string, 'utf8');
    lengths[i] = length;
    total += length + headerBytes(length);
  }
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (let i = 0; i < texts.length; i += 1) {
    const length = lengths[i] as number;
    // FIN and opcode 1 (text); no RSV bits (no compression), no mask (server to client).
    out[at] = 0x81;
    if (length < 126) {
      out[at + 1] = length;
      at += 2;
    } else if (length < 65536) {
      out[at + 1] = 126;
      out.writeUInt16BE(length, at + 2);
      at += 4;
    } else {
      out[at + 1] = 127;
      out.writeUInt32BE(Math.floor(length / 2 ** 32), at + 2);
      out.writeUInt32BE(length >>> 0, at + 6);
      at += 10;
    }
    at += out.write(texts[i] as string, at, length, 'utf8');
  }
  return out;
}

function headerBytes(length: number): number {
  return length < 126 ? 2 : length < 65536 ? 4 : 10;
}

/** The parts of ws's WebSocket this module reaches into (ws 8): its TCP socket and its sender's queue. */
interface WsInternals {
  readonly _socket?: Duplex;
  readonly _sender?: { readonly _state?: unknown; readonly _queue?: readonly unknown[] };
}

/**
 * The connection's TCP socket when frames may be written to it directly: the connection is open and
 * ws's sender has nothing queued (it queues only while compressing or reading a Blob, neither of which
 * this server does). Undefined otherwise, or if ws's internals are not as expected: then use ws.send.
 */
export function directSocket(ws: WebSocket): Duplex | undefined {
  if (ws.readyState !== 1) return undefined;
  const { _socket: socket, _sender: sender } = ws as unknown as WsInternals;
  if (socket === undefined || sender?._state !== 0 || sender._queue?.length !== 0) return undefined;
  return socket;
}
