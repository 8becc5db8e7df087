import { Cron } from 'croner';
import { formatDuration } from '@aether/contract';
import { channelType } from '../alerting/channels/index.js';
import type { LocatedProblem } from './issue-message.js';
import type { AetherConfig } from './schema.js';

/**
 * Rules of `alerting` and `maintenance` one field's schema cannot state: ids that refer to
 * each other, what each channel type checks for itself, cron and timezone that must compile,
 * windows no longer than maxDuration.
 */
export function checkAlerting(config: AetherConfig): LocatedProblem[] {
  const problems: LocatedProblem[] = [];
  const { channels, routes } = config.alerting;
  const channelIds = new Set<string>();
  channels.forEach((channel, c) => {
    if (channelIds.has(channel.id))
      problems.push({
        path: ['alerting', 'channels', c, 'id'],
        message: `duplicate channel id "${channel.id}"; each must be unique`,
      });
    channelIds.add(channel.id);
    for (const [field, value] of Object.entries(channel))
      for (const [i, text] of (Array.isArray(value) ? value : [value]).entries()) {
        const problem = typeof text === 'string' ? malformedReference(text) : undefined;
        if (problem)
          problems.push({
            path: ['alerting', 'channels', c, field, ...(Array.isArray(value) ? [i] : [])],
            message: problem,
          });
      }
    for (const problem of channelType(channel.type)?.validate(channel) ?? [])
      problems.push({
        path: ['alerting', 'channels', c, ...problem.path],
        message: problem.message,
      });
  });

  const known = [...channelIds].join(', ') || 'none defined';
  const serviceIds = new Set(config.services.map((s) => s.id));
  const checkServices = (services: string[] | undefined, base: PropertyKey[]) =>
    services?.forEach((id, i) => {
      if (!serviceIds.has(id))
        problems.push({
          path: [...base, 'services', i],
          message: `unknown service id "${id}"; it must be one of the configured services`,
        });
    });
  const checkChannels = (ids: string[], base: PropertyKey[]) =>
    ids.forEach((id, i) => {
      if (!channelIds.has(id))
        problems.push({
          path: [...base, i],
          message: `unknown channel "${id}"; add it to alerting.channels (known: ${known})`,
        });
    });
  routes.forEach((route, r) => {
    const at = ['alerting', 'routes', r];
    checkChannels(route.channels, [...at, 'channels']);
    if (route.escalate) checkChannels(route.escalate.channels, [...at, 'escalate', 'channels']);
    checkServices(route.match.services, [...at, 'match']);
  });

  const { maxDuration, windows } = config.maintenance;
  const windowIds = new Set<string>();
  windows.forEach((window, w) => {
    const at = ['maintenance', 'windows', w];
    if (windowIds.has(window.id))
      problems.push({
        path: [...at, 'id'],
        message: `duplicate window id "${window.id}"; each must be unique`,
      });
    windowIds.add(window.id);
    checkServices(window.match.services, [...at, 'match']);
    const zoneProblem = timezoneProblem(window.timezone);
    if (zoneProblem) problems.push({ path: [...at, 'timezone'], message: zoneProblem });
    else {
      const cronProblem = cronPatternProblem(window.cron, window.timezone);
      if (cronProblem) problems.push({ path: [...at, 'cron'], message: cronProblem });
    }
    if (window.duration > maxDuration)
      problems.push({
        path: [...at, 'duration'],
        message: `a window may last at most maintenance.maxDuration (${formatDuration(maxDuration)}); shorten it or raise maxDuration`,
      });
  });
  return problems;
}

/**
 * Channel fields skip the loader's env pass (they resolve at send time), so a reference that
 * could never resolve is reported here instead of failing every delivery.
 */
function malformedReference(text: string): string | undefined {
  for (const match of text.matchAll(/\$\$\{|\$\{([^}]*)\}/g)) {
    if (match[0] === '$${') continue;
    if (!/^[A-Za-z_][A-Za-z0-9_]*(:-.*)?$/s.test(match[1] ?? ''))
      return `"${match[0]}" is not an env reference; write \${NAME} with letters, digits and "_"`;
  }
  return undefined;
}

export function timezoneProblem(zone: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return undefined;
  } catch {
    return `unknown timezone "${zone}"; use an IANA name such as UTC or Europe/Berlin`;
  }
}

export function cronPatternProblem(pattern: string, timezone: string): string | undefined {
  try {
    new Cron(pattern, { timezone, paused: true });
    return undefined;
  } catch (error) {
    return `invalid cron "${pattern}": ${(error as Error).message}; e.g. "0 2 * * SUN" is Sundays at 02:00`;
  }
}
