import { lazy, Suspense, useId, useState } from 'react';
import type { VerifyRequest } from '@aether/contract';
import { errorKind, errorMessage } from '@aether/panel-kit';
import { useVerify } from '../hooks/use-verify';
import { describeRequest, type PlanVerify, type VerifyScope } from '../verify-plan';

// Results (condition tables) only exist after a run: they load then, not with the list.
const VerifyResults = lazy(() =>
  import('./verify-results').then((m) => ({ default: m.VerifyResults })),
);

/**
 * "Verify now" for operators: one service, a tag, or everything. Shows progress while the gateway
 * runs the checks, then every result condition by condition.
 */
export function VerifyControl({ scope, plan }: { scope: VerifyScope; plan: PlanVerify }) {
  const { state, start, reset } = useVerify(plan);
  const id = useId();
  const [target, setTarget] = useState<string>('');

  const request: VerifyRequest =
    scope.kind === 'service' ? { services: [scope.serviceId] } : target ? { tags: [target] } : {};
  const running = state.status === 'running';

  return (
    <section className="hp-verify" aria-label="Verify now">
      <div className="hp-verify__bar">
        {scope.kind === 'fleet' && (
          <label className="hp-field hp-field--inline" htmlFor={`${id}-scope`}>
            <span>Verify</span>
            <select
              id={`${id}-scope`}
              value={target}
              disabled={running}
              onChange={(e) => setTarget(e.target.value)}
            >
              <option value="">Every service</option>
              {scope.tags.map((t) => (
                <option key={t} value={t}>
                  Tag {t}
                </option>
              ))}
            </select>
          </label>
        )}
        <button
          type="button"
          className="hp-button hp-button--primary"
          disabled={running}
          onClick={() => start(request)}
        >
          {running ? 'Verifying…' : 'Verify now'}
        </button>
        {(state.status === 'done' || state.status === 'error') && (
          <button type="button" className="hp-link-button" onClick={reset}>
            Dismiss
          </button>
        )}
      </div>
      {state.status === 'running' && (
        <div className="hp-verify__progress">
          <progress
            aria-label={`Verifying ${describeRequest(state.request)}`}
            max={Math.max(1, state.expected)}
            value={state.received}
          />
          <span role="status">
            Running checks of {describeRequest(state.request)}: {state.received} of {state.expected}{' '}
            done
          </span>
        </div>
      )}
      {state.status === 'error' && (
        <p role="alert" className="hp-verify__error">
          {errorKind(state.error) === 'forbidden' || errorKind(state.error) === 'unauthorized'
            ? 'Verify needs the operator role.'
            : errorKind(state.error) === 'unreachable'
              ? 'The gateway is unreachable; nothing was verified.'
              : `Verify failed: ${errorMessage(state.error)}`}
        </p>
      )}
      {state.status === 'done' && (
        <Suspense fallback={<p role="status">Loading the results…</p>}>
          <VerifyResults response={state.response} />
        </Suspense>
      )}
    </section>
  );
}
