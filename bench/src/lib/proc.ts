import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times; 100 on every Linux we run on. */
const CLK_TCK = 100;

/** CPU seconds (user + system) a process has used so far, read from /proc, not guessed. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // the command name (field 2) may contain spaces: split after its closing parenthesis
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / CLK_TCK;
}

/** A kB field of /proc/<pid>/status (VmRSS, RssAnon, RssFile…) in bytes; 0 when absent. */
export function statusBytes(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
  return m ? Number(m[1]) * 1024 : 0;
}

/** Resident set size in bytes, from /proc/<pid>/status. */
export function rssBytes(pid: number): number {
  return statusBytes(pid, 'VmRSS');
}

export interface ProcessUsage {
  /** Average cores used over the window (CPU seconds / wall seconds). */
  cores: number;
  rssMaxBytes: number;
  rssEndBytes: number;
}

/** Samples a process every `everyMs` between start() and stop(). */
export function sampleProcess(pid: number, everyMs = 500) {
  let cpu0 = 0;
  let t0 = 0;
  let rssMax = 0;
  let timer: NodeJS.Timeout | undefined;
  return {
    start() {
      cpu0 = cpuSeconds(pid);
      t0 = performance.now();
      rssMax = rssBytes(pid);
      timer = setInterval(() => {
        try {
          rssMax = Math.max(rssMax, rssBytes(pid));
        } catch {
          clearInterval(timer); // the process is gone; stop() will say so
        }
      }, everyMs);
    },
    stop(): ProcessUsage {
      clearInterval(timer);
      const wall = (performance.now() - t0) / 1000;
      const rssEnd = rssBytes(pid);
      return {
        cores: (cpuSeconds(pid) - cpu0) / wall,
        rssMaxBytes: Math.max(rssMax, rssEnd),
        rssEndBytes: rssEnd,
      };
    },
  };
}
