import type { CheckType } from '@aether/contract';

/**
 * The alerting vocabulary of PRODUCT.md "Alerting", as the gateway holds it. The contract's
 * zod schemas for the API will mirror these shapes when the routes are wired.
 */
export type AlertState = 'firing' | 'resolved' | 'held' | 'suppressed' | 'acknowledged';
export type MessageKind = 'firing' | 'resolved' | 'reminder' | 'escalation' | 'test';
export type Severity = 'page' | 'ticket';

export interface AlertService {
  id: string;
  name: string;
  group: string;
  tags: string[];
}

/** One service in one firing episode. */
export interface Alert {
  id: string;
  state: AlertState;
  severity?: Severity;
  service: AlertService;
  check: { id: string; type: CheckType };
  /** The failing condition in words, expected vs actual. */
  cause: string;
  /** When the service entered the status that fired (ISO). */
  since: string;
  resolvedAt?: string;
  acknowledged?: { by: string; at: string; comment?: string };
  rootCause?: { serviceId: string; checkId: string };
}

/** An alert as a message carries it: what the webhook payload's `alerts[]` holds. */
export interface AlertInMessage {
  id: string;
  status: AlertState;
  service: AlertService;
  check: { id: string; type: CheckType };
  cause: string;
  since: string;
  resolvedAt?: string;
  /** A link into the shell. */
  url: string;
}

/** One message for one channel: written to the outbox before its first attempt. */
export interface Notification {
  /** The delivery id: `X-Aether-Delivery`, the same on every retry. */
  id: string;
  channelId: string;
  kind: MessageKind;
  groupKey: string;
  alerts: AlertInMessage[];
}

export type SendOutcome =
  | { outcome: 'delivered'; status?: number }
  | {
      outcome: 'failed';
      /** Network errors, 5xx and 429 are worth another attempt; other 4xx and bad config are not. */
      retryable: boolean;
      status?: number;
      error: string;
      /** From a 429's or 503's Retry-After. */
      retryAfterMs?: number;
    };
