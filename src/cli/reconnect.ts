import { type Client, connectClient, type ServerFrame } from './client.ts';

/** How the CLI comes back after losing the server (a replica's stop sends 1001; behind a load balancer another answers). */
export const reconnectDefaults = Object.freeze({
  /** Connection attempts after a loss before the CLI gives up (exit 2). */
  attempts: 6,
  /** Wait before the second attempt, doubling (100, 200, … 1600 ms: about 3 s in all). */
  firstDelayMs: 100,
});

/**
 * A client that reconnects to `url` when the connection is lost and asks again the question that was
 * not answered, so a replica going away (SIGTERM: 1001) costs the reader a moment, not the question.
 * `onReconnect` is told each time (the CLI says so on stderr).
 */
export async function connectReconnecting(url: string, onReconnect: (reason: string) => void = () => undefined): Promise<Client> {
  let current = await connectClient(url);
  const reconnect = async (): Promise<boolean> => {
    for (let attempt = 0; attempt < reconnectDefaults.attempts; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, reconnectDefaults.firstDelayMs * 2 ** (attempt - 1)));
      try {
        current = await connectClient(url);
        return true;
      } catch {
        // The next attempt, or the caller reports the loss.
      }
    }
    return false;
  };
  return {
    get welcome(): ServerFrame {
      return current.welcome;
    },
    async ask(ask, onFrame) {
      let last = await current.ask(ask, onFrame);
      // Bounded: a server that accepts and at once closes again must not keep the CLI asking for ever.
      for (let round = 0; last.type === 'error' && last.code === 'closed' && round < reconnectDefaults.attempts; round += 1) {
        onReconnect(String(last.message));
        if (!(await reconnect())) return last;
        last = await current.ask(ask, onFrame);
      }
      return last;
    },
    close: () => current.close(),
  };
}
