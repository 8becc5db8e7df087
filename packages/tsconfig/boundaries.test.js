import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

// Lints with the shared config every workspace uses, so these prove the wiring, not just the rule.
const eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(here, 'eslint.js') });

async function refusals(file, code) {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId === 'aether/boundaries').map((m) => m.message);
}

const HEALTH_FEATURE = 'panels/health/src/features/services/components/row.tsx';

describe('aether/boundaries', () => {
  it.each([
    // panels never import other panels or the shell
    [
      'panels/health/src/app/x.ts',
      "import '../../../interaction/src/panel';",
      /panels\/interaction/,
    ],
    [
      'panels/health/src/app/x.ts',
      "import '@aether/panel-interaction';",
      /nothing imports a panel/,
    ],
    ['panels/health/src/app/x.ts', "import '../../../../shell/src/app';", /only the shell/],
    ['panels/health/src/app/x.ts', "export * from '@aether/shell';", /only the shell/],
    // features never import other features
    [
      HEALTH_FEATURE,
      "import '../../verify/components/verify-control';",
      /feature "services" imports feature "verify"/,
    ],
    [
      HEALTH_FEATURE,
      "const m = import('../../service-detail/api/get-history');",
      /feature "services"/,
    ],
    // the front end never imports the gateway
    [HEALTH_FEATURE, "import type { Store } from '@aether/gateway';", /never imports the gateway/],
    ['shell/src/app.tsx', "import '../../gateway/src/api/app';", /never imports the gateway/],
    [
      'packages/ui/src/x.ts',
      "export { a } from '@aether/gateway/store';",
      /never imports the gateway/,
    ],
    [
      'packages/panel-kit/src/x.ts',
      "import '../../../panels/health/src/panel';",
      /nothing imports a panel/,
    ],
    // nor does the shell import a panel
    ['shell/src/app.tsx', "import '../../panels/health/src/panel';", /nothing imports a panel/],
  ])('%s: %s is refused', async (file, code, why) => {
    const messages = await refusals(file, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(why);
  });

  it.each([
    [HEALTH_FEATURE, "import '../hooks/use-services';"],
    [HEALTH_FEATURE, "import '../../../lib/format';"],
    [HEALTH_FEATURE, "import '../../../app/routes';"],
    [HEALTH_FEATURE, "import { useQuery } from '@aether/panel-kit';"],
    [HEALTH_FEATURE, "import '@aether/panel-kit/harness';"],
    ['panels/health/src/app/panel-routes.tsx', "import '../features/verify/components/x';"],
    ['panels/health/src/panel.tsx', "import type { PanelContext } from '@aether/contract';"],
    ['shell/src/app.tsx', "import './panels/panel-host';"],
    ['shell/src/palette/p.tsx', "import type { PanelLinks } from '@aether/panel-kit';"],
    // the gateway and the tools around it are not the front end
    ['gateway/src/api/app.ts', "import '../store/index.js';"],
    ['bench/src/x.ts', "import '@aether/gateway';"],
    ['e2e/src/x.ts', "import '../../panels/health/src/panel';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await refusals(file, code)).toEqual([]);
  });
});
