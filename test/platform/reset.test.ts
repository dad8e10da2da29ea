/**
 * Tenant reset in chunks (issue 14): it does not hold other tenants' writes for
 * longer than one chunk, the tenant being reset answers a lock error meanwhile,
 * and configuration tables (billing rules, payment terms) are not business data
 * for the clock rule but are emptied by a reset all the same.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/platform/ids.js';
import { setupApp } from '../helpers.js';

const t = await setupApp();
const db = t.database.db;

async function seedWidgets(tenantId: string, n: number): Promise<void> {
  const batch = 500;
  for (let i = 0; i < n; i += batch) {
    const rows = Array.from({ length: Math.min(batch, n - i) }, (_, k) => ({
      id: newId(),
      tenant_id: tenantId,
      number: `W-${i + k}`,
      name: `widget ${i + k}`,
      custom_fields: '{}',
      created_on: '2026-01-01',
    }));
    await db.insertInto('test_widgets').values(rows).execute();
  }
}

const widgetsOf = async (tenantId: string) =>
  Number((await db.selectFrom('test_widgets').select((eb) => eb.fn.countAll().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);

describe('POST /admin/tenants/{id}/reset', () => {
  it('empties a large tenant in chunks while another tenant keeps writing, none of its writes waiting for more than a fraction of the reset', async () => {
    const big = await t.newClient();
    const other = await t.newClient();
    await seedWidgets(big.tenant.id, 60_000);
    const before = await widgetsOf(other.tenant.id);
    let done = false;
    let resetMs = 0;
    const started = performance.now();
    const reset = t.admin('POST', `/admin/tenants/${big.tenant.id}/reset`).then((r) => {
      done = true;
      resetMs = performance.now() - started;
      return r;
    });
    const waits: number[] = [];
    while (!done) {
      const s = performance.now();
      const r = await other.post('/v1/test-widgets', { name: 'written during the reset' });
      waits.push(performance.now() - s);
      expect(r.status).toBe(200);
    }
    expect((await reset).status).toBe(200);
    expect(await widgetsOf(big.tenant.id)).toBe(0);
    expect(await widgetsOf(other.tenant.id)).toBe(before + waits.length);
    // In one transaction the other tenant's first write would wait for the whole reset and
    // land after it: here it writes again and again while the reset runs, none of its writes
    // waiting for more than a fraction of the reset (measured against the reset itself, so
    // that a loaded machine slows both alike).
    expect(waits.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...waits)).toBeLessThan(resetMs / 2);
    // The tenant answers again once reset.
    expect((await big.post('/v1/test-widgets', { name: 'after' })).status).toBe(200);
  });

  it('answers the tenant being reset with a lock error (409, category 50) and lets it in again when the reset ends', async () => {
    const c = await t.newClient();
    await db.updateTable('tenants').set({ resetting: new Date().toISOString() }).where('id', '=', c.tenant.id).execute();
    const r = await c.post('/v1/test-widgets', { name: 'blocked' });
    expect(r.status).toBe(409);
    expect(r.body.success).toBe(false);
    expect(String(r.body.reasons[0].code)).toMatch(/^\d{6}50$/);
    expect(r.body.reasons[0].message).toMatch(/being reset/);
    expect(await widgetsOf(c.tenant.id)).toBe(0);
    // A reset that failed half-way is finished by running it again.
    expect((await t.admin('POST', `/admin/tenants/${c.tenant.id}/reset`)).status).toBe(200);
    expect((await c.post('/v1/test-widgets', { name: 'after' })).status).toBe(200);
    const row = await db.selectFrom('tenants').select(sql<string | null>`resetting`.as('resetting')).where('id', '=', c.tenant.id).executeTakeFirstOrThrow();
    expect(row.resetting).toBeNull();
  });
});

describe('configuration tables', () => {
  it('settings changes are not business data: the clock still moves back; a widget pins it; reset empties the settings too', async () => {
    const c = await t.newClient();
    const put = await c.put('/settings/billing-rules', { oneTimeCreditBack: true });
    expect(put.status).toBe(200);
    expect(Number((await db.selectFrom('settings_values').select((eb) => eb.fn.countAll().as('n')).where('tenant_id', '=', c.tenant.id).executeTakeFirstOrThrow()).n)).toBeGreaterThan(0);
    const clock = (date: string) => t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date });
    // (moving forward would run the test widgets' due work, which writes rows: go straight back from today)
    const moved = await clock('2020-01-01');
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect((await c.post('/v1/test-widgets', { name: 'business data' })).status).toBe(200);
    const back = await clock('2019-01-01');
    expect(back.status).toBe(400);
    expect(String(back.body.reasons[0].code)).toMatch(/30$/);
    expect((await t.admin('POST', `/admin/tenants/${c.tenant.id}/reset`)).status).toBe(200);
    expect((await c.get('/settings/billing-rules')).body.oneTimeCreditBack).not.toBe(true);
    expect((await clock('2019-01-01')).status).toBe(200);
  });
});
