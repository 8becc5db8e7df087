import type { HTMLAttributes, ReactNode } from 'react';
import { cx } from './cx.js';

export interface CardProps extends Omit<HTMLAttributes<HTMLElement>, 'title'> {
  title?: ReactNode;
  /** Buttons or links shown at the right of the title. */
  actions?: ReactNode;
  tone?: 'default' | 'danger' | 'warning';
}

export function Card({
  title,
  actions,
  tone = 'default',
  className,
  children,
  ...rest
}: CardProps) {
  return (
    <section
      className={cx('ae-card', tone !== 'default' && `ae-card--${tone}`, className)}
      {...rest}
    >
      {(title || actions) && (
        <header className="ae-card__header">
          {title && <h2 className="ae-card__title">{title}</h2>}
          {actions && <div className="ae-card__actions">{actions}</div>}
        </header>
      )}
      {children}
    </section>
  );
}
