/** One problem in a config file, located in the YAML source. */
export interface ConfigIssue {
  file: string;
  /** 1-based; 0 when the problem has no place in the file (it could not be read). */
  line: number;
  col: number;
  /** Dotted path of the offending value, e.g. services[0].checks[1].port; empty at the root. */
  path: string;
  /** What was expected and how to fix it. */
  message: string;
}

/** Thrown by loadConfigFile with every problem found, so a user fixes them all in one pass. */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(formatIssues(issues));
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** `file:line:col: message`, the form editors and terminals turn into links. */
export function formatConfigIssue(issue: ConfigIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.col}` : issue.file;
  const subject = issue.path ? `${issue.path}: ` : '';
  return `${where}: ${subject}${issue.message}`;
}

function formatIssues(issues: readonly ConfigIssue[]): string {
  return issues.map(formatConfigIssue).join('\n');
}

/** One line per issue, for printing before exit 1. Anything else is printed as its message. */
export function formatConfigError(error: unknown): string {
  if (error instanceof ConfigError) return formatIssues(error.issues);
  return error instanceof Error ? error.message : String(error);
}

/** Renders a zod-style path as services[0].checks[1].port. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
