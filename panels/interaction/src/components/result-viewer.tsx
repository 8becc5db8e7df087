import { useMemo, useState } from 'react';
import { Card, StatusBadge } from '@aether/ui';
import type { CapturedResponse, InvokeResponse } from '@aether/contract';
import { formatBytes, formatMs } from '../lib/format';
import { HeadersTable } from './headers-table';
import { JsonTree } from './json-tree';

/** The service's answer as the gateway captured it: status, duration, headers and the body. */
export function ResultViewer({ result }: { result: InvokeResponse }) {
  const response = result.response;
  return (
    <Card title="Result" aria-label="Result">
      {result.error && (
        <p role="alert" className="pi-problem__detail">
          {result.error}
        </p>
      )}
      {response ? (
        <CapturedView response={response} />
      ) : (
        <p className="pi-muted">No response was captured.</p>
      )}
      <p className="pi-muted pi-small">Recorded in the audit trail as entry #{result.auditId}.</p>
    </Card>
  );
}

function CapturedView({ response }: { response: CapturedResponse }) {
  const parsed = useMemo(() => parseJson(response.body), [response.body]);
  const [raw, setRaw] = useState(false);
  const ok = response.status < 400;
  const headers = Object.entries(response.headers);

  return (
    <div className="pi-result">
      <dl className="pi-facts">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge
              status={ok ? 'up' : 'down'}
              label={`${response.status} ${ok ? 'Success' : response.status < 500 ? 'Client error' : 'Server error'}`}
            />
          </dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatMs(response.durationMs)}</dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd>{formatBytes(response.bytes)}</dd>
        </div>
      </dl>
      {response.truncated && (
        <p role="note" className="pi-notice">
          Truncated: the service sent {formatBytes(response.bytes)}; the gateway kept the first{' '}
          {formatBytes(new TextEncoder().encode(response.body).length)}.
        </p>
      )}
      <details className="pi-details">
        <summary>Headers ({headers.length})</summary>
        <HeadersTable headers={headers} />
      </details>
      <div className="pi-result__body">
        <div className="pi-toolbar" role="group" aria-label="Body view">
          <span className="pi-field__label">Body</span>
          {parsed.ok && (
            <>
              <button
                type="button"
                className="pi-toggle"
                aria-pressed={!raw}
                onClick={() => setRaw(false)}
              >
                Tree
              </button>
              <button
                type="button"
                className="pi-toggle"
                aria-pressed={raw}
                onClick={() => setRaw(true)}
              >
                Raw
              </button>
            </>
          )}
        </div>
        {response.body === '' ? (
          <p className="pi-muted">Empty body.</p>
        ) : parsed.ok && !raw ? (
          <JsonTree value={parsed.value} />
        ) : (
          <pre className="pi-pre" aria-label="Raw body">
            {response.body}
          </pre>
        )}
      </div>
    </div>
  );
}

function parseJson(body: string): { ok: true; value: unknown } | { ok: false } {
  if (body === '') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch {
    return { ok: false };
  }
}
