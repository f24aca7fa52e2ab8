import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { ErrorCode } from '../protocol.ts';
import type { ResponderHooks } from '../respond.ts';
import type { WsStats } from './ws-stats.ts';

/** The server's Prometheus metrics: hooks to feed them, and the registry to serve. */
export interface Metrics {
  readonly registry: Registry;
  /** For the responder: answered/abstained questions, answer latency, error frames by code. */
  readonly hooks: Required<Pick<ResponderHooks, 'onAnswered' | 'onError'>>;
  /** Reads the endpoint's counters at each scrape (connections, messages, refusals, drops). */
  watch(stats: WsStats): void;
}

const prefix = 'faqchat_';

/** Creates a registry of its own (no global state), with Node's process metrics, event-loop delay included. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 1 });
  // The answer path only adds to plain numbers; prom-client reads them at each scrape (collect).
  const outcomes = { answered: 0, abstained: 0 };
  new Counter({
    name: `${prefix}questions_total`,
    help: 'Questions answered from an article, by outcome.',
    labelNames: ['outcome'],
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ outcome: 'answered' }, outcomes.answered);
      this.inc({ outcome: 'abstained' }, outcomes.abstained);
    },
  });
  const errorCounts = Object.fromEntries(Object.values(ErrorCode).map((code) => [code, 0])) as Record<ErrorCode, number>;
  new Counter({
    name: `${prefix}errors_total`,
    help: 'Error frames sent, by code.',
    labelNames: ['code'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [code, count] of Object.entries(errorCounts)) this.inc({ code }, count);
    },
  });
  // prom-client's own histogram: observe() costs a few hundred ns against tens of µs per question (bench/README.md).
  const latency = new Histogram({
    name: `${prefix}answer_duration_seconds`,
    help: 'Time to answer one question, from parsed message to frames ready.',
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
    registers: [registry],
  });
  let watched: WsStats | undefined;
  new Gauge({
    name: `${prefix}connections`,
    help: 'Open WebSocket connections.',
    registers: [registry],
    collect() {
      this.set(watched?.open ?? 0);
    },
  });
  const counted = (name: string, help: string, read: (stats: WsStats) => number): void => {
    new Counter({
      name: `${prefix}${name}`,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(watched ? read(watched) : 0);
      },
    });
  };
  counted('connections_opened_total', 'WebSocket connections accepted.', (s) => s.opened);
  counted('messages_total', 'Frames received from clients (each a would-be question).', (s) => s.messages);
  const byLabel = (name: string, help: string, label: string, read: (stats: WsStats) => Record<string, number>): void => {
    new Counter({
      name: `${prefix}${name}`,
      help,
      labelNames: [label],
      registers: [registry],
      collect() {
        this.reset();
        if (watched) for (const [value, count] of Object.entries(read(watched))) this.inc({ [label]: value }, count);
      },
    });
  };
  byLabel('handshakes_refused_total', 'WebSocket handshakes refused, by reason.', 'reason', (s) => s.refused);
  byLabel('connections_dropped_total', 'Connections the server ended itself, by reason.', 'reason', (s) => s.dropped);
  byLabel(
    'frame_writes_total',
    'Answers and other frame batches written, by path (direct: framed by the endpoint; ws_send: one ws.send per frame).',
    'path',
    (s) => s.writes,
  );

  return {
    registry,
    hooks: {
      onAnswered(event) {
        if (event.count === 0) outcomes.abstained += 1;
        else outcomes.answered += 1;
        latency.observe(event.micros / 1e6);
      },
      onError(code) {
        errorCounts[code] += 1;
      },
    },
    watch(stats) {
      watched = stats;
    },
  };
}

/** A listening metrics server. */
export interface MetricsServer {
  readonly server: Server;
  /** http://host:port/metrics */
  readonly url: string;
  close(): Promise<void>;
}

/** Serves `GET /metrics` on a port of its own, so it can stay off the public listener. */
export async function serveMetrics(registry: Pick<Registry, 'metrics' | 'contentType'>, host: string, port: number): Promise<MetricsServer> {
  const server = createServer(function serveMetricsRequest(req, res) {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('Metrics unavailable'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    server,
    url: `http://${shownHost}:${bound}/metrics`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
