// What a panel's exposed module may import: small, React-only, no zod, no MSW.
export { useQuery, type Query, type QueryState } from './use-query';
export {
  PanelContextProvider,
  useIdentity,
  usePanelContext,
  usePanelEvent,
  usePanelPath,
} from './panel-context';
export { linkTo, type PanelLinks } from './panel-links';
export {
  confirmationOf,
  errorKind,
  errorMessage,
  isAbort,
  isApiError,
  summarizeError,
  type ApiErrorLike,
  type ErrorKind,
  type ErrorSummary,
} from './api-errors';
// The bake rule is public as a whole: the shell's Now view and the health panel draw the same bar.
export * from './bake';
export { PanelLink } from './panel-link';
export { isPlainClick, type ClickLike } from './plain-click';
export { ColumnHeads } from './column-heads';
export { createEventFanOut, type EventFanOut } from './event-fan-out';
