import { useState } from 'react';
import { Button } from '@aether/ui';

/** Copies `text` to the clipboard and says so; says so too when the browser refuses. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <span className="pi-copy">
      <Button size="sm" onClick={copy}>
        {label}
      </Button>
      <span role="status" className="pi-muted">
        {state === 'copied'
          ? 'Copied'
          : state === 'failed'
            ? 'Copy failed — select the text instead'
            : ''}
      </span>
    </span>
  );
}
