// Child process of `npm run bench`: the transport's limit. A plain `ws` server that answers each ask
// with our service's frames for that question, captured once, only the id replaced: same sizes, no work.
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { CapturedFrames, FrameTemplate } from './capture.ts';

/** The job: the captured frames, and how to send them; the reply: the port it listens on. */
export interface BareServerJob {
  readonly frames: CapturedFrames;
  /**
   * false (the bare server, the judged row): each frame with its own `ws.send`, one write each.
   * true: an answer's frames corked into one write, as our endpoint sends them (src/server/ws.ts sendAll).
   */
  readonly cork: boolean;
}
export interface BareServerReply {
  readonly port: number;
}

const noFrames: readonly FrameTemplate[] = [['{"type":"done","id":', ',"count":0}']];

/** The connection's TCP socket, as src/server/ws.ts reaches it (ws keeps it as `_socket`). */
function socketOf(ws: WebSocket): Duplex | undefined {
  return (ws as unknown as { _socket?: Duplex })._socket;
}

function serve({ frames, cork }: BareServerJob): Promise<number> {
  // The same transport settings as our endpoint (src/server/ws.ts): no compression, 16 KiB frames.
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/ws', perMessageDeflate: false, maxPayload: 16 * 1024 });
  wss.on('connection', function bareOnConnection(ws: WebSocket) {
    const socket = cork ? socketOf(ws) : undefined;
    ws.on('message', function bareOnMessage(data: RawData) {
      const ask = JSON.parse(String(data)) as { id: string; question: string };
      const id = JSON.stringify(ask.id);
      const reply = frames.replies.get(ask.question) ?? noFrames;
      const corked = socket !== undefined && reply.length > 1;
      if (corked) socket.cork();
      for (const [before, after] of reply) ws.send(before + id + after);
      if (corked) socket.uncork();
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
