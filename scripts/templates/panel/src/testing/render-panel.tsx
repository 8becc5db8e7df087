import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Identity } from '@aether/contract';
import { createApiClient } from '@aether/contract/panel-runtime';
import { createHarnessContext } from '@aether/panel-kit/harness';
import Panel from '../panel';
import { GATEWAY } from './server';

/** The panel as the shell mounts it: a real fetch ApiClient over MSW and a hand-driven event hub. */
export function renderPanel({ path = '/', user }: { path?: string; user?: Identity } = {}) {
  const context = createHarnessContext({
    panelId: '__PANEL_ID__',
    api: createApiClient(GATEWAY),
    path,
    user,
  });
  const view = render(<Panel context={context} />);
  return { ...view, user: userEvent.setup(), context, events: context.events };
}
