/** Tables of the audit domain, applied in order by the store's migrate(). */
export const AUDIT_MIGRATIONS = [
  `CREATE TABLE audit (
     id INTEGER PRIMARY KEY,
     at TEXT NOT NULL,
     actor TEXT NOT NULL,
     role TEXT,
     action TEXT NOT NULL,
     service_id TEXT NOT NULL,
     operation_id TEXT NOT NULL,
     params TEXT NOT NULL,
     outcome TEXT NOT NULL,
     http_status INTEGER,
     duration_ms REAL,
     reason TEXT,
     approval_id TEXT,
     prev_hash TEXT NOT NULL,
     hash TEXT NOT NULL
   );
   CREATE INDEX audit_service ON audit (service_id, id);
   CREATE INDEX audit_actor ON audit (actor, id);
   CREATE INDEX audit_at ON audit (at);
   -- Append-only at the storage level too: edits have to go around the gateway, and the hash chain catches those.
   CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
   CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;`,
  // 2: entries of other domains (logins, panels, maintenance, acks) name their target; the chain
  // remembers the last verified point (verify walks only what came after it) and where the
  // archived part ends (entries moved out to a file by retention).
  `ALTER TABLE audit ADD COLUMN target TEXT;
   CREATE TABLE audit_marks (
     name TEXT PRIMARY KEY,
     id INTEGER NOT NULL,
     hash TEXT NOT NULL,
     mac TEXT NOT NULL
   );`,
];
