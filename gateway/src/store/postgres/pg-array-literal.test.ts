import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  describePostgres,
  type TestDatabase,
} from '../../testing/postgres-database.js';
import { numberArray, textArray } from './pg-array-literal.js';
import { openPgPool } from './pg-pool.js';

describe('array literals', () => {
  it.each([
    [[], '{}'],
    [[1, 2, 3], '{1,2,3}'],
    [[-1.5, 0, 2 ** 52], '{-1.5,0,4503599627370496}'],
    [[1, null, undefined, 4], '{1,NULL,NULL,4}'],
    [[true, false], '{true,false}'],
  ])('numberArray(%j) is %s', (values, literal) => {
    expect(numberArray(values)).toBe(literal);
  });

  it.each([
    [[], '{}'],
    [['a', 'b-c'], '{"a","b-c"}'],
    [['NULL', ''], '{"NULL",""}'],
    [['say "hi"', 'back\\slash'], '{"say \\"hi\\"","back\\\\slash"}'],
  ])('textArray(%j) is %s', (values, literal) => {
    expect(textArray(values)).toBe(literal);
  });
});

describePostgres('array literals read by Postgres', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  beforeAll(async () => {
    database = await createTestDatabase();
    pool = openPgPool({ url: database.url });
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it.each([
    ['bigint', [1, -2, 2 ** 52, null]],
    ['float8', [0.1, 1e-7, -2.5e21, 3]],
    ['int', [0, 2147483647]],
    ['boolean', [true, false, null]],
  ])('a %s[] comes back as it was sent', async (type, values) => {
    const { rows } = await pool.query<{ v: unknown[] }>(`SELECT $1::${type}[] AS v`, [
      numberArray(values),
    ]);
    // pg returns bigint as text: compare what Postgres holds, as numbers
    expect(rows[0]!.v.map((v) => (typeof v === 'string' ? Number(v) : v))).toEqual(values);
  });

  it('a text[] comes back as it was sent, quotes, backslashes, commas, braces and "NULL" included', async () => {
    const values = [
      'plain',
      'NULL',
      '',
      'a,b',
      '{x}',
      'say "hi"',
      'back\\slash\\',
      'ünï 🚀',
      ' lead',
    ];
    const { rows } = await pool.query<{ v: string[] }>('SELECT $1::text[] AS v', [
      textArray(values),
    ]);
    expect(rows[0]!.v).toEqual(values);
  });
});
