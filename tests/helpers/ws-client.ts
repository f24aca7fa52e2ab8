import WebSocket from 'ws';

/** A parsed server frame (tests check its fields). */
export type Frame = Record<string, unknown> & { type: string };

/** A test client: a real ws connection that records every frame it receives. */
export interface TestClient {
  readonly ws: WebSocket;
  readonly frames: Frame[];
  /** Resolves with the next frame that satisfies `predicate` (already received ones count). */
  next(predicate: (frame: Frame) => boolean, timeoutMs?: number): Promise<Frame>;
  /** Sends an ask and resolves with its frames up to and including `done` or an `error`. */
  ask(question: string, extra?: Record<string, unknown>): Promise<Frame[]>;
  /** Resolves with the close code. */
  closed(): Promise<number>;
  /** How many pings the server has sent this client so far (counted from the handshake on). */
  pings(): number;
  close(): void;
}

let counter = 0;

/** Connects and waits for the welcome frame. */
export async function connect(url: string, options: WebSocket.ClientOptions = {}): Promise<TestClient> {
  const ws = new WebSocket(url, options);
  const frames: Frame[] = [];
  const waiters: { predicate: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  let closeCode: number | undefined;
  const closeWaiters: ((code: number) => void)[] = [];
  let pings = 0;
  ws.on('ping', () => {
    pings += 1;
  });
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as Frame;
    frames.push(frame);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(frame)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(frame);
      }
    }
  });
  ws.on('close', (code) => {
    closeCode = code;
    for (const resolve of closeWaiters) resolve(code);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  const client: TestClient = {
    ws,
    frames,
    next(predicate, timeoutMs = 5000) {
      const found = frames.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for a frame')), timeoutMs);
        waiters.push({
          predicate,
          resolve: (f) => {
            clearTimeout(timer);
            resolve(f);
          },
        });
      });
    },
    async ask(question, extra = {}) {
      counter += 1;
      const id = String(extra.id ?? `q${counter}`);
      ws.send(JSON.stringify({ type: 'ask', id, question, ...extra }));
      await client.next((f) => f.id === id && (f.type === 'done' || f.type === 'error'));
      return frames.filter((f) => f.id === id);
    },
    closed() {
      if (closeCode !== undefined) return Promise.resolve(closeCode);
      return new Promise((resolve) => closeWaiters.push(resolve));
    },
    close() {
      ws.close();
    },
    pings: () => pings,
  };
  await client.next((f) => f.type === 'welcome');
  return client;
}
