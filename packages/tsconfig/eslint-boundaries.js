// The one-way flow of the house (STYLE.md, "The house") as a lint rule, so a violation fails the
// build instead of a review: panels never import other panels or the shell; a panel's features
// never import each other (they share through app/, components/, lib/ or @aether/panel-kit); the
// front end (shell, panels, ui, panel-kit) never imports the gateway. Where a file sits decides
// what it may import, so one shared config serves every workspace. Like eslint-plugin-import's
// no-restricted-paths, without the dependency: relative imports are resolved against the file,
// package imports are matched by name.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: this file lives in packages/tsconfig (symlinks resolve to it). */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Workspace packages that run in the browser beside the shell and panels. */
const FRONT_END_PACKAGES = new Set(['ui', 'panel-kit']);
/** Shared packages every panel may use; any other @aether/panel-* is a panel. */
const PANEL_PACKAGE = /^@aether\/panel-(?!kit(?:\/|$))([^/]+)/;

/** Where a path sits: which part of the house, and for panel code, which panel and feature. */
export function placeOf(file, root = ROOT) {
  const parts = path.relative(root, file).split(path.sep);
  if (parts[0] === '..' || path.isAbsolute(parts[0] ?? '')) return { area: 'outside' };
  const [top, second] = parts;
  if (top === 'panels' && second && parts.length > 2) {
    const feature =
      parts[2] === 'src' && parts[3] === 'features' && parts.length > 5 ? parts[4] : undefined;
    return { area: 'panel', panel: second, feature };
  }
  if (top === 'shell') return { area: 'shell' };
  if (top === 'gateway') return { area: 'gateway' };
  if (top === 'packages' && FRONT_END_PACKAGES.has(second)) return { area: 'front-end-package' };
  return { area: 'other' };
}

const FRONT_END = new Set(['panel', 'shell', 'front-end-package']);

/** Why `from` may not import `specifier`, or undefined when it may. */
export function refusal(from, specifier, root = ROOT) {
  const source = placeOf(from, root);
  if (!FRONT_END.has(source.area)) return undefined;

  if (!specifier.startsWith('.')) {
    if (/^@aether\/gateway(\/|$)/.test(specifier)) return 'the front end never imports the gateway';
    if (/^@aether\/shell(\/|$)/.test(specifier) && source.area !== 'shell')
      return 'only the shell imports the shell: a panel gets everything through its panel context';
    const panel = PANEL_PACKAGE.exec(specifier);
    if (panel) return `nothing imports a panel (${specifier}): panels are loaded at run time`;
    return undefined;
  }

  const target = placeOf(path.resolve(path.dirname(from), specifier), root);
  if (target.area === 'gateway') return 'the front end never imports the gateway';
  if (target.area === 'shell' && source.area !== 'shell')
    return 'only the shell imports the shell: a panel gets everything through its panel context';
  if (target.area === 'panel' && (source.area !== 'panel' || target.panel !== source.panel))
    return `nothing imports a panel from outside it (panels/${target.panel})`;
  if (
    source.area === 'panel' &&
    source.feature &&
    target.area === 'panel' &&
    target.feature &&
    target.feature !== source.feature
  )
    return `feature "${source.feature}" imports feature "${target.feature}": share through app/, components/, lib/ or @aether/panel-kit`;
  return undefined;
}

const boundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports follow the one-way flow of the house' },
    schema: [],
    messages: { refused: 'Import of "{{specifier}}" refused: {{why}}.' },
  },
  create(context) {
    const file = context.physicalFilename ?? context.filename;
    const check = (node) => {
      if (!node || node.type !== 'Literal' || typeof node.value !== 'string') return;
      const why = refusal(file, node.value);
      if (why) context.report({ node, messageId: 'refused', data: { specifier: node.value, why } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

export default { meta: { name: 'aether' }, rules: { boundaries } };
