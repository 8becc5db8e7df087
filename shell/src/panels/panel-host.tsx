import {
  Suspense,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ComponentType,
  type ReactNode,
} from 'react';
import type { Panel, PanelContext } from '@aether/contract';
import { Skeleton } from '@aether/ui';
import { useRegistry, useServices, useTheme } from '../services-context';
import { createPanelContext } from './panel-context';
import { FailureCard } from './failure-card';
import { loadPanel } from './load-panel';
import { PanelBoundary } from './panel-boundary';
import { PanelFailure, TRANSIENT_FAILURES } from './panel-failure';

type Shown = { panel: Panel; Component: ComponentType<{ context: PanelContext }>; token: string };
type LoadState =
  | { status: 'loading'; shown?: Shown }
  | { status: 'ready'; shown: Shown }
  | { status: 'error'; failure: PanelFailure };

function toFailure(error: unknown): PanelFailure {
  return error instanceof PanelFailure
    ? error
    : new PanelFailure('unreachable', (error as Error)?.message ?? String(error), error);
}

/** Tells the host the panel has committed without suspending. */
function ReadySignal({ onReady }: { onReady: () => void }) {
  useEffect(onReady, [onReady]);
  return null;
}

export function PanelSkeleton({ label }: { label: string }) {
  return (
    <div className="panel-skeleton">
      <Skeleton height={22} width="40%" label={label} />
      <Skeleton height={14} width="85%" />
      <Skeleton height={14} width="70%" />
      <Skeleton height={120} />
    </div>
  );
}

/**
 * One panel's mount point: loads its remote, isolates it (error boundary + Suspense), shows a
 * failure card with Retry, retries by itself with backoff, and swaps versions in place.
 */
export function PanelHost({ panel }: { panel: Panel }) {
  const services = useServices();
  const theme = useTheme();
  const { generation } = useRegistry();
  const [attempt, setAttempt] = useState(0);
  const [load, setLoad] = useState<LoadState>({ status: 'loading' });
  const [failures, setFailures] = useState(0);
  const [renderedToken, setRenderedToken] = useState<string | null>(null);
  const [nextRetryAt, setNextRetryAt] = useState<number | null>(null);
  const failedAtGeneration = useRef(0);
  const panelRef = useRef(panel);
  panelRef.current = panel;
  const generationRef = useRef(generation);
  generationRef.current = generation;

  const versionKey = `${panel.version}\n${panel.entry}\n${panel.module}`;

  const fail = useCallback((failure: PanelFailure) => {
    failedAtGeneration.current = generationRef.current;
    setLoad({ status: 'error', failure });
    setFailures((n) => n + 1);
  }, []);

  useEffect(() => {
    let cancelled = false;
    const target = panelRef.current;
    // Keep showing what works while the next version loads: the swap happens when it is ready.
    setLoad((previous) => ({
      status: 'loading',
      shown: previous.status === 'error' ? undefined : previous.shown,
    }));
    loadPanel(target, attempt).then(
      (mod) => {
        if (cancelled) return;
        setLoad({
          status: 'ready',
          shown: { panel: target, Component: mod.default, token: `${attempt}\n${versionKey}` },
        });
        setFailures(0);
        setNextRetryAt(null);
      },
      (error: unknown) => {
        if (!cancelled) fail(toFailure(error));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [versionKey, attempt, fail]);

  // Automatic recovery: on a timer for transient failures, and whenever the registry announces the panel again.
  useEffect(() => {
    if (load.status !== 'error') return;
    const announced = generation > failedAtGeneration.current;
    if (!announced && !TRANSIENT_FAILURES.has(load.failure.kind)) {
      setNextRetryAt(null);
      return;
    }
    const delays = services.retryDelaysMs;
    const delay = delays[Math.min(Math.max(failures - 1, 0), delays.length - 1)] ?? 30_000;
    setNextRetryAt(Date.now() + delay);
    const timer = setTimeout(() => setAttempt((n) => n + 1), delay);
    return () => clearTimeout(timer);
  }, [load, generation, failures, services.retryDelaysMs]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const onRenderError = useCallback(
    (error: Error) => fail(new PanelFailure('render-error', error.message || String(error), error)),
    [fail],
  );

  const shown = load.status === 'error' ? undefined : load.shown;
  const context = useMemo(
    () => (shown ? createPanelContext(shown.panel, services, theme) : null),
    [shown, services, theme],
  );
  const onReady = useCallback(() => shown && setRenderedToken(shown.token), [shown]);

  const state =
    load.status === 'error'
      ? 'error'
      : load.status === 'ready' && renderedToken === load.shown.token
        ? 'ready'
        : 'loading';

  let body: ReactNode;
  if (load.status === 'error') {
    body = (
      <FailureCard panel={panel} failure={load.failure} onRetry={retry} nextRetryAt={nextRetryAt} />
    );
  } else if (shown && context) {
    body = (
      <PanelBoundary key={shown.token} onError={onRenderError}>
        <Suspense fallback={<PanelSkeleton label={`Loading ${panel.title}`} />}>
          <shown.Component context={context} />
          <ReadySignal onReady={onReady} />
        </Suspense>
      </PanelBoundary>
    );
  } else {
    body = <PanelSkeleton label={`Loading ${panel.title}`} />;
  }

  return (
    <section
      className="panel-mount"
      aria-label={panel.title}
      aria-busy={state === 'loading'}
      data-panel-id={panel.id}
      data-panel-version={panel.version}
      data-panel-state={state}
    >
      {body}
    </section>
  );
}
