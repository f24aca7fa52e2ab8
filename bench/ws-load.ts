// Child process of `npm run bench`: the load generator, as the minimal harness defines it. C
// connections, each with one question in flight: ask, wait for its `done` (found by a regex), ask the
// next. The same code drives the bare server and ours; it runs in a process of its own.
import WebSocket, { type RawData } from 'ws';
import { askFrame } from './capture.ts';
import { monotonicUs } from './cpu-profile.ts';
import { cpuMsOf, mainThreadCpuMsOf } from './proc-cpu.ts';

/** One measured phase against one server. */
export interface LoadJob {
  readonly url: string;
  readonly connections: number;
  /** Asked but not counted: connections and JIT settle. */
  readonly warmupMs: number;
  readonly measureMs: number;
  readonly questions: readonly string[];
  /**
   * true (the judged rows): a number is appended to each question, so no question is ever asked twice
   * (the issue's harness; readers' questions are new to the server). false: the questions as they are,
   * repeated round after round (the matcher finds every word already analyzed: info).
   */
  readonly unique: boolean;
  /** The server's process, whose CPU time over the window is read from /proc. */
  readonly serverPid: number;
}

/** What a phase measured (only questions completed inside the measured window). */
export interface LoadReply {
  readonly completed: number;
  readonly errors: number;
  readonly measureMs: number;
  /** Round trips in ms: ask sent → `done` received. */
  readonly latenciesMs: Float64Array;
  readonly framesPerQuestion: number;
  readonly bytesPerQuestion: number;
  /** When the measured window began, on the monotonic clock (to cut a server's CPU profile to it). */
  readonly windowStartUs: number;
  /** CPU time over the window: the server's, and this load generator's (is it the bottleneck?). */
  readonly serverCpuMs: number;
  /** The server's main thread alone (ours also runs the question log's writer thread). */
  readonly serverMainThreadCpuMs: number;
  readonly loadCpuMs: number;
}

/** The frame that ends a question: its `done`, or an error frame (counted as an error). */
const lastFrame = /^\{"type":"(done|error)"/;
/** Only a frame's head is decoded for the regex: the load generator's own cost is not what is measured. */
const headBytes = '{"type":"error"'.length;
/** How long in-flight questions may finish after the window before the sockets are dropped. */
const drainMs = 2000;
/**
 * Numbers appended to questions, unique for the life of this process (every phase against every
 * server), from 100,000 on: a number that reads as a year the article never mentions (1000–2099)
 * makes the service refuse the question, which would make it cheaper than the others.
 */
let asked = 100_000;

function openConnection(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once('error', reject);
    // Ready at the welcome frame: the server has set the connection up.
    ws.once('message', () => resolve(ws));
  });
}

async function runLoad(job: LoadJob): Promise<LoadReply> {
  const sockets = await Promise.all(Array.from({ length: job.connections }, () => openConnection(job.url)));
  const windowStart = performance.now() + job.warmupMs;
  const windowStartUs = monotonicUs() + job.warmupMs * 1000;
  const windowEnd = windowStart + job.measureMs;
  const latencies: number[] = [];
  let errors = 0;
  let frames = 0;
  let bytes = 0;
  let running = sockets.length;
  const cpu = { server: Number.NaN, serverMain: Number.NaN, load: Number.NaN };
  // Read at the window's edges by timers: a busy loop may run them a little late, alike for both servers.
  setTimeout(function windowStarts() {
    cpu.server = cpuMsOf(job.serverPid);
    cpu.serverMain = mainThreadCpuMsOf(job.serverPid);
    cpu.load = cpuMsOf(process.pid);
  }, job.warmupMs);
  const windowEnds = new Promise<{ server: number; serverMain: number; load: number }>((resolve) =>
    setTimeout(
      () =>
        resolve({
          server: cpuMsOf(job.serverPid) - cpu.server,
          serverMain: mainThreadCpuMsOf(job.serverPid) - cpu.serverMain,
          load: cpuMsOf(process.pid) - cpu.load,
        }),
      job.warmupMs + job.measureMs,
    ),
  );
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));

  sockets.forEach(function drive(ws, c) {
    let sentAt = 0;
    let questionFrames = 0;
    let questionBytes = 0;
    let next = c;
    const ask = (): void => {
      const question = job.questions[next % job.questions.length] as string;
      next += 1;
      asked += 1;
      questionFrames = 0;
      questionBytes = 0;
      sentAt = performance.now();
      ws.send(askFrame(`c${c}-${asked}`, job.unique ? `${question} ${asked}` : question));
    };
    ws.on('message', function loadOnMessage(data: RawData) {
      const frame = data as Buffer;
      questionFrames += 1;
      questionBytes += frame.length;
      const end = lastFrame.exec(frame.toString('latin1', 0, headBytes));
      if (end === null) return;
      const now = performance.now();
      if (now >= windowStart && now <= windowEnd) {
        latencies.push(now - sentAt);
        frames += questionFrames;
        bytes += questionBytes;
        if (end[1] === 'error') errors += 1;
      }
      if (now < windowEnd) ask();
      else {
        running -= 1;
        if (running === 0) finish();
      }
    });
    ask();
  });
  const used = await windowEnds;
  await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, windowEnd - performance.now() + drainMs))]);
  for (const ws of sockets) ws.terminate();
  const completed = latencies.length;
  return {
    completed,
    errors,
    measureMs: job.measureMs,
    latenciesMs: Float64Array.from(latencies),
    framesPerQuestion: frames / Math.max(1, completed),
    bytesPerQuestion: bytes / Math.max(1, completed),
    windowStartUs,
    serverCpuMs: used.server,
    serverMainThreadCpuMs: used.serverMain,
    loadCpuMs: used.load,
  };
}

process.on('message', function onJob(job: LoadJob) {
  runLoad(job).then(
    (reply) => process.send?.(reply),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
