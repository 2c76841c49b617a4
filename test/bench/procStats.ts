import { readFileSync } from 'node:fs';

/** USER_HZ: 100 on Linux (getconf CLK_TCK). */
const CLOCK_TICKS = 100;

/**
 * CPU time (user + system, ms) a process has used so far, from /proc/<pid>/stat: per request it is
 * steadier on a shared machine than throughput, which other processes' load moves.
 */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** Resident set size (kB) of a process now, from /proc/<pid>/status. */
export const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
