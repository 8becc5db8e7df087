import { useState, type ComponentProps, type FormEvent } from 'react';
import { Button } from '@aether/ui';
import { isoToLocalInput, localInputToIso, type AuditFilters } from '../audit-filters';

/** Service, actor and a time window; applied to the URL so a filtered view can be shared. */
export function AuditFiltersForm({
  filters,
  onApply,
}: {
  filters: AuditFilters;
  onApply: (filters: AuditFilters) => void;
}) {
  const [service, setService] = useState(filters.service ?? '');
  const [actor, setActor] = useState(filters.actor ?? '');
  const [from, setFrom] = useState(isoToLocalInput(filters.from));
  const [to, setTo] = useState(isoToLocalInput(filters.to));

  const apply = (event: FormEvent) => {
    event.preventDefault();
    onApply({
      service: service.trim() || undefined,
      actor: actor.trim() || undefined,
      from: localInputToIso(from),
      to: localInputToIso(to),
    });
  };
  const clear = () => {
    setService('');
    setActor('');
    setFrom('');
    setTo('');
    onApply({});
  };

  return (
    <form className="pi-filters" onSubmit={apply} aria-label="Audit filters">
      <FilterField
        label="Service"
        value={service}
        onChange={(e) => setService(e.target.value)}
        placeholder="service id"
      />
      <FilterField
        label="Actor"
        value={actor}
        onChange={(e) => setActor(e.target.value)}
        placeholder="who"
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
          Apply filters
        </Button>
        <Button variant="ghost" onClick={clear}>
          Clear
        </Button>
      </div>
    </form>
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
