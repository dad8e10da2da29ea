// issue 7 §3: an account without its own invoice template reads the tenant's default one, as Zuora shows it.
import { describe, expect, it } from 'vitest';
import { setupApp } from '../helpers.js';
import { makeCatalog, newAccount } from '../subscriptions/fixtures.js';

const t = await setupApp();
const HEX32 = /^[0-9a-f]{32}$/;

describe("the tenant's default invoice template", () => {
  it('every new tenant has one (an id); the admin API shows it', async () => {
    const c = await t.newClient();
    const id = c.tenant.defaultInvoiceTemplateId;
    expect(id).toMatch(HEX32);
    const admin = await t.admin('GET', `/admin/tenants/${c.tenant.id}`);
    expect(admin.body.settings.defaultInvoiceTemplateId).toBe(id);
    expect((await t.newClient()).tenant.defaultInvoiceTemplateId).not.toBe(id);
  });

  it("an account without a template reads the default; one with its own keeps it; the default follows the tenant's setting", async () => {
    const c = await t.newClient();
    const plain = await newAccount(c);
    const own = await newAccount(c, { invoiceTemplateId: 'f'.repeat(32) });
    const read = async (n: string) => (await c.get(`/v1/accounts/${n}`)).body.basicInfo.invoiceTemplateId;
    expect(await read(plain.accountNumber)).toBe(c.tenant.defaultInvoiceTemplateId);
    expect(await read(own.accountNumber)).toBe('f'.repeat(32));
    const next = 'a'.repeat(32);
    const patched = await t.admin('PATCH', `/admin/tenants/${c.tenant.id}/settings`, { defaultInvoiceTemplateId: next });
    expect(patched.status, patched.raw).toBe(200);
    expect(patched.body.defaultInvoiceTemplateId).toBe(next);
    // the same token reads the new setting at once; the stored account still has no template of its own
    expect(await read(plain.accountNumber)).toBe(next);
    expect(await read(own.accountNumber)).toBe('f'.repeat(32));
  });

  it('a tenant can be created with a given default; a value that is not 32 hex characters is refused and changes nothing', async () => {
    const given = '0123456789abcdef0123456789abcdef';
    const created = await t.admin('POST', '/admin/tenants', { defaultInvoiceTemplateId: given });
    expect(created.status, created.raw).toBe(201);
    expect(created.body.tenant.settings.defaultInvoiceTemplateId).toBe(given);
    const c = await t.newClient();
    for (const bad of ['T1', 'F'.repeat(32), '']) {
      const r = await t.admin('PATCH', `/admin/tenants/${c.tenant.id}/settings`, { defaultInvoiceTemplateId: bad });
      expect(r.status, r.raw).toBe(400);
    }
    expect((await t.admin('GET', `/admin/tenants/${c.tenant.id}`)).body.settings.defaultInvoiceTemplateId).toBe(c.tenant.defaultInvoiceTemplateId);
  });

  it("an invoice made for an account without a template carries the tenant's default templateId; with its own, the account's", async () => {
    const c = await t.newClient();
    const cat = await makeCatalog(c);
    const own = 'b'.repeat(32);
    const ids: string[] = [];
    for (const over of [{}, { invoiceTemplateId: own }]) {
      const acc = await newAccount(c, over);
      const sub = await c.post('/v1/subscriptions', { accountKey: acc.accountNumber, contractEffectiveDate: '2024-01-01', termType: 'EVERGREEN', subscribeToRatePlans: [{ productRatePlanId: cat.basePlanId }], runBilling: true, targetDate: '2024-01-15' });
      expect(sub.body.invoiceId, sub.raw).toMatch(HEX32);
      ids.push((await c.get(`/v1/invoices/${sub.body.invoiceId}`)).body.templateId);
    }
    expect(ids).toEqual([c.tenant.defaultInvoiceTemplateId, own]);
  });
});
