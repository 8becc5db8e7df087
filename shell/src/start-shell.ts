import type { ShellServices } from './shell-services';

/**
 * What happens once at start: who we are, which panels exist, and the one event stream. Who we
 * are is asked once the page's first reads are answered (services.firstReads): the first paint
 * does not wait for it, and at 10,000 services a read beside them queues them at the gateway.
 * The stream opens at once: stores read their first state and follow it, so it must be open.
 */
export function startShell(services: ShellServices): () => void {
  services.events.start();
  let running = true;
  void (services.firstReads ?? Promise.resolve()).then(() => {
    if (running) void services.auth.refresh();
  });
  void services.registry.start();
  return () => {
    running = false;
    services.events.stop();
    services.registry.dispose();
  };
}
