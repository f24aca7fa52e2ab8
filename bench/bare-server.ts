// Child process of `npm run bench`: the transport's limit. A plain `ws` server that answers each ask
// with our service's frames for that question, captured once, only the id replaced: same sizes, no work.
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { createFrameWriter } from '../src/server/frames.ts';
import type { CapturedFrames, FrameTemplate } from './capture.ts';

/** The job: the captured frames, and how to send them; the reply: the port it listens on. */
export interface BareServerJob {
  readonly frames: CapturedFrames;
  /**
   * false (the bare server, the judged row): each frame with its own `ws.send`, one write each.
   * true: sent as our endpoint sends them, with its own code (src/server/frames.ts): an answer's frames
   * in one buffer, the answers of one event-loop turn written together at its end.
   */
  readonly sendAsOurs: boolean;
}
export interface BareServerReply {
  readonly port: number;
}

const noFrames: readonly FrameTemplate[] = [['{"type":"done","id":', ',"count":0}']];

function serve({ frames, sendAsOurs }: BareServerJob): Promise<number> {
  // The same transport settings as our endpoint (src/server/ws.ts): no compression, 16 KiB frames.
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/ws', perMessageDeflate: false, maxPayload: 16 * 1024 });
  const writer = sendAsOurs
    ? createFrameWriter(
        () => undefined,
        (error) => console.error(error),
      )
    : undefined;
  wss.on('connection', function bareOnConnection(ws: WebSocket) {
    ws.on('message', function bareOnMessage(data: RawData) {
      const ask = JSON.parse(String(data)) as { id: string; question: string };
      const id = JSON.stringify(ask.id);
      const reply = frames.replies.get(ask.question) ?? noFrames;
      if (writer === undefined) for (const [before, after] of reply) ws.send(before + id + after);
      else
        writer.send(
          ws,
          reply.map(([before, after]) => before + id + after),
        );
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
