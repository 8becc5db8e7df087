import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const GATEWAY = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: GATEWAY });

/** The messages of gateway/eslint.config.js's import rule for one import placed at `file`. */
async function importRefusals(file: string, specifier: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import * as x from '${specifier}';\nexport { x };\n`, {
    filePath: `${GATEWAY}${file}`,
  });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

// The first lint loads the gateway's whole ESLint config: slow on a loaded 2-core CI machine.
describe('gateway import boundaries (eslint.config.js)', { timeout: 60_000 }, () => {
  it.each([
    ['src/operations/x.ts', '../api/errors.js', /never imports api/],
    ['src/panels/x.ts', '../api/deps.js', /never imports api/],
    ['src/monitor/sub/x.ts', '../../api/app.js', /never imports api/],
    ['src/store/domain/x.ts', '../../api/errors.js', /never imports api/],
    ['src/audit/x.ts', 'better-sqlite3', /Only gateway\/src\/store/],
    ['src/cli/x.ts', 'better-sqlite3', /Only gateway\/src\/store/],
    ['src/api/x.ts', 'better-sqlite3', /Only gateway\/src\/store/],
  ])('%s may not import %s', async (file, specifier, message) => {
    expect(await importRefusals(file, specifier)).toEqual([expect.stringMatching(message)]);
  });

  it.each([
    ['src/cli/x.ts', '../api/app.js'],
    ['src/testing/x.ts', '../api/app.js'],
    ['src/api/routers/x.ts', '../errors.js'],
    ['src/store/x.ts', 'better-sqlite3'],
    ['src/operations/x.ts', '../domain/refusal.js'],
  ])('%s may import %s', async (file, specifier) => {
    expect(await importRefusals(file, specifier)).toEqual([]);
  });
});
