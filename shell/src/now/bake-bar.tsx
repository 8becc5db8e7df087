import { useEffect, useRef, useState, type MouseEvent } from 'react';
import type { Deploy, DeployComparison, Operation } from '@aether/contract';
import { linkTo } from '@aether/panel-kit';
import { useServices } from '../services-context';
import { panelHref } from '../navigation/location-store';
import {
  BAKE_MS,
  bakeFigures,
  bakeOutcome,
  formatDelta,
  rollbackOf,
  timeLeft,
  type BakeOutcome,
} from './bake';
import { useDeclaredLink } from './use-declared-link';

/** A deploy keeps its bar this long after it started: baking, then its "looks good" for a while. */
export const BAR_SHOWN_MS = 3 * BAKE_MS;
/** Bars drawn at most (the newest deploys). */
const BARS = 3;
/** At most one re-read of a deploy's before/after per this long while its services report results. */
const REREAD_MS = 5_000;

/** Deploys whose bar shows at `now`, newest first. */
export function bakingDeploys(deploys: readonly Deploy[], now: number): Deploy[] {
  return deploys
    .filter((d) => {
      const age = now - Date.parse(d.startedAt);
      return age >= 0 && age < BAR_SHOWN_MS;
    })
    .slice(0, BARS);
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
 * One deploy baking: its before/after (GET /api/deploys/:id/comparison), read again as results of
 * its services arrive over the shell's event stream (throttled) and when the deploy ends, so the
 * bar re-verifies the deployed services for the whole window without probing anything itself.
 */
function BakeBar({
  deploy,
  operations,
  onClick,
}: {
  deploy: Deploy;
  operations: readonly Operation[];
  onClick: (event: MouseEvent<HTMLAnchorElement>) => void;
}) {
  const { api, events } = useServices();
  const now = useTick(1_000);
  const [comparison, setComparison] = useState<DeployComparison | null>(null);
  const [failed, setFailed] = useState(false);
  const [reads, setReads] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const dryRunLink = useDeclaredLink('operationDryRun');
  const deployLink = useDeclaredLink('deploy');

  useEffect(() => {
    const controller = new AbortController();
    api
      .get<DeployComparison>(`/api/deploys/${encodeURIComponent(deploy.id)}/comparison`, {
        signal: controller.signal,
      })
      .then(
        (answer) => {
          setComparison(answer);
          setFailed(false);
        },
        () => !controller.signal.aborted && setFailed(true),
      );
    return () => controller.abort();
  }, [api, deploy.id, reads]);

  useEffect(() => {
    const services = new Set(deploy.services);
    const unsubscribe = events.subscribe(['result', 'deploy'], (event) => {
      if (event.type === 'deploy') {
        if (event.data.id === deploy.id) setReads((n) => n + 1);
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
  }, [events, deploy.id, deploy.services]);

  const what =
    deploy.services.length <= 3 ? deploy.services.join(', ') : `${deploy.services.length} services`;
  const figures = comparison ? bakeFigures(comparison) : null;
  const outcome =
    figures && comparison
      ? bakeOutcome(deploy.startedAt, now, figures, comparison.verdict)
      : 'baking';
  const deployHref = deployLink
    ? panelHref(deployLink.panelId, linkTo(deployLink.template, deploy.id))
    : undefined;
  const rollbacks =
    outcome === 'failing'
      ? deploy.services.flatMap((id) => {
          const op = rollbackOf(operations, id);
          return op ? [op] : [];
        })
      : [];

  return (
    <article
      className={`now__bake now__bake--${outcome}`}
      aria-label={`Deploy ${deploy.version} of ${what}`}
    >
      <p className="now__bake-line" role="status">
        <strong>
          {OUTCOME_TEXT[outcome]} {what}
        </strong>{' '}
        ·{' '}
        {deployHref ? (
          <a href={deployHref} onClick={onClick}>
            {deploy.version}
          </a>
        ) : (
          deploy.version
        )}
        {outcome === 'baking' && <> · {timeLeft(deploy.startedAt, now)} left</>}
        {figures ? (
          <>
            {' '}
            · {figures.failures} {figures.failures === 1 ? 'failure' : 'failures'}
            {figures.p95DeltaMs !== null && <> · p95 {formatDelta(figures.p95DeltaMs)}</>}
          </>
        ) : failed ? (
          ' · its before/after could not be read'
        ) : (
          ' · reading…'
        )}
        {outcome === 'looks-good' && <> · looks good</>}
      </p>
      <div className="now__bake-track" aria-hidden="true">
        <div
          className="now__bake-fill"
          style={{
            width: `${Math.min(100, ((now - Date.parse(deploy.startedAt)) / BAKE_MS) * 100)}%`,
          }}
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
          <p className="now__muted">No rollback operation is allow-listed for {what}.</p>
        ))}
    </article>
  );
}

/**
 * The bake bars of the deploys started in the last {@link BAR_SHOWN_MS}: "Baking orders · 4:12
 * left · 0 failures · p95 +3 ms", ending in "looks good" or, at the first failure, the service's
 * allow-listed rollback operation linked to its page with the dry run shown first.
 */
export function BakeBars({
  deploys,
  onClick,
}: {
  deploys: readonly Deploy[];
  onClick: (event: MouseEvent<HTMLAnchorElement>) => void;
}) {
  const { api } = useServices();
  const now = useTick(15_000);
  const shown = bakingDeploys(deploys, now);
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
      <h2 id="now-bake">After the latest deploys</h2>
      {shown.map((d) => (
        <BakeBar key={d.id} deploy={d} operations={operations} onClick={onClick} />
      ))}
    </section>
  );
}
