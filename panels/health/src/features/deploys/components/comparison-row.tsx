import { memo } from 'react';
import { PanelLink } from '@aether/panel-kit';
import { routes } from '../../../app/routes';
import { sameRow, type ComparisonRow } from '../comparison-deltas';
import { FigureDeltaView } from './figure-delta';

/**
 * One check's row of the deploy page. Memo'd on what it shows: the page reads the comparison
 * again every few seconds while the deployed services report, and only rows that moved redraw.
 */
export const ComparisonRowView = memo(
  function ComparisonRowView({ row }: { row: ComparisonRow }) {
    return (
      <tr className={`hp-deploy__row--${row.verdict}`}>
        <th scope="row">
          <PanelLink to={routes.service(row.serviceId)}>{row.serviceId}</PanelLink>{' '}
          <code>{row.checkId}</code>
        </th>
        <td>
          <FigureDeltaView delta={row.passRate} />
        </td>
        <td>
          <FigureDeltaView delta={row.p50} unit="ms" />
        </td>
        <td>
          <FigureDeltaView delta={row.p95} unit="ms" />
        </td>
        <td>
          {row.conditions.length === 0 ? (
            <span className="hp-muted">all ok</span>
          ) : (
            <ul className="hp-deploy__conditions">
              {row.conditions.map((c) => (
                <li
                  key={c.condition}
                  className={`hp-delta--${c.after === 'failing' ? (c.before === 'ok' ? 'worse' : 'same') : 'better'}`}
                >
                  <code>{c.condition}</code> {c.before} → {c.after}
                </li>
              ))}
            </ul>
          )}
        </td>
        <td>
          <strong>{row.verdict}</strong>
          {row.reasons.length > 0 && (
            <span className="hp-muted hp-deploy__reasons"> {row.reasons.join('; ')}</span>
          )}
        </td>
      </tr>
    );
  },
  (a, b) => sameRow(a.row, b.row),
);
