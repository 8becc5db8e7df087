/** Tables of the approvals domain, applied in order by the store's migrate(). */
export const APPROVAL_MIGRATIONS = [
  `CREATE TABLE approvals (
     id TEXT PRIMARY KEY,
     service_id TEXT NOT NULL,
     operation_id TEXT NOT NULL,
     title TEXT NOT NULL,
     params TEXT NOT NULL,
     requested_by TEXT NOT NULL,
     requested_role TEXT,
     requested_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     required INTEGER NOT NULL,
     approvals TEXT NOT NULL,
     status TEXT NOT NULL,
     decided_by TEXT,
     decided_at INTEGER,
     result TEXT
   );
   CREATE INDEX approvals_status ON approvals (status, expires_at);`,
];
