import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { capture, OPERATION_RESPONSES } from '@aether/contract/fixtures';
import { ResultViewer } from './result-viewer';

describe('result viewer', () => {
  it('shows status, duration, headers and a collapsible JSON tree with a raw view', async () => {
    const user = userEvent.setup();
    const response = OPERATION_RESPONSES['svc-00000/get-config']!;
    render(<ResultViewer result={{ outcome: 'completed', auditId: 7, response }} />);
    expect(screen.getByText('200 Success')).toBeInTheDocument();
    expect(screen.getByText('42 ms')).toBeInTheDocument();
    expect(screen.getByText('Headers (2)')).toBeInTheDocument();
    expect(screen.getByRole('row', { name: /x-request-id/ })).toHaveTextContent('req-0001');
    expect(screen.queryByRole('note')).not.toBeInTheDocument();

    const tree = screen.getByRole('tree', { name: 'Response body' });
    expect(tree).toHaveTextContent('ttlSeconds: 300');
    await user.click(within(tree).getByRole('button', { name: 'Collapse cache' }));
    expect(tree).not.toHaveTextContent('ttlSeconds');
    expect(tree).toHaveTextContent('cache: {2 keys}');
    await user.click(within(tree).getByRole('button', { name: 'Expand cache' }));
    expect(tree).toHaveTextContent('ttlSeconds: 300');

    await user.click(screen.getByRole('button', { name: 'Raw' }));
    expect(screen.getByRole('button', { name: 'Raw' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByLabelText('Raw body').textContent).toBe(response.body);
    expect(screen.getByText('Recorded in the audit trail as entry #7.')).toBeInTheDocument();
  });

  it('says when the body was truncated and shows it raw', () => {
    const response = OPERATION_RESPONSES['svc-00001/export-orders']!;
    render(<ResultViewer result={{ outcome: 'completed', auditId: 8, response }} />);
    expect(screen.getByRole('note')).toHaveTextContent(
      /^Truncated: the service sent [\d.]+ (KiB|MiB); the gateway kept the first 256 KiB\.$/,
    );
    expect(screen.queryByRole('tree')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Raw body').textContent).toHaveLength(256 * 1024);
  });

  it('reports a failing upstream as an error with its status', () => {
    render(
      <ResultViewer
        result={{
          outcome: 'failed',
          auditId: 9,
          error: 'upstream answered 503',
          response: capture(503, 'busy', { headers: {} }),
        }}
      />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('upstream answered 503');
    expect(screen.getByText('503 Server error')).toBeInTheDocument();
    expect(screen.getByLabelText('Raw body')).toHaveTextContent('busy');
  });
});
