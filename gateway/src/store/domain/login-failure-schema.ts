/** Tables of the login-failures domain, applied in order by the store's migrate(). */
export const LOGIN_FAILURE_MIGRATIONS = [
  `CREATE TABLE login_failures (
     key TEXT NOT NULL,
     at INTEGER NOT NULL
   );
   CREATE INDEX login_failures_key ON login_failures (key, at);
   CREATE INDEX login_failures_at ON login_failures (at);`,
];
