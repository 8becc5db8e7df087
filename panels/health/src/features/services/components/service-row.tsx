import {
  memo,
  Profiler,
  useMemo,
  useRef,
  type KeyboardEvent,
  type ProfilerOnRenderCallback,
} from 'react';
import type { Status } from '@aether/contract';
import { usePanelContext } from '@aether/panel-kit';
import { routes } from '../../../app/routes';
import { StatusBadge, STATUS_LABEL } from '../../../components/status-badge';
import { RelativeTime } from '../../../components/relative-time';
import { MaintenanceBadge, maintenanceText } from '../../../components/maintenance-badge';
import { FlappingBadge, flappingText } from '../../../components/flapping-badge';
import { formatLatency, formatRatio } from '../../../lib/format';
import { useRecentLatencies, useRootCause, useService } from '../hooks/use-service';
import { useRowHistory } from '../hooks/use-row-history';
import { useFailureCause } from '../hooks/use-failure-cause';
import { LatencySparkline } from './latency-sparkline';
import { UptimeBar } from './uptime-bar';

export interface ServiceRowProps {
  id: string;
  /** Offset in the virtual list, in px: a number, so an unmoved row keeps equal props. */
  top: number;
  index: number;
  setSize: number;
  focusable: boolean;
  /** In "Needs attention": the row names its group, which is not the header above it. */
  pinned: boolean;
  href: string;
  onOpen: (id: string) => void;
  /** Observes this row's renders (tests, benchmark); inside the memo, so a skipped row reports nothing. */
  onRender?: ProfilerOnRenderCallback;
}

/** Flips each time the status changes, restarting the brief highlight animation. */
function useChangePulse(status: Status | undefined): number {
  const last = useRef({ status, pulses: 0 });
  if (last.current.status !== status) last.current = { status, pulses: last.current.pulses + 1 };
  return last.current.pulses;
}

/** One service; reads its own data from the store so a change re-renders this row and no other. */
export const ServiceRow = memo(function ServiceRow({ onRender, ...props }: ServiceRowProps) {
  if (!onRender) return <ServiceRowBody {...props} />;
  return (
    <Profiler id={props.id} onRender={onRender}>
      <ServiceRowBody {...props} />
    </Profiler>
  );
});

function ServiceRowBody({
  id,
  top,
  index,
  setSize,
  focusable,
  pinned,
  href,
  onOpen,
}: Omit<ServiceRowProps, 'onRender'>) {
  const { navigation } = usePanelContext();
  const service = useService(id);
  const cause = useFailureCause(service);
  const rootCause = useRootCause(service);
  const history = useRowHistory(id);
  const recent = useRecentLatencies(id);
  const pulses = useChangePulse(service?.status);

  const sparkline = useMemo(() => {
    const past =
      history?.status === 'ready'
        ? history.history.points.flatMap((p) => (p.p50 == null ? [] : [p.p50]))
        : [];
    return [...past, ...(recent ?? [])].slice(-30);
  }, [history, recent]);

  if (!service) return null;
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onOpen(id);
    }
  };
  // a failing row shows its failing check's latency: the last result may be another, healthy check's
  const latency = cause ? cause.latencyMs : service.lastLatencyMs;
  const why = cause && `, ${cause.checkId} failing${cause.reason ? `: ${cause.reason}` : ''}`;
  const causedBy = cause && rootCause ? `, caused by ${rootCause.name}` : '';
  const inMaintenance = service.maintenance ? `, ${maintenanceText(service.maintenance)}` : '';
  const state = service.flapping
    ? `${flappingText(service.flapChanges)}, now ${STATUS_LABEL[service.status]}`
    : STATUS_LABEL[service.status];
  const label = `${service.name}, ${state}${inMaintenance}${causedBy}${why ?? ''}, latency ${formatLatency(latency)}, 24 hour uptime ${formatRatio(service.uptime.h24)}`;

  return (
    <div
      role="listitem"
      aria-posinset={index + 1}
      aria-setsize={setSize}
      aria-label={label}
      tabIndex={focusable ? 0 : -1}
      data-index={index}
      data-service-id={id}
      data-status={service.status}
      data-flapping={service.flapping ? '' : undefined}
      className={`hp-row hp-row--${service.status}${pulses > 0 ? ` hp-row--pulse-${pulses % 2}` : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onOpen(id)}
      onKeyDown={onKeyDown}
    >
      <span className="hp-row__status">
        {service.flapping ? (
          <FlappingBadge status={service.status} changes={service.flapChanges} />
        ) : (
          <StatusBadge status={service.status} />
        )}
      </span>
      <span className="hp-row__name">
        <a href={href} tabIndex={-1} onClick={(e) => e.preventDefault()}>
          {service.name}
        </a>
        {/* a failing row's second line says why, in place of its id and tags (rows have one height) */}
        {cause ? (
          <span className="hp-row__meta hp-row__cause" title={cause.reason ?? undefined}>
            {service.maintenance && <MaintenanceBadge maintenance={service.maintenance} />}
            {pinned && `${service.group} · `}
            {rootCause && (
              <>
                caused by{' '}
                <a
                  className="hp-row__root"
                  href={navigation.href(routes.service(rootCause.serviceId))}
                  tabIndex={focusable ? 0 : -1}
                  onClick={(e) => {
                    e.preventDefault();
                    e.stopPropagation();
                    onOpen(rootCause.serviceId);
                  }}
                  // Enter follows this link, not the row around it
                  onKeyDown={(e) => e.key === 'Enter' && e.stopPropagation()}
                >
                  {rootCause.name}
                </a>
                {' · '}
              </>
            )}
            <strong>{cause.checkId}</strong>
            {cause.reason && ` · ${cause.reason}`}
          </span>
        ) : (
          <span className="hp-row__meta">
            {service.maintenance && <MaintenanceBadge maintenance={service.maintenance} />}
            {service.id}
            {pinned && ` · ${service.group}`}
            {service.tags.length > 0 && ` · ${service.tags.join(', ')}`}
          </span>
        )}
      </span>
      <span className="hp-row__since">
        {/* a flapping service's "for 20 s" would say it settled: it has not */}
        {service.flapping ? (
          `now ${STATUS_LABEL[service.status].toLowerCase()}`
        ) : service.since ? (
          <RelativeTime iso={service.since} prefix="for " />
        ) : (
          '—'
        )}
      </span>
      <span className="hp-row__latency">
        <LatencySparkline values={sparkline} />
        <span>{formatLatency(latency)}</span>
      </span>
      <span className="hp-row__uptime">
        <UptimeBar
          points={history?.status === 'ready' ? history.history.points : undefined}
          ratio={service.uptime.h24}
        />
      </span>
    </div>
  );
}
