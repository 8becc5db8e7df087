import type { CheckResult, Incident, History, ServiceDetail, ServiceSummary, VerifyRequest } from '@aether/contract';

/** The live view of every configured service: what the API and SSE read. */
export interface Monitor {
  start(): void;
  /** Stops scheduling, cancels or finishes in-flight probes, flushes writes. */
  stop(): Promise<void>;
  readonly running: boolean;
  listServices(): ServiceSummary[];
  getService(id: string): ServiceDetail | undefined;
  history(serviceId: string, query: { checkId?: string; fromMs: number; toMs: number; stepMs: number }): History;
  incidents(serviceId: string, limit?: number): Incident[];
  /** Runs the matching checks now (services ∪ tags; everything when both are empty). */
  verify(request: VerifyRequest): Promise<CheckResult[]>;
}
