/** Where a command writes, so tests can capture it and the CLI can use the real streams. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal (progress is redrawn in place) and colours may be used. */
  interactive: boolean;
  color: boolean;
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  interactive: Boolean(process.stderr.isTTY),
  color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
};
