// `npx tsx scripts/replicas-load.ts [--rounds 3] [--connections 50] [--seconds 4]`: questions per second
// through Debian's nginx (configured as docs/scaling.md says) with one and with two replicas behind it,
// and, for scale, straight to one replica and to one server on SQLite, on 127.0.0.1. Starts a throwaway
// PostgreSQL (the replicas' DATABASE_URL), the servers and nginx itself, alternates the set-ups round by
// round, prints the medians and stops everything. Bounded: rounds × 4 runs of warm-up + window. Needs
// PostgreSQL and nginx. The load generator is the benchmark's (bench/ws-load.ts), in a process of its own.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startChild } from '../bench/child.ts';
import { median, summarize } from '../bench/stats.ts';
import type { LoadJob, LoadReply } from '../bench/ws-load.ts';
import { startNginx, type TestNginx } from '../tests/helpers/nginx.ts';
import { startThrowawayPostgres } from '../tests/helpers/postgres.ts';
import { cleanUpServerProcesses, listening, spawnServer, tempDir } from '../tests/helpers/server-process.ts';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '4' },
  },
});
const rounds = Number(args.rounds);
const connections = Number(args.connections);
const measureMs = Number(args.seconds) * 1000;
const warmupMs = 1000;

const faqFile = fileURLToPath(new URL('../faq/kuba-china-militaer.md', import.meta.url));
const questions = ['Gibt es Spionagebasen in Kuba?', 'Wer ist Dong Jun?', 'Wann war die Parade in Peking?', 'Was sagte Xinhua?', 'Wie wird das Wetter?'];

async function startReplica(databaseUrl: string | undefined): Promise<{ ws: string; address: string; pid: number }> {
  const dir = tempDir('faq-load-dir-');
  copyFileSync(faqFile, join(dir, 'kuba-china-militaer.md'));
  const child = spawnServer({
    FAQ_DIR: dir,
    // Without one: the one-machine default (SQLite in a temporary DATA_DIR), for scale.
    ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
    DEFAULT_ARTICLE: 'kuba-china-militaer',
    TRUST_PROXY: 'loopback',
    MAX_CONNECTIONS_PER_IP: '100000',
    RATE_LIMIT_QUESTIONS: '0',
  });
  const { url, ws } = await listening(child);
  return { ws, address: new URL(url).host, pid: child.process.pid ?? 0 };
}

/** What one run measured: answered questions a second (error frames not counted) and round trips. */
interface Run {
  readonly perSecond: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly loadCpuShare: number;
}

function runOf(reply: LoadReply): Run {
  const latencies = summarize(reply.latenciesMs);
  return {
    perSecond: (reply.completed - reply.errors) / (reply.measureMs / 1000),
    errors: reply.errors,
    p50Ms: latencies.median,
    p99Ms: latencies.p99,
    loadCpuShare: reply.loadCpuMs / reply.measureMs,
  };
}

const database = await startThrowawayPostgres();
const nginxes: TestNginx[] = [];
const load = startChild('ws-load.ts');
try {
  const [a, b, alone] = await Promise.all([startReplica(database.url), startReplica(database.url), startReplica(undefined)]);
  const one = await startNginx([a.address]);
  nginxes.push(one);
  const two = await startNginx([a.address, b.address]);
  nginxes.push(two);
  // serverPid: the process whose CPU the load generator reads (replica a behind nginx; not reported here).
  const setups = [
    { name: 'one server on SQLite, no nginx (for scale)', url: alone.ws, serverPid: alone.pid },
    { name: 'one replica, no nginx (for scale)', url: a.ws, serverPid: a.pid },
    { name: 'nginx, one replica', url: `ws://127.0.0.1:${one.port}/ws`, serverPid: a.pid },
    { name: 'nginx, two replicas', url: `ws://127.0.0.1:${two.port}/ws`, serverPid: a.pid },
  ];
  const ask = async (setup: (typeof setups)[number], ms: number): Promise<Run> => {
    const job: LoadJob = { url: setup.url, connections, warmupMs, measureMs: ms, questions, unique: true, serverPid: setup.serverPid };
    return runOf(await load.request<LoadJob, LoadReply>(job, warmupMs + ms + 30_000));
  };
  const results = new Map<string, Run[]>(setups.map((s) => [s.name, []]));
  // Not counted: fresh processes (JIT, the matcher's word memories, nginx's connections) settle first.
  for (const setup of setups) await ask(setup, 2000);
  for (let round = 1; round <= rounds; round += 1) {
    for (const setup of setups) {
      const run = await ask(setup, measureMs);
      results.get(setup.name)?.push(run);
      console.log(`round ${round}: ${setup.name}: ${Math.round(run.perSecond)} q/s, p99 ${run.p99Ms.toFixed(1)} ms, errors ${run.errors}`);
    }
  }
  console.log(`\nC = ${connections}, ${args.seconds} s windows, ${rounds} rounds alternated, medians:`);
  console.log('| set-up | questions/s | p50 ms | p99 ms | load generator CPU |');
  console.log('|---|---|---|---|---|');
  for (const setup of setups) {
    const runs = results.get(setup.name) ?? [];
    const qps = median(runs.map((r) => r.perSecond));
    const cpu = median(runs.map((r) => r.loadCpuShare));
    console.log(
      `| ${setup.name} | ${Math.round(qps)} (${runs.map((r) => Math.round(r.perSecond)).join(', ')}) | ${median(runs.map((r) => r.p50Ms)).toFixed(2)} | ${median(runs.map((r) => r.p99Ms)).toFixed(2)} | ${Math.round(cpu * 100)} % of a core |`,
    );
  }
} finally {
  await load.stop();
  for (const nginx of nginxes) await nginx.stop();
  cleanUpServerProcesses();
  await database.destroy();
}
