import {
  useEffect,
  useId,
  useRef,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import { cx } from './cx.js';

export interface DialogProps {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  className?: string;
  /** Where the dialog sits: centred, or near the top as a command palette does. */
  placement?: 'center' | 'top';
  /**
   * Where focus goes when the dialog closes, when that is not simply where it was on opening: the
   * control that opened it may have been disabled meanwhile (a request in flight), which drops
   * focus to <body> before the dialog even opens.
   */
  returnFocus?: RefObject<HTMLElement | null>;
}

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Modal dialog: focus moves in on open, stays in while open (Tab cycles), Escape or a click
 * on the backdrop closes it, and focus returns to where it was (or to `returnFocus`).
 */
export function Dialog({
  open,
  onClose,
  title,
  description,
  children,
  className,
  placement = 'center',
  returnFocus,
}: DialogProps) {
  const panelRef = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    if (!open) return;
    const previous = document.activeElement as HTMLElement | null;
    const opener = returnFocus?.current;
    const panel = panelRef.current;
    const first =
      panel?.querySelector<HTMLElement>('[data-autofocus]') ??
      panel?.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? panel)?.focus();
    return () => {
      (opener?.isConnected ? opener : previous)?.focus?.();
    };
  }, [open, returnFocus]);

  if (!open) return null;

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onClose();
      return;
    }
    if (event.key !== 'Tab' || !panelRef.current) return;
    const items = [...panelRef.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (items.length === 0) return;
    const [first, last] = [items[0]!, items[items.length - 1]!];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <div
      className={cx('ae-dialog__backdrop', `ae-dialog__backdrop--${placement}`)}
      onMouseDown={(e) => e.target === e.currentTarget && onClose()}
    >
      <div
        ref={panelRef}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descriptionId : undefined}
        tabIndex={-1}
        className={cx('ae-dialog', className)}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId} className="ae-dialog__title">
          {title}
        </h2>
        {description && (
          <p id={descriptionId} className="ae-dialog__description">
            {description}
          </p>
        )}
        {children}
      </div>
    </div>
  );
}
