import { createRequire } from 'node:module';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { frameText, type OutFrame } from '../respond.ts';

/** One open connection as the writer sees it: ws's object and the TCP socket the HTTP upgrade handed us. */
export interface FrameConnection {
  readonly ws: WebSocket;
  readonly socket: Duplex;
  /** No extension was negotiated (none is offered: perMessageDeflate is off); one would change the frames' bytes. */
  readonly plain: boolean;
}

/** The writer's view of a connection just opened (its extensions are settled by the handshake). */
export function frameConnection(ws: WebSocket, socket: Duplex): FrameConnection {
  return { ws, socket, plain: ws.extensions === '' };
}

/** How an answer's frames reach the socket (counted in the metrics; bench/README.md measures both). */
export const WritePath = {
  /** Framed here as one buffer, one `socket.write` per answer. */
  direct: 'direct',
  /** One `ws.send` per frame, the socket corked until the end of the turn (ws's public API only). */
  wsSend: 'ws_send',
} as const;

/** One of {@link WritePath}'s values. */
export type WritePath = (typeof WritePath)[keyof typeof WritePath];

/**
 * Sends answers' frames. Frames queued during one turn of the event loop are written together at its
 * end (setImmediate), or once {@link frameWriterDefaults.maxQueuedAnswers} wait: under load a turn
 * reads many sockets, and their answers are computed back to back, then written back to back, instead
 * of a write syscall between every two questions.
 */
export interface FrameWriter {
  /** The path answers take on connections that allow it ({@link directWritesUnavailable} says why not). */
  readonly path: WritePath;
  /** Queues frames for the connection, after any queued before; written at the end of this turn. */
  send(connection: FrameConnection, frames: readonly OutFrame[]): void;
  /** Writes everything queued now: before anything ws itself sends (a close frame) or a shutdown. */
  flush(): void;
}

export const frameWriterDefaults = Object.freeze({
  /** Answers held for the end of the turn at most (~1.5 ms of answering); more are written at once. */
  maxQueuedAnswers: 32,
  /**
   * The ws major version whose sender was checked to write each frame to the socket at once, in
   * order, when nothing is compressed (lib/sender.js: it queues only while deflating or reading a
   * Blob, and this server does neither): our own frames then interleave with ws's pings and close
   * frames as whole frames, in the order they were sent.
   */
  verifiedWsMajor: 8,
});

/** Why answers cannot be framed here, or undefined when they can (the endpoint logs it at start). */
export function directWritesUnavailable(wsVersion: string = installedWsVersion()): string | undefined {
  const major = Number.parseInt(wsVersion, 10);
  if (major === frameWriterDefaults.verifiedWsMajor) return undefined;
  return `ws ${wsVersion} is not the major version checked to write frames in order (${frameWriterDefaults.verifiedWsMajor}); answers are sent with ws.send, one write per frame`;
}

function installedWsVersion(): string {
  return (createRequire(import.meta.url)('ws/package.json') as { version: string }).version;
}

/**
 * Creates a frame writer; `afterWrite` runs for each connection written to (the slow-reader bound),
 * `onError` for a write that threw (the others are still written), `onWritten` for each answer
 * written (the path it took, for the metrics). `path` is normally chosen by {@link directWritesUnavailable}.
 */
export function createFrameWriter(options: {
  afterWrite(ws: WebSocket): void;
  onError(error: unknown): void;
  onWritten?(path: WritePath): void;
  path?: WritePath;
}): FrameWriter {
  const { afterWrite, onError, onWritten } = options;
  const path = options.path ?? (directWritesUnavailable() === undefined ? WritePath.direct : WritePath.wsSend);
  // Connections and their frames, in the order they were queued.
  let queued: (FrameConnection | readonly OutFrame[])[] = [];
  const flush = (): void => {
    if (queued.length === 0) return;
    const list = queued;
    queued = [];
    const corked: Duplex[] = [];
    for (let i = 0; i < list.length; i += 2) {
      const { ws, socket, plain } = list[i] as FrameConnection;
      const frames = list[i + 1] as readonly OutFrame[];
      // A connection closing since: the reader left or is being closed; its frames are dropped, as ws.send would.
      if (ws.readyState !== 1) continue;
      try {
        if (path === WritePath.direct && plain) {
          socket.write(encodeTextFrames(frames));
          onWritten?.(WritePath.direct);
        } else {
          // ws's sender writes each frame to the socket at once; corked, a turn's frames leave in one write.
          if (!socket.writableCorked) {
            socket.cork();
            corked.push(socket);
          }
          for (const frame of frames) ws.send(frameText(frame));
          onWritten?.(WritePath.wsSend);
        }
        afterWrite(ws);
      } catch (error) {
        onError(error);
      }
    }
    for (const socket of corked) socket.uncork();
  };
  return {
    path,
    send(connection, frames) {
      if (queued.length === 0) setImmediate(flush);
      queued.push(connection, frames);
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
