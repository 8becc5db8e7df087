import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times; 100 on every Linux we run on. */
const CLK_TCK = 100;

/** The CPU fields of one /proc/<pid>/stat line, in seconds. */
export interface StatTimes {
  /** utime + stime: the process itself. */
  own: number;
  /** cutime + cstime: its children that have ended and been waited for. */
  reaped: number;
}

export function parseStatTimes(stat: string): StatTimes {
  // the command name (field 2) may contain spaces and parentheses: split after the last ')'
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17
  const n = (i: number) => Number(fields[i - 3]);
  return { own: (n(14) + n(15)) / CLK_TCK, reaped: (n(16) + n(17)) / CLK_TCK };
}

export interface ProcReader {
  stat(pid: number): string;
  /** Space-separated pids of the process' children (/proc/<pid>/task/<pid>/children). */
  children(pid: number): string;
}

const proc: ProcReader = {
  stat: (pid) => readFileSync(`/proc/${pid}/stat`, 'utf8'),
  children: (pid) => readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8'),
};

/**
 * CPU seconds used so far by a process and every process under it, living or ended: the live
 * ones' own time, plus what the kernel folded into their parents' cutime/cstime when the ended
 * ones were waited for. A Postgres server forks a backend per connection and reaps it when it
 * ends, so without the reaped time a reconnecting pool would hide its backends' CPU.
 * (A child that ends between two reads of one call may be counted twice or not at all; over a
 * window of seconds that is a tick or two.)
 */
export function processTreeCpuSeconds(pid: number, reader: ProcReader = proc): number {
  let total = 0;
  try {
    const times = parseStatTimes(reader.stat(pid));
    total = times.own + times.reaped;
    for (const child of reader.children(pid).split(' '))
      if (child.trim()) total += processTreeCpuSeconds(Number(child), reader);
  } catch {
    // gone meanwhile: its time is in its parent's reaped time once waited for
  }
  return total;
}
