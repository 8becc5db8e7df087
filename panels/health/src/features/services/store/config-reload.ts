import type { ConfigEvent } from '@aether/contract';

/**
 * Whether an applied config reload touched services (came, went, or changed name, group, tags or
 * checks): only then can the list differ, and is the changes feed worth asking.
 */
export function touchesServices({ changes }: ConfigEvent): boolean {
  const { added, removed, changed, checks } = changes;
  return (
    added.length +
      removed.length +
      changed.length +
      checks.added +
      checks.removed +
      checks.replaced >
    0
  );
}
