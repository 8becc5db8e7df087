import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Button, Card } from '@aether/ui';
import type { Operation } from '@aether/contract';
import { formatMs } from '../../../lib/format';
import { hasRole } from '../../../lib/roles';
import { useIdentity } from '@aether/panel-kit';
import { RoleGateNotice } from '../../../components/role-gate-notice';
import { OperationBadges } from '../../../components/operation-badges';
import { ParamsFormFields } from '../../../lib/params-form/params-form-fields';
import { useParamsForm } from '../../../lib/params-form/use-params-form';
import { useDryRun } from '../hooks/use-dry-run';
import { useOperationRun } from '../hooks/use-operation-run';
import { ConfirmDialog } from './confirm-dialog';
import { DryRunView } from './dry-run-view';
import { RunOutcome } from './run-outcome';
import { LiveStripView } from './live-strip-view';

/** The params form with its two actions (dry run, run), the confirmation dialog and what came back. */
export function OperationWorkbench({
  operation,
  serviceName,
  dryRunFirst = false,
  checkIds = [],
}: {
  operation: Operation;
  serviceName: string;
  /** Start with the dry run of the default params (or say which field needs a value first). */
  dryRunFirst?: boolean;
  /** The service's checks, followed for two minutes after a run. */
  checkIds?: readonly string[];
}) {
  const user = useIdentity();
  const form = useParamsForm(operation.params);
  const dryRun = useDryRun(operation, form.showServerErrors);
  const run = useOperationRun(operation, form.showServerErrors);
  // Dry runs are operator-only whatever the operation's own role is.
  const mayRun = hasRole(user, operation.role);
  const mayDryRun = hasRole(user, 'operator');
  const waiting = run.state.step === 'pending' || run.state.step === 'approved';
  const busy = run.state.step === 'running' || waiting;
  // Where focus goes back when the confirm dialog closes: the Run button is disabled while the
  // first invoke is in flight, so the browser has already dropped focus to <body> by then.
  const runButton = useRef<HTMLButtonElement>(null);
  const dryRunButton = useRef<HTMLButtonElement>(null);
  // When the last run finished: the page then follows the service's checks for two minutes.
  const [ranAt, setRanAt] = useState<number | null>(null);
  const finished = run.state.step === 'finished' ? run.state.result : null;
  useEffect(() => {
    if (finished) setRanAt(Date.now());
  }, [finished]);

  // Once, on arrival: a dry run is safe to start unasked; running never is.
  const startedDryRun = useRef(false);
  useEffect(() => {
    if (!dryRunFirst || !mayDryRun || startedDryRun.current) return;
    startedDryRun.current = true;
    dryRunButton.current?.focus();
    const params = form.submit();
    if (params) void dryRun.start(params);
  }, [dryRunFirst, mayDryRun, form, dryRun]);

  // Enter in a field means "dry run": the safe action; running takes a deliberate click.
  const submitDryRun = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const params = mayDryRun ? form.submit() : undefined;
    if (params) void dryRun.start(params);
  };
  const startRun = () => {
    const params = form.submit();
    if (params) void run.run(params);
  };

  return (
    <>
      <Card
        title={operation.title}
        actions={<OperationBadges operation={operation} />}
        aria-label={`${operation.title} on ${serviceName}`}
      >
        <p className="pi-code pi-small">
          {operation.method} {operation.path} · times out after {formatMs(operation.timeoutMs)}
        </p>
        {operation.description && <p>{operation.description}</p>}
        {!mayRun && <RoleGateNotice required={operation.role} />}
        <form onSubmit={submitDryRun} noValidate aria-label="Parameters">
          <fieldset disabled={!mayRun || busy} className="pi-fieldset">
            <legend className="ae-visually-hidden">Parameters</legend>
            <ParamsFormFields form={form} />
            <div className="pi-actions">
              {mayDryRun && (
                <Button type="submit" ref={dryRunButton}>
                  Dry run
                </Button>
              )}
              <Button
                ref={runButton}
                onClick={startRun}
                variant={operation.mutating ? 'danger' : 'primary'}
              >
                {run.state.step === 'pending'
                  ? 'Waiting for approval'
                  : run.state.step === 'approved'
                    ? 'Running the approved request'
                    : operation.mutating
                      ? 'Run…'
                      : 'Run'}
              </Button>
            </div>
          </fieldset>
        </form>
      </Card>
      <DryRunView state={dryRun.state} />
      <RunOutcome state={run.state} />
      {ranAt !== null && operation.mutating && (
        <LiveStripView
          key={ranAt}
          serviceId={operation.serviceId}
          checkIds={checkIds}
          since={ranAt}
        />
      )}
      {run.state.step === 'confirming' && (
        <ConfirmDialog
          operation={operation}
          serviceName={serviceName}
          params={run.state.params}
          confirmation={run.state.confirmation}
          onConfirm={() => void run.confirm()}
          onCancel={run.cancel}
          returnFocus={runButton}
        />
      )}
    </>
  );
}
