import WebSocket from 'ws';
import { UnreachableError } from './errors.ts';

/** A frame from the server, as parsed JSON. */
export type ServerFrame = { type: string; id?: string | null } & Record<string, unknown>;

/** A connected protocol v1 client. */
export interface Client {
  readonly welcome: ServerFrame;
  /** Sends an ask; calls `onFrame` for each of its frames; resolves with the last (done or error). */
  ask(ask: { question: string; article?: string; limit?: number }, onFrame?: (frame: ServerFrame, raw: string) => void): Promise<ServerFrame>;
  close(): void;
}

/** Connects to a faq-chat server and waits for its welcome. */
export function connectClient(url: string, timeoutMs = 5000): Promise<Client> {
  return new Promise((resolve, reject) => {
    let ws: WebSocket;
    try {
      ws = new WebSocket(url, { handshakeTimeout: timeoutMs });
    } catch (error) {
      reject(new UnreachableError(`cannot reach ${url}: ${(error as Error).message}`, { cause: error }));
      return;
    }
    const pending = new Map<string, { onFrame?: (f: ServerFrame, raw: string) => void; resolve: (f: ServerFrame) => void }>();
    let counter = 0;
    ws.on('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'ECONNREFUSED' ? 'connection refused' : error.message;
      reject(new UnreachableError(`cannot reach ${url} (${reason})`, { cause: error }));
      for (const p of pending.values()) p.resolve({ type: 'error', code: 'unreachable', message: reason });
    });
    ws.on('unexpected-response', (_req, res) => reject(new UnreachableError(`cannot connect to ${url}: HTTP ${res.statusCode}`)));
    ws.on('close', (code: number) => {
      for (const p of pending.values()) p.resolve({ type: 'error', code: 'closed', message: `the server closed the connection (${code})` });
      pending.clear();
    });
    ws.on('message', (data) => {
      const raw = data.toString();
      let frame: ServerFrame;
      try {
        frame = JSON.parse(raw) as ServerFrame;
      } catch {
        return;
      }
      if (frame.type === 'welcome') {
        resolve({
          welcome: frame,
          ask(ask, onFrame) {
            counter += 1;
            const id = `cli-${counter}`;
            // Gone since (a replica's stop, a network cut): said at once, as for a question in flight.
            if (ws.readyState !== WebSocket.OPEN) return Promise.resolve({ type: 'error', code: 'closed', message: 'the connection is closed' });
            return new Promise((done) => {
              pending.set(id, { onFrame, resolve: done });
              ws.send(JSON.stringify({ type: 'ask', id, ...ask }));
            });
          },
          close: () => ws.close(),
        });
        return;
      }
      const entry = typeof frame.id === 'string' ? pending.get(frame.id) : undefined;
      if (!entry) return;
      entry.onFrame?.(frame, raw);
      if (frame.type === 'done' || frame.type === 'error') {
        pending.delete(frame.id as string);
        entry.resolve(frame);
      }
    });
  });
}
