import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Button } from '@aether/ui';
import type { MaintenanceRequest, MaintenanceWindow } from '@aether/contract';
import { usePanelContext } from '@aether/panel-kit';
import { ProblemMessage } from '../../../components/problem-message';
import { openMaintenanceWindow } from '../api/maintenance-api';

const DURATION = /^\d+(ms|s|m|h|d)$/;
const listOf = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Opens a window now. Services, groups and tags are comma-separated; at least one is needed (a
 * window never covers everything by accident). The gateway's refusals (422 past maxDuration)
 * are shown with their detail.
 */
export function OpenWindowForm({
  onOpened,
  focusFirst = false,
}: {
  onOpened: (w: MaintenanceWindow) => void;
  /** Put focus in its first field on arrival (sent here to open a window). */
  focusFirst?: boolean;
}) {
  const { api } = usePanelContext();
  const id = useId();
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focusFirst) first.current?.focus();
  }, [focusFirst]);
  const [services, setServices] = useState('');
  const [groups, setGroups] = useState('');
  const [tags, setTags] = useState('');
  const [duration, setDuration] = useState('1h');
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    const match: MaintenanceRequest['match'] = {};
    if (listOf(services).length) match.services = listOf(services);
    if (listOf(groups).length) match.groups = listOf(groups);
    if (listOf(tags).length) match.tags = listOf(tags);
    if (Object.keys(match).length === 0)
      return setInvalid('Name at least one service, group or tag.');
    if (!DURATION.test(duration.trim()))
      return setInvalid('Duration is a number and a unit, e.g. 30m or 2h.');
    if (reason.trim() === '')
      return setInvalid('Say why: the reason is shown with every held alert.');
    setInvalid(undefined);
    setBusy(true);
    try {
      onOpened(
        await openMaintenanceWindow(api, {
          match,
          duration: duration.trim(),
          reason: reason.trim(),
        }),
      );
      setServices('');
      setGroups('');
      setTags('');
      setReason('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const field = (
    name: string,
    label: string,
    value: string,
    set: (v: string) => void,
    hint?: string,
  ) => (
    <div className="pi-field">
      <label className="pi-field__label" htmlFor={`${id}-${name}`}>
        {label}
      </label>
      <input
        ref={name === 'services' ? first : undefined}
        id={`${id}-${name}`}
        className="pi-input"
        value={value}
        onChange={(e) => set(e.target.value)}
        aria-describedby={hint ? `${id}-${name}-hint` : undefined}
      />
      {hint && (
        <p id={`${id}-${name}-hint`} className="pi-field__hint">
          {hint}
        </p>
      )}
    </div>
  );

  return (
    <form className="pi-fields" onSubmit={submit} aria-label="Open a maintenance window">
      {field('services', 'Services', services, setServices, 'Service ids, comma-separated')}
      {field('groups', 'Groups', groups, setGroups)}
      {field('tags', 'Tags', tags, setTags)}
      {field('duration', 'Duration', duration, setDuration, 'From now, e.g. 30m, 2h')}
      {field('reason', 'Reason', reason, setReason)}
      {invalid && (
        <p className="pi-field__error" role="alert">
          {invalid}
        </p>
      )}
      {error !== undefined && <ProblemMessage error={error} context="The window was not opened" />}
      <div className="pi-actions">
        <Button type="submit" variant="primary" disabled={busy}>
          {busy ? 'Opening…' : 'Open window'}
        </Button>
      </div>
    </form>
  );
}
