import type { OutboundRequest } from '@aether/contract';

/** A request as the gateway would send it; secret headers arrive already redacted (e.g. `${TOKEN}`). */
export function RequestView({ request, label }: { request: OutboundRequest; label: string }) {
  const headers = Object.entries(request.headers);
  return (
    <figure className="pi-request" aria-label={label}>
      <p className="pi-code pi-request__line">
        <strong>{request.method}</strong> {request.url}
      </p>
      {headers.length > 0 && (
        <table className="pi-table pi-table--compact">
          <caption className="pi-sr-only">Headers</caption>
          <tbody>
            {headers.map(([name, value]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td className="pi-code">{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
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
