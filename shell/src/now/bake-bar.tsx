import { memo, useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import type {
  ApiClient,
  AuditEntry,
  Deploy,
  DeployComparison,
  History,
  Operation,
  ServiceSummary,
} from '@aether/contract';
import {
  BAKE_MS,
  BAR_SHOWN_MS,
  bakeFigures,
  bakeOutcome,
  formatDelta,
  historyFigures,
  linkTo,
  rollbackOf,
  timeLeft,
  type BakeFigures,
  type BakeOutcome,
} from '@aether/panel-kit';
import { useServices } from '../services-context';
import { panelHref } from '../navigation/location-store';
import { useDeclaredLink } from './use-declared-link';

/** Bars drawn at most (the newest changes). */
const BARS = 3;
/** At most one re-read of a change's figures per this long while its services report results. */
const REREAD_MS = 5_000;
/** How far before an operation run its service's history is read, for the p95 before it. */
const BEFORE_RUN_MS = 15 * 60_000;

/** What bakes: a deploy, or a state-changing operation run on a service. */
export interface BakeSubject {
  key: string;
  /** The bar's accessible name: "Deploy 2.1.0 of orders", "restart on orders". */
  name: string;
  /** What the line says bakes: "orders", "restart on orders". */
  what: string;
  startedAt: string;
  services: readonly string[];
  deploy: Deploy | null;
}

const shownAt = (startedAt: string, now: number) => {
  const age = now - Date.parse(startedAt);
  return age >= 0 && age < BAR_SHOWN_MS;
};
const named = (services: readonly string[]) =>
  services.length <= 3 ? services.join(', ') : `${services.length} services`;

/**
 * Deploys and operation runs that reached their service (audit `invoke` entries, outcome ok)
 * whose bar shows at `now`, newest first.
 */
export function bakeSubjects(
  deploys: readonly Deploy[],
  audit: readonly AuditEntry[] | null,
  now: number,
): BakeSubject[] {
  const fromDeploys = deploys
    .filter((d) => shownAt(d.startedAt, now))
    .map((d): BakeSubject => ({
      key: `deploy:${d.id}`,
      name: `Deploy ${d.version} of ${named(d.services)}`,
      what: named(d.services),
      startedAt: d.startedAt,
      services: d.services,
      deploy: d,
    }));
  const fromRuns = (audit ?? [])
    .filter((e) => e.action === 'invoke' && e.outcome === 'ok' && e.serviceId && shownAt(e.at, now))
    .map((e): BakeSubject => ({
      key: `run:${e.id}`,
      name: `${e.operationId} on ${e.serviceId}`,
      what: `${e.operationId} on ${e.serviceId}`,
      startedAt: e.at,
      services: [e.serviceId],
      deploy: null,
    }));
  return [...fromDeploys, ...fromRuns]
    .sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))
    .slice(0, BARS);
}

interface Reading {
  figures: BakeFigures;
  verdict: DeployComparison['verdict'];
  /** How the deploy ended, as its comparison says (fresher than the recent-deploys list). */
  deployOutcome?: Deploy['outcome'];
}

/** A deploy's before/after, or for a run its service's history around it (one step a minute). */
async function readFigures(
  api: ApiClient,
  subject: BakeSubject,
  signal: AbortSignal,
): Promise<Reading> {
  if (subject.deploy) {
    const comparison = await api.get<DeployComparison>(
      `/api/deploys/${encodeURIComponent(subject.deploy.id)}/comparison`,
      { signal },
    );
    return {
      figures: bakeFigures(comparison),
      verdict: comparison.verdict,
      deployOutcome: comparison.deploy.outcome,
    };
  }
  const from = new Date(Date.parse(subject.startedAt) - BEFORE_RUN_MS).toISOString();
  const history = await api.get<History>(
    `/api/services/${encodeURIComponent(subject.services[0]!)}/history`,
    { query: { from, to: new Date().toISOString(), step: '1m' }, signal },
  );
  return {
    figures: historyFigures(history.points, subject.startedAt, history.stepMs),
    verdict: 'same',
  };
}

const OUTCOME_TEXT: Record<BakeOutcome, string> = {
  baking: 'Baking',
  'looks-good': 'Baked',
  failing: 'Failing',
};

function useTick(ms: number) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/**
 * One change baking, its figures read again as results of its services arrive over the shell's
 * event stream (throttled) and when a deploy ends: the bar re-verifies the changed services for
 * the whole window without probing anything itself. Memo'd: the list above it is given a new
 * problems map every frame under status events, and a bar's props change far less often.
 */
