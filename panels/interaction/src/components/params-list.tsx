import { formatValue } from '../lib/format';

/** An operation's parameters, name and value each, as the request will carry them. */
export function ParamsList({ params }: { params: Record<string, unknown> }) {
  return (
    <dl className="pi-params" aria-label="Parameters">
      {Object.entries(params).map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd className="pi-code">{formatValue(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The confirm and approve dialogs' "Parameters" part: the list, or "None." when there are none. */
export function ParamsSection({ params }: { params: Record<string, unknown> }) {
  return (
    <>
      <h3 className="pi-subtitle">Parameters</h3>
      {Object.keys(params).length === 0 ? (
        <p className="pi-muted">None.</p>
      ) : (
        <ParamsList params={params} />
      )}
    </>
  );
}
