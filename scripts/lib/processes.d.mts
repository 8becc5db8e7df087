// Types of scripts/lib/processes.mjs (see stack.d.mts).
import type { ChildProcess } from 'node:child_process';

export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Set when started with a logDir. */
  readonly logFile: string | undefined;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  hasExited(): boolean;
  /** The last 20 kB of its output (stdout and stderr, whole lines). */
  output(): string;
  /** The last lines of its output, for error messages. */
  tail(lines?: number): string;
  /** SIGTERM, then SIGKILL after `graceMs` (default 10 s); resolves when it is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface OutputOptions {
  onLine?: (name: string, line: string) => void;
  logDir?: string;
}

export declare function startProcess(
  name: string,
  command: string,
  args: string[],
  options?: OutputOptions & { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: boolean },
): ManagedProcess;
export declare function waitForHttp(
  url: string,
  options?: { timeoutMs?: number; owner?: ManagedProcess },
): Promise<void>;
export declare function portInUse(port: number, host?: string): Promise<boolean>;
export declare function waitForPortFree(port: number, timeoutMs?: number): Promise<void>;
