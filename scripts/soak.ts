// `npm run soak`: N connections × M questions, a share of them bad frames, against a real server
// this script starts itself (127.0.0.1, port 0, RATE_LIMIT_QUESTIONS=0). Reports good questions sent vs
// fully answered (must be equal), errors by code, the server's RSS before and after, and its event-loop
// delay p99 (monitorEventLoopDelay, read from its /metrics). Bounded: it stops by itself.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';

const { values: args } = parseArgs({
  options: {
    connections: { type: 'string', default: '50' },
    questions: { type: 'string', default: '100' },
    'bad-share': { type: 'string', default: '0.1' },
    window: { type: 'string', default: '4' },
    seed: { type: 'string', default: '1' },
    'timeout-ms': { type: 'string', default: '60000' },
  },
});
const connections = Number(args.connections);
const questionsPerConnection = Number(args.questions);
const badShare = Number(args['bad-share']);
const window = Number(args.window);
const timeoutMs = Number(args['timeout-ms']);

const goodQuestions = [
  'Gibt es Spionagebasen in Kuba?',
  'Wer ist Alvaro Lopez Miera?',
  'Was haben Kuba und China vereinbart?',
  'Xiangshan-Forum',
  'Wann fand das Treffen statt?',
  'Wie wird das Wetter am Wochenende in Havanna?',
];

/** Bad frames that keep the connection open, each with the error code it must get. */
const badFrames: readonly { readonly frame: (id: string) => string | Buffer; readonly code: string }[] = [
  { frame: () => '{not json', code: 'bad_json' },
  { frame: () => '[1,2,3]', code: 'bad_request' },
  { frame: (id) => JSON.stringify({ type: 'ask', id, question: 42 }), code: 'bad_request' },
  { frame: (id) => JSON.stringify({ type: 'hello', id }), code: 'bad_request' },
  { frame: (id) => JSON.stringify({ type: 'ask', id, question: ' \u0000 ' }), code: 'empty_question' },
  { frame: (id) => JSON.stringify({ type: 'ask', id, question: 'x'.repeat(600) }), code: 'question_too_long' },
  { frame: (id) => JSON.stringify({ type: 'ask', id, question: 'Wer?', article: 'nope' }), code: 'unknown_article' },
  { frame: () => Buffer.from([0xde, 0xad]), code: 'bad_request' },
];

/** mulberry32: a seeded generator, so a run can be repeated exactly. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Server {
  readonly ws: string;
  readonly metrics: string;
  stop(): Promise<number | null>;
}

async function startServer(): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'faq-soak-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: fileURLToPath(new URL('../', import.meta.url)),
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      METRICS_PORT: '0',
      RATE_LIMIT_QUESTIONS: '0',
      LOG_LEVEL: 'info',
      DATA_DIR: dataDir,
      MAX_CONNECTIONS_PER_IP: String(connections + 16),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const line = await new Promise<Record<string, unknown>>((resolve, reject) => {
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      for (const text of pending.split('\n').slice(0, -1)) {
        const parsed = JSON.parse(text) as Record<string, unknown>;
        if (String(parsed.msg).startsWith('faq-chat listening')) resolve(parsed);
      }
      pending = pending.slice(pending.lastIndexOf('\n') + 1);
    });
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening`)));
  });
  return {
    ws: String(line.ws),
    metrics: String(line.metrics),
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

async function scrape(url: string): Promise<Map<string, number>> {
  const text = await (await fetch(url)).text();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line === '') continue;
    const space = line.lastIndexOf(' ');
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}

interface Tally {
  goodSent: number;
  goodAnswered: number;
  badSent: number;
  wrong: string[];
  readonly errors: Map<string, number>;
}

/** One connection: M messages, at most `window` in flight, each checked against what it must get. */
function runConnection(url: string, index: number, tally: Tally): Promise<void> {
  const next = random(Number(args.seed) * 1000 + index);
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    const expected = new Map<string, { code: string | undefined; answers: number }>();
    let sent = 0;
    let settled = 0;
    const send = (): void => {
      while (sent < questionsPerConnection && sent - settled < window) {
        const id = `c${index}q${sent}`;
        sent += 1;
        if (next() < badShare) {
          const bad = badFrames[Math.floor(next() * badFrames.length)]!;
          // Frames whose id cannot be read are answered with id null, in order: keyed by a queue.
          const frame = bad.frame(id);
          const key = typeof frame === 'string' && frame.includes(`"${id}"`) ? id : `null${sent}`;
          expected.set(key, { code: bad.code, answers: 0 });
          tally.badSent += 1;
          ws.send(frame);
        } else {
          expected.set(id, { code: undefined, answers: 0 });
          tally.goodSent += 1;
          ws.send(JSON.stringify({ type: 'ask', id, question: goodQuestions[Math.floor(next() * goodQuestions.length)], limit: 3 }));
        }
      }
      if (settled === questionsPerConnection) ws.close();
    };
    const settle = (key: string, ok: boolean, note: string): void => {
      expected.delete(key);
      settled += 1;
      if (!ok) tally.wrong.push(note);
      send();
    };
    ws.on('open', send);
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: string; id: string | null; code?: string; count?: number };
      if (frame.type === 'welcome') return;
      const key = frame.id ?? [...expected.keys()].find((k) => k.startsWith('null')) ?? 'unknown';
      const entry = expected.get(key);
      if (!entry) return void tally.wrong.push(`unexpected frame ${JSON.stringify(frame).slice(0, 120)}`);
      if (frame.type === 'answer') entry.answers += 1;
      else if (frame.type === 'error') {
        tally.errors.set(frame.code ?? '?', (tally.errors.get(frame.code ?? '?') ?? 0) + 1);
        settle(key, frame.code === entry.code, `${key}: got ${frame.code}, wanted ${entry.code ?? 'an answer'}`);
      } else if (frame.type === 'done') {
        const complete = entry.code === undefined && frame.count === entry.answers;
        if (complete) tally.goodAnswered += 1;
        settle(key, complete, `${key}: done with count ${frame.count} after ${entry.answers} answers, wanted ${entry.code ?? 'an answer'}`);
      }
    });
    ws.on('error', (error) => tally.wrong.push(`connection ${index}: ${error.message}`));
    ws.on('close', (code) => {
      if (settled < questionsPerConnection) tally.wrong.push(`connection ${index} closed with ${code} after ${settled} of ${questionsPerConnection}`);
      resolve();
    });
  });
}

