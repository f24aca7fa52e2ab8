import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { raiseOpenFiles } from './open-files.ts';
import { rssKiB } from './rss.ts';
import { repoRoot, startService } from './service.ts';

/** RSS of our service with idle connections. */
export interface IdleFigures {
  readonly connections: number;
  readonly failed: number;
  readonly rssBeforeKiB: number;
  readonly rssAfterKiB: number;
  /** (after − before) / connections. */
  readonly perConnectionKiB: number;
  /** Growth between the first fifth and all: the marginal cost, without one-off growth (JIT, pools). */
  readonly marginalPerConnectionKiB: number;
}

const faqDir = fileURLToPath(new URL('../faq/', import.meta.url));
const openFiles = 65536;
/** Time for the service to settle after a burst of handshakes (their garbage, buffers). */
const settleMs = 1500;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens `count` idle connections from a separate process, in two steps, reading the service's RSS around them. */
export async function measureIdleConnections(count: number): Promise<IdleFigures> {
  const service = await startService({
    faqDir,
    readyBy: 'readyz',
    openFiles,
    env: { MAX_CONNECTIONS_PER_IP: String(count + 100), RATE_LIMIT_QUESTIONS: '0' },
    timeoutMs: 60_000,
  });
  const entry = fileURLToPath(new URL('./idle-clients.ts', import.meta.url));
  const clients = spawn('bash', ['-c', `${raiseOpenFiles(openFiles)} && exec "$0" "$@"`, process.execPath, '--import', 'tsx', entry, service.wsUrl], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const replies = createInterface({ input: clients.stdout })[Symbol.asyncIterator]();
  const open = async (n: number): Promise<{ open: number; failed: number }> => {
    clients.stdin.write(`open ${n}\n`);
    const line = await replies.next();
    if (line.done === true) throw new Error('bench/idle-clients.ts exited early');
    return JSON.parse(line.value) as { open: number; failed: number };
  };
  try {
    await sleep(settleMs);
    const before = rssKiB(service.pid);
    const first = Math.round(count / 5);
    const step = await open(first);
    await sleep(settleMs);
    const middle = rssKiB(service.pid);
    const all = await open(count - first);
    await sleep(settleMs);
    const after = rssKiB(service.pid);
    return {
      connections: all.open,
      failed: all.failed,
      rssBeforeKiB: before,
      rssAfterKiB: after,
      perConnectionKiB: (after - before) / Math.max(1, all.open),
      marginalPerConnectionKiB: (after - middle) / Math.max(1, all.open - step.open),
    };
  } finally {
    clients.stdin.end();
    await new Promise((resolve) => clients.once('exit', resolve));
    await service.stop();
  }
}
