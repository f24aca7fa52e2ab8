import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { frameText, type OutFrame } from '../respond.ts';

/**
 * Sends answers' frames. Frames queued during one turn of the event loop are written together at its
 * end (setImmediate), or once {@link frameWriterDefaults.maxQueuedAnswers} wait: under load a turn
 * reads many sockets, and their answers are computed back to back, then written back to back, instead
 * of a write syscall between every two questions. Each answer's frames go out as one buffer in one write.
 */
export interface FrameWriter {
  /** Queues frames for the connection, after any queued before; written at the end of this turn. */
  send(ws: WebSocket, frames: readonly OutFrame[]): void;
  /** Writes everything queued now: before anything ws itself sends (a close frame) or a shutdown. */
  flush(): void;
}

export const frameWriterDefaults = Object.freeze({
  /** Answers held for the end of the turn at most (~1.5 ms of answering); more are written at once. */
  maxQueuedAnswers: 32,
});

/**
 * Creates a frame writer; `afterWrite` runs for each connection written to (the slow-reader bound),
 * `onError` for a write that threw (the others are still written).
 */
export function createFrameWriter(afterWrite: (ws: WebSocket) => void, onError: (error: unknown) => void): FrameWriter {
  // Connections and their frames, in the order they were queued.
  let queued: (WebSocket | readonly OutFrame[])[] = [];
  const flush = (): void => {
    if (queued.length === 0) return;
    const list = queued;
    queued = [];
    for (let i = 0; i < list.length; i += 2) {
      const ws = list[i] as WebSocket;
      const frames = list[i + 1] as readonly OutFrame[];
      try {
        const socket = directSocket(ws);
        if (socket !== undefined) socket.write(encodeTextFrames(frames));
        else if (ws.readyState === 1) for (const frame of frames) ws.send(frameText(frame));
        // A connection closing since: the reader left or is being closed; its frames are dropped, as ws.send would.
        else continue;
        afterWrite(ws);
      } catch (error) {
        onError(error);
      }
    }
  };
  return {
    send(ws, frames) {
      if (queued.length === 0) setImmediate(flush);
      queued.push(ws, frames);
      // A turn that reads very many sockets does not hold the first answers back for all the others.
      if (queued.length >= frameWriterDefaults.maxQueuedAnswers * 2) flush();
    },
    flush,
  };
}

/**
 * Unmasked, unfragmented text frames (RFC 6455 section 5.2) for the given frames, one after the other
 * in one buffer: what `ws.send` would write for each, without a header buffer, a queue entry and a
 * write per frame. An answer frame's body is copied as the bytes encoded once; only its head is encoded.
 */
export function encodeTextFrames(frames: readonly OutFrame[]): Buffer {
  const lengths = new Array<number>(frames.length);
  let total = 0;
  for (let i = 0; i < frames.length; i += 1) {
    const frame = frames[i] as OutFrame;
    const length = typeof frame === 'string' ? Buffer.byteLength(frame, 'utf8') : Buffer.byteLength(frame.head, 'utf8') + frame.body.bytes.length + 1;
    lengths[i] = length;
    total += length + headerBytes(length);
  }
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (let i = 0; i < frames.length; i += 1) {
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
    const frame = frames[i] as OutFrame;
    if (typeof frame === 'string') at += out.write(frame, at, length, 'utf8');
    else {
      at += out.write(frame.head, at, 'utf8');
      at += frame.body.bytes.copy(out, at);
      out[at] = closingBrace;
      at += 1;
    }
  }
  return out;
}

const closingBrace = 0x7d;

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
