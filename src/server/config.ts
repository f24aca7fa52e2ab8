import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { FaqChatError } from '../errors.ts';

/** Every setting of the server, from the environment; README "Settings" lists them. */
export interface Config {
  /** HOST, 127.0.0.1: the interface to listen on (also the metrics listener's). */
  readonly host: string;
  /** PORT, 8080; 0 picks a free port (logged at start). */
  readonly port: number;
  /** FAQ_DIR, faq: the article files. */
  readonly faqDir: string;
  /** DEFAULT_ARTICLE: answers questions that name no article; needed with several articles. */
  readonly defaultArticle: string | undefined;
  /** LOG_LEVEL, info: readers' questions appear only at debug. */
  readonly logLevel: string;
  /** MAX_PAYLOAD_BYTES, 16 KiB: larger frames close the connection with 1009. */
  readonly maxPayloadBytes: number;
  /** HEARTBEAT_MS, 30 s: ping interval; a silent peer is gone within two. */
  readonly heartbeatMs: number;
  /** RATE_LIMIT_QUESTIONS, 20: messages per connection per 10 s; 0 turns the limit off. */
  readonly rateLimitQuestions: number;
  /** MAX_CONNECTIONS_PER_IP, 256: open connections per address (IPv6: per /64); more get 429. */
  readonly maxConnectionsPerIp: number;
  /** ALLOWED_ORIGINS, comma-separated: browser origins that may connect besides the server's own pages. */
  readonly allowedOrigins: readonly string[] | undefined;
  /** MAX_BUFFERED_BYTES, 1 MiB: unread output past this closes the connection with 1008. */
  readonly maxBufferedBytes: number;
  /** SHUTDOWN_GRACE_MS, 10 s: how long a stop waits for clients before cutting them. */
  readonly shutdownGraceMs: number;
  /** METRICS_PORT: serve GET /metrics on this port; unset, no metrics are kept. */
  readonly metricsPort: number | undefined;
  /** DATA_DIR, data: the SQLite question log's folder (unused with DATABASE_URL). */
  readonly dataDir: string;
  /** DATABASE_URL, postgres://…: the question log, feedback, insights and shared articles live in PostgreSQL (docs/scaling.md). */
  readonly databaseUrl: string | undefined;
  /** QUESTION_LOG_BUFFER, 50,000: entries that may wait while the database refuses writes; more are dropped and counted. */
  readonly questionLogBuffer: number;
  readonly retentionDays: number;
  readonly adminToken: string | undefined;
  /** WS_WRITES, direct: answers framed by the endpoint, one write each; ws_send: one ws.send per frame (bench/README.md). */
  readonly wsWrites: 'direct' | 'ws_send';
  /** WORKERS, 1: processes serving HOST:PORT (node:cluster above 1; docs/scaling.md); `auto` = one per core. */
  readonly workers: number;
  /**
   * TRUST_PROXY, none: the proxies (load balancers) whose X-Forwarded-Proto and X-Forwarded-For are
   * believed, express's `trust proxy` values: HTTPS detection, and the reader's address for the
   * per-address limits of the HTTP API and the WebSocket endpoint (docs/scaling.md).
   */
  readonly trustProxy: boolean | number | string;
  /** HTTPS_HEADERS, auto: HSTS and upgrade-insecure-requests only on requests that came over TLS; `always`: on all. */
  readonly httpsHeaders: 'auto' | 'always';
}

/** Codes of a start refused for its settings. */
export const SettingErrorCode = {
  invalid: 'bad_setting',
  noFaqDir: 'no_faq_dir',
  noArticles: 'no_articles',
  unknownDefaultArticle: 'unknown_default_article',
} as const;

/** One of {@link SettingErrorCode}'s values. */
export type SettingErrorCode = (typeof SettingErrorCode)[keyof typeof SettingErrorCode];

