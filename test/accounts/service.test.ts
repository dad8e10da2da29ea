import { beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, makeCtx } from '../../src/platform/context.js';
import { createAccount, getAccountByKey, setBillCycleDayIfAuto } from '../../src/modules/accounts/service.js';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { accountBody, countRows, V2024 } from './fixtures.js';

let t: TestApp;
let c: Client;

beforeAll(async () => {
  t = await setupApp();
  c = await t.newClient(V2024);
});

describe('accounts service for other modules', () => {
  it('createAccount joins the caller transaction: a later failure leaves nothing', async () => {
    const ctx = makeCtx(c.tenant, t.database.db);
    await expect(
      inTransaction(ctx, async (tx) => {
        const a = await createAccount(tx, accountBody());
        expect(a.accountNumber).toBe('A00000001');
        expect(await getAccountByKey(tx, a.id)).toBeDefined();
        throw new Error('order failed later');
      }),
    ).rejects.toThrow('order failed later');
    expect(await countRows(t, 'accounts', c.tenant.id)).toBe(0);
    expect(await countRows(t, 'contacts', c.tenant.id)).toBe(0);
  });

  it('createAccount applies the POST rules and getAccountByKey reads by id or number', async () => {
    const ctx = makeCtx(c.tenant, t.database.db);
    await expect(createAccount(ctx, accountBody({ currency: 'ZZZ' }))).rejects.toMatchObject({ code: 50000020 });
    const a = await createAccount(ctx, accountBody({ billCycleDay: 0, paymentTerm: 'Net 30', invoiceTemplateId: 'T1', vip__c: true }));
    const byNumber = await getAccountByKey(ctx, a.accountNumber);
    const byId = await getAccountByKey(ctx, a.id);
    expect(byNumber).toEqual(byId);
    expect(byId).toMatchObject({
      id: a.id,
      accountNumber: a.accountNumber,
      name: 'Amy Lawrence',
      status: 'Active',
      currency: 'USD',
      billCycleDay: 0,
      autoPay: false,
      paymentTerm: 'Net 30',
      batch: 'Batch1',
      invoiceTemplateId: 'T1',
      communicationProfileId: null,
      sequenceSetId: null,
      customFields: { vip__c: true },
    });
    expect(byId!.billToContactId).toMatch(/^[0-9a-f]{32}$/);
    expect(byId!.soldToContactId).toMatch(/^[0-9a-f]{32}$/);
    expect(await getAccountByKey(ctx, 'nope')).toBeUndefined();
    const other = await t.newClient(V2024);
    expect(await getAccountByKey(makeCtx(other.tenant, t.database.db), a.id)).toBeUndefined();
  });

  it('createAccount takes the orders form: customFields objects and comma-separated emails', async () => {
    const ctx = makeCtx(c.tenant, t.database.db);
    const a = await createAccount(ctx, {
      name: 'Order Co',
      currency: 'USD',
      billCycleDay: 0,
      additionalEmailAddresses: 'x@example.com,y@example.com',
      customFields: { segment__c: 'SMB' },
      billToContact: { firstName: 'O', lastName: 'C', customFields: { role__c: 'buyer' } },
    });
    const view = (await c.get(`/v1/accounts/${a.id}`)).body;
    expect(view.basicInfo.segment__c).toBe('SMB');
    expect(view.billToContact.role__c).toBe('buyer');
    expect(view.billingAndPayment.additionalEmailAddresses).toEqual(['x@example.com', 'y@example.com']);
  });

  it('setBillCycleDayIfAuto sets the day once, only for auto (0) accounts', async () => {
    const ctx = makeCtx(c.tenant, t.database.db);
    const auto = await createAccount(ctx, accountBody({ billCycleDay: 0 }));
    await setBillCycleDayIfAuto(ctx, auto.id, 17);
    expect((await getAccountByKey(ctx, auto.id))!.billCycleDay).toBe(17);
    await setBillCycleDayIfAuto(ctx, auto.id, 3);
    expect((await getAccountByKey(ctx, auto.id))!.billCycleDay).toBe(17);
    const fixed = await createAccount(ctx, accountBody({ billCycleDay: 5 }));
    await setBillCycleDayIfAuto(ctx, fixed.id, 20);
    expect((await getAccountByKey(ctx, fixed.id))!.billCycleDay).toBe(5);
    await expect(setBillCycleDayIfAuto(ctx, auto.id, 32)).rejects.toMatchObject({ code: 50000020 });
    expect((await c.get(`/v1/accounts/${auto.id}`)).body.billingAndPayment.billCycleDay).toBe(17);
  });
});
