import type { ApiClient, DeployComparison, PanelNavigation } from '@aether/contract';
import { getDeployComparison } from './get-deploy-comparison';

interface Early {
  api: ApiClient;
  id: string;
  answer: Promise<DeployComparison>;
  /** Stops following navigation; `abort` also cancels the request. */
  release(abort: boolean): void;
}

let early: Early | null = null;

/**
 * The deploy page's first read, asked as the panel mounts on a deploy's page instead of once the
 * page's own chunk is in and drawn, so the fleet's reads can wait for it (services-data-provider).
 * Under aether-static the request itself left earlier still: the panel declares it for its
 * `/deploys/:id` pages (../first-requests.json), the shell's early-requests.js starts it while the
 * HTML head is parsed, and this read of the same URL takes that answer (the shell's
 * withEarlyAnswers): one request, from the page's start. The page takes it with
 * {@link takeEarlyComparison}; if the panel leaves that page first, the request is aborted and
 * forgotten, so a later visit never shows an old answer. Returns the answer (it rejects if the
 * request fails or is aborted), for what waits until the page has it.
 */
export function startComparisonEarly(
  api: ApiClient,
  navigation: Pick<PanelNavigation, 'path' | 'subscribe'>,
  id: string,
): Promise<DeployComparison> {
  early?.release(true);
  const controller = new AbortController();
  const answer = getDeployComparison(api, id, controller.signal);
  answer.catch(() => {}); // the page takes it and says what went wrong
  const path = navigation.path;
  const unsubscribe = navigation.subscribe((next) => {
    if (next !== path) drop();
  });
  const started: Early = {
    api,
    id,
    answer,
    release(abort) {
      unsubscribe();
      if (abort) controller.abort();
    },
  };
  const drop = () => {
    if (early !== started) return;
    early = null;
    started.release(true);
  };
  early = started;
  return answer;
}

/** The early read of deploy `id` through `api`, once: undefined if there is none (read it then). */
export function takeEarlyComparison(
  api: ApiClient,
  id: string,
): Promise<DeployComparison> | undefined {
  if (!early || early.api !== api || early.id !== id) return undefined;
  const { answer } = early;
  early.release(false);
  early = null;
  return answer;
}
