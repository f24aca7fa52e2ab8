import { readFileSync } from 'node:fs';

/** Linux clock ticks per second (`getconf CLK_TCK`; 100 on every mainstream kernel config). */
const ticksPerSecond = 100;

/** CPU time (user + system) a process, all its threads, has used so far, in ms, from /proc; NaN once it has gone. */
export function cpuMsOf(pid: number): number {
  return cpuMsFrom(`/proc/${pid}/stat`);
}

/** CPU time of a process's main thread alone (the one running its event loop), in ms; NaN once it has gone. */
export function mainThreadCpuMsOf(pid: number): number {
  return cpuMsFrom(`/proc/${pid}/task/${pid}/stat`);
}

function cpuMsFrom(path: string): number {
  try {
    const stat = readFileSync(path, 'utf8');
    // Fields after the command name, which is in parentheses and may itself hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / ticksPerSecond;
  } catch {
    return Number.NaN;
  }
}
