/**
 * The shell text raising `ulimit -n` to `wanted`, or to the hard limit where that is lower and cannot
 * be raised (a container without CAP_SYS_RESOURCE refuses even root).
 */
export function raiseOpenFiles(wanted: number): string {
  return `{ ulimit -n ${wanted} 2>/dev/null || ulimit -n hard; }`;
}
