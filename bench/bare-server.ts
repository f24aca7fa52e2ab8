// Child process of `npm run bench`: the reference, as lean as the minimal harness defines it.
// A plain `ws` server that parses each ask (JSON.parse) and sends the next of our service's captured
// replies (round-robin), each frame precomputed and sent with its own `ws.send`. Nothing else: every
// µs spent here would flatter our service's ratio.
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import type { CapturedFrames } from './capture.ts';

/** The job: the captured frames; the reply: the port it listens on. */
export type BareServerJob = CapturedFrames;
export interface BareServerReply {
  readonly port: number;
}

/** Frames are precomputed as bytes; sent as text frames, as our service sends them. */
const asText = Object.freeze({ binary: false });

function serve(job: BareServerJob): Promise<number> {
  const replies = job.replies.map((frames) => frames.map((frame) => Buffer.from(frame, 'utf8')));
  let next = 0;
  // The same transport settings as our endpoint (src/server/ws.ts): no compression, 16 KiB frames.
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, maxPayload: 16 * 1024 });
  wss.on('connection', function bareOnConnection(ws: WebSocket) {
    ws.on('message', function bareOnMessage(data: RawData) {
      JSON.parse(String(data));
      const reply = replies[next] as Buffer[];
      next = (next + 1) % replies.length;
      for (const frame of reply) ws.send(frame, asText);
    });
    ws.send(job.welcome);
  });
  return new Promise((resolve) => {
    wss.on('listening', () => {
      const address = wss.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    });
  });
}

process.once('message', function onJob(job: BareServerJob) {
  void serve(job).then((port) => process.send?.({ port } satisfies BareServerReply));
});
