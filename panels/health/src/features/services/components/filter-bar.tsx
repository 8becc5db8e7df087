import { useId } from 'react';
import { STATUS_LABEL } from '../../../components/status-badge';
import { NO_FILTERS, SORT_KEYS, STATUS_FILTERS, type ListQuery, type SortKey } from '../list-query';

const SORT_LABEL: Record<SortKey, string> = {
  status: 'Status (worst first)',
  name: 'Name',
  latency: 'Latency (slowest first)',
  uptime: 'Uptime (lowest first)',
};

export interface FilterBarProps {
  query: ListQuery;
  groups: readonly string[];
  tags: readonly string[];
  shown: number;
  /** Services in the fleet; null while only a first page is known. */
  total: number | null;
  onChange: (change: Partial<ListQuery>) => void;
}

export function FilterBar({ query, groups, tags, shown, total, onChange }: FilterBarProps) {
  const id = useId();
  const filtered =
    query.status || query.group || query.tag || query.q || query.maintenance || query.alerting;
  return (
    <form
      className="hp-filters"
      role="search"
      aria-label="Filter services"
      onSubmit={(e) => e.preventDefault()}
    >
      <label className="hp-field hp-field--grow" htmlFor={`${id}-q`}>
        <span>Search</span>
        <input
          id={`${id}-q`}
          type="search"
          value={query.q}
          placeholder="Name, id, group or tag"
          onChange={(e) => onChange({ q: e.target.value })}
        />
      </label>
      <label className="hp-field" htmlFor={`${id}-status`}>
        <span>Status</span>
        <select
          id={`${id}-status`}
          value={query.status ?? ''}
          onChange={(e) => onChange({ status: (e.target.value || null) as ListQuery['status'] })}
        >
          <option value="">All</option>
          {STATUS_FILTERS.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABEL[s]}
            </option>
          ))}
        </select>
      </label>
      <label className="hp-field" htmlFor={`${id}-group`}>
        <span>Group</span>
        <select
          id={`${id}-group`}
          value={query.group ?? ''}
          onChange={(e) => onChange({ group: e.target.value || null })}
        >
          <option value="">All</option>
          {groups.map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
      </label>
      <label className="hp-field" htmlFor={`${id}-tag`}>
        <span>Tag</span>
        <select
          id={`${id}-tag`}
          value={query.tag ?? ''}
          onChange={(e) => onChange({ tag: e.target.value || null })}
        >
          <option value="">All</option>
          {tags.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label className="hp-field hp-field--inline" htmlFor={`${id}-maintenance`}>
        <input
          id={`${id}-maintenance`}
          type="checkbox"
          checked={query.maintenance}
          onChange={(e) => onChange({ maintenance: e.target.checked })}
        />
        <span>In maintenance</span>
      </label>
      <label className="hp-field hp-field--inline" htmlFor={`${id}-alerting`}>
        <input
          id={`${id}-alerting`}
          type="checkbox"
          checked={query.alerting}
          onChange={(e) => onChange({ alerting: e.target.checked })}
        />
        <span>Alerting</span>
      </label>
      <label className="hp-field" htmlFor={`${id}-sort`}>
        <span>Sort by</span>
        <select
          id={`${id}-sort`}
          value={query.sort}
          onChange={(e) => onChange({ sort: e.target.value as SortKey })}
        >
          {SORT_KEYS.map((k) => (
            <option key={k} value={k}>
              {SORT_LABEL[k]}
            </option>
          ))}
        </select>
      </label>
      <p className="hp-filters__count" aria-live="polite">
        {total === null
          ? `${shown} services shown`
          : filtered
            ? `${shown} of ${total} services`
            : `${total} services`}
        {filtered && (
          <button type="button" className="hp-link-button" onClick={() => onChange(NO_FILTERS)}>
            Clear filters
          </button>
        )}
      </p>
    </form>
  );
}
