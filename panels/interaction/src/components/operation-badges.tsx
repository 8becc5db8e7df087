import type { Operation } from '@aether/contract';

/** What kind of operation this is, in words: reads, changes state, needs a second operator, role. */
export function OperationBadges({ operation }: { operation: Operation }) {
  return (
    <span className="pi-badges">
      <span className="pi-badge pi-badge--method">{operation.method}</span>
      {operation.mutating ? (
        <span className="pi-badge pi-badge--warning">Changes state</span>
      ) : (
        <span className="pi-badge">Read-only</span>
      )}
      {operation.approvals >= 2 && <span className="pi-badge pi-badge--warning">Four eyes</span>}
      {operation.role !== 'operator' && <span className="pi-badge">{operation.role}</span>}
    </span>
  );
}
