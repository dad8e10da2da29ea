import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config.js';
import { stateTables } from '../../src/platform/snapshots.js';
import { Tenants } from '../../src/platform/tenants.js';
import { setupApp, type Client } from '../helpers.js';
import { createSubscriptionOrder, makeCatalog, newAccount } from '../subscriptions/fixtures.js';
import { modulesWithWidgets } from './fixture-module.js';

const t = await setupApp();
const db = t.database.db;

/** Everything a tenant's state is, read straight from the database: each state table's rows (sorted) and the tenant row. */
async function dump(tenantId: string) {
  const tables: Record<string, string[]> = {};
  for (const table of stateTables(modulesWithWidgets)) {
    const rows = await db.selectFrom(table).selectAll().where('tenant_id', '=', tenantId).execute();
    tables[table] = rows.map((r) => JSON.stringify(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)))).sort();
  }
  const tenant = await db.selectFrom('tenants').selectAll().where('id', '=', tenantId).executeTakeFirstOrThrow();
  return { tables, tenant };
}

const rowCount = (d: Awaited<ReturnType<typeof dump>>) => Object.values(d.tables).reduce((n, rows) => n + rows.length, 0);

/** A tenant with a catalog, accounts, subscriptions and widgets, its clock in 2027. */
async function populated(c: Client) {
  expect((await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2027-01-01' })).status).toBe(200);
  const cat = await makeCatalog(c);
  const acc = await newAccount(c);
  await newAccount(c, { name: 'Second' });
  const order = await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId, { orderDate: '2027-01-01' }));
  expect(order.body.success).toBe(true);
  await c.post('/v1/test-widgets', { name: 'w1', Colour__c: 'red' });
  return { cat, acc };
}

