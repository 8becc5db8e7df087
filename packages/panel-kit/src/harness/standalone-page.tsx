import { StrictMode, type CSSProperties, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';

/**
 * Mounts a panel on its standalone dev page (index.html's #root), framed as the shell frames it:
 * padded, on the page background, at least a screen tall. `frame` adds to that style (a panel
 * that scrolls inside itself wants `{ height: '100vh' }`).
 */
export function renderStandalone(panel: ReactNode, frame: CSSProperties = {}) {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <div style={{ padding: 24, minHeight: '100vh', background: 'var(--ae-color-bg)', ...frame }}>
        {panel}
      </div>
    </StrictMode>,
  );
}
