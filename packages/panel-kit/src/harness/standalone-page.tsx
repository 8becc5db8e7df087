import { StrictMode, type ComponentType, type CSSProperties } from 'react';
import { createRoot } from 'react-dom/client';
import type { PanelContext } from '@aether/contract';
import { createApiClient } from '@aether/contract/panel-runtime';
import { createBrowserNavigation } from './browser-navigation';
import { createHarnessContext, type HarnessContext, type HarnessOptions } from './harness-context';

export interface StandaloneOptions
  extends
    Omit<HarnessOptions, 'api' | 'navigation' | 'path'>,
    Partial<Pick<HarnessOptions, 'api' | 'navigation'>> {
  /** Added to the frame's style (a panel that scrolls inside itself wants `{ height: '100vh' }`). */
  frame?: CSSProperties;
}

/**
 * Mounts a panel on its standalone dev page (index.html's #root) as the shell would: a harness
 * context on this origin's gateway (MSW plays it) whose navigation shows in the address bar under
 * /p/<panelId>, and a frame padded on the page background, at least a screen tall. Returns the
 * context, for a dev page that drives it (events, user).
 */
export function renderStandalone(
  Panel: ComponentType<{ context: PanelContext }>,
  { frame = {}, ...options }: StandaloneOptions,
): HarnessContext {
  const context = createHarnessContext({
    api: createApiClient(window.location.origin),
    navigation: createBrowserNavigation(`/p/${options.panelId}`),
    ...options,
  });
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <div style={{ padding: 24, minHeight: '100vh', background: 'var(--ae-color-bg)', ...frame }}>
        <Panel context={context} />
      </div>
    </StrictMode>,
  );
  return context;
}
