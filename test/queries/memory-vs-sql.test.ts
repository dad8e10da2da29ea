/**
 * The in-memory filter (used for objects kept in documents) means what the SQL
 * filter means: a property test over one table queried both ways, on the test
 * database. Operators and null rules from Zuora's "Filter statements" page.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCtx, type Ctx } from '../../src/platform/context.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { qf, type QueryObject, type QueryRow } from '../../src/modules/queries/contract.js';
import { runQuery } from '../../src/modules/queries/engine.js';
import { resolveFilter, type Filter, type Literal } from '../../src/modules/queries/filter.js';
import { dbUrl } from '../helpers.js';

let database: Database;
let ctx: Ctx;
const table = `qtest_${Math.random().toString(36).slice(2, 8)}`;
const tenant = { id: 't'.repeat(32), name: 't', tenantNumber: 1, entityId: 'e', defaultApiVersion: '2025-08-12', timezone: 'UTC', currency: 'USD', rateLimit: null, clock: null };

const rows = Array.from({ length: 30 }, (_, i) => ({
  id: i.toString(16).padStart(32, '0'),
  tenant_id: tenant.id,
  name: [null, 'Ann', 'ann', 'Bob', 'b_o%b', 'Cid'][i % 6] as string | null,
  qty: [null, '1.5', '10', '2', '-3.25', '0'][(i * 5) % 6] as string | null,
  n: i % 4 === 0 ? null : (i * 7) % 11,
  day: i % 5 === 0 ? null : `2024-0${(i % 9) + 1}-1${i % 10}`,
}));

const fields = [qf.id('Id', 'id'), qf.text('Name', 'name'), qf.dec('Qty', 'qty'), qf.int('N', 'n'), qf.date('Day', 'day')];
const sqlObj: QueryObject = { name: 'T', table, fields };
const memObj: QueryObject = {
  name: 'T',
  load: async () => rows.map((r): QueryRow => ({ Id: r.id, Name: r.name, Qty: r.qty, N: r.n, Day: r.day })),
  fields: fields.map((f) => qf.loaded(f.name, f.type, { exact: f.exact })),
};

beforeAll(async () => {
  database = openDatabase(dbUrl());
  await database.db.schema.createTable(table).addColumn('id', 'varchar(32)').addColumn('tenant_id', 'varchar(32)').addColumn('name', 'varchar(20)').addColumn('qty', 'text').addColumn('n', 'integer').addColumn('day', 'varchar(10)').execute();
  await database.db.insertInto(table).values(rows).execute();
  ctx = makeCtx(tenant, database.db);
});
afterAll(async () => {
  await database.db.schema.dropTable(table).execute();
  await database.close();
});

const lit = (v: string | null): Literal => (v === null ? { kind: 'null' } : { kind: 'string', value: v });
const cond = fc.oneof(
  fc.tuple(fc.constant('Name'), fc.constantFrom('=', '!=', '<', '>=', 'like', 'sw'), fc.constantFrom('ann', 'Bob', 'b%', '%o%', 'b\\_o%', 'Zed', 'a_n')),
  fc.tuple(fc.constant('Qty'), fc.constantFrom('=', '!=', '<', '>', '<=', '>='), fc.constantFrom('0', '1.5', '2', '-3.25', '9.99')),
  fc.tuple(fc.constant('N'), fc.constantFrom('=', '!=', '<', '>'), fc.constantFrom('0', '3', '7', '10')),
  fc.tuple(fc.constant('Day'), fc.constantFrom('=', '<', '>='), fc.constantFrom('2024-03-13', '2024-05-15', '2024-01-01')),
  fc.tuple(fc.constantFrom('Name', 'Qty', 'N', 'Day'), fc.constantFrom('=', '!='), fc.constant(null)),
).map(([field, op, v]): Filter => ({ kind: 'cmp', field, op: op as '=', value: op === 'sw' || op === 'like' || v === null ? lit(v) : lit(v) }))
  .filter((f) => !(f.kind === 'cmp' && (f.op === 'sw' || f.op === 'like') && f.field !== 'Name'));
const tree: fc.Arbitrary<Filter> = fc.letrec<{ f: Filter }>((tie) => ({
  f: fc.oneof({ depthSize: 'small' }, cond, fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), items: fc.array(tie('f'), { minLength: 1, maxLength: 3 }) })),
})).f;

describe('in-memory filtering', () => {
  it('selects the same rows as the SQL filter', async () => {
    await fc.assert(
      fc.asyncProperty(tree, async (f) => {
        const opts = { tenantTimeZone: 'UTC' };
        const a = await runQuery(ctx, sqlObj, { where: resolveFilter(sqlObj, f, opts), limit: 100 });
        const b = await runQuery(ctx, memObj, { where: resolveFilter(memObj, f, opts), limit: 100 });
        expect(b.map((r) => r.Id)).toEqual(a.map((r) => r.Id));
      }),
      { numRuns: 150 },
    );
  });
});
