export * from './tokens.js';
export { contrastRatio } from './contrast.js';
export { cx } from './cx.js';
export { Button, type ButtonProps } from './button.js';
export { Card, type CardProps } from './card.js';
export { StatusBadge, type StatusBadgeProps, type StatusKind } from './status-badge.js';
export { Skeleton, type SkeletonProps } from './skeleton.js';
export { Dialog, type DialogProps } from './dialog.js';
export { Kbd } from './kbd.js';
