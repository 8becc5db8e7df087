import { Skeleton } from '@aether/ui';

/** Placeholder rows while something loads; screen readers hear the label once. */
export function LoadingRows({ label, rows = 3 }: { label: string; rows?: number }) {
  return (
    <div className="pi-loading" role="status" aria-label={label}>
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height={20} width={`${90 - i * 12}%`} />
      ))}
    </div>
  );
}
