import { beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { countRows, createAccount, V2024 } from './fixtures.js';

let t: TestApp;
let c: Client;

beforeAll(async () => {
  t = await setupApp();
  c = await t.newClient(V2024);
});

describe('PUT /v1/accounts/{key}', () => {
  it('create → get by id and number → update → summary', async () => {
    const r = await createAccount(c, { billToContact: { firstName: 'Amy', lastName: 'Lawrence', workEmail: 'amy@example.com' } });
    const up = await c.put(`/v1/accounts/${r.accountNumber}`, {
      name: 'Amy L. Inc',
      billCycleDay: 15,
      paymentTerm: 'Net 60',
      batch: 'Batch7',
      crmId: 'crm-9',
      notes: '',
      tier__c: 'gold',
      additionalEmailAddresses: ['a@example.com'],
      billToContact: { city: 'Mumbai', zipCode: 123134, mobilePhone: 123213 },
    });
    expect(up.body).toEqual({ success: true });
    const a = (await c.get(`/v1/accounts/${r.accountId}`)).body;
    expect(a.basicInfo).toMatchObject({ name: 'Amy L. Inc', batch: 'Batch7', crmId: 'crm-9', notes: null, tier__c: 'gold' });
    expect(a.billingAndPayment).toMatchObject({ billCycleDay: 15, paymentTerm: 'Net 60', additionalEmailAddresses: ['a@example.com'] });
    // The bill-to contact is updated in place: same id, untouched fields kept.
    expect(a.billToContact).toMatchObject({ id: r.billToContactId, firstName: 'Amy', workEmail: 'amy@example.com', city: 'Mumbai', zipCode: '123134', mobilePhone: '123213' });
    // The sold-to copy is a separate entity and does not change.
    expect(a.soldToContact).toMatchObject({ id: r.soldToContactId, city: null });

    const s = await c.get(`/v1/accounts/${r.accountNumber}/summary`);
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({
      success: true,
      basicInfo: { id: r.accountId, accountNumber: r.accountNumber, name: 'Amy L. Inc', status: 'Active', currency: 'USD', balance: 0, billCycleDay: 15, autoPay: false, tier__c: 'gold', lastInvoiceDate: null },
      billToContact: { id: r.billToContactId, firstName: 'Amy', lastName: 'Lawrence', city: 'Mumbai', workEmail: 'amy@example.com', address2: null, country: null, county: null },
      soldToContact: { id: r.soldToContactId, firstName: 'Amy' },
      subscriptions: [],
      invoices: [],
      payments: [],
      usage: [],
    });
    const noUsage = await c.get(`/v1/accounts/${r.accountId}/summary?excludeUsage=true`);
    expect(noUsage.body.usage).toBeUndefined();
  });

  it('a bill-to email turns email delivery on; emptying both emails turns it off', async () => {
    const r = await createAccount(c);
    expect((await c.get(`/v1/accounts/${r.accountId}`)).body.billingAndPayment.invoiceDeliveryPrefsEmail).toBe(false);
    await c.put(`/v1/accounts/${r.accountId}`, { billToContact: { personalEmail: 'me@example.com' } });
    expect((await c.get(`/v1/accounts/${r.accountId}`)).body.billingAndPayment.invoiceDeliveryPrefsEmail).toBe(true);
    await c.put(`/v1/accounts/${r.accountId}`, { billToContact: { personalEmail: '' } });
    const a = (await c.get(`/v1/accounts/${r.accountId}`)).body;
    expect(a.billToContact.personalEmail).toBeNull();
    expect(a.billingAndPayment.invoiceDeliveryPrefsEmail).toBe(false);
  });

  it('switches the bill-to contact to another contact of the account by id', async () => {
    const r = await createAccount(c);
    const other = await c.post('/v1/contacts', { accountId: r.accountId, firstName: 'New', lastName: 'Payer' });
    expect(other.body.success).toBe(true);
    await c.put(`/v1/accounts/${r.accountId}`, { billToContactId: other.body.id });
    expect((await c.get(`/v1/accounts/${r.accountId}`)).body.billToContact).toMatchObject({ id: other.body.id, firstName: 'New' });
    // A contact of another account cannot take the role.
    const r2 = await createAccount(c);
    const bad = await c.put(`/v1/accounts/${r.accountId}`, { soldToContactId: r2.billToContactId });
    expect(bad.status).toBe(400);
    expect(bad.body.reasons[0].message).toMatch(/'soldToContactId'/);
    // A contact marked asShipTo false cannot become the ship-to contact.
    const noShip = await c.post('/v1/contacts', { accountId: r.accountId, firstName: 'No', lastName: 'Ship', asShipTo: false });
    const refused = await c.put(`/v1/accounts/${r.accountId}`, { shipToContactId: noShip.body.id });
    expect(refused.status).toBe(400);
    expect(refused.body.reasons[0].message).toMatch(/'shipToContactId'.*asShipTo/);
  });

  it('creates a ship-to contact when the account has none, and merges tax info', async () => {
    const r = await createAccount(c, { taxInfo: { VATId: 'EU1', exemptStatus: 'No' } });
    await c.put(`/v1/accounts/${r.accountId}`, { shipToContact: { firstName: 'Sue', lastName: 'Ship', city: 'Oslo' }, taxInfo: { exemptStatus: 'pendingVerification' } });
    const a = (await c.get(`/v1/accounts/${r.accountId}`)).body;
    expect(a.shipToContact).toMatchObject({ firstName: 'Sue', city: 'Oslo' });
    expect(a.shipToContact.id).not.toBe(r.billToContactId);
    expect(a.taxInfo).toMatchObject({ VATId: 'EU1', exemptStatus: 'pendingVerification' });
  });

  it('refuses bad values naming the field, and changes nothing', async () => {
    const r = await createAccount(c);
    const before = (await c.get(`/v1/accounts/${r.accountId}`)).body;
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ name: '' }, /'name'/],
      [{ billCycleDay: 0 }, /'billCycleDay'/],
      [{ billCycleDay: 32 }, /'billCycleDay'/],
      [{ batch: 'Batch0' }, /'batch'/],
      [{ paymentTerm: 'Net 15' }, /'paymentTerm'/],
      [{ autoPay: true }, /'autoPay'/],
      [{ defaultPaymentMethodId: 'abc' }, /'defaultPaymentMethodId'/],
      [{ parentId: 'missing' }, /'parentId'/],
      [{ name: 'Changed', billToContact: { firstName: '' } }, /'billToContact\.firstName'/],
      [{ name: 'Changed', billToContact: { country: 'United States', state: 'Bavaria' } }, /'billToContact\.state'/],
      [{ name: 'Changed', soldToContact: { otherPhoneType: 'Pager' } }, /'soldToContact\.otherPhoneType'/],
    ];
    for (const [body, field] of cases) {
      const res = await c.put(`/v1/accounts/${r.accountId}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.reasons[0].message).toMatch(field);
    }
    expect((await c.get(`/v1/accounts/${r.accountId}`)).body).toEqual(before);
  });

  it('answers 404 for an unknown account', async () => {
    const res = await c.put('/v1/accounts/A99999999', { name: 'x' });
    expect(res.status).toBe(404);
    expect(res.body.reasons[0].code).toBe(50000040);
  });
});

describe('DELETE /v1/accounts/{key}', () => {
  it('answers with the pending deletion job and the account is gone', async () => {
    const r = await createAccount(c);
    const res = await c.del(`/v1/accounts/${r.accountNumber}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, id: r.accountId, jobStatus: 'Pending' });
    expect(res.body.jobId).toMatch(/^[0-9a-f]{32}$/);
    expect((await c.get(`/v1/accounts/${r.accountId}`)).status).toBe(404);
    expect((await c.get(`/v1/contacts/${r.billToContactId}`)).status).toBe(404);
    const again = await c.del(`/v1/accounts/${r.accountId}`);
    expect(again.status).toBe(404);
    // The number stays taken.
    const reuse = await c.post('/v1/accounts', { name: 'x', currency: 'USD', billCycleDay: 1, billToContact: { firstName: 'a', lastName: 'b' }, accountNumber: 'KEEP-1' });
    await c.del(`/v1/accounts/${reuse.body.accountId}`);
    const dup = await c.post('/v1/accounts', { name: 'x', currency: 'USD', billCycleDay: 1, billToContact: { firstName: 'a', lastName: 'b' }, accountNumber: 'KEEP-1' });
    expect(dup.status).toBe(400);
  });

  it('refuses to delete the parent of other accounts', async () => {
    const p = await createAccount(c);
    await createAccount(c, { parentId: p.accountId });
    const res = await c.del(`/v1/accounts/${p.accountId}`);
    expect(res.status).toBe(400);
    expect(res.body.reasons[0].code % 100).toBe(30);
    expect((await c.get(`/v1/accounts/${p.accountId}`)).status).toBe(200);
  });
});

