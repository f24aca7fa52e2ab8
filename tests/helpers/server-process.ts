import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The real `npm start` process (`node --import tsx src/server/main.ts`) as a child, its JSON log lines
// parsed; everything a test starts here is ended and removed by cleanUpServerProcesses().

const root = fileURLToPath(new URL('../../', import.meta.url));

/** One parsed log line of the server. */
export type ProcessLine = Record<string, unknown>;

/** A server process started by {@link spawnServer}. */
export interface ServerProcess {
  readonly process: ChildProcess;
  readonly lines: ProcessLine[];
  readonly stderr: () => string;
  /** Resolves with the first stdout log line (past or future) that satisfies `predicate`; rejects after `timeoutMs` if given. */
  line(predicate: (line: ProcessLine) => boolean, timeoutMs?: number): Promise<ProcessLine>;
  readonly exited: Promise<{ code: number | null; at: number }>;
}

const children: ServerProcess[] = [];
const dirs: string[] = [];

/** A temporary directory, removed by {@link cleanUpServerProcesses}. */
export function tempDir(prefix = 'faq-process-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/**
 * Starts the server on 127.0.0.1, port 0, logging at info, no rate limit, a temporary DATA_DIR; `env`
 * overrides. With `viaNpm`, as the README says: `npm start` (the process returned is npm's).
 */
export function spawnServer(env: Record<string, string>, options: { viaNpm?: boolean } = {}): ServerProcess {
  const [command, args] = options.viaNpm === true ? ['npm', ['start', '--silent']] : [process.execPath, ['--import', 'tsx', 'src/server/main.ts']];
  const child = spawn(command as string, args as string[], {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', RATE_LIMIT_QUESTIONS: '0', DATA_DIR: tempDir('faq-data-'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: ProcessLine[] = [];
  const waiters: { predicate: (l: ProcessLine) => boolean; resolve: (l: ProcessLine) => void }[] = [];
  let pending = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    for (const text of complete) {
      if (text.trim() === '') continue;
      const line = JSON.parse(text) as ProcessLine;
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => {
    child.once('exit', (code) => resolve({ code, at: performance.now() }));
  });
  const server: ServerProcess = {
    process: child,
    lines,
    stderr: () => stderr,
    line(predicate, timeoutMs) {
      const found = lines.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = timeoutMs === undefined ? undefined : setTimeout(() => reject(new Error(`no such log line within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          predicate,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
      });
    },
    exited,
  };
  children.push(server);
  return server;
}

/** Waits for the "faq-chat listening" line and returns it with the bound URLs. */
export async function listening(child: ServerProcess): Promise<{ url: string; ws: string; line: ProcessLine }> {
  const line = await Promise.race([
    child.line((l) => typeof l.msg === 'string' && l.msg.startsWith('faq-chat listening')),
    child.exited.then(({ code }) => {
      throw new Error(`server exited with ${code}: ${child.stderr()}`);
    }),
  ]);
  return { url: String(line.url), ws: String(line.ws), line };
}

/** The pids of a process's children (Linux: /proc). */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** True while a process with this pid runs the server (a pid reused by something else does not count). */
export function isServerRunning(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('src/server/main.ts') && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

/** Kills every server process started (and any cluster worker they logged) and removes the temporary directories. */
export function cleanUpServerProcesses(): void {
  for (const child of children.splice(0)) {
    if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
    // Workers exit by themselves when their primary is gone; a test that failed midway makes sure.
    for (const line of child.lines) {
      if (typeof line.pid === 'number' && isServerRunning(line.pid)) process.kill(line.pid, 'SIGKILL');
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