async function main(): Promise<void> {
  const server = await startServer();
  const guard = setTimeout(() => {
    console.error(`soak: no result within ${timeoutMs} ms; stopping`);
    void server.stop().then(() => process.exit(1));
  }, timeoutMs);
  const before = await scrape(server.metrics);
  const tally: Tally = { goodSent: 0, goodAnswered: 0, badSent: 0, wrong: [], errors: new Map() };
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, (_, i) => runConnection(server.ws, i, tally)));
  const seconds = (performance.now() - started) / 1000;
  const after = await scrape(server.metrics);
  const exitCode = await server.stop();
  clearTimeout(guard);

  const mib = (bytes: number | undefined): string => `${((bytes ?? 0) / 2 ** 20).toFixed(1)} MiB`;
  const ms = (s: number | undefined): string => `${((s ?? 0) * 1000).toFixed(1)} ms`;
  const errors = [...tally.errors]
    .sort()
    .map(([code, n]) => `${code}=${n}`)
    .join(' ');
  const ok = tally.goodSent === tally.goodAnswered && tally.wrong.length === 0 && exitCode === 0;
  console.log(`soak: ${connections} connections × ${questionsPerConnection} messages, bad share ${badShare}, window ${window}, seed ${args.seed}`);
  console.log(`  good questions sent      ${tally.goodSent}`);
  console.log(`  good questions answered  ${tally.goodAnswered}   (fully: done.count = answer frames)`);
  console.log(`  bad frames sent          ${tally.badSent}`);
  console.log(`  errors by code           ${errors || 'none'}`);
  console.log(
    `  server errors_total      ${[...after]
      .filter(([k, v]) => k.startsWith('faqchat_errors_total') && v > 0)
      .map(([k, v]) => `${k.slice(27, -2)}=${v}`)
      .join(' ')}`,
  );
  console.log(`  throughput               ${Math.round((tally.goodSent + tally.badSent) / seconds)} messages/s over ${seconds.toFixed(2)} s`);
  const cpu = (after.get('process_cpu_seconds_total') ?? 0) - (before.get('process_cpu_seconds_total') ?? 0);
  console.log(`  server CPU               ${Math.round((cpu * 1e6) / (tally.goodSent + tally.badSent))} µs per message (user + system)`);
  console.log(
    `  server RSS               ${mib(before.get('process_resident_memory_bytes'))} before, ${mib(after.get('process_resident_memory_bytes'))} after`,
  );
  console.log(
    `  server event-loop delay  p99 ${ms(after.get('nodejs_eventloop_lag_p99_seconds'))}, max ${ms(after.get('nodejs_eventloop_lag_max_seconds'))} (during the run)`,
  );
  console.log(`  server exit code         ${exitCode}`);
  for (const note of tally.wrong.slice(0, 10)) console.log(`  WRONG ${note}`);
  console.log(ok ? 'soak: OK' : 'soak: FAILED');
  process.exit(ok ? 0 : 1);
}

void main();
