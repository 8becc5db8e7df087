import type { Incident } from '@aether/contract';
import type { FlapSettings } from './flap-detector.js';

/**
 * Marks the incidents of flapping runs with `flapGroup` (the id of the run's first incident), so
 * a list can show eight incidents of ten minutes as one row "×8". Derived from the incidents
 * alone, per check, at read time: nothing is stored, and it holds across restarts. A run is
 * incidents each opening within `windowMs` of the previous one's end; it is flapping when its
 * status changes (each incident's start, and its end when it ended) reach `changes`. Keeps the
 * order it is given.
 */
export function groupFlaps(incidents: readonly Incident[], settings: FlapSettings): Incident[] {
  const byCheck = new Map<string, Incident[]>();
  for (const i of incidents) {
    const list = byCheck.get(i.checkId) ?? [];
    list.push(i);
    byCheck.set(i.checkId, list);
  }
  const groupOf = new Map<string, string>();
  for (const list of byCheck.values()) {
    const sorted = [...list].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
    let run: Incident[] = [];
    const close = () => {
      const changes = run.reduce((n, i) => n + (i.endedAt ? 2 : 1), 0);
      if (run.length > 1 && changes >= settings.changes)
        for (const i of run) groupOf.set(i.id, run[0]!.id);
      run = [];
    };
    for (const incident of sorted) {
      const previous = run.at(-1);
      if (
        previous &&
        (!previous.endedAt ||
          Date.parse(incident.startedAt) - Date.parse(previous.endedAt) >= settings.windowMs)
      )
        close();
      run.push(incident);
    }
    close();
  }
  return incidents.map((i) => {
    const group = groupOf.get(i.id);
    return group ? { ...i, flapGroup: group } : i;
  });
}
