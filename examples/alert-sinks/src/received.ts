/** One message a sink received, as GET /messages lists it. */
export interface ReceivedMessage {
  sink: 'webhook' | 'smtp';
  receivedAt: string;
  /** X-Aether-Delivery for webhooks, the same header of a mail. */
  delivery: string | null;
  /** Webhook: the signature matched AETHER_WEBHOOK_SECRET (null: no secret to check with). */
  verified: boolean | null;
  /** Webhook: `kind` of the payload; mail: its subject. */
  summary: string;
  /** Webhook: the parsed payload; mail: the raw message. */
  body: unknown;
}

/**
 * What both sinks received, newest last, bounded. Retries of one delivery are counted, not
 * listed twice, so "none twice" is visible at a glance.
 */
export class Inbox {
  readonly messages: ReceivedMessage[] = [];
  duplicates = 0;
  private readonly seen = new Set<string>();

  constructor(private readonly limit = 1000) {}

  /** False when this delivery id was received before. */
  add(message: ReceivedMessage): boolean {
    if (message.delivery !== null) {
      // Per sink: each channel's message has its own id, but a test may reuse one across sinks.
      const key = `${message.sink}:${message.delivery}`;
      if (this.seen.has(key)) {
        this.duplicates++;
        return false;
      }
      this.seen.add(key);
    }
    this.messages.push(message);
    if (this.messages.length > this.limit) this.messages.shift();
    return true;
  }
}