describe('payment methods of an account', () => {
  it('lists none, has no default, and the cascading configuration starts without consent', async () => {
    const r = await createAccount(c);
    const list = await c.get(`/v1/accounts/${r.accountId}/payment-methods`);
    // One list per payment method type (Zuora's sample: creditcard, ach, …); none without payment methods.
    expect(list.body).toEqual({ defaultPaymentMethodId: null, paymentGateway: null, success: true });
    const def = await c.get(`/v1/accounts/${r.accountNumber}/payment-methods/default`);
    expect(def.status).toBe(404);
    expect(def.body.success).toBe(false);
    const cas = await c.get(`/v1/accounts/${r.accountId}/payment-methods/cascading`);
    expect(cas.body).toEqual({ consent: false, priorities: [], success: true });
  });

  it('stores consent false, and enforces the priority rules', async () => {
    const r = await createAccount(c);
    const url = `/v1/accounts/${r.accountId}/payment-methods/cascading`;
    expect((await c.put(url, { consent: false })).body).toEqual({ success: true });
    const cases: Array<[Record<string, unknown>, number, RegExp]> = [
      [{}, 22, /'consent'/],
      [{ consent: false, priorities: [{ paymentMethodId: 'p1', order: 1 }] }, 20, /'priorities'/],
      [{ consent: true }, 22, /'priorities'/],
      [{ consent: true, priorities: [] }, 22, /'priorities'/],
      [{ consent: true, priorities: [1, 2, 3, 4].map((i) => ({ paymentMethodId: `p${i}`, order: i })) }, 20, /at most 3/],
      [{ consent: true, priorities: [{ paymentMethodId: 'p1', order: 4 }] }, 20, /'priorities\[0\]\.order'/],
      [{ consent: true, priorities: [{ order: 1 }] }, 22, /'priorities\[0\]\.paymentMethodId'/],
      [{ consent: true, priorities: [{ paymentMethodId: 'p1', order: 1 }] }, 20, /'priorities\[0\]\.paymentMethodId'.*payment method/],
    ];
    for (const [body, cat, msg] of cases) {
      const res = await c.put(url, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.reasons[0].code % 100).toBe(cat);
      expect(res.body.reasons[0].message).toMatch(msg);
    }
    expect((await c.get(url)).body).toEqual({ consent: false, priorities: [], success: true });
    expect((await c.get(`/v1/accounts/${r.accountId}`)).body.billingAndPayment.paymentMethodCascadingConsent).toBe(false);
  });
});

describe('tenant isolation', () => {
  it('another tenant cannot read, change or delete the account', async () => {
    const r = await createAccount(c);
    const other = await t.newClient(V2024);
    for (const url of [`/v1/accounts/${r.accountId}`, `/v1/accounts/${r.accountNumber}`, `/v1/accounts/${r.accountId}/summary`, `/v1/accounts/${r.accountId}/payment-methods`, `/v1/contacts/${r.billToContactId}`]) {
      const res = await other.get(url);
      expect(res.status, url).toBe(404);
      expect(res.body.reasons[0].code % 100).toBe(40);
    }
    expect((await other.put(`/v1/accounts/${r.accountId}`, { name: 'hijack' })).status).toBe(404);
    expect((await other.del(`/v1/accounts/${r.accountId}`)).status).toBe(404);
    // The other tenant numbers its own accounts from A00000001.
    expect((await createAccount(other)).accountNumber).toBe('A00000001');
    expect((await c.get(`/v1/accounts/${r.accountId}`)).body.basicInfo.name).toBe('Amy Lawrence');
    expect(await countRows(t, 'accounts', other.tenant.id)).toBe(1);
  });
});
