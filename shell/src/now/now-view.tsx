import { memo, useCallback, useMemo, useState, type MouseEvent, type ReactNode } from 'react';
import type { Approval, Deploy, FleetSummary, ServiceSummary } from '@aether/contract';
import { errorMessage, linkTo } from '@aether/panel-kit';
import { Button, Card, Skeleton, StatusBadge } from '@aether/ui';
import { useLinkHandler } from '../layout/nav-rail';
import { panelHref } from '../navigation/location-store';
import type { DeclaredLink } from '../panels/panel-links';
import { useFleetSummary } from './fleet-summary';
import { CARDS, type FiringAlert } from './now-store';
import { BakeBars } from './bake-bar';
import { changeBefore, type ChangeBefore } from './change-before';
import { failingCheckOf, type ProblemCard } from './problem-cards';
import { ago, clockTime } from './relative-time';
import { useDeclaredLink } from './use-declared-link';
import { useNow } from './use-now';
import './now.css';

/** Services listed per card before "and N more". */
const LISTED = 8;
const RECENT_DEPLOYS = 5;
const NO_DEPLOYS: readonly Deploy[] = [];

type Href = (id: string) => string | undefined;

const hrefOf =
  (link: DeclaredLink | null): Href =>
  (id) =>
    link ? panelHref(link.panelId, linkTo(link.template, id)) : undefined;

function MaybeLink({
  href,
  onClick,
  children,
}: {
  href: string | undefined;
  onClick: (event: MouseEvent<HTMLAnchorElement>) => void;
  children: ReactNode;
}) {
  return href ? (
    <a href={href} onClick={onClick}>
      {children}
    </a>
  ) : (
    <>{children}</>
  );
}

function total(counts: FleetSummary['counts']): number {
  return counts.up + counts.degraded + counts.down + counts.unknown + counts.maintenance;
}

