import type { ConfigReloadResponse, ConfigView } from '@aether/contract';
import { ConfigError, formatConfigIssue } from '../../config/config-error.js';
import { redactedConfigOf } from '../../config/reload/redact-config.js';
import { HttpError } from '../errors.js';
import { createRouter, type RouterFactory } from './router.js';

/** A refused reload: 422 with each problem located as file:line:col; the running config stays. */
function invalidConfig(error: ConfigError): HttpError {
  const lines = error.issues.map(formatConfigIssue);
  return new HttpError(422, {
    code: 'invalid-config',
    title: 'Invalid config',
    detail: `The new config was refused and the running one stays: ${lines.join('; ')}`,
    errors: error.issues.map((issue, i) => ({ path: issue.path, message: lines[i]! })),
  });
}

/**
 * The running config (admin): GET shows it redacted with its sha256 and load time; POST
 * /api/config/reload re-reads the file as a file change or SIGHUP would.
 */
export const configRouter: RouterFactory = ({ configReloader }) => {
  // redacting means parsing the YAML: once per file version, not once per request
  let shown: { sha256: string; config: Record<string, unknown> } | undefined;
  return createRouter()
    .get('/api/config', (ctx) => {
      if (!configReloader) throw notServed();
      const running = configReloader.current();
      if (shown?.sha256 !== running.sha256)
        shown = { sha256: running.sha256, config: redactedConfigOf(running.text) };
      const body: ConfigView = {
        path: running.path,
        sha256: running.sha256,
        loadedAt: new Date(running.loadedAt).toISOString(),
        config: shown.config,
      };
      ctx.set('Cache-Control', 'no-store');
      ctx.body = body;
    })
    .post('/api/config/reload', async (ctx) => {
      if (!configReloader) throw notServed();
      try {
        const outcome = await configReloader.reload('api');
        const body: ConfigReloadResponse = {
          applied: outcome.kind === 'applied',
          sha256: outcome.running.sha256,
          loadedAt: new Date(outcome.running.loadedAt).toISOString(),
          changes: outcome.changes,
        };
        ctx.set('Cache-Control', 'no-store');
        ctx.body = body;
        ctx.state.log.info(
          { actor: ctx.state.identity.name, applied: body.applied },
          'config reload asked for',
        );
      } catch (error) {
        if (error instanceof ConfigError) throw invalidConfig(error);
        throw error;
      }
    });
};

const notServed = () =>
  new HttpError(501, {
    code: 'not-implemented',
    detail: 'this gateway was built without a config reloader',
  });