const BakeBar = memo(function BakeBar({
  subject,
  operations,
  servicesFailing,
  onClick,
}: {
  subject: BakeSubject;
  operations: readonly Operation[];
  /** Whether a service it changed is down now: a deploy finished so fails before any result. */
  servicesFailing: boolean;
  onClick: (event: MouseEvent<HTMLAnchorElement>) => void;
}) {
  const { api, events } = useServices();
  const now = useTick(1_000);
  const [reading, setReading] = useState<Reading | null>(null);
  const [failed, setFailed] = useState(false);
  const [reads, setReads] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const dryRunLink = useDeclaredLink('operationDryRun');
  const deployLink = useDeclaredLink('deploy');
  // The subject is named by its key: a new object for the same change reads nothing new.
  const subjectRef = useRef(subject);
  subjectRef.current = subject;
  const { key, deploy, what, startedAt } = subject;

  useEffect(() => {
    const controller = new AbortController();
    readFigures(api, subjectRef.current, controller.signal).then(
      (answer) => {
        setReading(answer);
        setFailed(false);
      },
      () => !controller.signal.aborted && setFailed(true),
    );
    return () => controller.abort();
  }, [api, key, reads]);

  useEffect(() => {
    const services = new Set(subjectRef.current.services);
    const deployId = subjectRef.current.deploy?.id;
    const unsubscribe = events.subscribe(['result', 'deploy'], (event) => {
      if (event.type === 'deploy') {
        if (event.data.id === deployId) setReads((n) => n + 1);
        return;
      }
      if (event.type !== 'result' || !services.has(event.data.serviceId) || timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = undefined;
        setReads((n) => n + 1);
      }, REREAD_MS);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer.current);
      timer.current = undefined;
    };
  }, [events, key]);

  const figures = reading?.figures ?? null;
  const outcome = reading
    ? bakeOutcome(startedAt, now, reading.figures, reading.verdict, {
        deployOutcome: reading.deployOutcome,
        servicesFailing,
      })
    : 'baking';
  const deployHref =
    deploy && deployLink
      ? panelHref(deployLink.panelId, linkTo(deployLink.template, deploy.id))
      : undefined;
  const rollbacks =
    outcome === 'failing'
      ? subject.services.flatMap((id) => {
          const op = rollbackOf(operations, id);
          return op ? [op] : [];
        })
      : [];

  return (
    <article className={`now__bake now__bake--${outcome}`} aria-label={subject.name}>
      <p className="now__bake-line" role="status">
        <strong>
          {OUTCOME_TEXT[outcome]} {what}
        </strong>
        {deploy && (
          <>
            {' '}
            ·{' '}
            {deployHref ? (
              <a href={deployHref} onClick={onClick}>
                {deploy.version}
              </a>
            ) : (
              deploy.version
            )}
          </>
        )}
        {outcome === 'baking' && <> · {timeLeft(startedAt, now)} left</>}
        {figures ? (
          <>
            {' '}
            · {figures.failures} {figures.failures === 1 ? 'failure' : 'failures'}
            {figures.p95DeltaMs !== null && <> · p95 {formatDelta(figures.p95DeltaMs)}</>}
          </>
        ) : failed ? (
          ' · its figures could not be read'
        ) : (
          ' · reading…'
        )}
        {outcome === 'looks-good' && <> · looks good</>}
      </p>
      <div className="now__bake-track" aria-hidden="true">
        <div
          className="now__bake-fill"
          style={{ width: `${Math.min(100, ((now - Date.parse(startedAt)) / BAKE_MS) * 100)}%` }}
        />
      </div>
      {outcome === 'failing' &&
        (rollbacks.length > 0 ? (
          <ul className="now__list">
            {rollbacks.map((op) => {
              const href = dryRunLink
                ? panelHref(dryRunLink.panelId, linkTo(dryRunLink.template, op.serviceId, op.id))
                : undefined;
              return (
                <li key={`${op.serviceId}/${op.id}`}>
                  {href ? (
                    <a href={href} onClick={onClick}>
                      {op.title} on {op.serviceId} (dry run first)
                    </a>
                  ) : (
                    `${op.title} on ${op.serviceId}`
                  )}
                </li>
              );
            })}
          </ul>
        ) : (
          <p className="now__muted">
            No rollback operation is allow-listed for {named(subject.services)}.
          </p>
        ))}
    </article>
  );
});

/**
 * The bake bars of the deploys and operation runs of the last {@link BAR_SHOWN_MS}: "Baking
 * orders · 4:12 left · 0 failures · p95 +3 ms", ending in "looks good" or, at the first failure,
 * the service's allow-listed rollback operation linked to its page with the dry run shown first.
 */
export function BakeBars({
  deploys,
  audit,
  problems,
  onClick,
}: {
  deploys: readonly Deploy[];
  audit: readonly AuditEntry[] | null;
  /** Down and degraded services by id (the Now view's), to tell a deploy finished while down. */
  problems: ReadonlyMap<string, ServiceSummary>;
  onClick: (event: MouseEvent<HTMLAnchorElement>) => void;
}) {
  const { api } = useServices();
  const now = useTick(15_000);
  // The same subjects (objects) until the deploys, the audit or the 15 s tick change.
  const shown = useMemo(() => bakeSubjects(deploys, audit, now), [deploys, audit, now]);
  const [operations, setOperations] = useState<readonly Operation[]>([]);
  const any = shown.length > 0;
  useEffect(() => {
    if (!any) return;
    const controller = new AbortController();
    api.get<Operation[]>('/api/operations', { signal: controller.signal }).then(
      (list) => setOperations(list),
      () => undefined, // no rollback offered; the bar still tells
    );
    return () => controller.abort();
  }, [api, any]);
  if (!any) return null;
  return (
    <section className="now__section" aria-labelledby="now-bake">
      <h2 id="now-bake">After the latest changes</h2>
      {shown.map((s) => (
        <BakeBar
          key={s.key}
          subject={s}
          operations={operations}
          servicesFailing={s.services.some((id) => problems.get(id)?.status === 'down')}
          onClick={onClick}
        />
      ))}
    </section>
  );
}
