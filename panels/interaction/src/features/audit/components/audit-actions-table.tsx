import { Fragment, useState } from 'react';
import { Button, StatusBadge } from '@aether/ui';
import type { AuditEntry } from '@aether/contract';
import { ColumnHeads } from '@aether/panel-kit';
import { formatInstant } from '../../../lib/format';
import { groupAuditActions } from '../audit-actions';
import { AuditTable } from './audit-table';

/**
 * The trail as actions, one row each ("Requested by bob → Approved by olga → Ran 202"), newest
 * first; a row opens onto the entries it was told from, each with its hash-chained detail.
 */
export function AuditActionsTable({ entries }: { entries: AuditEntry[] }) {
  const actions = groupAuditActions(entries);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (key: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(key)) next.add(key);
      return next;
    });

  return (
    <div className="pi-table-scroll">
      <table className="pi-table" aria-label="Audit actions">
        <ColumnHeads
          names={[
            '#',
            'When',
            'Who',
            'What',
            'Steps',
            'Outcome',
            <span key="entries" className="ae-visually-hidden">
              Entries
            </span>,
          ]}
        />
        <tbody>
          {actions.map((action) => {
            const expanded = open.has(action.key);
            const detailsId = `pi-audit-action-${action.key.slice(1)}`;
            const count = action.entries.length;
            return (
              <Fragment key={action.key}>
                <tr>
                  <td className="pi-code pi-nowrap">{entryIds(action.entries)}</td>
                  <td className="pi-nowrap">{formatInstant(action.at)}</td>
                  <td>{action.actor}</td>
                  <td>{action.subject}</td>
                  <td>{action.steps.join(' → ')}</td>
                  <td className="pi-nowrap">
                    <StatusBadge
                      status={action.outcome.kind}
                      label={action.outcome.label}
                      size="sm"
                    />
                  </td>
                  <td>
                    <Button
                      variant="ghost"
                      size="sm"
                      aria-expanded={expanded}
                      aria-controls={expanded ? detailsId : undefined}
                      onClick={() => toggle(action.key)}
                    >
                      {count} {count === 1 ? 'entry' : 'entries'}
                      <span className="ae-visually-hidden"> of {action.steps.join(' → ')}</span>
                    </Button>
                  </td>
                </tr>
                {expanded && (
                  <tr id={detailsId} className="pi-audit-action__entries">
                    <td colSpan={7}>
                      <AuditTable
                        entries={[...action.entries].reverse()}
                        label={`Entries of ${action.steps.join(' → ')}`}
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The chain positions an action spans: "70", or "12–15" (its entries need not be adjacent). */
function entryIds(entries: AuditEntry[]): string {
  const first = entries[0]!.id;
  const last = entries.at(-1)!.id;
  return first === last ? String(first) : `${first}–${last}`;
}
