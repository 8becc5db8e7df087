import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { ConfigReloadResponse, ConfigView } from '@aether/contract';
import { ConfigError, formatConfigIssue } from '../../config/config-error.js';
import type { RunningConfig } from '../../config/reload/index.js';
import { redactedConfigOf } from '../../config/reload/redact-config.js';
import { HttpError } from '../errors.js';
import { createRouter, type RouterFactory } from './router.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

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
  // The answer for one file version, made on its first GET (redacting parses the whole file:
  // ~0.3 s of CPU for the cluster bench's 30,000-service JSON file, seconds for a large YAML
  // one) and kept as its gzip, ~1/20 of its JSON, not as objects: the redacted config of those
  // 30,000 services held 17.5 MiB of heap for as long as the gateway ran.
  let shown: { version: string; gzipped: Promise<Buffer> } | undefined;
  const answerFor = (running: RunningConfig): Promise<Buffer> => {
    const version = `${running.sha256} ${running.loadedAt}`;
    if (shown?.version !== version) {
      const gzipped = gzipAsync(JSON.stringify(viewOf(running)));
      shown = { version, gzipped };
      // a failed build is not kept: the next request tries again
      gzipped.catch(() => {
        if (shown?.gzipped === gzipped) shown = undefined;
      });
    }
    return shown.gzipped;
  };
  return createRouter()
    .get('/api/config', async (ctx) => {
      if (!configReloader) throw notServed();
      const gzipped = await answerFor(configReloader.current());
      ctx.set('Cache-Control', 'no-store');
      ctx.vary('Accept-Encoding');
      ctx.type = 'application/json';
      if (ctx.acceptsEncodings('gzip', 'identity') === 'gzip') {
        ctx.set('Content-Encoding', 'gzip');
        ctx.body = gzipped;
      } else {
        ctx.body = await gunzipAsync(gzipped);
      }
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

/** GET /api/config's body: the file as written, parsed with `${VAR}` unresolved, secrets redacted. */
const viewOf = (running: RunningConfig): ConfigView => ({
  path: running.path,
  sha256: running.sha256,
  loadedAt: new Date(running.loadedAt).toISOString(),
  config: redactedConfigOf(running.text()),
});

const notServed = () =>
  new HttpError(501, {
    code: 'not-implemented',
    detail: 'this gateway was built without a config reloader',
  });
