import { describe, expect, it } from 'vitest';
import { auditEntry } from '../../testing/audit-entries.js';
import { openSqliteStores } from '../open-stores.js';
import { describeAuditStoreSuite } from './audit-store.suite.js';

const open = () => openSqliteStores({ path: ':memory:' });

describeAuditStoreSuite('SqliteAuditStore', () => open().audit);

describe('SqliteAuditStore', () => {
  it('refuses updates and deletes at the storage level', async () => {
    const stores = open();
    await stores.audit.appendLinked(() => auditEntry(1));
    await expect(stores.rawSql("UPDATE audit SET actor = 'mallory'")).rejects.toThrow(
      /append-only/,
    );
    await expect(stores.rawSql('DELETE FROM audit')).rejects.toThrow(/append-only/);
    // archiving lifts the guard only inside its own transaction
    await stores.audit.archiveThrough({ id: 0, hash: '0', mac: 'x' });
    await expect(stores.rawSql('DELETE FROM audit')).rejects.toThrow(/append-only/);
  });
});
