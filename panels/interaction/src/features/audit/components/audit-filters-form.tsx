import { useState, type ComponentProps, type FormEvent } from 'react';
import { Button } from '@aether/ui';
import { isoToLocalInput, localInputToIso, type AuditFilters } from '../audit-filters';
import type { AuditFacets } from '../hooks/use-audit-facets';

/**
 * Service and actor chosen from the values the trail holds (applied at once), and a time window
 * (applied with the button); all of it goes to the URL, so a filtered view can be shared.
 */
export function AuditFiltersForm({
  filters,
  facets,
  onApply,
}: {
  filters: AuditFilters;
  facets: AuditFacets;
  onApply: (filters: AuditFilters) => void;
}) {
  const [from, setFrom] = useState(isoToLocalInput(filters.from));
  const [to, setTo] = useState(isoToLocalInput(filters.to));

  const apply = (event: FormEvent) => {
    event.preventDefault();
    onApply({ ...filters, from: localInputToIso(from), to: localInputToIso(to) });
  };
  const clear = () => {
    setFrom('');
    setTo('');
    onApply({});
  };

  return (
    <form className="pi-filters" onSubmit={apply} aria-label="Audit filters">
      <FilterChoice
        label="Service"
        anyLabel="Any service"
        value={filters.service}
        values={facets.services}
        onChange={(service) => onApply({ ...filters, service })}
      />
      <FilterChoice
        label="Actor"
        anyLabel="Anyone"
        value={filters.actor}
        values={facets.actors}
        onChange={(actor) => onApply({ ...filters, actor })}
      />
      <FilterField
        label="From"
        type="datetime-local"
        value={from}
        onChange={(e) => setFrom(e.target.value)}
      />
      <FilterField
        label="To"
        type="datetime-local"
        value={to}
        onChange={(e) => setTo(e.target.value)}
      />
      <div className="pi-actions">
        <Button type="submit" variant="primary">
          Apply time window
        </Button>
        <Button variant="ghost" onClick={clear}>
          Clear
        </Button>
      </div>
    </form>
  );
}

/** A list of the values present, plus "any"; a value from the URL stays listed even if absent. */
function FilterChoice({
  label,
  anyLabel,
  value,
  values,
  onChange,
}: {
  label: string;
  anyLabel: string;
  value: string | undefined;
  values: string[];
  onChange: (value: string | undefined) => void;
}) {
  const options = value && !values.includes(value) ? [value, ...values] : values;
  return (
    <label className="pi-field">
      <span className="pi-field__label">{label}</span>
      <select
        className="pi-input"
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value || undefined)}
      >
        <option value="">{anyLabel}</option>
        {options.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    </label>
  );
}

/** One labelled input of the filters. */
function FilterField({ label, ...input }: { label: string } & ComponentProps<'input'>) {
  return (
    <label className="pi-field">
      <span className="pi-field__label">{label}</span>
      <input className="pi-input" {...input} />
    </label>
  );
}
