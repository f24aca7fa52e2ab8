import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { repoRoot } from './service.ts';

/** `uptime` as the shell prints it (load averages of the shared machine), or the load averages alone. */
export function uptimeLine(): string {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return `load average: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`;
  }
}

function git(args: readonly string[]): string {
  try {
    return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

/** The commit measured, and the files of src/ changed on top of it (others edit the same tree). */
export function sourceState(): { commit: string; uncommittedSrc: string[] } {
  return { commit: git(['rev-parse', '--short', 'HEAD']), uncommittedSrc: git(['status', '--short', '--', 'src']).split('\n').filter(Boolean) };
}

/** How many CPUs the machine offers. */
export function cpuCount(): number {
  return cpus().length;
}
