import { formatDateTime, formatSpan } from '../lib/format';
import { useNow } from '../lib/use-now';

/**
 * "for 12 min" with the exact instant in a <time> for tools and a tooltip for people. It keeps its
 * own slow clock, so ageing text never re-renders the row around it.
 */
export function RelativeTime({
  iso,
  prefix = '',
  suffix = '',
}: {
  iso: string;
  prefix?: string;
  suffix?: string;
}) {
  const now = useNow(15_000);
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {prefix}
      {formatSpan(now - Date.parse(iso))}
      {suffix}
    </time>
  );
}
