import { act, render } from '@testing-library/react';
import type { ProfilerOnRenderCallback } from 'react';
import type { Identity } from '@aether/contract';
import HealthPanel from '../panel';
import { createApiClient } from '@aether/contract/panel-runtime';
import {
  createEventHub,
  createHarnessContext,
  createMemoryNavigation,
} from '@aether/panel-kit/harness';
import type { FrameScheduler } from '../lib/frame-batcher';
import { GATEWAY } from './server';

/** Frames advanced by the test, so batching is observable and deterministic. */
export function manualFrames() {
  const queue = new Set<() => void>();
  const schedule: FrameScheduler = (callback) => {
    queue.add(callback);
    return () => queue.delete(callback);
  };
  const flush = () =>
    act(() => {
      const callbacks = [...queue];
      queue.clear();
      callbacks.forEach((cb) => cb());
    });
  return { schedule, flush, pending: () => queue.size };
}

export interface RenderPanelOptions {
  path?: string;
  user?: Identity;
  schedule?: FrameScheduler;
  onRowRender?: ProfilerOnRenderCallback;
}

/** The panel as the shell mounts it, with a real fetch ApiClient over MSW and a hand-driven event hub. */
export function renderPanel({ path = '/', user, schedule, onRowRender }: RenderPanelOptions = {}) {
  const events = createEventHub();
  // the other panels' declared pages, as the shell resolves them (navigation.declared)
  const navigation = createMemoryNavigation(path, '/p/health', {
    operationDryRun: '/p/interaction/services/:id/operations/:operation?dryRun=1',
  });
  const context = createHarnessContext({
    panelId: 'health',
    api: createApiClient(GATEWAY),
    events,
    navigation,
    user,
  });
  const view = render(
    <HealthPanel context={context} schedule={schedule} onRowRender={onRowRender} />,
  );
  return { ...view, context, events, navigation };
}

export const VIEWER: Identity = { name: 'anonymous', role: 'viewer', authenticated: false };
export const OPERATOR: Identity = { name: 'ci-bot', role: 'operator', authenticated: true };
