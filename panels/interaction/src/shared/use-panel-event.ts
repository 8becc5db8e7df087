import { useEffect, useRef } from 'react';
import type { EventName, EventPayload } from '@aether/contract';
import { usePanelContext } from '../app/panel-context';

/** Runs `listener` for every live event of `type` from the shell's single event stream. */
export function usePanelEvent<E extends EventName>(
  type: E,
  listener: (data: EventPayload<E>) => void,
): void {
  const { events } = usePanelContext();
  const listenerRef = useRef(listener);
  useEffect(() => {
    listenerRef.current = listener;
  });
  useEffect(
    () =>
      events.subscribe(
        [type],
        (event) => event.type === type && listenerRef.current(event.data as EventPayload<E>),
      ),
    [events, type],
  );
}
