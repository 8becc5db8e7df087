import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { systemClock, type Clock } from '../../clock.js';

/** Quiet time after the last change before the file is re-read: editors and `cp` write in bursts. */
export const CONFIG_DEBOUNCE_MS = 1000;

/**
 * Calls `onChange` once a burst of changes to the config file has settled. It watches the
 * file's directory, not the file: an editor that writes a new file and renames it over the old
 * one, and a Kubernetes ConfigMap that swaps its `..data` symlink, both replace the inode a
 * file watch would hold (it would go quiet after the first such save). Events for other files
 * in the directory are ignored; the reloader skips a file whose bytes did not change.
 */
export function watchConfigFile(
  path: string,
  onChange: () => void,
  options: { debounceMs?: number; clock?: Clock; onError?: (error: Error) => void } = {},
): { close(): void } {
  const clock = options.clock ?? systemClock;
  const debounceMs = options.debounceMs ?? CONFIG_DEBOUNCE_MS;
  const name = basename(path);
  let timer: unknown;
  const concerns = (file: string | null) =>
    // null: the platform did not say which file; `..data`, `..data_tmp`, `..2024_…`: a ConfigMap swap
    file === null || file === name || file.startsWith('..');
  const watcher: FSWatcher = watch(dirname(path), { persistent: false }, (_event, file) => {
    if (!concerns(file === null ? null : String(file))) return;
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = clock.setTimeout(() => {
      timer = undefined;
      onChange();
    }, debounceMs);
  });
  watcher.on('error', (error) => options.onError?.(error));
  return {
    close() {
      if (timer !== undefined) clock.clearTimeout(timer);
      watcher.close();
    },
  };
}
