import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A benchmark helper in its own process, answering each job sent to it with one message. */
export interface ChildWorker {
  readonly process: ChildProcess;
  request<Job, Reply>(job: Job, timeoutMs: number): Promise<Reply>;
  /** Ends it (SIGTERM) and waits for it to go. */
  stop(): Promise<void>;
}

/** Forks `bench/<name>` under tsx, with structured-clone messages (typed arrays cross cheaply). */
export function startChild(name: string, execArgv: readonly string[] = []): ChildWorker {
  const child = fork(fileURLToPath(new URL(`./${name}`, import.meta.url)), [], {
    execArgv: ['--import', 'tsx', ...execArgv],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    process: child,
    request<Job, Reply>(job: Job, timeoutMs: number): Promise<Reply> {
      return new Promise<Reply>((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`bench/${name}: no reply within ${timeoutMs} ms`)), timeoutMs);
        const onMessage = (reply: Reply): void => finish(undefined, reply);
        const onExit = (code: number | null): void => finish(new Error(`bench/${name} exited (${code}) before replying`));
        function finish(error: Error | undefined, reply?: Reply): void {
          clearTimeout(timer);
          child.off('message', onMessage);
          child.off('exit', onExit);
          if (error) reject(error);
          else resolve(reply as Reply);
        }
        child.on('message', onMessage);
        child.once('exit', onExit);
        child.send(job as object);
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs one job in a fresh child and stops it. */
export async function runInChild<Job, Reply>(name: string, job: Job, timeoutMs: number, execArgv: readonly string[] = []): Promise<Reply> {
  const worker = startChild(name, execArgv);
  try {
    return await worker.request<Job, Reply>(job, timeoutMs);
  } finally {
    await worker.stop();
  }
}
