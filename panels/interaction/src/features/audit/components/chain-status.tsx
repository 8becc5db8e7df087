import { Button, StatusBadge } from '@aether/ui';
import { Skeleton } from '@aether/ui';
import { ProblemMessage } from '../../../components/problem-message';
import { useAuditVerification } from '../hooks/use-audit-verification';

/** The hash chain's verdict: intact (and how many entries were checked) or the first entry where it breaks. */
export function ChainStatus() {
  const verification = useAuditVerification(true);
  return (
    <section className="pi-chain" aria-label="Audit chain">
      {verification.status === 'loading' && (
        <Skeleton width={220} height={24} label="Verifying the audit chain" />
      )}
      {verification.status === 'error' && (
        <ProblemMessage
          error={verification.error}
          onRetry={verification.reload}
          context="The chain could not be verified"
        />
      )}
      {verification.status === 'success' && (
        <p role="status" className="pi-chain__verdict">
          {verification.data.ok ? (
            <>
              <StatusBadge status="up" label="Chain intact" />{' '}
              <span className="pi-muted">{verification.data.checked} entries checked</span>
            </>
          ) : (
            <>
              <StatusBadge
                status="down"
                label={`Chain broken at entry #${verification.data.brokenAt ?? '?'}`}
              />{' '}
              <span>{verification.data.reason ?? 'An entry does not match its hash.'}</span>
            </>
          )}
        </p>
      )}
      {verification.status === 'success' && (
        <Button size="sm" variant="ghost" onClick={verification.reload}>
          Verify again
        </Button>
      )}
    </section>
  );
}
