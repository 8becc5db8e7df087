import type { ShellServices } from './shell-services';

/** What happens once at start: who we are, which panels exist, and the one event stream. */
export function startShell(services: ShellServices): () => void {
  services.events.start();
  void services.auth.refresh();
  void services.registry.start();
  return () => {
    services.events.stop();
    services.registry.dispose();
  };
}
