/** The parts of a click that say whether the page may take it over. */
export interface ClickLike {
  defaultPrevented: boolean;
  button: number;
  metaKey: boolean;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/**
 * A plain left click nothing handled yet: the one click a link may turn into in-app navigation.
 * Any modifier (new tab, new window, download) or another button keeps the browser's own
 * behaviour. Shared by the panels' links and the shell's rail so every link behaves alike.
 */
export function isPlainClick(event: ClickLike): boolean {
  return (
    !event.defaultPrevented &&
    event.button === 0 &&
    !event.metaKey &&
    !event.ctrlKey &&
    !event.shiftKey &&
    !event.altKey
  );
}
