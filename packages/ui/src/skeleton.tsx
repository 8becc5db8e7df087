import type { CSSProperties } from 'react';
import { cx } from './cx.js';

export interface SkeletonProps {
  width?: CSSProperties['width'];
  height?: CSSProperties['height'];
  className?: string;
  /** Read by screen readers instead of the shimmer. */
  label?: string;
}

export function Skeleton({ width = '100%', height = 16, className, label }: SkeletonProps) {
  return (
    <span
      className={cx('ae-skeleton', className)}
      style={{ width, height }}
      {...(label ? { role: 'status', 'aria-label': label } : { 'aria-hidden': true })}
    />
  );
}
