/** Queries compiled once (src/platform/db/prepared.ts): parameters land where p(i) stood, constants stay, on both databases. */
import { describe, expect, it } from 'vitest';
import { prepared, preparedInsert } from '../../src/platform/db/prepared.js';
import { setupApp } from '../helpers.js';

const t = await setupApp();

describe('prepared queries', () => {
  it('runs one compiled query with new parameters each time, constants kept, inside a transaction too', async () => {
    const a = await t.newClient();
    const b = await t.newClient();
    // tenants are platform rows every test database has; the constant 1 stays a constant
    const byId = prepared<{ id: string; name: string; one: number }>((db, p) =>
      db.selectFrom('tenants').select(['id', 'name']).select((eb) => eb.val(1).as('one')).where('id', '=', p(0)),
    );
    expect((await byId(t.database.db, [a.tenant.id])).map((r) => [r.id, Number(r.one)])).toEqual([[a.tenant.id, 1]]);
    expect((await byId(t.database.db, [b.tenant.id])).map((r) => r.id)).toEqual([b.tenant.id]);
    expect(await byId(t.database.db, ['0'.repeat(32)])).toEqual([]);
    const inTx = await t.database.db.transaction().execute((trx) => byId(trx, [a.tenant.id]));
    expect(inTx.map((r) => r.name)).toEqual([a.tenant.name]);
  });

  it('puts parameters in their places whatever their order in the statement', async () => {
    const a = await t.newClient();
    const q = prepared<{ id: string }>((db, p) => db.selectFrom('tenants').select('id').where('name', '=', p(1)).where('id', '=', p(0)));
    expect((await q(t.database.db, [a.tenant.id, a.tenant.name])).map((r) => r.id)).toEqual([a.tenant.id]);
    expect(await q(t.database.db, [a.tenant.id, 'another name'])).toEqual([]);
  });

  it('an insert takes the row by column name, inserts null for an undefined column and refuses a column it does not know', async () => {
    const a = await t.newClient();
    const insert = preparedInsert('counters', ['tenant_id', 'name', 'value']);
    await insert(t.database.db, { value: 41, name: 'prepared-test', tenant_id: a.tenant.id });
    const row = await t.database.db.selectFrom('counters').selectAll().where('tenant_id', '=', a.tenant.id).where('name', '=', 'prepared-test').executeTakeFirst();
    expect(Number(row?.value)).toBe(41);
    await expect(insert(t.database.db, { value: 1, name: 'x', tenant_id: a.tenant.id, extra: 1 })).rejects.toThrow(/extra is not in the statement/);
  });
});