describe('tenant snapshots', () => {
  it('restore puts back exactly the state saved: rows, counters, settings and clock; numbering continues as it was', async () => {
    const c = await t.newClient();
    const { cat } = await populated(c);
    const saved = await t.admin('POST', `/admin/tenants/${c.tenant.id}/snapshots`, { name: 'base' });
    expect(saved.status).toBe(201);
    const before = await dump(c.tenant.id);
    expect(saved.body).toMatchObject({ name: 'base', clock: before.tenant.clock, rows: rowCount(before) });
    expect(before.tables.accounts).toHaveLength(2);
    expect(before.tables.counters.length).toBeGreaterThan(0);

    // what a test would do after the snapshot: new objects, numbers used, settings changed, clock moved
    const acc3 = await newAccount(c, { name: 'Third' });
    const order2 = await c.post('/v1/orders', createSubscriptionOrder(acc3.accountNumber, cat.basePlanId, { orderDate: '2027-01-01' }));
    const w2 = await c.post('/v1/test-widgets', { name: 'w2' });
    await t.admin('PATCH', `/admin/tenants/${c.tenant.id}/settings`, { name: 'changed', currency: 'EUR', rateLimit: 7 });
    await t.admin('POST', `/admin/tenants/${c.tenant.id}/clock/advance`, { months: 14 });
    const changed = await dump(c.tenant.id);
    expect(changed).not.toEqual(before);

    const r = await t.admin('POST', `/admin/tenants/${c.tenant.id}/snapshots/base/restore`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: c.tenant.id, name: before.tenant.name, settings: { currency: 'USD', rateLimit: null }, clock: { today: '2027-01-01', frozen: true } });
    expect(await dump(c.tenant.id)).toEqual(before);

    // the API sees the restored state, and the same credentials still work
    expect((await c.get(`/v1/accounts/${acc3.accountNumber}`)).body.success).toBe(false);
    expect((await c.get('/v1/test-widgets')).body.widgets.map((w: { name: string; Colour__c?: string }) => [w.name, w.Colour__c])).toEqual([['w1', 'red']]);
    // numbers handed out after the snapshot are handed out again, in the same order
    expect((await newAccount(c, { name: 'Third again' })).accountNumber).toBe(acc3.accountNumber);
    const again = await c.post('/v1/orders', createSubscriptionOrder(acc3.accountNumber, cat.basePlanId, { orderDate: '2027-01-01' }));
    expect(again.body.orderNumber).toBe(order2.body.orderNumber);
    expect(again.body.subscriptions[0].subscriptionNumber).toBe(order2.body.subscriptions[0].subscriptionNumber);
    expect((await c.post('/v1/test-widgets', { name: 'w2 again' })).body.number).toBe(w2.body.number);
  });

  it('restores the same snapshot again and again, and leaves other tenants untouched', async () => {
    const a = await t.newClient();
    const b = await t.newClient();
    await populated(a);
    await populated(b);
    await t.admin('POST', `/admin/tenants/${a.tenant.id}/snapshots`, { name: 'base' });
    // b has a snapshot of the same name: its own
    await b.post('/v1/test-widgets', { name: 'b only' });
    await t.admin('POST', `/admin/tenants/${b.tenant.id}/snapshots`, { name: 'base' });
    await b.post('/v1/test-widgets', { name: 'b after' });
    const savedA = await dump(a.tenant.id);
    const bNow = await dump(b.tenant.id);

    for (let i = 0; i < 3; i++) {
      await newAccount(a, { name: `run ${i}` });
      await a.post('/v1/test-widgets', { name: `run ${i}` });
      expect((await t.admin('POST', `/admin/tenants/${a.tenant.id}/snapshots/base/restore`)).status).toBe(200);
      expect(await dump(a.tenant.id)).toEqual(savedA);
    }
    expect(await dump(b.tenant.id)).toEqual(bNow);
    expect((await b.get('/v1/test-widgets')).body.widgets.map((w: { name: string }) => w.name)).toEqual(['w1', 'b only', 'b after']);
  });

  it('a snapshot of an empty tenant restores to empty, with its clock', async () => {
    const made = await t.admin('POST', `/admin/tenants`, { clock: '2019-05-01' });
    const e = made.body.tenant.id as string;
    expect((await t.admin('POST', `/admin/tenants/${e}/snapshots`, { name: 'empty' })).body).toMatchObject({ rows: 0 });
    const before = await dump(e);
    await t.admin('POST', `/admin/tenants/${e}/clock/advance`, { days: 3 });
    const r = await t.admin('POST', `/admin/tenants/${e}/snapshots/empty/restore`);
    expect(r.body.clock).toMatchObject({ today: '2019-05-01', frozen: true });
    expect(await dump(e)).toEqual(before);
    expect(rowCount(before)).toBe(0);
  });

  it('lists, replaces and deletes snapshots; they live in the database, not in the process', async () => {
    const c = await t.newClient();
    await c.post('/v1/test-widgets', { name: 'one' });
    await t.admin('POST', `/admin/tenants/${c.tenant.id}/snapshots`, { name: 'one-widget' });
    await c.post('/v1/test-widgets', { name: 'two' });
    await t.admin('POST', `/admin/tenants/${c.tenant.id}/snapshots`, { name: 'two-widgets' });
    const list = await t.admin('GET', `/admin/tenants/${c.tenant.id}/snapshots`);
    expect(list.status).toBe(200);
    expect(list.body.snapshots.map((s: { name: string; rows: number }) => [s.name, s.rows])).toEqual([
      ['one-widget', 2], // the widget and its counter
      ['two-widgets', 3],
    ]);
    expect(list.body.snapshots[0].createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    // another Tenants over the same database (as after a restart) sees and restores them
    const other = new Tenants(db, loadConfig({}), modulesWithWidgets);
    expect((await other.listSnapshots(c.tenant.id)).map((s) => s.name)).toEqual(['one-widget', 'two-widgets']);
    await other.restoreSnapshot(c.tenant.id, 'one-widget');
    expect((await c.get('/v1/test-widgets')).body.widgets.map((w: { name: string }) => w.name)).toEqual(['one']);

    // saving under a taken name replaces that snapshot
    await c.post('/v1/test-widgets', { name: 'three' });
    expect((await t.admin('POST', `/admin/tenants/${c.tenant.id}/snapshots`, { name: 'one-widget' })).body.rows).toBe(3);
    expect((await t.admin('GET', `/admin/tenants/${c.tenant.id}/snapshots`)).body.snapshots).toHaveLength(2);

    expect((await t.admin('DELETE', `/admin/tenants/${c.tenant.id}/snapshots/two-widgets`)).status).toBe(204);
    expect((await t.admin('GET', `/admin/tenants/${c.tenant.id}/snapshots`)).body.snapshots.map((s: { name: string }) => s.name)).toEqual(['one-widget']);
    expect(await db.selectFrom('tenant_snapshot_tables').select('table_name').where('tenant_id', '=', c.tenant.id).where('snapshot', '=', 'two-widgets').execute()).toEqual([]);

    // deleting the tenant deletes its snapshots
    await t.admin('DELETE', `/admin/tenants/${c.tenant.id}`);
    expect(await db.selectFrom('tenant_snapshots').select('name').where('tenant_id', '=', c.tenant.id).execute()).toEqual([]);
    expect(await db.selectFrom('tenant_snapshot_tables').select('table_name').where('tenant_id', '=', c.tenant.id).execute()).toEqual([]);
  });

  it('an unknown snapshot or tenant is a 404 in the admin error format, and changes nothing', async () => {
    const c = await t.newClient();
    await c.post('/v1/test-widgets', { name: 'stay' });
    const before = await dump(c.tenant.id);
    for (const [method, url] of [
      ['POST', `/admin/tenants/${c.tenant.id}/snapshots/nope/restore`],
      ['DELETE', `/admin/tenants/${c.tenant.id}/snapshots/nope`],
      ['POST', `/admin/tenants/0123456789abcdef0123456789abcdef/snapshots/nope/restore`],
      ['GET', `/admin/tenants/0123456789abcdef0123456789abcdef/snapshots`],
    ] as const) {
      const r = await t.admin(method, url);
      expect(r.status, url).toBe(404);
      expect(r.body.success).toBe(false);
      expect(r.body.processId).toBeTruthy();
      expect(r.body.reasons[0].code % 100).toBe(40);
    }
    const r = await t.admin('POST', `/admin/tenants/${c.tenant.id}/snapshots/nope/restore`);
    expect(r.body.reasons[0].message).toContain("'nope'");
    expect(await dump(c.tenant.id)).toEqual(before);
  });

  it('covers every table that holds tenant rows', async () => {
    // credentials and the snapshots themselves are not a tenant's state
    const outside = new Set(['tenants', 'oauth_clients', 'oauth_tokens', 'tenant_snapshots', 'tenant_snapshot_tables']);
    const withTenant = (await db.introspection.getTables())
      .filter((tb) => tb.columns.some((col) => col.name === 'tenant_id'))
      .map((tb) => tb.name)
      .filter((name) => !outside.has(name));
    expect(withTenant.length).toBeGreaterThan(10);
    expect(withTenant.filter((name) => !stateTables(modulesWithWidgets).includes(name))).toEqual([]);
  });

  it('a restore that fails half-way changes nothing', async () => {
    const c = await t.newClient();
    await populated(c);
    await t.admin('POST', `/admin/tenants/${c.tenant.id}/snapshots`, { name: 'spoiled' });
    await c.post('/v1/test-widgets', { name: 'after' });
    const before = await dump(c.tenant.id);
    // the widgets come after the accounts: by then the tenant's rows are already deleted and the accounts back
    await db.updateTable('tenant_snapshot_tables').set({ data: 'not a snapshot' }).where('tenant_id', '=', c.tenant.id).where('table_name', '=', 'test_widgets').execute();
    const r = await t.admin('POST', `/admin/tenants/${c.tenant.id}/snapshots/spoiled/restore`);
    expect(r.status).toBe(400);
    expect(r.body.reasons[0].code % 100).toBe(30);
    expect(r.body.reasons[0].message).toContain("table 'test_widgets'");
    expect(await dump(c.tenant.id)).toEqual(before);
  });

  it('refuses a bad name, and a snapshot that no longer fits the server, changing nothing', async () => {
    const c = await t.newClient();
    for (const body of [{}, { name: '' }, { name: 'has space' }, { name: 'x'.repeat(101) }, { name: 'ok', extra: 1 }, { name: '-leading-dash' }]) {
      const r = await t.admin('POST', `/admin/tenants/${c.tenant.id}/snapshots`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.reasons[0].message).toMatch(/name|extra/);
    }
    expect((await t.admin('GET', `/admin/tenants/${c.tenant.id}/snapshots`)).body.snapshots).toEqual([]);

    await c.post('/v1/test-widgets', { name: 'w' });
    await t.admin('POST', `/admin/tenants/${c.tenant.id}/snapshots`, { name: 'with-widgets' });
    await c.post('/v1/test-widgets', { name: 'after' });
    const before = await dump(c.tenant.id);
    // a server without the widgets module does not know the snapshot's test_widgets table
    const without = new Tenants(db, loadConfig({}), modulesWithWidgets.slice(0, -1));
    await expect(without.restoreSnapshot(c.tenant.id, 'with-widgets')).rejects.toThrow(/holds table 'test_(widgets|due_log)', which this server no longer has/);
    expect(await dump(c.tenant.id)).toEqual(before);
  });
});
