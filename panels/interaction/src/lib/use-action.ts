import { useCallback, useState } from 'react';

/**
 * A user's action that calls the gateway: `busy` while it runs (to disable its button), `error`
 * the failure it ended with, cleared when it runs again; `setError` clears it on closing a dialog.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
