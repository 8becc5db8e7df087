import type Database from 'better-sqlite3';

/**
 * Applies the steps of one domain (e.g. "results", "panels", "audit") that this database has
 * not seen yet, each in its own transaction, and records them in schema_migrations. Steps are
 * append-only: step i is version i + 1, so never edit or reorder a step that has shipped —
 * add a new one. Returns the domain's version after migrating.
 */
export function migrate(db: Database.Database, domain: string, steps: readonly string[]): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    domain TEXT NOT NULL,
    version INTEGER NOT NULL,
    applied_at TEXT NOT NULL,
    PRIMARY KEY (domain, version)
  )`);
  const current = currentVersion(db, domain);
  if (current > steps.length) {
    throw new Error(
      `database has ${domain} schema version ${current}, this gateway knows only ${steps.length}: refusing to run an older gateway on a newer database`,
    );
  }
  const record = db.prepare(
    'INSERT INTO schema_migrations (domain, version, applied_at) VALUES (?, ?, ?)',
  );
  for (let version = current + 1; version <= steps.length; version++) {
    db.transaction(() => {
      db.exec(steps[version - 1]!);
      record.run(domain, version, new Date().toISOString());
    })();
  }
  return steps.length;
}

export function currentVersion(db: Database.Database, domain: string): number {
  const row = db
    .prepare('SELECT MAX(version) AS version FROM schema_migrations WHERE domain = ?')
    .get(domain) as { version: number | null } | undefined;
  return row?.version ?? 0;
}
