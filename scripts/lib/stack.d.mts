// Types of scripts/lib/stack.mjs (plain JavaScript, so `npm start` runs it with node before
// anything is built) for its TypeScript callers: e2e/src/lib/stack.ts and bench/src/lib.

export declare const ROOT: string;
export declare const SAMPLE_PORTS: {
  readonly orders: 9101;
  readonly cart: 9102;
  readonly auth: 9103;
  readonly payments: 9104;
  readonly search: 9105;
  readonly db: 9106;
};
export declare const DEFAULT_GATEWAY_PORT: number;
export declare const ALERT_SINK_PORTS: { readonly http: number; readonly smtp: number };
export declare const DEMO_WEBHOOK_SECRET: string;
export declare const DEFAULT_SHELL_PORT: number;

export interface FrontEnd {
  /** 'shell', or the panel's folder name under panels/. */
  id: string;
  kind: 'shell' | 'panel';
  /** Its folder, relative to the repo root. */
  dir: string;
  port: number;
}

export declare function frontEnds(root?: string): FrontEnd[];
export declare function builtMarker(frontEnd: FrontEnd): string;
export declare function frontEndCommand(options: {
  root?: string;
  frontEnd: FrontEnd;
  port: number;
  dist?: string;
  host?: string;
  shellOrigins: string[];
  gatewayUrl: string;
  cspAllow?: string[];
}): { command: string; args: string[]; cwd: string };

import type { ManagedProcess, OutputOptions } from './processes.mjs';

export type { ManagedProcess, OutputOptions } from './processes.mjs';
export { portInUse, startProcess, waitForHttp, waitForPortFree } from './processes.mjs';

export interface StackOptions extends OutputOptions {
  root?: string;
  /** Gateway config file and SQLite file. */
  config: string;
  db: string;
  /** Passed as `aether serve --port` (default 8080). */
  gatewayPort?: number;
  shellPort?: number;
  /** Port overrides by panel id; default each panel's own (its preview --port). */
  panelPorts?: Record<string, number>;
  /** The host name browsers use for the stack (default localhost). */
  browserHost?: string;
  /** Start the sample fleet of examples/aether.config.yaml (default true). */
  samples?: boolean;
  /** Start the demo's alert sinks, examples/alert-sinks on 9200 and 2525 (default: as samples). */
  alertSinks?: boolean;
  /** Throw when a piece is not built (default true); false skips it through onSkip. */
  requireBuilt?: boolean;
  gatewayEnv?: NodeJS.ProcessEnv;
  /** Node flags for the gateway process, e.g. --cpu-prof. */
  gatewayNodeArgs?: string[];
  /** Extra script/connect sources of the shell's CSP (default any port on the browser host and 127.0.0.1). */
  cspAllow?: string[];
  onExit?: (name: string, code: number | null, signal: NodeJS.Signals | null) => void;
  onSkip?: (name: string, reason: string) => void;
}

export interface Stack {
  urls: { gateway: string; shell: string | undefined; panels: Record<string, string> };
  /** The front ends it serves. */
  frontEnds: FrontEnd[];
  /** Running pieces by name: samples, gateway, shell, panel ids. */
  pieces: Map<string, ManagedProcess>;
  /** Stops one piece (gateway or a front end) and waits until its port is free. */
  stop(name: string): Promise<void>;
  /** Starts a stopped piece again and waits until it answers. */
  start(name: string): Promise<void>;
  /** Serves a panel's build on another port (a "new deployment"); its manifest URL as entry. */
  servePanelCopy(id: string, port: number): Promise<{ entry: string; stop(): Promise<void> }>;
  /** Stops everything it started (SIGTERM, SIGKILL after graceMs). */
  close(graceMs?: number): Promise<void>;
}

export declare function startStack(options: StackOptions): Promise<Stack>;
