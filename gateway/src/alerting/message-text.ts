import type { CheckResult } from '@aether/contract';
import type { Alert, AlertInMessage, Notification } from './types.js';

/**
 * Every channel's words come from here, so a mail, a Slack post and a page say the same thing:
 * which service, which check, the failing condition with expected vs actual, since when, and a
 * link into the shell.
 */

/** The failing conditions and probe errors of a result, in words. */
export function describeCause(result: CheckResult): string {
  const failing = result.conditions
    .filter((c) => !c.ok)
    .map((c) => `${c.condition}: expected ${c.expected}, actual ${c.actual}`);
  const errors = result.errors.map((e) => `${e.kind}: ${e.message}`);
  const parts = [...errors, ...failing];
  return parts.length > 0 ? parts.join('; ') : `status ${result.status}`;
}

/** Where the shell shows the service (the health panel's service page). */
export function serviceLink(shellUrl: string, serviceId: string): string {
  return `${shellUrl.replace(/\/+$/, '')}/p/health/services/${encodeURIComponent(serviceId)}`;
}

export function alertInMessage(alert: Alert, shellUrl: string): AlertInMessage {
  return {
    id: alert.id,
    status: alert.state,
    service: alert.service,
    check: alert.check,
    cause: alert.cause,
    since: alert.since,
    ...(alert.resolvedAt === undefined ? {} : { resolvedAt: alert.resolvedAt }),
    url: serviceLink(shellUrl, alert.service.id),
  };
}

const KIND_WORD: Record<Notification['kind'], string> = {
  firing: 'FIRING',
  resolved: 'RESOLVED',
  reminder: 'STILL FIRING',
  escalation: 'ESCALATED',
  test: 'TEST',
};

/** One line: the subject of a mail, the text of a Slack post, the summary of a page. */
export function messageTitle(message: Notification): string {
  const word = KIND_WORD[message.kind];
  if (message.kind === 'test')
    return `[${word}] AETHER GRID test message for channel ${message.channelId}`;
  const [first] = message.alerts;
  if (message.alerts.length === 1 && first)
    return `[${word}] ${first.service.name} ${verb(message)}: ${first.cause}`;
  return `[${word}] ${message.alerts.length} services ${verb(message)}`;
}

function verb(message: Notification): string {
  return message.kind === 'resolved' ? 'recovered' : 'failing';
}

/** What happened to one alert, in one line. */
export function alertLine(alert: AlertInMessage): string {
  const where = `${alert.service.name} (${alert.service.id}, group ${alert.service.group})`;
  const check = `check ${alert.check.id} (${alert.check.type})`;
  const when =
    alert.resolvedAt === undefined
      ? `failing since ${formatInstant(alert.since)}`
      : `failed ${formatInstant(alert.since)} – recovered ${formatInstant(alert.resolvedAt)}`;
  return `${where}: ${check}: ${alert.cause}; ${when}`;
}

export function renderText(message: Notification): string {
  const lines = [messageTitle(message), ''];
  if (message.kind === 'test') lines.push('If you can read this, the channel works.');
  for (const alert of message.alerts) lines.push(`- ${alertLine(alert)}`, `  ${alert.url}`);
  return `${lines.join('\n')}\n`;
}

export function renderHtml(message: Notification): string {
  const items = message.alerts
    .map(
      (a) =>
        `<li>${escapeHtml(alertLine(a))}<br><a href="${escapeHtml(a.url)}">${escapeHtml(a.url)}</a></li>`,
    )
    .join('');
  const body =
    message.kind === 'test'
      ? '<p>If you can read this, the channel works.</p>'
      : `<ul>${items}</ul>`;
  return `<!doctype html><html><body><h1>${escapeHtml(messageTitle(message))}</h1>${body}</body></html>`;
}

/** UTC, minutes: what people read in a message; the payload keeps full ISO instants. */
export function formatInstant(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
