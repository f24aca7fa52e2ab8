// Child process of `npm run bench`: the transport's limit. A plain `ws` server that answers each ask
// with our service's frames for that question, captured once, only the id replaced: same sizes, no work.
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { CapturedFrames, FrameTemplate } from './capture.ts';

/** The job: the captured frames; the reply: the port it listens on. */
export type BareServerJob = CapturedFrames;
export interface BareServerReply {
  readonly port: number;
}

const noFrames: readonly FrameTemplate[] = [['{"type":"done","id":', ',"count":0}']];

function serve(frames: CapturedFrames): Promise<number> {
  // The same transport settings as our endpoint (src/server/ws.ts): no compression, 16 KiB frames.
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/ws', perMessageDeflate: false, maxPayload: 16 * 1024 });
  wss.on('connection', function bareOnConnection(ws: WebSocket) {
    ws.on('message', function bareOnMessage(data: RawData) {
      const ask = JSON.parse(String(data)) as { id: string; question: string };
      const id = JSON.stringify(ask.id);
      for (const [before, after] of frames.replies.get(ask.question) ?? noFrames) ws.send(before + id + after);
    });
    ws.send(frames.welcome);
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
