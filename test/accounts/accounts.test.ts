import { beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { accountBody, countRows, createAccount, V2024 } from './fixtures.js';

let t: TestApp;
let c: Client;

beforeAll(async () => {
  t = await setupApp();
  c = await t.newClient(V2024);
});

describe('POST /v1/accounts', () => {
  it('creates the sample account, numbers it A00000001 and reads it back by id and by number', async () => {
    const res = await c.post('/v1/accounts', accountBody());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, accountNumber: 'A00000001' });
    expect(res.body.accountId).toMatch(/^[0-9a-f]{32}$/);
    expect(res.body.billToContactId).toMatch(/^[0-9a-f]{32}$/);
    // No sold-to contact given: a separate copy of the bill-to contact.
    expect(res.body.soldToContactId).not.toBe(res.body.billToContactId);

    const byId = await c.get(`/v1/accounts/${res.body.accountId}`);
    const byNumber = await c.get('/v1/accounts/A00000001');
    expect(byId.status).toBe(200);
    expect(byNumber.body).toEqual(byId.body);
    const a = byId.body;
    expect(a.success).toBe(true);
    expect(a.basicInfo).toMatchObject({ id: res.body.accountId, accountNumber: 'A00000001', name: 'Amy Lawrence', status: 'Active', batch: 'Batch1', sequenceSetId: null, partnerAccount: false });
    expect(a.billingAndPayment).toEqual({
      billCycleDay: 1,
      currency: 'USD',
      paymentTerm: 'Due Upon Receipt',
      paymentGateway: null,
      paymentGatewayNumber: null,
      autoPay: false,
      defaultPaymentMethodId: null,
      invoiceDeliveryPrefsEmail: false,
      invoiceDeliveryPrefsPrint: false,
      additionalEmailAddresses: [],
      paymentMethodCascadingConsent: false,
    });
    expect(a.metrics).toMatchObject({ balance: 0, contractedMrr: 0, creditBalance: 0, totalInvoiceBalance: 0, currency: 'USD' });
    // issue 7 §3: the taxInfo block with every field null, the contacts name their account, no order yet
    expect(a.taxInfo).toEqual(expect.objectContaining({ VATId: null, companyCode: null, exemptStatus: null }));
    expect(a.billToContact).toMatchObject({ accountId: res.body.accountId, accountNumber: 'A00000001', contactDescription: null });
    expect(a.basicInfo.lastBookingDate).toBeNull();
    expect(a.metricsData).toEqual([expect.objectContaining({ currency: 'USD', balance: 0, totalInvoiceBalance: 0, unappliedPaymentAmount: 0 })]);
    expect(a.billToContact).toMatchObject({ id: res.body.billToContactId, firstName: 'Amy', lastName: 'Lawrence', country: 'United States', state: 'CA', workEmail: null, address1: null, county: null, taxRegion: null, otherPhoneType: null });
    expect(a.basicInfo).toMatchObject({ crmId: null, notes: null, salesRep: null, parentId: null });
    // no template of its own: the tenant's default one (test/accounts/invoice-template.test.ts)
    expect(a.basicInfo.invoiceTemplateId).toMatch(/^[0-9a-f]{32}$/);
    expect(a.soldToContact).toMatchObject({ id: res.body.soldToContactId, firstName: 'Amy', lastName: 'Lawrence', country: 'United States' });

    const second = await createAccount(c);
    expect(second.accountNumber).toBe('A00000002');
  });

  it('keeps every optional field and custom fields on the account and its contacts', async () => {
    const res = await c.post(
      '/v1/accounts',
      accountBody({
        accountNumber: 'CUST-77',
        crmId: 'crm-1',
        notes: 'vip',
        salesRep: 'Sam',
        customerServiceRepName: 'Cara',
        purchaseOrderNumber: 'PO-1',
        batch: 'Batch50',
        paymentTerm: 'Net 30',
        invoiceDeliveryPrefsEmail: true,
        invoiceDeliveryPrefsPrint: true,
        additionalEmailAddresses: ['contact1@example.com', 'contact2@example.com'],
        communicationProfileId: '303d186840e611df817c002185d714e1',
        profileNumber: 'CP-00000012',
        invoiceTemplateId: 'tmpl-1',
        paymentGateway: 'TestGateway',
        taxInfo: { VATId: 'EU123', exemptStatus: 'Yes', exemptCertificateId: 'C-1', exemptEffectiveDate: '2024-01-01', exemptExpirationDate: '2025-01-01' },
        region__c: 'EMEA',
        Class__NS: 'retail',
        billToContact: { firstName: 'Amy', lastName: 'Lawrence', workEmail: 'amy@example.com', country: 'US', state: 'California', zipCode: 94105, tier__c: 'gold' },
        soldToContact: { firstName: 'Bill', lastName: 'Cho', country: 'India', state: 'Assam' },
        shipToContact: { firstName: 'Sue', lastName: 'Ship', country: 'CA', state: 'ON' },
      }),
    );
    expect(res.body).toMatchObject({ success: true, accountNumber: 'CUST-77' });
    expect(res.body.shipToContactId).toMatch(/^[0-9a-f]{32}$/);
    const a = (await c.get('/v1/accounts/CUST-77')).body;
    expect(a.basicInfo).toMatchObject({
      crmId: 'crm-1',
      notes: 'vip',
      salesRep: 'Sam',
      customerServiceRepName: 'Cara',
      purchaseOrderNumber: 'PO-1',
      batch: 'Batch50',
      communicationProfileId: '303d186840e611df817c002185d714e1',
      profileNumber: 'CP-00000012',
      invoiceTemplateId: 'tmpl-1',
      region__c: 'EMEA',
      Class__NS: 'retail',
    });
    expect(a.billingAndPayment).toMatchObject({ paymentTerm: 'Net 30', invoiceDeliveryPrefsEmail: true, invoiceDeliveryPrefsPrint: true, paymentGateway: 'TestGateway', additionalEmailAddresses: ['contact1@example.com', 'contact2@example.com'] });
    expect(a.taxInfo).toMatchObject({ VATId: 'EU123', exemptStatus: 'Yes', exemptCertificateId: 'C-1', exemptEffectiveDate: '2024-01-01', exemptExpirationDate: '2025-01-01' });
    // Country codes become country names; the zip code number becomes text.
    expect(a.billToContact).toMatchObject({ firstName: 'Amy', workEmail: 'amy@example.com', country: 'United States', state: 'California', zipCode: '94105', tier__c: 'gold' });
    expect(a.soldToContact).toMatchObject({ firstName: 'Bill', lastName: 'Cho', country: 'India', state: 'Assam' });
    expect(a.shipToContact).toMatchObject({ firstName: 'Sue', country: 'Canada', state: 'ON' });
  });

  it('soldToSameAsBillTo makes one contact entity for both roles', async () => {
    const r = await createAccount(c, { soldToSameAsBillTo: true, shipToSameAsBillTo: true });
    expect(r.soldToContactId).toBe(r.billToContactId);
    expect(r.shipToContactId).toBe(r.billToContactId);
    // Updating either role updates both.
    await c.put(`/v1/accounts/${r.accountId}`, { soldToContact: { lastName: 'Changed' } });
    const a = (await c.get(`/v1/accounts/${r.accountId}`)).body;
    expect(a.billToContact.lastName).toBe('Changed');
  });

  it('requires a currency (no tenant default, as the page marks it required) and accepts any ISO currency', async () => {
    const eur = await t.newClient({ ...V2024, currency: 'EUR' });
    const missing = await eur.post('/v1/accounts', { name: 'No currency', billCycleDay: 1, billToContact: { firstName: 'a', lastName: 'b' } });
    expect(missing.status).toBe(400);
    expect(missing.body.reasons[0].code % 100).toBe(22);
    expect(missing.body.reasons[0].message).toContain("'currency'");
    const jpy = await createAccount(eur, { currency: 'JPY' });
    // the refused create took no account number
    expect(jpy.accountNumber).toBe('A00000001');
    expect((await eur.get(`/v1/accounts/${jpy.accountId}`)).body.metricsData[0].currency).toBe('JPY');
  });

  it('billCycleDay 0 means auto-set and stays 0 until a subscription sets it', async () => {
    const r = await createAccount(c, { billCycleDay: 0 });
    expect((await c.get(`/v1/accounts/${r.accountId}`)).body.billingAndPayment.billCycleDay).toBe(0);
  });

  const bad: Array<[string, Record<string, unknown>, number, RegExp]> = [
    ['missing name', { name: undefined }, 22, /'name'/],
    ['empty name', { name: '' }, 22, /'name'/],
    ['missing billToContact', { billToContact: undefined }, 22, /'billToContact'/],
    ['missing billCycleDay', { billCycleDay: undefined }, 22, /'billCycleDay'/],
    ['billCycleDay 32', { billCycleDay: 32 }, 20, /'billCycleDay'/],
    ['billCycleDay -1', { billCycleDay: -1 }, 20, /'billCycleDay'/],
    ['bad currency', { currency: 'XYZ' }, 20, /'currency'/],
    ['lowercase nonsense currency', { currency: 'dollars' }, 20, /'currency'/],
    ['unknown parentId', { parentId: '0123456789abcdef0123456789abcdef' }, 20, /'parentId'/],
    ['unknown sequenceSetId', { sequenceSetId: 'nope' }, 20, /'sequenceSetId'/],
    ['batch 51', { batch: 'Batch51' }, 20, /'batch'/],
    ['batch name', { batch: 'Weekly' }, 20, /'batch'/],
    ['payment term', { paymentTerm: 'Net 45' }, 20, /'paymentTerm'/],
    ['bad additional email', { additionalEmailAddresses: ['ok@example.com', 'not-an-email'] }, 20, /'additionalEmailAddresses'/],
    ['too many additional emails', { additionalEmailAddresses: Array.from({ length: 70 }, (_, i) => `someone${i}@example.com`) }, 20, /1200/],
    ['bill-to without firstName', { billToContact: { lastName: 'L' } }, 22, /'billToContact\.firstName'/],
    ['bill-to unknown country', { billToContact: { firstName: 'A', lastName: 'B', country: 'Atlantis' } }, 20, /'billToContact\.country'/],
    ['bill-to US state', { billToContact: { firstName: 'A', lastName: 'B', country: 'United States', state: 'Ontario' } }, 20, /'billToContact\.state'/],
    ['bill-to Canada province', { billToContact: { firstName: 'A', lastName: 'B', country: 'Canada', state: 'Texas' } }, 20, /'billToContact\.state'/],
    ['bill-to email', { billToContact: { firstName: 'A', lastName: 'B', workEmail: 'nope' } }, 20, /'billToContact\.workEmail'/],
    ['sold-to name too long', { soldToContact: { firstName: 'x'.repeat(101), lastName: 'B' } }, 20, /'soldToContact\.firstName'/],
    ['autoPay without payment method', { autoPay: true }, 22, /'autoPay'/],
    ['unknown hpm payment method', { hpmCreditCardPaymentMethodId: 'pm1' }, 20, /'hpmCreditCardPaymentMethodId'/],
    ['tax exempt status', { taxInfo: { exemptStatus: 'Maybe' } }, 20, /'taxInfo\.exemptStatus'/],
    ['tax date', { taxInfo: { exemptEffectiveDate: '2024-02-30' } }, 20, /'taxInfo\.exemptEffectiveDate'/],
    ['generated-looking account number', { accountNumber: 'A00000099' }, 20, /'accountNumber'/],
    ['account number too long', { accountNumber: 'N'.repeat(51) }, 20, /'accountNumber'/],
    ['custom field object', { bad__c: { x: 1 } }, 20, /bad__c/],
    ['name over 255 characters', { name: 'n'.repeat(256) }, 20, /'name'/],
    ['crmId over 100 characters', { crmId: 'c'.repeat(101) }, 20, /'crmId'/],
    ['salesRep over 50 characters', { salesRep: 's'.repeat(51) }, 20, /'salesRep'/],
    ['autoPay not a boolean', { autoPay: 'sometimes' }, 20, /'autoPay'/],
    ['4-byte character in the name', { name: 'Amy \u{1F600}' }, 20, /'name'.*4-byte/],
    ['4-byte character in a contact name', { billToContact: { firstName: '\u{1F600}', lastName: 'B' } }, 20, /'billToContact\.firstName'.*4-byte/],
  ];
  for (const [what, over, category, field] of bad) {
    it(`refuses ${what}, naming the field and leaving nothing behind`, async () => {
      const cl = await t.newClient(V2024);
      const res = await cl.post('/v1/accounts', accountBody(over));
      expect(res.status).toBe(category === 22 || category === 20 || category === 30 ? 400 : 404);
      expect(res.body.success).toBe(false);
      expect(res.body.reasons[0].code % 100).toBe(category);
      expect(res.body.reasons[0].message).toMatch(field);
      expect(await countRows(t, 'accounts', cl.tenant.id)).toBe(0);
      expect(await countRows(t, 'contacts', cl.tenant.id)).toBe(0);
    });
  }

  it('refuses a used account number, and skips custom-used numbers when generating', async () => {
    const cl = await t.newClient(V2024);
    await createAccount(cl, { accountNumber: 'ACME-1' });
    const dup = await cl.post('/v1/accounts', accountBody({ accountNumber: 'ACME-1' }));
    expect(dup.status).toBe(400);
    expect(dup.body.reasons[0].message).toMatch(/'accountNumber'.*already used/);
    expect(await countRows(t, 'accounts', cl.tenant.id)).toBe(1);
    expect(await countRows(t, 'contacts', cl.tenant.id)).toBe(2);
  });

  it('takes additional email addresses as a comma-separated string too', async () => {
    const r = await createAccount(c, { additionalEmailAddresses: 'one@example.com, two@example.com' });
    expect((await c.get(`/v1/accounts/${r.accountId}`)).body.billingAndPayment.additionalEmailAddresses).toEqual(['one@example.com', 'two@example.com']);
  });

  it('replays a create with the same Idempotency-Key instead of creating a second account', async () => {
    const cl = await t.newClient(V2024);
    const first = await cl.post('/v1/accounts', accountBody(), { 'Idempotency-Key': 'acct-1' });
    const again = await cl.post('/v1/accounts', accountBody(), { 'Idempotency-Key': 'acct-1' });
    expect(again.body.accountId).toBe(first.body.accountId);
    expect(await countRows(t, 'accounts', cl.tenant.id)).toBe(1);
  });

  it('answers 200 with success false before API version 2024-05-20', async () => {
    const old = await t.newClient();
    const res = await old.post('/v1/accounts', accountBody({ currency: 'XYZ' }), { 'Zuora-Version': '211.0' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: false, reasons: [{ code: 50000020 }] });
  });

  it('a subscription or a payment method with the account is checked like its own call', async () => {
    // The subscription is built (test/conformance/versions.test.ts): one of an unknown rate plan is refused, and no account is made.
    const res = await c.post('/v1/accounts', accountBody({ accountNumber: 'ACC-NO-PLANS', subscription: { termType: 'EVERGREEN', contractEffectiveDate: '2024-01-01', subscribeToRatePlans: [{ productRatePlanId: 'f'.repeat(32) }] } }));
    expect(res.body.success, res.raw).toBe(false);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect((await c.get('/v1/accounts/ACC-NO-PLANS')).status).toBe(404);
    // A payment method with the account is built (test/payment-methods): an incomplete card is refused.
    const pm = await c.post('/v1/accounts', accountBody({ autoPay: true, creditCard: { cardType: 'Visa' } }));
    expect(pm.status).toBe(400);
    expect(pm.body.reasons[0].message).toMatch(/'creditCard\.cardHolderInfo' is required/);
  });
});

