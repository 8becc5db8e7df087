import { useState, type FormEvent } from 'react';
import { Button, Dialog } from '@aether/ui';
import { useServices } from '../services-context';

/** Token → session cookie (POST /api/session). Lazy-loaded. */
export default function LoginDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { auth, events } = useServices();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await auth.login(token.trim());
      setToken('');
      // The stream was opened with the old cookie; reopen it so events follow the new role.
      events.restart();
      onClose();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Sign in"
      description="Paste an API token. The gateway exchanges it for a session cookie; the token is not stored by the browser."
    >
      <form className="login" onSubmit={submit}>
        <label className="login__label" htmlFor="login-token">
          Token
        </label>
        <input
          id="login-token"
          className="login__input"
          type="password"
          autoComplete="off"
          required
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'login-error' : undefined}
        />
        {error && (
          <p id="login-error" className="login__error" role="alert">
            {error}
          </p>
        )}
        <div className="login__actions">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" disabled={busy || token.trim() === ''}>
            {busy ? 'Signing in…' : 'Sign in'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
