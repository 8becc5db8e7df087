export type PanelFailureKind =
  | 'unreachable'
  | 'manifest-invalid'
  | 'module-missing'
  | 'name-mismatch'
  | 'incompatible-context'
  | 'integrity-failed'
  | 'render-error';

export const FAILURE_LABELS: Record<PanelFailureKind, string> = {
  unreachable: 'Remote unreachable',
  'manifest-invalid': 'Manifest invalid',
  'module-missing': 'Exposed module missing',
  'name-mismatch': 'Remote name does not match the registry',
  'incompatible-context': 'Incompatible panel context',
  'integrity-failed': 'Integrity check failed',
  'render-error': 'Error while rendering',
};

/** Kinds worth retrying on a timer: the remote may simply come back. The others wait for a new registration or a Retry. */
export const TRANSIENT_FAILURES: ReadonlySet<PanelFailureKind> = new Set(['unreachable']);

export class PanelFailure extends Error {
  constructor(
    public readonly kind: PanelFailureKind,
    message: string,
    public override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'PanelFailure';
  }
}