describe('parent accounts and sequence sets', () => {
  it('links a parent account, refuses cycles and more than five levels', async () => {
    const cl = await t.newClient(V2024);
    const ids: string[] = [];
    let parent: string | undefined;
    for (let i = 0; i < 5; i++) {
      const r = await createAccount(cl, parent ? { parentId: parent } : {});
      ids.push(r.accountId);
      parent = r.accountId;
    }
    expect((await cl.get(`/v1/accounts/${ids[4]}`)).body.basicInfo.parentId).toBe(ids[3]);
    const sixth = await cl.post('/v1/accounts', accountBody({ parentId: ids[4] }));
    expect(sixth.status).toBe(400);
    expect(sixth.body.reasons[0].code % 100).toBe(30);
    const cycle = await cl.put(`/v1/accounts/${ids[0]}`, { parentId: ids[2] });
    expect(cycle.status).toBe(400);
    expect(cycle.body.reasons[0].message).toMatch(/'parentId'/);
    const self = await cl.put(`/v1/accounts/${ids[1]}`, { parentId: ids[1] });
    expect(self.body.reasons[0].message).toMatch(/'parentId'/);
  });

  it('assigns an existing sequence set by id', async () => {
    const cl = await t.newClient(V2024);
    const set = await cl.post('/v1/sequence-sets', { sequenceSets: [{ name: 'EU set', invoice: { prefix: 'EU-INV', startNumber: 1 }, creditMemo: { prefix: 'EU-CM', startNumber: 1 }, debitMemo: { prefix: 'EU-DM', startNumber: 1 } }] });
    expect(set.body.success).toBe(true);
    const setId = set.body.sequenceSets[0].id;
    const r = await createAccount(cl, { sequenceSetId: setId });
    expect((await cl.get(`/v1/accounts/${r.accountId}`)).body.basicInfo.sequenceSetId).toBe(setId);
    await cl.put(`/v1/accounts/${r.accountId}`, { sequenceSetId: null });
    expect((await cl.get(`/v1/accounts/${r.accountId}`)).body.basicInfo.sequenceSetId).toBeNull();
  });

  it('keeps a sequence set that an account uses from being deleted', async () => {
    const cl = await t.newClient(V2024);
    const set = await cl.post('/v1/sequence-sets', { sequenceSets: [{ name: 'Used', invoice: { prefix: 'U-INV', startNumber: 1 }, creditMemo: { prefix: 'U-CM', startNumber: 1 }, debitMemo: { prefix: 'U-DM', startNumber: 1 } }] });
    const setId = set.body.sequenceSets[0].id;
    const acc = await createAccount(cl, { sequenceSetId: setId });
    const refused = await cl.del(`/v1/sequence-sets/${setId}`);
    expect(refused.status).toBe(400);
    expect(refused.body.reasons[0].code % 100).toBe(30);
    expect(refused.body.reasons[0].message).toContain(acc.accountNumber);
    await cl.put(`/v1/accounts/${acc.accountId}`, { sequenceSetId: null });
    expect((await cl.del(`/v1/sequence-sets/${setId}`)).body.success).toBe(true);
  });
});
