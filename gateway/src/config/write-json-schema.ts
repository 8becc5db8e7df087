import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { AetherConfig } from './schema.js';

/**
 * Writes the JSON Schema of the config for editors (yaml-language-server: `# yaml-language-server:
 * $schema=…/config.schema.json`). `io: 'input'` describes what a user writes: defaults optional,
 * durations as strings.
 */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(AetherConfig, { io: 'input', unrepresentable: 'any' }),
    title: 'AETHER GRID configuration',
  };
}

// Run as a script (the gateway build): write to the file named, or to stdout.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const text = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
  if (process.argv[2]) writeFileSync(process.argv[2], text);
  else process.stdout.write(text);
}
