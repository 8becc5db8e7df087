import { useId, useState, type FormEvent } from 'react';
import { Button } from '@aether/ui';
import type { Role } from '@aether/contract';
import { summarizeError, useIdentity, usePanelContext } from '@aether/panel-kit';
import { roleRequirement } from '../lib/roles';

/**
 * Says why the user can only look, and offers the shell's sign-in (token → session cookie) right
 * here, so an operator does not lose the operation they were about to run.
 */
export function RoleGateNotice({ required }: { required: Role }) {
  const { auth } = usePanelContext();
  const user = useIdentity();
  const [open, setOpen] = useState(false);
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const tokenId = useId();
  const errorId = `${tokenId}-error`;

  const signIn = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await auth.login(token);
    } catch (e) {
      const { title, detail } = summarizeError(e);
      setError(detail ?? title);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="pi-gate" role="note">
      <p className="pi-gate__reason">
        <span aria-hidden="true">🔒 </span>
        {roleRequirement(user, required)}
      </p>
      {!open ? (
        <Button size="sm" onClick={() => setOpen(true)}>
          {user.authenticated ? 'Sign in as someone else' : 'Sign in'}
        </Button>
      ) : (
        <form className="pi-gate__form" onSubmit={signIn} aria-label="Sign in">
          <label className="pi-field__label" htmlFor={tokenId}>
            Access token
          </label>
          <input
            id={tokenId}
            className="pi-input"
            type="password"
            autoComplete="off"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
          />
          <Button type="submit" variant="primary" size="sm" disabled={busy || token === ''}>
            {busy ? 'Signing in…' : 'Sign in'}
          </Button>
          {error && (
            <p id={errorId} className="pi-field__error">
              {error}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
