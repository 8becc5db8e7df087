import { useState } from 'react';
import { Button } from '@aether/ui';
import { useServices, useUser } from '../services-context';

/** Who is signed in, and the way in or out. The dialog itself is lazy (not in the first view). */
export function UserMenu({ onSignIn }: { onSignIn: () => void }) {
  const { auth, events } = useServices();
  const user = useUser();
  const [busy, setBusy] = useState(false);
  if (!user.authenticated) {
    return (
      <div className="user">
        <span className="user__name">{user.role ? `Anonymous ${user.role}` : 'Not signed in'}</span>
        <Button size="sm" onClick={onSignIn}>
          Sign in
        </Button>
      </div>
    );
  }
  return (
    <div className="user">
      <span className="user__name">
        {user.name} <span className="user__role">{user.role}</span>
      </span>
      <Button
        size="sm"
        variant="ghost"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          // The stream was opened with the session cookie; reopen it as the anonymous caller.
          void auth
            .logout()
            .then(() => events.restart())
            .finally(() => setBusy(false));
        }}
      >
        Sign out
      </Button>
    </div>
  );
}
