// `npx tsx bench/load-split.ts [rounds] [ms]`: is the load generator the bottleneck? Drives the bare
// server (a) and our service (b) at C = 50 from one load generator process, then from two of 25
// connections each, alternated. If two answer more questions a second, one was the limit.
import { fileURLToPath } from 'node:url';
import type { BareServerJob, BareServerReply } from './bare-server.ts';
import { captureFrames } from './capture.ts';
import { startChild } from './child.ts';
import { readDevQuestions } from './dev-questions.ts';
import { uptimeLine } from './run-info.ts';
import { startService } from './service.ts';
import { median } from './stats.ts';
import { fmt, renderTable } from './table.ts';
import type { LoadJob, LoadReply } from './ws-load.ts';

const faqDir = fileURLToPath(new URL('../faq/', import.meta.url));
const rounds = Number(process.argv[2] ?? 3);
const measureMs = Number(process.argv[3] ?? 3000);
const connections = 50;

async function main(): Promise<void> {
  process.stderr.write(`${uptimeLine()}\n`);
  const questions = readDevQuestions();
  const env = { RATE_LIMIT_QUESTIONS: '0', MAX_CONNECTIONS_PER_IP: String(connections + 16) };
  const service = await startService({ faqDir, readyBy: 'readyz', env, timeoutMs: 60_000 });
  const bare = startChild('bare-server.ts');
  const loads = [startChild('ws-load.ts'), startChild('ws-load.ts')];
  try {
    const port = (await bare.request<BareServerJob, BareServerReply>(await captureFrames(service.wsUrl, questions), 30_000)).port;
    const targets = [
      { name: '(a) bare ws', url: `ws://127.0.0.1:${port}/`, pid: bare.process.pid ?? 0 },
      { name: '(b) ours', url: service.wsUrl, pid: service.pid },
    ];
    const rates = new Map<string, number[]>();
    const cores = new Map<string, number[]>();
    for (let round = 0; round < rounds; round += 1) {
      for (const target of targets) {
        for (const split of [1, 2]) {
          const job: LoadJob = { url: target.url, serverPid: target.pid, connections: connections / split, warmupMs: 500, measureMs, questions, unique: true };
          const replies = await Promise.all(loads.slice(0, split).map((load) => load.request<LoadJob, LoadReply>(job, measureMs + 30_000)));
          const key = `${target.name}|${split}`;
          rates.set(key, [...(rates.get(key) ?? []), replies.reduce((n, r) => n + r.completed, 0) / (measureMs / 1000)]);
          cores.set(key, [...(cores.get(key) ?? []), replies.reduce((n, r) => n + r.loadCpuMs, 0) / measureMs]);
        }
      }
    }
    const rows = [...rates].map(([key, values]) => {
      const [name = '', split = ''] = key.split('|');
      return [name, split, fmt(median(values)), values.map((v) => fmt(v)).join(' '), fmt(median(cores.get(key) ?? []), 2)];
    });
    process.stdout.write(`${renderTable(['server', 'load generator processes', 'questions/s (median)', 'per round', 'load generator cores'], rows)}\n`);
    process.stderr.write(`${uptimeLine()}\n`);
  } finally {
    await Promise.all([...loads.map((load) => load.stop()), bare.stop(), service.stop()]);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
