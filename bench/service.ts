import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from './free-port.ts';
import { raiseOpenFiles } from './open-files.ts';

/** The repository root: the service runs from there, as `npm start` does. */
export const repoRoot = fileURLToPath(new URL('../', import.meta.url));

/** How to start our service. */
export interface ServiceOptions {
  readonly faqDir: string;
  /** Extra environment (RATE_LIMIT_QUESTIONS, MAX_CONNECTIONS_PER_IP, …). */
  readonly env?: Readonly<Record<string, string>>;
  /** 'log': PORT=0 at LOG_LEVEL=info, ready at the "listening" line; 'readyz': a free port at LOG_LEVEL=warn, ready when /readyz says 200. */
  readonly readyBy: 'log' | 'readyz';
  /** Raise the open-file limit first (a shell builtin, so the service is started through bash). */
  readonly openFiles?: number;
  readonly nodeArgs?: readonly string[];
  readonly timeoutMs: number;
}

/** Our service as a real child process. */
export interface ServiceProcess {
  readonly pid: number;
  readonly wsUrl: string;
  readonly httpUrl: string;
  /** From spawn to ready. */
  readonly startupMs: number;
  /** Stops it with SIGTERM (SIGKILL after `graceMs`) and removes its data directory. */
  stop(graceMs?: number): Promise<void>;
}

const shutdownGraceMs = 1000;

function spawnService(options: ServiceOptions, env: NodeJS.ProcessEnv): ChildProcess {
  const args = [...(options.nodeArgs ?? []), '--import', 'tsx', 'src/server/main.ts'];
  const spawnOptions = { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'] };
  if (options.openFiles === undefined) return spawn(process.execPath, args, spawnOptions);
  // exec keeps the pid: the RSS read from /proc is the service's, not bash's.
  return spawn('bash', ['-c', `${raiseOpenFiles(options.openFiles)} && exec "$0" "$@"`, process.execPath, ...args], spawnOptions);
}

/** Starts `node --import tsx src/server/main.ts` and resolves when it serves; rejects with its stderr after `timeoutMs`. */
export async function startService(options: ServiceOptions): Promise<ServiceProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'faq-bench-data-'));
  const port = options.readyBy === 'log' ? 0 : await findFreePort();
  const env = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    FAQ_DIR: options.faqDir,
    DATA_DIR: dataDir,
    LOG_LEVEL: options.readyBy === 'log' ? 'info' : 'warn',
    SHUTDOWN_GRACE_MS: String(shutdownGraceMs),
    ...options.env,
  };
  const started = performance.now();
  const child = spawnService(options, env);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  // At LOG_LEVEL=warn nothing is read from stdout; drained so a burst of warnings cannot block the service.
  if (options.readyBy === 'readyz') child.stdout?.resume();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (graceMs = 5000): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(killer);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const httpUrl = await Promise.race([
      options.readyBy === 'log' ? listeningUrl(child) : pollReady(`http://127.0.0.1:${port}`, started + options.timeoutMs),
      exited.then(() => Promise.reject(new Error(`service exited during start-up: ${stderr.trim() || 'no stderr'}`))),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`service not ready within ${options.timeoutMs} ms`)), options.timeoutMs).unref()),
    ]);
    const startupMs = performance.now() - started;
    return { pid: child.pid ?? 0, httpUrl, wsUrl: `${httpUrl.replace(/^http/, 'ws')}/ws`, startupMs, stop };
  } catch (error) {
    await stop(0);
    throw error;
  }
}

/** The URL of the "faq-chat listening on …" log line. */
function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    let pending = '';
    child.stdout?.setEncoding('utf8').on('data', function onLog(chunk: string) {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const found = /"msg":"faq-chat listening on (http:\/\/[^"]+)"/.exec(line);
        if (found?.[1] !== undefined) resolve(found[1]);
      }
    });
  });
}

/** Polls GET /readyz every 20 ms until 200, giving up at `deadline` (performance.now()). */
async function pollReady(httpUrl: string, deadline: number): Promise<string> {
  while (performance.now() < deadline) {
    try {
      const response = await fetch(`${httpUrl}/readyz`);
      if (response.ok) return httpUrl;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${httpUrl}/readyz: not ready in time`);
}
