import type { OutboundRequest } from '@aether/contract';
import { HeadersTable } from './headers-table';

/** A request as the gateway would send it; secret headers arrive already redacted (e.g. `${TOKEN}`). */
export function RequestView({ request, label }: { request: OutboundRequest; label: string }) {
  const headers = Object.entries(request.headers);
  return (
    <figure className="pi-request" aria-label={label}>
      <p className="pi-code pi-request__line">
        <strong>{request.method}</strong> {request.url}
      </p>
      {headers.length > 0 && <HeadersTable headers={headers} caption="Headers" />}
      {request.body !== null && <pre className="pi-pre">{prettyBody(request.body)}</pre>}
    </figure>
  );
}

function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
