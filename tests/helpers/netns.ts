import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Another "host" for tests: a network namespace joined to this one by a veth pair. */
export interface OtherHost {
  /** Our address as the other host sees it (a server listening here is reached by address, not as localhost). */
  readonly serverAddress: string;
  /** An executable that runs Chromium inside the other host (playwright-core's `executablePath`). */
  readonly chromiumPath: string;
  remove(): void;
}

/** Why another host cannot be made here (network namespaces need root and iproute2's `ip`), or undefined when it can. */
export function otherHostUnavailable(): string | undefined {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) return 'network namespaces need root';
  if (!['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'].some((path) => existsSync(path))) return 'no `ip` command (apt-get install iproute2)';
  return undefined;
}

function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A /24 in 10.213.x.0 that no interface here uses yet (other test runs on this machine may hold some). */
function freeSubnet(): number {
  const used = ip('-4', '-o', 'addr', 'show');
  for (let i = 0; i < 250; i += 1) {
    const third = ((process.pid + i) % 250) + 1;
    if (!used.includes(` 10.213.${third}.`)) return third;
  }
  throw new Error('no free 10.213.x.0/24 subnet for the test namespace');
}

/** Creates a network namespace with a veth pair to this one, and a Chromium wrapper that runs inside it. */
export function createOtherHost(chromium: string): OtherHost {
  const tag = `fq${process.pid}`;
  const ns = `${tag}ns`;
  const [here, there] = [`${tag}a`, `${tag}b`];
  const third = freeSubnet();
  const dir = mkdtempSync(join(tmpdir(), 'faq-netns-'));
  const remove = (): void => {
    // Deleting the namespace deletes its end of the pair, and with it ours.
    for (const args of [
      ['link', 'del', here],
      ['netns', 'del', ns],
    ]) {
      try {
        ip(...args);
      } catch {
        // Already gone (or never made).
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    ip('netns', 'add', ns);
    ip('link', 'add', here, 'type', 'veth', 'peer', 'name', there);
    ip('link', 'set', there, 'netns', ns);
    ip('addr', 'add', `10.213.${third}.1/24`, 'dev', here);
    ip('link', 'set', here, 'up');
    ip('-n', ns, 'addr', 'add', `10.213.${third}.2/24`, 'dev', there);
    ip('-n', ns, 'link', 'set', there, 'up');
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    const chromiumPath = join(dir, 'chromium');
    writeFileSync(chromiumPath, `#!/bin/sh\nexec ip netns exec ${ns} ${chromium} "$@"\n`);
    chmodSync(chromiumPath, 0o755);
    return { serverAddress: `10.213.${third}.1`, chromiumPath, remove };
  } catch (error) {
    remove();
    throw error;
  }
}
