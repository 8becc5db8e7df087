import { z } from 'zod';
import type { Notification, SendOutcome } from '../types.js';

/** Built once per configured channel; sends one message per call, never throws. */
export interface Notifier {
  readonly id: string;
  readonly type: string;
  /** What GET /api/alerting/channels may show: the receiving host, never a secret. */
  readonly target: string;
  /** One attempt. `sentAt` goes into the payload; retries are the outbox's business. */
  send(message: Notification, sentAt: string): Promise<SendOutcome>;
}

export interface ChannelContext {
  /** Read at send time: `${VAR}` in a channel resolve on every attempt, so rotation needs no reload. */
  env: NodeJS.ProcessEnv;
  now(): number;
  /** Per attempt; a receiver that hangs must not hold the delivery loop. */
  timeoutMs?: number;
}

export interface ChannelProblem {
  /** Relative to the channel's config object. */
  path: PropertyKey[];
  message: string;
}

/**
 * A kind of channel (gatus alerting/provider): its config schema, the checks the schema cannot
 * state (run by config check, with `${VAR}` still unresolved), and the notifier it builds.
 */
export interface ChannelType<Schema extends ChannelSchema = ChannelSchema> {
  readonly type: z.output<Schema>['type'];
  /** A strict object with `id: ChannelId` and `type: z.literal(...)`: one member of the config's union. */
  readonly schema: Schema;
  validate(config: z.output<Schema>): ChannelProblem[];
  create(config: z.output<Schema>, context: ChannelContext): Notifier;
}

export type ChannelSchema = z.ZodObject<{ id: typeof ChannelId; type: z.ZodLiteral<string> }>;

/** The same id rule as services and checks: referenced from routes. */
export const ChannelId = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,63}$/,
    'an id of lowercase letters, digits, "-" or "_" (at most 64 characters)',
  );

export const DEFAULT_SEND_TIMEOUT_MS = 10_000;
