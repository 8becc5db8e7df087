/** Placeholder rows in the list's shape while the fleet loads. */
export function ListSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <div className="hp-skeleton" role="status" aria-busy="true" aria-label="Loading services">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="hp-skeleton__row" aria-hidden="true">
          <span className="hp-skeleton__block hp-skeleton__block--status" />
          <span className="hp-skeleton__block hp-skeleton__block--name" />
          <span className="hp-skeleton__block hp-skeleton__block--bar" />
        </div>
      ))}
    </div>
  );
}
