import shared from '@aether/tsconfig/eslint';

// The gateway's own import boundaries (issue 17): HTTP stays in api/, so domain code never imports
// it (api/ maps domain outcomes to status codes; cli/ composes the app; testing/ drives it); and
// only store/ talks to SQLite, so a second backend replaces store/ without touching callers.
const API_IMPORT = {
  regex: '^(\\.\\./)+api(/|$)',
  message:
    'Domain code never imports api/: return a domain outcome or throw Refused (domain/refusal.ts); api/ maps it to HTTP.',
};
const SQLITE_IMPORT = {
  group: ['better-sqlite3'],
  message:
    'Only gateway/src/store/ talks to SQLite: take a store interface (store/domain/*) from the composition root instead.',
};

export default [
  ...shared,
  {
    files: ['src/**/*.ts'],
    ignores: ['src/api/**', 'src/cli/**', 'src/testing/**', 'src/store/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [API_IMPORT, SQLITE_IMPORT] }] },
  },
  {
    // cli/ and testing/ compose and drive the app, so they may import api/, but not SQLite
    files: ['src/api/**/*.ts', 'src/cli/**/*.ts', 'src/testing/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [SQLITE_IMPORT] }] },
  },
  {
    files: ['src/store/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [API_IMPORT] }] },
  },
];
