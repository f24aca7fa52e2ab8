// `npx tsx scripts/replicas-load.ts [--rounds 3] [--connections 50] [--seconds 4]`: questions per second
// through Debian's nginx (configured as docs/scaling.md says) with one and with two replicas behind it,
// and, for scale, straight to one replica and to one server on SQLite, on 127.0.0.1. Starts a throwaway
// PostgreSQL (the replicas' DATABASE_URL), the servers and nginx itself, alternates the set-ups round by
// round, prints the medians and stops everything. Bounded: rounds × 4 runs of warm-up + window. Needs
// PostgreSQL and nginx.
import { fork } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startNginx, type TestNginx } from '../tests/helpers/nginx.ts';
import { startThrowawayPostgres } from '../tests/helpers/postgres.ts';
import { cleanUpServerProcesses, listening, spawnServer, tempDir } from '../tests/helpers/server-process.ts';
import type { LoadJob, LoadResult } from './replicas-load-child.ts';

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
const childFile = fileURLToPath(new URL('./replicas-load-child.ts', import.meta.url));
const questions = ['Gibt es Spionagebasen in Kuba?', 'Wer ist Dong Jun?', 'Wann war die Parade in Peking?', 'Was sagte Xinhua?', 'Wie wird das Wetter?'];

function runLoad(job: LoadJob): Promise<LoadResult> {
  const child = fork(childFile, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => {
        child.kill('SIGKILL');
        reject(new Error('the load generator did not finish'));
      },
      job.warmupMs + job.measureMs + 30_000,
    );
    child.once('message', (result: LoadResult) => {
      clearTimeout(timer);
      child.kill();
      resolve(result);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code !== null && code !== 0) reject(new Error(`the load generator exited with ${code}`));
    });
    child.send(job);
  });
}

async function startReplica(databaseUrl: string | undefined): Promise<{ ws: string; address: string }> {
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
  return { ws, address: new URL(url).host };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

const database = await startThrowawayPostgres();
const nginxes: TestNginx[] = [];
try {
  const [a, b, alone] = await Promise.all([startReplica(database.url), startReplica(database.url), startReplica(undefined)]);
  const one = await startNginx([a.address]);
  nginxes.push(one);
  const two = await startNginx([a.address, b.address]);
  nginxes.push(two);
  const setups = [
    { name: 'one server on SQLite, no nginx (for scale)', url: alone.ws },
    { name: 'one replica, no nginx (for scale)', url: a.ws },
    { name: 'nginx, one replica', url: `ws://127.0.0.1:${one.port}/ws` },
    { name: 'nginx, two replicas', url: `ws://127.0.0.1:${two.port}/ws` },
  ];
  const results = new Map<string, LoadResult[]>(setups.map((s) => [s.name, []]));
  // Not counted: fresh processes (JIT, the matcher's word memories, nginx's connections) settle first.
  for (const setup of setups) await runLoad({ url: setup.url, connections, warmupMs, measureMs: 2000, questions });
  for (let round = 1; round <= rounds; round += 1) {
    for (const setup of setups) {
      const result = await runLoad({ url: setup.url, connections, warmupMs, measureMs, questions });
      results.get(setup.name)?.push(result);
      console.log(
        `round ${round}: ${setup.name}: ${Math.round(result.completed / (measureMs / 1000))} q/s, p99 ${result.p99Ms.toFixed(1)} ms, errors ${result.errors}`,
      );
    }
  }
  console.log(`\nC = ${connections}, ${args.seconds} s windows, ${rounds} rounds alternated, medians:`);
  console.log('| set-up | questions/s | p50 ms | p99 ms | load generator CPU |');
  console.log('|---|---|---|---|---|');
  for (const setup of setups) {
    const runs = results.get(setup.name) ?? [];
    const qps = median(runs.map((r) => r.completed / (measureMs / 1000)));
    const cpu = median(runs.map((r) => r.loadCpuMs / measureMs));
    console.log(
      `| ${setup.name} | ${Math.round(qps)} (${runs.map((r) => Math.round(r.completed / (measureMs / 1000))).join(', ')}) | ${median(runs.map((r) => r.p50Ms)).toFixed(2)} | ${median(runs.map((r) => r.p99Ms)).toFixed(2)} | ${Math.round(cpu * 100)} % of a core |`,
    );
  }
} finally {
  for (const nginx of nginxes) await nginx.stop();
  cleanUpServerProcesses();
  await database.destroy();
}
