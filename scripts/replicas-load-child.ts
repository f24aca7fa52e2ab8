// Child of scripts/replicas-load.ts: the load generator, in a process of its own so it does not share a
// core's event loop with what it measures. C connections, each with one question in flight (a number
// appended makes each unique); `done` frames counted by a regex, as a minimal harness would.
import WebSocket from 'ws';

/** One measured run. */
export interface LoadJob {
  readonly url: string;
  readonly connections: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  readonly questions: readonly string[];
}

/** What a run measured: questions completed inside the window, their round trips, this process's CPU. */
export interface LoadResult {
  readonly completed: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly loadCpuMs: number;
}

const done = /"type":"done"/;
const failed = /"type":"error"/;

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once('error', reject);
    // Ready at the welcome frame.
    ws.once('message', () => resolve(ws));
  });
}

async function run(job: LoadJob): Promise<LoadResult> {
  const sockets = await Promise.all(Array.from({ length: job.connections }, () => open(job.url)));
  let serial = 0;
  let completed = 0;
  let errors = 0;
  const latencies: number[] = [];
  const windowStart = performance.now() + job.warmupMs;
  const windowEnd = windowStart + job.measureMs;
  let cpuAtStart: NodeJS.CpuUsage | undefined;
  const startedCpu = setTimeout(() => (cpuAtStart = process.cpuUsage()), job.warmupMs);
  await Promise.all(
    sockets.map(
      (ws, n) =>
        new Promise<void>((resolve) => {
          let sentAt = 0;
          const ask = (): void => {
            if (performance.now() >= windowEnd) {
              ws.terminate();
              resolve();
              return;
            }
            serial += 1;
            const question = `${job.questions[serial % job.questions.length]} ${serial}`;
            sentAt = performance.now();
            ws.send(`{"type":"ask","id":"c${n}","question":${JSON.stringify(question)},"limit":3}`);
          };
          ws.on('message', (data) => {
            const text = String(data);
            const isDone = done.test(text);
            if (!isDone && !failed.test(text)) return;
            const now = performance.now();
            if (sentAt >= windowStart && now <= windowEnd) {
              if (isDone) {
                completed += 1;
                latencies.push(now - sentAt);
              } else errors += 1;
            }
            ask();
          });
          ws.on('close', () => resolve());
          ask();
        }),
    ),
  );
  clearTimeout(startedCpu);
  const cpu = process.cpuUsage(cpuAtStart);
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { completed, errors, p50Ms: at(0.5), p99Ms: at(0.99), loadCpuMs: (cpu.user + cpu.system) / 1000 };
}

process.on('message', (job: LoadJob) => {
  run(job).then(
    (result) => process.send?.(result),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
