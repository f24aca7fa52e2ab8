import WebSocket from 'ws';

/** A running load: what was asked, answered, refused, and how connections ended. */
export interface AskLoad {
  /** Questions answered (a `done` frame), in order; each question text is unique. */
  readonly answered: string[];
  readonly sent: Set<string>;
  /** Error frames received, by code. */
  readonly errors: Map<string, number>;
  readonly closeCodes: number[];
  /** Stops asking: each reader waits for its question in flight, then closes. */
  stop(): Promise<void>;
}

/**
 * Readers asking over `connections` WebSockets to `wsUrl`, each one unique question after another (a
 * number appended). A reader whose connection closes (a replica's stop: 1001) connects again (through a
 * load balancer: to another replica) and asks again the question it had not had answered.
 */
export function startAskLoad(wsUrl: string, connections: number, article: string, prefix = 'Wer ist Dong Jun?'): AskLoad {
  const answered: string[] = [];
  const sent = new Set<string>();
  const errors = new Map<string, number>();
  const closeCodes: number[] = [];
  let stopping = false;
  let counter = 0;
  const reader = async (n: number): Promise<void> => {
    let pending: string | undefined;
    while (!stopping) {
      const welcomed = await new Promise<boolean>((resolve) => {
        let greeted = false;
        // Every listener before the handshake ends: the welcome may come in the same packet as the 101.
        const ws = new WebSocket(wsUrl);
        const ask = (): void => {
          if (stopping) {
            ws.close();
            return;
          }
          counter += 1;
          pending ??= `${prefix} Leser ${n} Frage ${counter}`;
          sent.add(pending);
          ws.send(JSON.stringify({ type: 'ask', id: pending, question: pending, article, limit: 1 }));
        };
        ws.on('message', (data) => {
          const frame = JSON.parse(String(data)) as { type: string; id?: string; code?: string };
          if (frame.type === 'welcome') {
            greeted = true;
            ask();
          } else if (frame.id !== pending || pending === undefined) return;
          else if (frame.type === 'done') {
            answered.push(pending);
            pending = undefined;
            ask();
          } else if (frame.type === 'error') {
            errors.set(String(frame.code), (errors.get(String(frame.code)) ?? 0) + 1);
            pending = undefined;
            ask();
          }
        });
        // A refused handshake (a stopping replica's 503 when nginx had nowhere else to go) ends as a close too.
        ws.on('unexpected-response', (_req, res) => {
          res.resume();
          ws.terminate();
        });
        ws.on('close', (code) => {
          closeCodes.push(code);
          resolve(greeted);
        });
        ws.on('error', () => undefined);
      });
      // Not even welcomed: a moment before the next try, so a refusing server is not hammered.
      if (!welcomed && !stopping) await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const readers = Array.from({ length: connections }, (_, n) => reader(n));
  return {
    answered,
    sent,
    errors,
    closeCodes,
    async stop() {
      stopping = true;
      await Promise.all(readers);
    },
  };
}
