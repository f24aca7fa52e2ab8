import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { ErrorCode, type ServerMessage } from '../protocol.ts';
import type { Responder } from '../respond.ts';

/** Settings of the WebSocket endpoint (see README "Settings"). */
export interface WsOptions {
  readonly maxPayloadBytes: number;
  readonly heartbeatMs: number;
  /** Whether a handshake's Origin header may connect. */
  isOriginAllowed(origin: string | undefined, host: string | undefined): boolean;
}

/** The endpoint: accepts upgrades on /ws and speaks protocol v1 through the responder. */
export interface WsEndpoint {
  readonly wss: WebSocketServer;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Stops accepting, closes every client with 1001 (going away) and stops the heartbeat. */
  close(): void;
}

const binaryRefused = JSON.stringify({
  type: 'error',
  id: null,
  code: ErrorCode.badRequest,
  message: 'Binary frames are not accepted; send JSON text frames.',
} satisfies ServerMessage);

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${reason.length}\r\n\r\n${reason}`);
}

/** Creates the WebSocket endpoint around a responder. */
export function createWsEndpoint(responder: Responder, options: WsOptions): WsEndpoint {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayloadBytes,
    perMessageDeflate: false,
    clientTracking: true,
  });
  const alive = new WeakSet<WebSocket>();

  wss.on('connection', function onConnection(ws: WebSocket) {
    alive.add(ws);
    ws.on('pong', function onPong() {
      alive.add(ws);
    });
    ws.on('message', function onMessage(data: RawData, isBinary: boolean) {
      if (isBinary) {
        ws.send(binaryRefused);
        return;
      }
      for (const frame of responder.respond(data.toString())) ws.send(frame);
    });
    ws.on('error', function onSocketError() {
      // ws closes the socket itself (1009 too big, 1007 invalid UTF-8, 1002 protocol); nothing to add.
    });
    ws.send(responder.welcome());
  });

  const heartbeat = setInterval(function checkPeers() {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, options.heartbeatMs);
  heartbeat.unref();

  return {
    wss,
    handleUpgrade(req, socket, head) {
      const { pathname } = new URL(req.url ?? '/', 'http://localhost');
      if (pathname !== '/ws') {
        refuse(socket, 404, 'Not Found');
        return;
      }
      if (!options.isOriginAllowed(req.headers.origin, req.headers.host)) {
        refuse(socket, 403, 'Forbidden');
        return;
      }
      wss.handleUpgrade(req, socket, head, function onUpgraded(ws) {
        wss.emit('connection', ws, req);
      });
    },
    close() {
      clearInterval(heartbeat);
      for (const ws of wss.clients) ws.close(1001, 'server shutting down');
      wss.close();
    },
  };
}