/** "12 services watched: 9 up, 1 degraded, 2 down" — what the view covers, from /api/summary. */
function watched(summary: FleetSummary | null): string | null {
  if (!summary) return null;
  const { counts } = summary;
  const parts = (
    [
      ['up', counts.up],
      ['degraded', counts.degraded],
      ['down', counts.down],
      ['unknown', counts.unknown],
      ['in maintenance', counts.maintenance],
    ] as const
  )
    .filter(([, n]) => n > 0)
    .map(([label, n]) => `${n} ${label}`);
  const n = total(counts);
  return `${n} ${n === 1 ? 'service' : 'services'} watched${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

function CardTitle({ card }: { card: ProblemCard }) {
  const n = card.services.length;
  const first = card.services[0];
  if (card.kind === 'root-cause')
    return (
      <>
        {n} {n === 1 ? 'service' : 'services'} {card.status}: root cause {card.root.name} ·{' '}
        <code>{card.root.checkId}</code>
      </>
    );
  if (card.kind === 'shared-cause')
    return (
      <>
        {n === 1 ? first.name : `${n} services`} {n === 1 ? 'fails' : 'fail'}{' '}
        <code>{card.cause.condition}</code> @{card.cause.location}
      </>
    );
  const check = failingCheckOf(first);
  return (
    <>
      {first.name} is {first.status}
      {check && (
        <>
          {' '}
          · check <code>{check.id}</code>
        </>
      )}
    </>
  );
}

/** The change just before the problem: the service's deploy or operation run before its `since`. */
function ChangeBeforeView({
  change,
  href,
  onClick,
}: {
  change: ChangeBefore | null;
  href: Href;
  onClick: (event: MouseEvent<HTMLAnchorElement>) => void;
}) {
  if (!change) return null;
  const when = (
    <time dateTime={change.at} title={clockTime(change.at)}>
      {ago(change.at)}
    </time>
  );
  if (change.kind === 'operation') {
    const { entry } = change;
    return (
      <span className="now__deploy">
        after <code>{entry.operationId}</code> by {entry.actor} {when} (
        {entry.httpStatus ?? entry.outcome})
      </span>
    );
  }
  const { deploy } = change;
  return (
    <span className="now__deploy">
      after deploy{' '}
      <MaybeLink href={href(deploy.id)} onClick={onClick}>
        {deploy.version}
      </MaybeLink>{' '}
      {when} ({deploy.outcome ?? 'running'})
    </span>
  );
}

/** "flapping ×8": a service changing state over and over is one line, not eight. */
function Flaps({ service }: { service: ServiceSummary }) {
  if (!service.flapping) return null;
  return (
    <span className="now__flap">
      flapping{service.flapChanges ? ` ×${service.flapChanges}` : ''}
    </span>
  );
}

// The sections below are memo'd: the store tells the view once a frame while events arrive (at
// 1,000 status changes/s, every frame), and what they show changes far less often — the cards at
// most once a second. Drawing the 24 cards (up to 192 service lines, each with its times) again
// every frame was most of the page's frame time in the now-view bench (p95 0.5-1.3 s per frame).
const ProblemCardView = memo(function ProblemCardView({
  card,
  changeOf,
  serviceHref,
  deployHref,
  onClick,
}: {
  card: ProblemCard;
  changeOf: (service: ServiceSummary) => ChangeBefore | null;
  serviceHref: Href;
  deployHref: Href;
  onClick: (event: MouseEvent<HTMLAnchorElement>) => void;
}) {
  const id = `now-card-${card.key.replace(/[^a-z0-9-]/gi, '_')}`;
  const rest = card.services.length - LISTED;
  return (
    <article className={`now__card now__card--${card.status}`} aria-labelledby={id}>
      <h3 id={id} className="now__card-title">
        <CardTitle card={card} />
      </h3>
      <ul className="now__services">
        {card.services.slice(0, LISTED).map((service: ServiceSummary) => (
          <li key={service.id}>
            <StatusBadge status={service.status} />{' '}
            <MaybeLink href={serviceHref(service.id)} onClick={onClick}>
              {service.name}
            </MaybeLink>{' '}
            <Flaps service={service} />{' '}
            <span className="now__muted">
              {service.group}
              {service.since && (
                <>
                  {' '}
                  · since{' '}
                  <time dateTime={service.since} title={clockTime(service.since)}>
                    {ago(service.since)}
                  </time>
                </>
              )}
            </span>{' '}
            <ChangeBeforeView change={changeOf(service)} href={deployHref} onClick={onClick} />
          </li>
        ))}
      </ul>
      {rest > 0 && <p className="now__muted">and {rest} more</p>}
    </article>
  );
});

/**
 * The first `n` services by name, without ordering the others: each is compared with the last of
 * those kept so far (ordering ~5,000 flapping services by name took ~5 ms a second).
 */
function firstByName(services: readonly ServiceSummary[], n: number): ServiceSummary[] {
  const kept: ServiceSummary[] = [];
  for (const service of services) {
    if (kept.length === n && service.name.localeCompare(kept[n - 1]!.name) >= 0) continue;
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (kept[mid]!.name.localeCompare(service.name) <= 0) lo = mid + 1;
      else hi = mid;
    }
    kept.splice(lo, 0, service);
    if (kept.length > n) kept.pop();
  }
  return kept;
}

/**
 * Services flapping but not down or degraded at the moment: one line each, with their count — the
 * first {@link CARDS}, the rest on demand. A fleet that flaps whole (10,000 services alternating in
 * the now-view bench) listed ~5,000 lines, and laying them out again at each change of the list
 * made the page's longest frames (0.2-0.9 s).
 */
const Flapping = memo(function Flapping({
  services,
  serviceHref,
  onClick,
}: {
  services: readonly ServiceSummary[];
  serviceHref: Href;
  onClick: (event: MouseEvent<HTMLAnchorElement>) => void;
}) {
  const [shown, setShown] = useState(CARDS);
  const first = useMemo(() => firstByName(services, shown), [services, shown]);
  if (services.length === 0) return null;
  const hidden = services.length - first.length;
  return (
    <section className="now__section" aria-labelledby="now-flapping">
      <h2 id="now-flapping">
        {services.length} {services.length === 1 ? 'service flaps' : 'services flap'}
      </h2>
      <ul className="now__list">
        {first.map((s) => (
          <li key={s.id}>
            <StatusBadge status={s.status} />{' '}
            <MaybeLink href={serviceHref(s.id)} onClick={onClick}>
              {s.name}
            </MaybeLink>{' '}
            <Flaps service={s} /> <span className="now__muted">now {s.status}</span>
          </li>
        ))}
      </ul>
      {hidden > 0 && (
        <p>
          <Button variant="ghost" onClick={() => setShown((n) => n + CARDS)}>
            Show {Math.min(CARDS, hidden)} more of {hidden} flapping services not shown
          </Button>
        </p>
      )}
    </section>
  );
});

const Approvals = memo(function Approvals({
  approvals,
  serviceHref,
  onClick,
}: {
  approvals: readonly Approval[];
  serviceHref: Href;
  onClick: (event: MouseEvent<HTMLAnchorElement>) => void;
}) {
  const pending = approvals.filter((a) => a.status === 'pending');
  if (pending.length === 0) return null;
  return (
    <section className="now__section" aria-labelledby="now-approvals">
      <h2 id="now-approvals">
        {pending.length} {pending.length === 1 ? 'approval waits' : 'approvals wait'} for a second
        operator
      </h2>
      <ul className="now__list">
        {pending.map((a) => (
          <li key={a.id}>
            {a.title} on{' '}
            <MaybeLink href={serviceHref(a.serviceId)} onClick={onClick}>
              {a.serviceId}
            </MaybeLink>{' '}
            <span className="now__muted">
              requested by {a.requestedBy}{' '}
              <time dateTime={a.requestedAt}>{ago(a.requestedAt)}</time>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
});

const FiringAlerts = memo(function FiringAlerts({
  alerts,
  serviceHref,
  onClick,
}: {
  alerts: readonly FiringAlert[];
  serviceHref: Href;
  onClick: (event: MouseEvent<HTMLAnchorElement>) => void;
}) {
  if (alerts.length === 0) return null;
  return (
    <section className="now__section" aria-labelledby="now-alerts">
      <h2 id="now-alerts">
        {alerts.length} {alerts.length === 1 ? 'alert' : 'alerts'} firing
      </h2>
      <ul className="now__list">
        {alerts.map((a) => (
          <li key={a.id}>
            {a.severity && <strong>{a.severity} · </strong>}
            <MaybeLink href={serviceHref(a.service.id)} onClick={onClick}>
              {a.service.name}
            </MaybeLink>{' '}
            <code>{a.check.id}</code> {a.cause}{' '}
            <span className="now__muted">
              since{' '}
              <time dateTime={a.since} title={clockTime(a.since)}>
                {ago(a.since)}
              </time>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
});

const RecentDeploys = memo(function RecentDeploys({
  deploys,
  deployHref,
  allHref,
  onClick,
}: {
  deploys: readonly Deploy[];
  deployHref: Href;
  allHref: string | undefined;
  onClick: (event: MouseEvent<HTMLAnchorElement>) => void;
}) {
  if (deploys.length === 0) return null;
  return (
    <section className="now__section" aria-labelledby="now-deploys">
      <h2 id="now-deploys">Recent deploys</h2>
      {allHref && (
        <p>
          <a href={allHref} onClick={onClick}>
            All deploys
          </a>
        </p>
      )}
      <ul className="now__list">
        {deploys.slice(0, RECENT_DEPLOYS).map((d) => (
          <li key={d.id}>
            <MaybeLink href={deployHref(d.id)} onClick={onClick}>
              {d.version}
            </MaybeLink>{' '}
            of {d.services.length <= 3 ? d.services.join(', ') : `${d.services.length} services`}{' '}
            <span className="now__muted">
              <time dateTime={d.startedAt} title={clockTime(d.startedAt)}>
                {ago(d.startedAt)}
              </time>{' '}
              · {d.outcome ?? 'running'} · by {d.by}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
});

/**
 * The shell's start page: what is wrong right now, grouped by root cause or shared failing
 * condition, with the change before each problem (deploy or operation run), flapping services
 * collapsed to one line each, firing alerts, the approvals that wait and the
 * latest deploys.
 * Links go to whichever panel declares service and deploy pages; the shell names no panel.
 */
export default function NowView() {
  const now = useNow();
  const fleet = useFleetSummary();
  const onClick = useLinkHandler();
  // Finding the links loads the panel that declares them (its remote entry and first chunks):
  // once the first answer is in, so its code and its work do not compete with that answer on a
  // cold load; until then names are plain text, as while no panel declares the link.
  const answered = now.status !== 'loading';
  const serviceLink = useDeclaredLink('service', answered);
  const deployLink = useDeclaredLink('deploy', answered);
  // Stable across the frames in which only the problems changed, so the memo'd sections skip.
  const serviceHref = useMemo(() => hrefOf(serviceLink), [serviceLink]);
  const deployHref = useMemo(() => hrefOf(deployLink), [deployLink]);
  const deploysLink = useDeclaredLink('deploys', answered);
  // The store regroups one change at a time and hands out its first cards and the problems at
  // most once a second while they keep changing (at 1,000 status changes/s, regrouping from
  // scratch was the page's one long task, 50-80 ms at 10,000 services).
  const { cards, cardCount, problems, flapping, serviceDeploys, deploys, audit } = now;
  const changeOf = useCallback(
    (service: ServiceSummary) =>
      changeBefore(service, serviceDeploys.get(service.id) ?? deploys ?? [], audit),
    [serviceDeploys, deploys, audit],
  );
  const flappingNow = useMemo(
    () => [...flapping.values()].filter((s) => !problems.has(s.id)),
    [flapping, problems],
  );
  const summary = watched(fleet.summary);

  let body: ReactNode;
  // (a first page whose services all recovered says nothing yet: the whole list may hold more)
  if (now.status === 'loading' || (now.partial && cardCount === 0))
    body = (
      <div className="now__skeleton" role="status" aria-label="Loading what is wrong now">
        <Skeleton height={72} />
        <Skeleton height={72} />
      </div>
    );
  else if (now.status === 'error')
    body = (
      <Card title="What is wrong now could not be read" tone="danger" role="alert">
        <p>{errorMessage(now.error)}</p>
        <Button onClick={now.reload}>Retry</Button>
      </Card>
    );
  else if (cardCount === 0)
    body = (
      <Card title="All clear" aria-label="All clear" className="now__clear">
        <p>
          {fleet.summary
            ? fleet.summary.counts.up === total(fleet.summary.counts)
              ? `${total(fleet.summary.counts)} services, all up.`
              : `Nothing is down or degraded. ${summary}.`
            : 'Nothing is down or degraded.'}
        </p>
      </Card>
    );
  else
    body = (
      <section className="now__section" aria-labelledby="now-problems">
        <h2 id="now-problems">What is wrong</h2>
        {now.partial && (
          <p className="now__muted" role="status">
            {problems.size} down {problems.size === 1 ? 'service' : 'services'} so far; reading
            every failing service…
          </p>
        )}
        <ul className="now__cards">
          {cards.map((card) => (
            <li key={card.key}>
              <ProblemCardView
                card={card}
                changeOf={changeOf}
                serviceHref={serviceHref}
                deployHref={deployHref}
                onClick={onClick}
              />
            </li>
          ))}
        </ul>
        {cardCount > cards.length && (
          <p>
            <Button variant="ghost" onClick={() => now.showCards(cards.length + CARDS)}>
              Show {Math.min(CARDS, cardCount - cards.length)} more of {cardCount - cards.length}{' '}
              problems not shown
            </Button>
          </p>
        )}
      </section>
    );

  return (
    <div className="now">
      <header className="now__header">
        <h1>Now</h1>
        {summary && <p className="now__muted">{summary}</p>}
      </header>
      <BakeBars
        deploys={now.deploys ?? NO_DEPLOYS}
        audit={now.audit}
        problems={problems}
        onClick={onClick}
      />
      {body}
      <Flapping services={flappingNow} serviceHref={serviceHref} onClick={onClick} />
      {now.alerts && (
        <FiringAlerts alerts={now.alerts} serviceHref={serviceHref} onClick={onClick} />
      )}
      {now.approvals && (
        <Approvals approvals={now.approvals} serviceHref={serviceHref} onClick={onClick} />
      )}
      {now.deploys && (
        <RecentDeploys
          deploys={now.deploys}
          deployHref={deployHref}
          allHref={deploysLink ? panelHref(deploysLink.panelId, deploysLink.template) : undefined}
          onClick={onClick}
        />
      )}
    </div>
  );
}
