import { execFile } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { findFreePort } from '../../bench/free-port.ts';

// PostgreSQL for the tests: the server CI started (its URL in FAQ_CHAT_TEST_DATABASE_URL, see .ci/run),
// or, when that is unset, a throwaway one started here (initdb into a temporary folder, 127.0.0.1, a
// free port; as the postgres user when we are root, since PostgreSQL refuses to run as root).

const run = promisify(execFile);

/** The environment variable .ci/run passes the test server's URL in. */
export const testDatabaseUrlVariable = 'FAQ_CHAT_TEST_DATABASE_URL';

/** Whether a missing PostgreSQL fails the tests (CI) rather than skipping them. */
export const inCi = process.env.CI === 'true' || process.env.CI === '1';

/** A PostgreSQL binary (initdb, pg_ctl) on PATH or in Debian's /usr/lib/postgresql/<version>/bin; undefined when not installed. */
export function postgresBinary(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir !== '' && existsSync(join(dir, name))) return join(dir, name);
  const debian = '/usr/lib/postgresql';
  if (!existsSync(debian)) return undefined;
  const versions = readdirSync(debian).sort((a, b) => Number(b) - Number(a));
  for (const version of versions) if (existsSync(join(debian, version, 'bin', name))) return join(debian, version, 'bin', name);
  return undefined;
}

/** True when the tests can use PostgreSQL: a URL was given or the binaries to start one are installed. */
export function postgresAvailable(): boolean {
  return process.env[testDatabaseUrlVariable] !== undefined || (postgresBinary('initdb') !== undefined && postgresBinary('pg_ctl') !== undefined);
}

/** Why PostgreSQL tests cannot run here (for a skip message, or the failure in CI). */
export const postgresMissing = `no PostgreSQL: set ${testDatabaseUrlVariable} or install it (apt-get install -y postgresql)`;

/** A PostgreSQL server a test started; `stop` and `start` keep its data (a database outage), `destroy` removes it. */
export interface ThrowawayPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/** Runs a PostgreSQL binary, as the postgres user when we are root. */
async function asPostgres(binary: string, args: readonly string[]): Promise<void> {
  const asRoot = userInfo().uid === 0;
  const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, [...args]];
  // From /: the postgres user may not enter the working directory.
  await run(command, argv, { timeout: 60_000, cwd: '/' });
}

/** Starts a new PostgreSQL in a temporary folder on 127.0.0.1 and a free port; trust authentication (loopback only). */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const initdb = postgresBinary('initdb');
  const pgCtl = postgresBinary('pg_ctl');
  if (initdb === undefined || pgCtl === undefined) throw new Error(postgresMissing);
  const base = mkdtempSync(join(tmpdir(), 'faq-pg-'));
  const dataDir = join(base, 'data');
  if (userInfo().uid === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: group } = await run('id', ['-g', 'postgres']);
    chownSync(base, Number(stdout.trim()), Number(group.trim()));
  }
  await asPostgres(initdb, ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await findFreePort();
  // A throwaway server: no durability needed, and enough connections for several replicas' pools.
  appendFileSync(
    join(dataDir, 'postgresql.conf'),
    [
      `listen_addresses = '127.0.0.1'`,
      `port = ${port}`,
      `unix_socket_directories = '${base}'`,
      'max_connections = 300',
      'fsync = off',
      'synchronous_commit = off',
      'full_page_writes = off',
      '',
    ].join('\n'),
  );
  const logFile = join(base, 'postgres.log');
  const start = (): Promise<void> => asPostgres(pgCtl, ['-D', dataDir, '-l', logFile, '-w', '-t', '60', 'start']);
  const stop = (): Promise<void> => asPostgres(pgCtl, ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
  await start();
  let running = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      await stop();
      running = false;
    },
    async start() {
      await start();
      running = true;
    },
    async destroy() {
      if (running) await stop().catch(() => undefined);
      running = false;
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/** The server tests use: CI's (FAQ_CHAT_TEST_DATABASE_URL), or one started now; `release` stops what was started. */
export async function testPostgres(): Promise<{ url: string; release(): Promise<void> }> {
  const given = process.env[testDatabaseUrlVariable];
  if (given !== undefined) return { url: given, release: async () => undefined };
  const started = await startThrowawayPostgres();
  return { url: started.url, release: () => started.destroy() };
}

let databases = 0;

/** Creates an empty database of its own on `serverUrl` (tests run in parallel) and returns its URL. */
export async function createTestDatabase(serverUrl: string): Promise<string> {
  databases += 1;
  const name = `faqchat_test_${process.pid}_${databases}_${Date.now().toString(36)}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a database {@link createTestDatabase} made, ending its connections first. */
export async function dropTestDatabase(serverUrl: string, databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
