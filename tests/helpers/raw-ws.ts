import { randomBytes } from 'node:crypto';
import { connect as netConnect, type Socket } from 'node:net';

/** WebSocket opcodes (RFC 6455 section 5.2). */
export const Opcode = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

/** Encodes one client frame (masked, as RFC 6455 requires of clients). */
export function encodeFrame(opcode: number, payload: Buffer | string, fin = true): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const length = data.length;
  const header = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.alloc(header + 4 + length);
  frame[0] = (fin ? 0x80 : 0) | opcode;
  if (length < 126) frame[1] = 0x80 | length;
  else if (length < 65536) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  const mask = randomBytes(4);
  mask.copy(frame, header);
  for (let i = 0; i < length; i++) frame[header + 4 + i] = (data[i] ?? 0) ^ (mask[i & 3] ?? 0);
  return frame;
}

/** A frame the server sent. */
export interface ServerFrame {
  readonly opcode: number;
  readonly payload: Buffer;
}

/** A WebSocket client on a plain TCP socket, for frames a real client library would never send. */
export interface RawClient {
  readonly socket: Socket;
  /** Text frames received, parsed as JSON. */
  readonly messages: Record<string, unknown>[];
  send(frame: Buffer): void;
  /** Resolves with the first received message (past or future) that satisfies `predicate`. */
  next(predicate: (message: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves when the TCP connection is gone: the close code the server sent, or undefined (1006) if it sent none. */
  closed(): Promise<number | undefined>;
}

/** Options of {@link rawConnect}. */
export interface RawOptions {
  readonly headers?: Record<string, string>;
  /** Answer the server's close frame (default true); false plays a peer that never completes the close. */
  readonly replyToClose?: boolean;
}

/** Opens a TCP connection, performs the handshake by hand and waits for the welcome message. */
export async function rawConnect(wsUrl: string, options: RawOptions = {}): Promise<RawClient> {
  const url = new URL(wsUrl);
  const socket = netConnect({ host: url.hostname, port: Number(url.port) });
  socket.on('error', () => {
    // A reset is one of the outcomes tests provoke; closed() reports it.
  });
  const messages: Record<string, unknown>[] = [];
  const waiters: { predicate: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] = [];
  let closeCode: number | undefined;
  let buffered = Buffer.alloc(0);
  let upgraded = false;
  let gone = false;
  const closeWaiters: ((code: number | undefined) => void)[] = [];

  function deliver(frame: ServerFrame): void {
    if (frame.opcode === Opcode.close) {
      closeCode = frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : 1005;
      if (options.replyToClose !== false && !socket.destroyed) socket.end(encodeFrame(Opcode.close, frame.payload.subarray(0, 2)));
      return;
    }
    if (frame.opcode !== Opcode.text) return;
    const message = JSON.parse(frame.payload.toString('utf8')) as Record<string, unknown>;
    messages.push(message);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(message)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  }

  function parseFrames(): void {
    for (;;) {
      if (buffered.length < 2) return;
      const opcode = (buffered[0] ?? 0) & 0x0f;
      let length = (buffered[1] ?? 0) & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buffered.length < 4) return;
        length = buffered.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (buffered.length < 10) return;
        length = Number(buffered.readBigUInt64BE(2));
        offset = 10;
      }
      if (buffered.length < offset + length) return;
      const payload = buffered.subarray(offset, offset + length);
      buffered = buffered.subarray(offset + length);
      deliver({ opcode, payload });
    }
  }

  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => {
      const headers = Object.entries({ Host: url.host, ...options.headers })
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      socket.write(
        `GET ${url.pathname} HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n${headers}\r\n`,
      );
    });
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (!upgraded) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end === -1) return;
        const head = buffered.subarray(0, end).toString('latin1');
        if (!head.startsWith('HTTP/1.1 101')) {
          reject(new Error(`handshake refused: ${head.split('\r\n')[0] ?? ''}`));
          return;
        }
        upgraded = true;
        buffered = buffered.subarray(end + 4);
        resolve();
      }
      parseFrames();
    });
    socket.once('close', () => reject(new Error('closed during the handshake')));
  });
  socket.once('close', () => {
    gone = true;
    for (const resolve of closeWaiters) resolve(closeCode);
  });

  const client: RawClient = {
    socket,
    messages,
    send(frame) {
      socket.write(frame);
    },
    next(predicate, timeoutMs = 5000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for a message')), timeoutMs);
        waiters.push({
          predicate,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      });
    },
    closed() {
      if (gone) return Promise.resolve(closeCode);
      return new Promise((resolve) => closeWaiters.push(resolve));
    },
  };
  await client.next((m) => m.type === 'welcome');
  return client;
}
