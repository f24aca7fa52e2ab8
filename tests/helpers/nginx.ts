import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '../../bench/free-port.ts';

// Debian's nginx in front of test replicas, configured with the block docs/scaling.md shows: the test
// changes the upstream's server addresses and the listen port, and wraps it in a main context of its
// own (temporary paths, no daemon), so the documented configuration is what runs.

const scalingDoc = fileURLToPath(new URL('../../docs/scaling.md', import.meta.url));

/** The nginx binary on PATH or Debian's /usr/sbin/nginx; undefined when not installed. */
export function nginxBinary(): string | undefined {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin']) if (dir !== '' && existsSync(join(dir, 'nginx'))) return join(dir, 'nginx');
  return undefined;
}

/** Why the nginx tests cannot run here. */
export const nginxMissing = 'no nginx: install it (apt-get install -y nginx)';

/** The ```nginx block of docs/scaling.md that configures the upstream. */
export function documentedNginxConfig(): string {
  const text = readFileSync(scalingDoc, 'utf8');
  const block = [...text.matchAll(/```nginx\n([\s\S]*?)```/g)].map((m) => m[1] as string).find((b) => b.includes('upstream faq_chat'));
  if (block === undefined) throw new Error('docs/scaling.md has no ```nginx block with "upstream faq_chat"');
  return block;
}

/**
 * The documented configuration with the upstream's servers replaced, in order, by `upstreams`
 * (host:port; the documented server lines' parameters are kept: the first line's repeated for more)
 * and `listen 80` by 127.0.0.1:`port`.
 */
export function configFor(upstreams: readonly string[], port: number): string {
  const block = documentedNginxConfig();
  const upstream = /upstream faq_chat \{([\s\S]*?)\n\}/.exec(block);
  if (!upstream?.[1]) throw new Error('docs/scaling.md: no upstream faq_chat block');
  const serverLines = upstream[1].split('\n').filter((line) => /^\s*server\s/.test(line));
  const template = serverLines[0];
  if (template === undefined) throw new Error('docs/scaling.md: the upstream lists no server');
  const servers = upstreams.map((address, i) => (serverLines[i] ?? template).replace(/server\s+\S+?(?=[\s;])/, `server ${address}`));
  const body = upstream[1]
    .split('\n')
    .filter((line) => !/^\s*server\s/.test(line))
    .concat(servers)
    .join('\n');
  const replaced = block.replace(upstream[0], `upstream faq_chat {${body}\n}`);
  if (!/^\s*listen 80;/m.test(replaced)) throw new Error('docs/scaling.md: the server block does not listen on 80');
  return replaced.replace(/^(\s*)listen 80;/m, `$1listen 127.0.0.1:${port};`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = netConnect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A running nginx. */
export interface TestNginx {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  readonly config: string;
  /** Its error log (for a failing test's message). */
  errorLog(): string;
  stop(): Promise<void>;
}

/** Starts nginx with the documented configuration in front of `upstreams` (host:port each). */
export async function startNginx(upstreams: readonly string[]): Promise<TestNginx> {
  const binary = nginxBinary();
  if (binary === undefined) throw new Error(nginxMissing);
  const prefix = mkdtempSync(join(tmpdir(), 'faq-nginx-'));
  // Workers run as nobody when we are root: they must be able to use the temporary folders.
  chmodSync(prefix, 0o777);
  for (const dir of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(prefix, dir), { mode: 0o777 });
  const port = await findFreePort();
  const site = configFor(upstreams, port);
  const config = `${userInfo().uid === 0 ? 'user nobody nogroup;\n' : ''}daemon off;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
${site}
}
`;
  writeFileSync(join(prefix, 'nginx.conf'), config);
  const child: ChildProcess = spawn(binary, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', join(prefix, 'error.log')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const errorLog = (): string => `${stderr}${existsSync(join(prefix, 'error.log')) ? readFileSync(join(prefix, 'error.log'), 'utf8') : ''}`;
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      const log = errorLog();
      rmSync(prefix, { recursive: true, force: true });
      throw new Error(`nginx did not start: ${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    config,
    errorLog,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
