import {
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  type Document,
  type LineCounter,
  type Node,
} from 'yaml';

export interface Position {
  line: number;
  col: number;
}

/** Where to point for a path: the value's node, or a key of a map when `key` is asked. */
export function locatePath(
  doc: Document,
  lines: LineCounter,
  path: readonly PropertyKey[],
  options: { key?: string } = {},
): Position {
  const { node, depth } = deepestNode(doc, path);
  if (options.key !== undefined && depth === path.length && isMap(node)) {
    const pair = node.items.find(
      (item) => isScalar(item.key) && String(item.key.value) === options.key,
    );
    if (pair && isNode(pair.key)) return positionOf(pair.key, lines);
  }
  // A missing value (required field left out) points at the map that should hold it.
  return node ? positionOf(node, lines) : { line: 1, col: 1 };
}

/** Walks the path as far as the document has nodes for it. */
function deepestNode(
  doc: Document,
  path: readonly PropertyKey[],
): { node: Node | null; depth: number } {
  let node: Node | null = isNode(doc.contents) ? doc.contents : null;
  let depth = 0;
  for (const part of path) {
    const next = childOf(node, part);
    if (!next) break;
    node = next;
    depth += 1;
  }
  return { node, depth };
}

function childOf(node: Node | null, part: PropertyKey): Node | null {
  if (isSeq(node) && typeof part === 'number') {
    const item = node.items[part];
    return isNode(item) ? item : null;
  }
  if (isMap(node)) {
    const pair = node.items.find(
      (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(part),
    );
    if (!pair) return null;
    // `key:` with nothing after it has a null value node; point at the key then.
    if (isNode(pair.value)) return pair.value;
    return isNode(pair.key) ? pair.key : null;
  }
  return null;
}

function positionOf(node: Node, lines: LineCounter): Position {
  const offset = node.range?.[0] ?? 0;
  return lines.linePos(offset);
}