/** A setting that stops the start; the message names the variable. */
export class SettingError extends FaqChatError<SettingErrorCode> {
  override readonly name = 'SettingError';
  constructor(
    code: SettingErrorCode,
    /** The environment variable at fault, e.g. `MAX_PAYLOAD_BYTES`. */
    readonly setting: string,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** The most WORKERS accepted (and what `auto` is capped at). */
export const maxWorkers = 64;

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** express's names for address ranges, besides addresses and subnets (proxy-addr). */
const proxyRanges = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An address, an address/prefix, or one of the range names. */
function isProxyEntry(entry: string): boolean {
  if (proxyRanges.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

/** TRUST_PROXY as express takes it: true/false, a number of hops, or a comma-separated list of proxies. */
const trustProxy = z
  .string()
  .transform((text) => text.trim())
  .refine((text) => /^(true|false|\d+)$/.test(text) || text.split(',').every((entry) => isProxyEntry(entry.trim())), {
    error: 'must be true, false, a number of proxies, or comma-separated addresses, subnets, loopback, linklocal or uniquelocal',
  })
  .transform((text): boolean | number | string => (text === 'true' ? true : text === 'false' ? false : /^\d+$/.test(text) ? Number(text) : text));

const schema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(0, 65535).default(8080),
  FAQ_DIR: z.string().min(1).default('faq'),
  DEFAULT_ARTICLE: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_PAYLOAD_BYTES: int(256, 1 << 20).default(16 * 1024),
  HEARTBEAT_MS: int(100, 3_600_000).default(30_000),
  RATE_LIMIT_QUESTIONS: int(0, 1_000_000).default(20),
  MAX_CONNECTIONS_PER_IP: int(1, 1_000_000).default(256),
  ALLOWED_ORIGINS: z.string().optional(),
  MAX_BUFFERED_BYTES: int(1024, 1 << 30).default(1 << 20),
  SHUTDOWN_GRACE_MS: int(0, 600_000).default(10_000),
  METRICS_PORT: int(0, 65535).optional(),
  DATA_DIR: z.string().min(1).default('data'),
  DATABASE_URL: z
    .string()
    .refine((url) => /^postgres(ql)?:\/\/./.test(url) && URL.canParse(url), 'must be a postgres:// or postgresql:// URL')
    .optional(),
  QUESTION_LOG_BUFFER: int(100, 10_000_000).default(50_000),
  RETENTION_DAYS: int(1, 36_500).default(90),
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  WS_WRITES: z.enum(['direct', 'ws_send']).default('direct'),
  WORKERS: z.union([z.literal('auto'), int(1, maxWorkers)], { error: `must be a whole number from 1 to ${maxWorkers}, or auto` }).default(1),
  TRUST_PROXY: trustProxy.default(false),
  HTTPS_HEADERS: z.enum(['auto', 'always']).default('auto'),
});

/** Reads the configuration from environment variables; throws a {@link SettingError} naming the variable that is wrong. */
export function readConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0];
    const setting = String(issue?.path[0] ?? '');
    throw new SettingError(SettingErrorCode.invalid, setting, `Invalid setting ${setting}: ${issue?.message ?? 'invalid value'}`, { cause: result.error });
  }
  const e = result.data;
  return {
    host: e.HOST,
    port: e.PORT,
    faqDir: e.FAQ_DIR,
    defaultArticle: e.DEFAULT_ARTICLE,
    logLevel: e.LOG_LEVEL,
    maxPayloadBytes: e.MAX_PAYLOAD_BYTES,
    heartbeatMs: e.HEARTBEAT_MS,
    rateLimitQuestions: e.RATE_LIMIT_QUESTIONS,
    maxConnectionsPerIp: e.MAX_CONNECTIONS_PER_IP,
    allowedOrigins: e.ALLOWED_ORIGINS?.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    maxBufferedBytes: e.MAX_BUFFERED_BYTES,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    metricsPort: e.METRICS_PORT,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    questionLogBuffer: e.QUESTION_LOG_BUFFER,
    retentionDays: e.RETENTION_DAYS,
    adminToken: e.ADMIN_TOKEN,
    wsWrites: e.WS_WRITES,
    workers: e.WORKERS === 'auto' ? Math.min(maxWorkers, availableParallelism()) : e.WORKERS,
    trustProxy: e.TRUST_PROXY,
    httpsHeaders: e.HTTPS_HEADERS,
  };
}
