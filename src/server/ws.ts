import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { type RawData, type ServerOptions, WebSocket, WebSocketServer } from 'ws';
import { createSession } from '../feedback.ts';
import { ErrorCode, parseClientMessage, type ServerMessage } from '../protocol.ts';
import { internalErrorMessage, type OutFrame, type Responder } from '../respond.ts';
import { compileTrust, readerAddress } from './client-address.ts';
import type { Config } from './config.ts';
import { createFrameWriter, directWritesUnavailable, type FrameConnection, frameConnection, WritePath } from './frames.ts';
import { addressKey, createConnectionCounter, createMessageLimiter, RateVerdict } from './limits.ts';
import { RefusalReason, refuseUpgrade } from './refuse.ts';
import { createWsStats, DropReason, type WsStats } from './ws-stats.ts';

/** Settings of the WebSocket endpoint (README "Settings"), its origin policy, and where it reports. */
export type WsOptions = Pick<
  Config,
  'maxPayloadBytes' | 'heartbeatMs' | 'rateLimitQuestions' | 'maxConnectionsPerIp' | 'maxBufferedBytes' | 'shutdownGraceMs' | 'wsWrites'
> &
  Partial<Pick<Config, 'trustProxy'>> & {
    /** Whether a handshake's Origin header may connect. */
    isOriginAllowed(origin: string | undefined, host: string | undefined): boolean;
    readonly log?: Logger | undefined;
    /** Error frames the endpoint sends itself (rate_limited, binary frames), for the metrics. */
    onError?: ((code: ErrorCode) => void) | undefined;
  };

/** The endpoint: accepts upgrades on /ws and speaks protocol v1 through the responder. */
export interface WsEndpoint {
  readonly wss: WebSocketServer;
  readonly stats: WsStats;
  /** Takes an HTTP upgrade request: refuses it with an HTTP status, or completes the handshake. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Sends one frame to every open connection (a new welcome after a reload). */
  broadcast(frame: string): void;
  /**
   * Refuses new upgrades (503), closes every client with 1001 after the frames already queued for it,
   * terminates those still open after SHUTDOWN_GRACE_MS; resolves when no connection is left.
   */
  close(): Promise<void>;
}

/** Fixed limits of the endpoint (docs/security.md says why each is fixed). */
export const wsDefaults = Object.freeze({
  path: '/ws',
  /** Browsers send a message as one frame; ws would allow 16384 fragments, each a buffer to keep. */
  maxFragments: 32,
  /** Socket reads ws may hold while a frame is incomplete; a byte-by-byte trickle hits this, not memory. */
  maxBufferedChunks: 1024,
});

/** Close codes the endpoint uses itself (RFC 6455 section 7.4.1). */
export const CloseCode = { goingAway: 1001, policyViolation: 1008 } as const;

/** Reasons sent with those close codes. */
export const CloseReason = {
  shuttingDown: 'server shutting down',
  rateLimited: 'rate limit exceeded',
  tooSlow: 'too slow to read',
} as const;

/** Texts of the error frames the endpoint sends itself. */
export const WsErrorMessage = {
  binary: 'Binary frames are not accepted; send JSON text frames.',
  rateLimited: 'Too many messages on this connection; wait a few seconds before asking again.',
} as const;

const binaryRefused = JSON.stringify({ type: 'error', id: null, code: ErrorCode.badRequest, message: WsErrorMessage.binary } satisfies ServerMessage);

