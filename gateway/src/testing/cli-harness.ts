import { Command } from 'commander';
import type { RegisterCommands } from '../cli/gateway-client.js';
import type { CliIo } from '../cli/io.js';

export type CapturedIo = CliIo & { stdout: string; stderr: string };

/** A non-interactive, colourless CliIo that keeps what the command wrote. */
export function captureIo(): CapturedIo {
  const io = {
    stdout: '',
    stderr: '',
    interactive: false,
    color: false,
    out: (text: string) => void (io.stdout += text),
    err: (text: string) => void (io.stderr += text),
  };
  return io;
}

/**
 * Runs `aether <args>` as the CLI parses it, with only the commands `register` adds and AETHER_*
 * from `env`; the exit code is read from, and reset in, process.exitCode.
 */
export async function runCli(
  register: RegisterCommands,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<CapturedIo & { code: number }> {
  const io = captureIo();
  const program = new Command('aether').enablePositionalOptions().exitOverride();
  register(program, io, env);
  process.exitCode = undefined;
  await program.parseAsync(args, { from: 'user' });
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { code, ...io };
}
