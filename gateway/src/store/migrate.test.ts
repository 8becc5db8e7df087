import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { currentVersion, migrate } from './migrate.js';

describe('migrate', () => {
  it('applies each step once, per domain, and records the version', () => {
    const db = openDatabase(':memory:');
    const steps = ['CREATE TABLE a (x INTEGER)', 'ALTER TABLE a ADD COLUMN y TEXT'];
    expect(migrate(db, 'alpha', steps.slice(0, 1))).toBe(1);
    expect(migrate(db, 'alpha', steps)).toBe(2);
    expect(migrate(db, 'alpha', steps)).toBe(2); // nothing re-run: ALTER would fail twice
    expect(migrate(db, 'beta', ['CREATE TABLE b (z INTEGER)'])).toBe(1);
    expect(currentVersion(db, 'alpha')).toBe(2);
    expect(currentVersion(db, 'gamma')).toBe(0);
    db.prepare('INSERT INTO a (x, y) VALUES (1, ?)').run('ok');
  });

  it('rolls back a failing step and leaves the version where it was', () => {
    const db = openDatabase(':memory:');
    expect(() =>
      migrate(db, 'alpha', [
        'CREATE TABLE a (x INTEGER)',
        'CREATE TABLE c (x INTEGER); CREATE TABLE a (x INTEGER)',
      ]),
    ).toThrow();
    expect(currentVersion(db, 'alpha')).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'c'").get()).toBeUndefined();
  });

  it('refuses a database newer than the code', () => {
    const db = openDatabase(':memory:');
    migrate(db, 'alpha', ['CREATE TABLE a (x INTEGER)', 'CREATE TABLE b (x INTEGER)']);
    expect(() => migrate(db, 'alpha', ['CREATE TABLE a (x INTEGER)'])).toThrow(/newer database/);
  });
});
