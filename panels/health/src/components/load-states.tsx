import type { ReactNode } from 'react';

/**
 * What a page shows when its data could not be loaded: why in words and, where trying again can
 * help, Retry. With a `title`, a headed section (a whole page failed); without, an alert.
 */
export function LoadFailed({
  title,
  headingId,
  children,
  onRetry,
}: {
  title?: ReactNode;
  /** The heading's id, which names the section; needed with `title`. */
  headingId?: string;
  children: ReactNode;
  onRetry?: () => void;
}) {
  return (
    <section
      className="hp-state"
      {...(title === undefined ? { role: 'alert' } : { 'aria-labelledby': headingId })}
    >
      {title !== undefined && <h2 id={headingId}>{title}</h2>}
      <p>{children}</p>
      {onRetry && (
        <button type="button" className="hp-button" onClick={onRetry}>
          Retry
        </button>
      )}
    </section>
  );
}

/** Placeholder blocks while a page loads: a title block when the page has a title, then a card. */
export function LoadingBlocks({ label, title = false }: { label: string; title?: boolean }) {
  return (
    <div className="hp-skeleton" role="status" aria-label={label}>
      {title && <div className="hp-skeleton__block hp-skeleton__block--title" />}
      <div className="hp-skeleton__block hp-skeleton__block--card" />
    </div>
  );
}
