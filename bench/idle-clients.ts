// Child process of `npm run bench` (started through bash to raise `ulimit -n`): holds idle WebSocket
// connections. Reads `open N` lines on stdin, answers each with one JSON line once N more are open;
// closes everything and exits when stdin ends.
import { createInterface } from 'node:readline';
import WebSocket from 'ws';

/** Handshakes in flight at once: a burst of thousands would overflow the server's accept backlog. */
const concurrentHandshakes = 200;

const url = process.argv[2] ?? '';
const sockets: WebSocket[] = [];
let failed = 0;

function openOne(): Promise<void> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once('message', () => {
      sockets.push(ws);
      resolve();
    });
    ws.once('error', () => {
      failed += 1;
      resolve();
    });
  });
}

async function openMore(count: number): Promise<void> {
  let left = count;
  const worker = async (): Promise<void> => {
    while (left > 0) {
      left -= 1;
      await openOne();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrentHandshakes, count) }, worker));
  process.stdout.write(`${JSON.stringify({ open: sockets.length, failed })}\n`);
}

let queue = Promise.resolve();
const lines = createInterface({ input: process.stdin });
lines.on('line', function onCommand(line) {
  const match = /^open (\d+)$/.exec(line.trim());
  if (match) queue = queue.then(() => openMore(Number(match[1])));
});
lines.on('close', function onStdinEnd() {
  void queue.then(() => {
    for (const ws of sockets) ws.terminate();
    process.exit(0);
  });
});
