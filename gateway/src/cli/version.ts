import { readFileSync } from 'node:fs';

/** The gateway package's version (src/cli and dist/cli both sit two levels below package.json). */
export const GATEWAY_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;