/** The request path without its query, without parsing (a URL parser can throw on hostile targets). */
function pathOf(url: string | undefined): string {
  if (url === undefined) return '';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** Creates the WebSocket endpoint around a responder. */
export function createWsEndpoint(responder: Responder, options: WsOptions): WsEndpoint {
  const { log, onError, maxBufferedBytes } = options;
  // ws 8.23 takes closeTimeout; @types/ws 8.18 does not list it yet.
  const serverOptions: ServerOptions & { closeTimeout: number } = {
    noServer: true,
    maxPayload: options.maxPayloadBytes,
    perMessageDeflate: false,
    clientTracking: true,
    maxFragments: wsDefaults.maxFragments,
    maxBufferedChunks: wsDefaults.maxBufferedChunks,
    // A peer that does not complete a closing handshake is as gone as one that misses a ping.
    closeTimeout: options.heartbeatMs,
  };
  const wss = new WebSocketServer(serverOptions);
  const stats = createWsStats();
  const limiter = createMessageLimiter(options.rateLimitQuestions);
  const connections = createConnectionCounter(options.maxConnectionsPerIp);
  const trust = compileTrust(options.trustProxy ?? false);
  const alive = new WeakSet<WebSocket>();
  let closing = false;
  let sequence = 0;

  function refuse(socket: Duplex, reason: RefusalReason, address: string): void {
    stats.refused[reason] += 1;
    log?.debug({ reason, address }, 'handshake refused');
    refuseUpgrade(socket, reason);
  }

  /** Closes a connection whose unread output passed the bound (1008, after the frames written). */
  function checkBuffered(ws: WebSocket): void {
    if (ws.bufferedAmount > maxBufferedBytes && ws.readyState === WebSocket.OPEN) {
      stats.dropped[DropReason.slowReader] += 1;
      log?.debug({ buffered: ws.bufferedAmount }, 'closing a client too slow to read');
      ws.close(CloseCode.policyViolation, CloseReason.tooSlow);
    }
  }

  // Frames are written at the end of the event loop's turn (src/server/frames.ts); anything ws sends
  // itself on a connection (a close frame) is preceded by writer.flush(), so it comes after the answers.
  const unavailable = options.wsWrites === WritePath.direct ? directWritesUnavailable() : undefined;
  if (unavailable !== undefined) log?.warn(`answers are not framed by the endpoint: ${unavailable}`);
  const writer = createFrameWriter({
    afterWrite: checkBuffered,
    onError(error) {
      log?.error({ err: error }, 'writing frames failed');
    },
    onWritten(path) {
      stats.writes[path] += 1;
    },
    path: unavailable === undefined ? options.wsWrites : WritePath.wsSend,
  });
  // Each open connection with the socket its upgrade came on (the writer frames answers onto it).
  const connectionOf = new WeakMap<WebSocket, FrameConnection>();

  function acceptConnection(ws: WebSocket, socket: Duplex, address: string): void {
    const connection = frameConnection(ws, socket);
    connectionOf.set(ws, connection);
    const sendAll = (frames: readonly OutFrame[]): void => writer.send(connection, frames);
    sequence += 1;
    const key = String(sequence);
    // The connection's recent asks, so feedback can refer to them (src/feedback.ts).
    const session = createSession();
    stats.opened += 1;
    stats.open += 1;
    alive.add(ws);
    log?.debug({ connection: key, address }, 'connection opened');

    function answer(data: RawData, isBinary: boolean): void {
      if (isBinary) {
        onError?.(ErrorCode.badRequest);
        sendAll([binaryRefused]);
        return;
      }
      sendAll(responder.respondFrames(data.toString(), session));
    }

    function refuseRateLimited(data: RawData, isBinary: boolean): void {
      // The reader's program waits for an answer to its id, so the refusal carries it.
      const parsed = isBinary ? undefined : parseClientMessage(data.toString());
      const id = parsed === undefined ? null : parsed.ok ? parsed.message.id : parsed.id;
      onError?.(ErrorCode.rateLimited);
      sendAll([JSON.stringify({ type: 'error', id, code: ErrorCode.rateLimited, message: WsErrorMessage.rateLimited } satisfies ServerMessage)]);
    }

    function socketOnMessage(data: RawData, isBinary: boolean): void {
      // Once closing (shutdown, a limit), nothing more can be sent: do not spend time answering.
      if (ws.readyState !== WebSocket.OPEN) return;
      stats.messages += 1;
      try {
        if (limiter === undefined) {
          answer(data, isBinary);
          return;
        }
        limiter.take(key, function decideMessage(verdict) {
          if (ws.readyState !== WebSocket.OPEN) return;
          try {
            if (verdict === RateVerdict.allowed) answer(data, isBinary);
            else if (verdict === RateVerdict.limited) refuseRateLimited(data, isBinary);
            else {
              stats.dropped[DropReason.rateLimit] += 1;
              log?.debug({ connection: key }, 'closing a connection over its rate limit');
              writer.flush();
              ws.close(CloseCode.policyViolation, CloseReason.rateLimited);
            }
          } catch (error) {
            failMessage(error);
          }
        });
      } catch (error) {
        failMessage(error);
      }
    }

    /** A fault of ours while handling a frame: the reader gets a reference, the log the stack. */
    function failMessage(error: unknown): void {
      const reference = randomUUID();
      log?.error({ err: error, reference, connection: key }, 'internal error while handling a frame');
      onError?.(ErrorCode.internal);
      if (ws.readyState === WebSocket.OPEN) {
        sendAll([
          JSON.stringify({ type: 'error', id: null, code: ErrorCode.internal, message: `${internalErrorMessage} ${reference}` } satisfies ServerMessage),
        ]);
      }
    }

    function socketOnPong(): void {
      alive.add(ws);
    }

    function socketOnError(error: Error & { code?: string }): void {
      // ws has already chosen the close code (1009 too big, 1007 invalid UTF-8, 1008 too many fragments, 1002 framing).
      stats.dropped[DropReason.protocol] += 1;
      log?.debug({ connection: key, code: error.code }, 'frame refused by ws');
    }

    function socketOnClose(code: number): void {
      stats.open -= 1;
      limiter?.forget(key);
      log?.debug({ connection: key, code }, 'connection closed');
    }

    ws.on('message', socketOnMessage);
    ws.on('pong', socketOnPong);
    ws.on('error', socketOnError);
    ws.on('close', socketOnClose);
    ws.send(responder.welcome());
  }

  const heartbeat = setInterval(function checkPeers() {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        stats.dropped[DropReason.heartbeat] += 1;
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, options.heartbeatMs);
  heartbeat.unref();

  let closed: Promise<void> | undefined;

  return {
    wss,
    stats,
    handleUpgrade(req, socket, head) {
      // Behind a proxy TRUST_PROXY names, the reader's address is the one it forwarded (docs/scaling.md).
      const address = addressKey(readerAddress(req, trust));
      if (closing) return refuse(socket, RefusalReason.closing, address);
      if (pathOf(req.url) !== wsDefaults.path) return refuse(socket, RefusalReason.path, address);
      if (!options.isOriginAllowed(req.headers.origin, req.headers.host)) return refuse(socket, RefusalReason.origin, address);
      if (!connections.tryAcquire(address)) return refuse(socket, RefusalReason.perAddress, address);
      // Counted until the socket closes, whether or not the handshake completes.
      socket.once('close', function upgradeSocketOnClose() {
        connections.release(address);
      });
      wss.handleUpgrade(req, socket, head, function onUpgraded(ws) {
        acceptConnection(ws, socket, address);
      });
    },
    broadcast(frame) {
      for (const ws of wss.clients) {
        const connection = connectionOf.get(ws);
        if (connection !== undefined && ws.readyState === WebSocket.OPEN) writer.send(connection, [frame]);
      }
    },
    close() {
      if (closed) return closed;
      closing = true;
      clearInterval(heartbeat);
      // Queued after the answers already computed, so a reader gets those before the close frame.
      writer.flush();
      for (const ws of wss.clients) ws.close(CloseCode.goingAway, CloseReason.shuttingDown);
      closed = new Promise((resolve) => {
        const deadline = setTimeout(function terminateStragglers() {
          log?.debug({ left: wss.clients.size }, 'shutdown grace over: terminating the remaining connections');
          for (const ws of wss.clients) ws.terminate();
        }, options.shutdownGraceMs);
        deadline.unref();
        wss.close(function endpointClosed() {
          clearTimeout(deadline);
          resolve();
        });
      });
      return closed;
    },
  };
}
