/** Header names and values, one row each; secret values arrive already redacted by the gateway. */
export function HeadersTable({
  headers,
  caption,
}: {
  headers: readonly (readonly [string, string])[];
  /** For screen readers only, where no visible heading names the table. */
  caption?: string;
}) {
  return (
    <table className="pi-table pi-table--compact">
      {caption && <caption className="ae-visually-hidden">{caption}</caption>}
      <tbody>
        {headers.map(([name, value]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td className="pi-code">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
