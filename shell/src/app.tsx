import { lazy, Suspense, useEffect, useState } from 'react';
import { Button, Kbd } from '@aether/ui';
import { ConnectionIndicator } from './layout/connection-indicator';
import { NavRail, useLinkHandler } from './layout/nav-rail';
import { RouteView } from './layout/route-view';
import { ThemeToggle } from './layout/theme-toggle';
import { UserMenu } from './layout/user-menu';
import { ApprovalNotice } from './approvals/approval-notice';
import { useDownCountTitle } from './now/fleet-summary';
import { useDownCountFavicon } from './now/favicon';

// Not part of the first view: fetched the first time they open.
const CommandPalette = lazy(() => import('./palette/command-palette'));
const LoginDialog = lazy(() => import('./auth/login-dialog'));

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function App() {
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [loginOpen, setLoginOpen] = useState(false);
  const onLinkClick = useLinkHandler();
  useDownCountTitle();
  useDownCountFavicon();

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setPaletteOpen((open) => !open);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="shell">
        <header className="topbar">
          <a className="brand" href="/" aria-label="AETHER GRID home" onClick={onLinkClick}>
            <span className="brand__mark" aria-hidden="true" />
            AETHER GRID
          </a>
          <Button
            size="sm"
            variant="ghost"
            className="topbar__palette"
            onClick={() => setPaletteOpen(true)}
            aria-keyshortcuts={isMac ? 'Meta+K' : 'Control+K'}
          >
            Go to… <Kbd>{isMac ? '⌘K' : 'Ctrl K'}</Kbd>
          </Button>
          <div className="topbar__end">
            <ConnectionIndicator />
            <ThemeToggle />
            <UserMenu onSignIn={() => setLoginOpen(true)} />
          </div>
        </header>
        <NavRail />
        <main id="main" className="main" tabIndex={-1}>
          <RouteView />
        </main>
      </div>
      <ApprovalNotice />
      <Suspense fallback={null}>
        {paletteOpen && <CommandPalette open onClose={() => setPaletteOpen(false)} />}
        {loginOpen && <LoginDialog open onClose={() => setLoginOpen(false)} />}
      </Suspense>
    </>
  );
}
