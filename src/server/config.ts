import { z } from 'zod';

/** Every setting of the server, from the environment; README "Settings" lists them. */
export interface Config {
  readonly host: string;
  readonly port: number;
  readonly faqDir: string;
  readonly defaultArticle: string | undefined;
  readonly logLevel: string;
  readonly maxPayloadBytes: number;
  readonly heartbeatMs: number;
  readonly rateLimitQuestions: number;
  readonly maxConnectionsPerIp: number;
  readonly allowedOrigins: readonly string[] | undefined;
  readonly maxBufferedBytes: number;
  readonly shutdownGraceMs: number;
  readonly metricsPort: number | undefined;
  readonly dataDir: string;
  readonly retentionDays: number;
  readonly adminToken: string | undefined;
}

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

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
  RETENTION_DAYS: int(1, 36_500).default(90),
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
});

/** Defaults of every setting, as documented. */
export const configDefaults: Config = readConfig({});

/** Reads the configuration from environment variables; throws naming the variable that is wrong. */
export function readConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`Invalid setting ${String(issue?.path[0] ?? '')}: ${issue?.message ?? 'invalid value'}`);
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
    allowedOrigins: e.ALLOWED_ORIGINS?.split(',').map((o) => o.trim()).filter(Boolean),
    maxBufferedBytes: e.MAX_BUFFERED_BYTES,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    metricsPort: e.METRICS_PORT,
    dataDir: e.DATA_DIR,
    retentionDays: e.RETENTION_DAYS,
    adminToken: e.ADMIN_TOKEN,
  };
}
