import { describe, expect, it } from 'vitest';
import { parseStatTimes, processTreeCpuSeconds, type ProcReader } from './process-tree-cpu.js';

/** A /proc/<pid>/stat line with the given ticks (utime stime cutime cstime = fields 14–17). */
const stat = (pid: number, comm: string, utime: number, stime: number, cutime = 0, cstime = 0) =>
  `${pid} (${comm}) S 1 ${pid} ${pid} 0 -1 4194560 100 0 0 0 ${utime} ${stime} ${cutime} ${cstime} 20 0 1 0 100 1000 10`;

describe('parseStatTimes', () => {
  it('reads own and reaped-children ticks, even with spaces and parentheses in the name', () => {
    expect(parseStatTimes(stat(7, 'postgres: 15/main: walwriter (x)', 150, 50, 30, 20))).toEqual({
      own: 2,
      reaped: 0.5,
    });
  });
});

describe('processTreeCpuSeconds', () => {
  const tree: Record<number, { stat: string; children: string }> = {
    1: { stat: stat(1, 'postgres', 100, 0, 200, 100), children: '2 3 ' },
    2: { stat: stat(2, 'postgres: walwriter', 10, 10), children: '' },
    3: { stat: stat(3, 'postgres: aether gw-1', 40, 10, 5, 5), children: '4' },
    // 4 ended between the listing and its read: only its parent's reaped time will hold it
  };
  const reader: ProcReader = {
    stat: (pid) => {
      if (!tree[pid]) throw new Error('ENOENT');
      return tree[pid].stat;
    },
    children: (pid) => tree[pid]!.children,
  };

  it('adds the live processes’ own time and every parent’s reaped children', () => {
    // 1: 1 s own + 3 s reaped; 2: 0.2 s; 3: 0.5 s own + 0.1 s reaped; 4: gone
    expect(processTreeCpuSeconds(1, reader)).toBeCloseTo(4.8, 10);
  });

  it('is 0 for a process that is gone', () => {
    expect(processTreeCpuSeconds(99, reader)).toBe(0);
  });
});
