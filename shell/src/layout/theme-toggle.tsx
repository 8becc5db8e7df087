import { Button } from '@aether/ui';
import { useServices, useTheme } from '../services-context';

export function ThemeToggle() {
  const { theme } = useServices();
  const current = useTheme();
  const next = current === 'dark' ? 'light' : 'dark';
  return (
    <Button
      size="sm"
      variant="ghost"
      aria-label={`Switch to ${next} theme`}
      onClick={() => theme.set(next)}
    >
      {current === 'dark' ? '☾' : '☀'}
    </Button>
  );
}
