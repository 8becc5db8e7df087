import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { builtInPanels } from './built-in-panels.js';
import { ConfigError, formatConfigIssue, formatPath, type ConfigIssue } from './config-error.js';
import { resolveEnvReferences, resolveEnvReferencesInData } from './env-references.js';
import { parseJsonConfig } from './json-config.js';
import { describeIssues, type LocatedProblem } from './issue-message.js';
import { AetherConfig, type ServiceConfig } from './schema.js';
import { checkSemantics } from './semantic-checks.js';
import { locatePath } from './yaml-locate.js';

export {
  ConfigError,
  formatConfigError,
  formatConfigIssue,
  type ConfigIssue,
} from './config-error.js';

/**
 * Reads, resolves and validates a config file; throws one ConfigError listing every problem,
 * each located as file:line:col, so the gateway never starts half-configured.
 *
 * `${VAR}` references are resolved from `env` everywhere except in operation `headers`: those
 * stay as written for the operate engine to resolve at send time (and to redact in dry-runs).
 */
export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): AetherConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'file not found'
        : (error as Error).message;
    throw new ConfigError([
      {
        file: path,
        line: 0,
        col: 0,
        path: '',
        message: `cannot read the config: ${reason}; pass an existing YAML file (AETHER_CONFIG or --config)`,
      },
    ]);
  }
  return parseConfigText(text, path, env);
}

/** The same as loadConfigFile for text already in hand; `file` names it in messages and anchors relative paths. */
export function parseConfigText(
  text: string,
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): AetherConfig {
  // a JSON config skips the located document (~8x its heap at 10,000 services); its references
  // are resolved on the data, and any problem in it (an unset variable too) is reported by the
  // YAML path below, located
  const json = parseJsonConfig(text);
  if (json) {
    const written = writtenUrlsOf(json);
    if (resolveEnvReferencesInData(json, env)) {
      const parsed = AetherConfig.safeParse(withDefaults(json, env));
      if (parsed.success && checkSemantics(parsed.data, dirname(resolve(file))).length === 0) {
        keepWrittenUrls(parsed.data, written);
        return parsed.data;
      }
    }
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((error) => {
        const at = lines.linePos(error.pos[0]);
        return {
          file,
          line: at.line,
          col: at.col,
          path: '',
          message: `invalid YAML: ${error.message.split('\n')[0]}`,
        };
      }),
    );
  }

  const written = writtenUrls(doc);
  const envProblems = resolveEnvReferences(doc, env);
  let data: unknown;
  try {
    data = doc.toJS() ?? {};
  } catch (error) {
    // e.g. an alias bomb: YAML that parses but cannot be turned into data safely.
    throw new ConfigError([
      { file, line: 1, col: 1, path: '', message: `invalid YAML: ${(error as Error).message}` },
    ]);
  }
  const parsed = AetherConfig.safeParse(withDefaults(data, env));
  const envPaths = new Set(envProblems.map((problem) => formatPath(problem.path)));
  const problems: LocatedProblem[] = [...envProblems];
  if (parsed.success) {
    problems.push(...checkSemantics(parsed.data, dirname(resolve(file))));
  } else {
    // An unresolved reference already explains why its value is wrong; say it once.
    problems.push(
      ...describeIssues(AetherConfig, data, parsed.error.issues).filter(
        (problem) => !envPaths.has(formatPath(problem.path)),
      ),
    );
  }
  if (problems.length > 0 || !parsed.success) {
    const issues: ConfigIssue[] = problems.map((problem) => {
      const at = locatePath(
        doc,
        lines,
        problem.path,
        problem.key === undefined ? {} : { key: problem.key },
      );
      return {
        file,
        line: at.line,
        col: at.col,
        path: formatPath(problem.path),
        message: problem.message,
      };
    });
    issues.sort((a, b) => a.line - b.line || a.col - b.col);
    throw new ConfigError(issues);
  }
  keepWrittenUrls(parsed.data, written);
  return parsed.data;
}

/** What the data gets from the environment before the schema reads it. */
function withDefaults(data: unknown, env: NodeJS.ProcessEnv): unknown {
  // the built-in panels take their origins from the same env as every ${VAR}
  if (isPlainObject(data) && data.panels === undefined) data.panels = builtInPanels(env);
  // AETHER_DATABASE_URL alone selects Postgres, as if storage.postgres named it
  if (isPlainObject(data) && env.AETHER_DATABASE_URL) {
    const storage = isPlainObject(data.storage) ? data.storage : {};
    if (storage.postgres === undefined)
      data.storage = { ...storage, postgres: env.AETHER_DATABASE_URL };
  }
  return data;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** URL fields the gateway shows back (baseUrl, http check url), as written when they hold `${VAR}`. */
function writtenUrls(doc: Document): Map<string, string> {
  const found = new Map<string, string>();
  const services = doc.get('services');
  if (!isSeq(services)) return found;
  services.items.forEach((service, s) => {
    if (!isMap(service)) return;
    const baseUrl = service.get('baseUrl');
    if (typeof baseUrl === 'string' && baseUrl.includes('${')) found.set(`${s}`, baseUrl);
    const checks = service.get('checks');
    if (!isSeq(checks)) return;
    checks.items.forEach((check, c) => {
      const url = isMap(check) ? check.get('url') : undefined;
      if (typeof url === 'string' && url.includes('${')) found.set(`${s}/${c}`, url);
    });
  });
  return found;
}

/** The same as writtenUrls for plain data (a JSON config before its references are resolved). */
function writtenUrlsOf(data: Record<string, unknown>): Map<string, string> {
  const found = new Map<string, string>();
  const services = data.services;
  if (!Array.isArray(services)) return found;
  services.forEach((service: unknown, s) => {
    if (!isPlainObject(service)) return;
    const baseUrl = service.baseUrl;
    if (typeof baseUrl === 'string' && baseUrl.includes('${')) found.set(`${s}`, baseUrl);
    if (!Array.isArray(service.checks)) return;
    service.checks.forEach((check: unknown, c) => {
      const url = isPlainObject(check) ? check.url : undefined;
      if (typeof url === 'string' && url.includes('${')) found.set(`${s}/${c}`, url);
    });
  });
  return found;
}

function keepWrittenUrls(config: AetherConfig, written: Map<string, string>): void {
  config.services.forEach((service: ServiceConfig, s) => {
    const baseUrl = written.get(`${s}`);
    if (baseUrl !== undefined) service.writtenBaseUrl = baseUrl;
    service.checks.forEach((check, c) => {
      const url = written.get(`${s}/${c}`);
      if (url !== undefined && check.type === 'http') check.writtenUrl = url;
    });
  });
}

export interface ConfigCheck {
  ok: boolean;
  /** `file:line:col: message`, one per problem. */
  errors: string[];
  config?: AetherConfig;
}

/** For `aether config check FILE`: never throws for a bad config, reports it. */
export function checkConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): ConfigCheck {
  try {
    return { ok: true, errors: [], config: loadConfigFile(path, env) };
  } catch (error) {
    if (error instanceof ConfigError)
      return { ok: false, errors: error.issues.map(formatConfigIssue) };
    return {
      ok: false,
      errors: [`${path}: ${error instanceof Error ? error.message : String(error)}`],
    };
  }
}
