import { useState } from 'react';

/** A collapsible view of parsed JSON; objects and arrays open to `openDepth` levels. */
export function JsonTree({ value, openDepth = 2 }: { value: unknown; openDepth?: number }) {
  return (
    <ul className="pi-json" role="tree" aria-label="Response body">
      <JsonNode name={null} value={value} depth={0} openDepth={openDepth} />
    </ul>
  );
}

function JsonNode({
  name,
  value,
  depth,
  openDepth,
}: {
  name: string | null;
  value: unknown;
  depth: number;
  openDepth: number;
}) {
  const [open, setOpen] = useState(depth < openDepth);
  const key = name !== null && <span className="pi-json__key">{name}: </span>;

  if (value === null || typeof value !== 'object') {
    return (
      <li role="treeitem" aria-selected={false} className="pi-json__leaf">
        {key}
        <span className={`pi-json__${value === null ? 'null' : typeof value}`}>
          {JSON.stringify(value)}
        </span>
      </li>
    );
  }

  const entries = Array.isArray(value)
    ? value.map((v, i) => [String(i), v] as const)
    : Object.entries(value);
  const [openMark, closeMark] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  const summary = `${openMark}${entries.length} ${Array.isArray(value) ? (entries.length === 1 ? 'item' : 'items') : entries.length === 1 ? 'key' : 'keys'}${closeMark}`;

  return (
    <li role="treeitem" aria-expanded={open} aria-selected={false}>
      <button
        type="button"
        className="pi-json__toggle"
        onClick={() => setOpen(!open)}
        aria-label={`${open ? 'Collapse' : 'Expand'} ${name ?? 'root'}`}
      >
        <span aria-hidden="true">{open ? '▾' : '▸'}</span>
      </button>
      {key}
      {open ? (
        <>
          <span className="pi-muted">{openMark}</span>
          <ul role="group" className="pi-json__children">
            {entries.map(([k, v]) => (
              <JsonNode key={k} name={k} value={v} depth={depth + 1} openDepth={openDepth} />
            ))}
          </ul>
          <span className="pi-muted">{closeMark}</span>
        </>
      ) : (
        <span className="pi-muted">{summary}</span>
      )}
    </li>
  );
}
