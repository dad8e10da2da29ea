/**
 * POST /v1/action/create, /update, /delete through the real app (both databases). Shapes and limits from
 * the Action_POSTcreate, Action_POSTupdate and Action_POSTdelete pages (samples.json): one result per
 * object in order, `{Id, Success}` / `{id, success}`, `Errors[{Code, Message}]` for a failed record (SOAP
 * ErrorCode names), at most 50 objects per call.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { usageWorld } from '../usage/fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});

const create = (c: Client, type: string, objects: unknown[], headers?: Record<string, string>) => c.post('/v1/action/create', { type, objects }, headers);
const update = (c: Client, type: string, objects: unknown[]) => c.post('/v1/action/update', { type, objects });
const del = (c: Client, type: string, ids: unknown[]) => c.post('/v1/action/delete', { type, ids });
const query = (c: Client, queryString: string) => c.post('/v1/action/query', { queryString });

async function account(c: Client) {
  const r = await c.post('/v1/accounts', { name: 'Acme', currency: 'USD', billCycleDay: 1, autoPay: false, billToContact: { firstName: 'Ada', lastName: 'Lovelace' } });
  expect(r.body.success).toBe(true);
  return r.body as { accountId: string; accountNumber: string };
}

const product = (name: string) => ({ Name: name, EffectiveStartDate: '2020-01-01', EffectiveEndDate: '2040-01-01' });

describe('POST /v1/action/create', () => {
  it('creates products, one result per object in order; a bad record fails alone and changes nothing', async () => {
    const c = await t.newClient();
    const r = await create(c, 'Product', [product('One'), { Name: 'No dates' }, product('Three')]);
    expect(r.status, r.raw).toBe(200);
    expect(r.body).toHaveLength(3);
    expect(r.body[0]).toEqual({ Id: expect.stringMatching(/^[0-9a-f]{32}$/), Success: true });
    expect(r.body[1]).toEqual({ Success: false, Errors: [{ Code: 'MISSING_REQUIRED_VALUE', Message: expect.stringContaining('EffectiveStartDate') }] });
    expect(r.body[2].Success).toBe(true);
    const names = (await query(c, 'select Name from Product')).body.records.map((x: { Name: string }) => x.Name).sort();
    expect(names).toEqual(['One', 'Three']);
    // the record created is the object API's: GET /v1/object/product/{id} reads it
    expect((await c.get(`/v1/object/product/${r.body[0].Id}`)).body).toMatchObject({ Id: r.body[0].Id, Name: 'One' });
  });

  it('creates a rate plan and a charge under it, contacts of an account, usage and a payment method', async () => {
    const c = await t.newClient();
    const [p] = (await create(c, 'Product', [product('Phone')])).body;
    const [plan] = (await create(c, 'ProductRatePlan', [{ Name: 'Basic', ProductId: p.Id }])).body;
    expect(plan.Success).toBe(true);
    const charge = await create(c, 'ProductRatePlanCharge', [
      {
        ProductRatePlanId: plan.Id, Name: 'Monthly', ChargeType: 'Recurring', ChargeModel: 'Flat Fee Pricing', BillCycleType: 'DefaultFromCustomer', BillingPeriod: 'Month', TriggerEvent: 'ContractEffective',
        ProductRatePlanChargeTierData: { ProductRatePlanChargeTier: [{ Currency: 'USD', Price: 20 }] },
      },
    ]);
    expect(charge.body[0].Success, charge.raw).toBe(true);
    expect((await query(c, `select Name, ChargeType from ProductRatePlanCharge where ProductRatePlanId = '${plan.Id}'`)).body.records).toEqual([{ Id: charge.body[0].Id, Name: 'Monthly', ChargeType: 'Recurring' }]);

    const a = await account(c);
    const contacts = await create(c, 'Contact', [{ AccountId: a.accountId, FirstName: 'Grace', LastName: 'Hopper', WorkEmail: 'grace@example.com', PostalCode: '10001', Ignored: 'x' }, { AccountId: a.accountId, FirstName: 'NoLast' }, { FirstName: 'No', LastName: 'Account' }]);
    expect(contacts.body.map((x: { Success: boolean }) => x.Success)).toEqual([true, false, false]);
    expect(contacts.body[1].Errors[0].Code).toBe('MISSING_REQUIRED_VALUE');
    const got = await query(c, `select FirstName, WorkEmail, PostalCode, AccountId from Contact where Id = '${contacts.body[0].Id}'`);
    expect(got.body.records).toEqual([{ Id: contacts.body[0].Id, FirstName: 'Grace', WorkEmail: 'grace@example.com', PostalCode: '10001', AccountId: a.accountId }]);

    const pm = await create(c, 'PaymentMethod', [{ Type: 'CreditCard', AccountId: a.accountId, CreditCardNumber: '4111111111111111', CreditCardType: 'Visa', CreditCardExpirationMonth: 10, CreditCardExpirationYear: 2036, CreditCardHolderName: 'Ada' }, { Type: 'CreditCard', AccountId: a.accountId, CreditCardNumber: '4111111111111112', CreditCardType: 'Visa', CreditCardExpirationMonth: 10, CreditCardExpirationYear: 2036, CreditCardHolderName: 'Ada' }]);
    expect(pm.body[0].Success, pm.raw).toBe(true);
    expect(pm.body[1]).toMatchObject({ Success: false, Errors: [{ Code: 'INVALID_VALUE' }] });
    expect((await c.get(`/v1/object/payment-method/${pm.body[0].Id}`)).body).toMatchObject({ Id: pm.body[0].Id, CreditCardType: 'Visa' });
  });

  it('refuses the whole call for an unknown type, too many or null objects; Account creation and rejectUnknownFields answer 501', async () => {
    const c = await t.newClient();
    const unknown = await create(c, 'Widget', [{}]);
    expect(unknown.status).toBe(400);
    expect(unknown.body.faultcode).toBe('fns:INVALID_TYPE');
    const many = await create(c, 'Product', Array.from({ length: 51 }, (_, i) => product(`P${i}`)));
    expect(many.body.faultcode).toBe('fns:MAX_RECORDS_EXCEEDED');
    expect(many.status).toBe(429);
    expect((await create(c, 'Product', [product('A'), null])).body.faultcode).toBe('fns:INVALID_VALUE');
    expect((await create(c, 'Product', [])).body.faultcode).toBe('fns:INVALID_VALUE');
    expect((await c.post('/v1/action/create', { objects: [product('x')] })).status).toBe(400);
    expect((await c.post('/v1/action/create', { type: 'Product', objects: 'x' })).status).toBe(400);
    // hostile input: a type or id carrying SQL is a value like any other
    expect((await create(c, "Product'; delete from products; --", [product('x')])).body.faultcode).toBe('fns:INVALID_TYPE');
    const inj = await del(c, 'Product', ["x' or '1'='1", "'; drop table products; --"]);
    expect(inj.body.map((x: { success: boolean; errors: Array<{ Code: string }> }) => [x.success, x.errors[0]!.Code])).toEqual([[false, 'INVALID_ID'], [false, 'INVALID_ID']]);
    expect((await update(c, 'Product', [{ Id: "x' or '1'='1", Name: 'pwned' }])).body[0].Errors[0].Code).toBe('INVALID_ID');
    // nothing of the refused calls landed
    expect((await query(c, 'select Id from Product')).body.size).toBe(0);
    expect((await create(c, 'Account', [{ Name: 'Amy Lawrence', Status: 'Draft', Currency: 'USD', BillCycleDay: 1 }])).status).toBe(501);
    expect((await create(c, 'Invoice', [{}])).status).toBe(501);
    expect((await c.post('/v1/action/create?rejectUnknownFields=true', { type: 'Product', objects: [product('x')] })).status).toBe(501);
    // 50 is allowed
    const fifty = await create(c, 'Product', Array.from({ length: 50 }, (_, i) => product(`P${i}`)));
    expect(fifty.body.filter((x: { Success: boolean }) => x.Success)).toHaveLength(50);
  });
});

describe('usage through the Actions', () => {
  it('creates, updates and deletes usage records with the object API rules, X-Zuora-WSDL-Version passed on', async () => {
    const c = await t.newClient();
    const w = await usageWorld(c);
    const base = { AccountId: w.accountId, UOM: 'Minutes', Quantity: 200, StartDateTime: '2024-06-01T02:00:00+00:00' };
    const r = await create(c, 'Usage', [base, { ...base, Quantity: 'lots' }]);
    expect(r.body[0].Success, r.raw).toBe(true);
    expect(r.body[1]).toMatchObject({ Success: false, Errors: [{ Code: 'INVALID_VALUE' }] });
    expect((await query(c, `select Quantity, UOM, AccountId from Usage where Id = '${r.body[0].Id}'`)).body.records).toEqual([{ Id: r.body[0].Id, Quantity: 200, UOM: 'Minutes', AccountId: w.accountId }]);
    // dynamic usage needs WSDL 146: the header reaches the usage rules
    const dyn = { ...base, ProductRatePlanChargeNumber: 'PRPC-NOPE' };
    expect((await create(c, 'Usage', [dyn])).body[0].Errors[0].Message).toMatch(/X-Zuora-WSDL-Version/);
    expect((await create(c, 'Usage', [dyn], { 'X-Zuora-WSDL-Version': '146' })).body[0].Errors[0].Message).toMatch(/does not exist/);
    expect((await update(c, 'Usage', [{ Id: r.body[0].Id, Quantity: 250 }])).body).toEqual([{ Id: r.body[0].Id, Success: true }]);
    expect((await query(c, `select Quantity from Usage where Id = '${r.body[0].Id}'`)).body.records[0].Quantity).toBe(250);
    expect((await del(c, 'Usage', [r.body[0].Id])).body).toEqual([{ id: r.body[0].Id, success: true }]);
    expect((await query(c, 'select Id from Usage')).body.size).toBe(0);
  });
});

describe('POST /v1/action/update and /delete', () => {
  it('updates accounts (the page example), ignores unknown fields, answers per record', async () => {
    const c = await t.newClient();
    const a = await account(c);
    const b = await account(c);
    const r = await update(c, 'Account', [{ Id: a.accountId, BillCycleDay: 7, Name: 'Renamed', Nonsense: 1 }, { Id: b.accountId, BillCycleDay: 40 }, { BillCycleDay: 2 }, { Id: 'f'.repeat(32), Name: 'x' }]);
    expect(r.status, r.raw).toBe(200);
    expect(r.body[0]).toEqual({ Id: a.accountId, Success: true });
    expect(r.body[1]).toMatchObject({ Id: b.accountId, Success: false, Errors: [{ Code: 'INVALID_VALUE' }] });
    expect(r.body[2]).toMatchObject({ Success: false, Errors: [{ Code: 'MISSING_REQUIRED_VALUE' }] });
    expect(r.body[3]).toMatchObject({ Success: false, Errors: [{ Code: 'INVALID_ID' }] });
    const rows = (await query(c, 'select Name, BillCycleDay from Account')).body.records as Array<{ Id: string; Name: string; BillCycleDay: number }>;
    expect(rows.find((x) => x.Id === a.accountId)).toMatchObject({ Name: 'Renamed', BillCycleDay: 7 });
    expect(rows.find((x) => x.Id === b.accountId)).toMatchObject({ Name: 'Acme', BillCycleDay: 1 });
    expect((await update(c, 'Account', [{ Id: a.accountId, Status: 'Canceled' }])).status).toBe(501);
  });

  it('updates and deletes products and contacts; a rule refusing a delete is CANNOT_DELETE (the page example shape)', async () => {
    const c = await t.newClient();
    const [p1, p2] = (await create(c, 'Product', [product('A'), product('B')])).body;
    expect((await update(c, 'Product', [{ Id: p1.Id, Name: 'A2' }])).body).toEqual([{ Id: p1.Id, Success: true }]);
    expect((await query(c, `select Name from Product where Id = '${p1.Id}'`)).body.records[0].Name).toBe('A2');
    const d = await del(c, 'Product', [p2.Id, 'f'.repeat(32)]);
    expect(d.body).toEqual([{ id: p2.Id, success: true }, { id: 'f'.repeat(32), success: false, errors: [{ Code: 'INVALID_ID', Message: expect.any(String) }] }]);
    expect((await query(c, 'select Id from Product')).body.records.map((x: { Id: string }) => x.Id)).toEqual([p1.Id]);

    const a = await account(c);
    const billTo = (await query(c, `select BillToId from Account where Id = '${a.accountId}'`)).body.records[0].BillToId as string;
    const [extra] = (await create(c, 'Contact', [{ AccountId: a.accountId, FirstName: 'X', LastName: 'Y' }])).body;
    expect((await update(c, 'Contact', [{ Id: extra.Id, City: 'Paris' }])).body[0].Success).toBe(true);
    expect((await query(c, `select City from Contact where Id = '${extra.Id}'`)).body.records[0].City).toBe('Paris');
    const dc = await del(c, 'Contact', [extra.Id, billTo]);
    expect(dc.body[0]).toEqual({ id: extra.Id, success: true });
    expect(dc.body[1]).toMatchObject({ id: billTo, success: false, errors: [{ Code: 'CANNOT_DELETE' }] });
    expect((await del(c, 'Contact', [null])).body.faultcode).toBe('fns:INVALID_VALUE');
    expect((await del(c, 'Contact', Array.from({ length: 51 }, () => extra.Id))).body.faultcode).toBe('fns:MAX_RECORDS_EXCEEDED');
    // deleting an account through the Actions
    expect((await del(c, 'Account', [a.accountId])).body).toEqual([{ id: a.accountId, success: true }]);
    expect((await query(c, 'select Id from Account')).body.size).toBe(0);
  });

  it('keeps tenants apart: another tenant’s ids are unknown ids, and nothing of theirs changes', async () => {
    const c1 = await t.newClient();
    const c2 = await t.newClient();
    const [p] = (await create(c1, 'Product', [product('Mine')])).body;
    const a = await account(c1);
    expect((await update(c2, 'Product', [{ Id: p.Id, Name: 'Stolen' }])).body[0]).toMatchObject({ Success: false, Errors: [{ Code: 'INVALID_ID' }] });
    expect((await del(c2, 'Product', [p.Id])).body[0]).toMatchObject({ success: false, errors: [{ Code: 'INVALID_ID' }] });
    expect((await update(c2, 'Account', [{ Id: a.accountId, Name: 'Stolen' }])).body[0].Errors[0].Code).toBe('INVALID_ID');
    expect((await create(c2, 'Contact', [{ AccountId: a.accountId, FirstName: 'A', LastName: 'B' }])).body[0].Success).toBe(false);
    const [pm] = (await create(c1, 'PaymentMethod', [{ Type: 'CreditCard', AccountId: a.accountId, CreditCardNumber: '4111111111111111', CreditCardType: 'Visa', CreditCardExpirationMonth: 10, CreditCardExpirationYear: 2036, CreditCardHolderName: 'Ada' }])).body;
    expect((await update(c2, 'PaymentMethod', [{ Id: pm.Id, CreditCardHolderName: 'Stolen' }])).body[0]).toMatchObject({ Success: false, Errors: [{ Code: 'INVALID_ID' }] });
    expect((await del(c2, 'PaymentMethod', [pm.Id])).body[0]).toMatchObject({ success: false, errors: [{ Code: 'INVALID_ID' }] });
    expect((await create(c2, 'Usage', [{ AccountId: a.accountId, UOM: 'Each', Quantity: 1, StartDateTime: '2024-06-01T00:00:00+00:00' }])).body[0].Success).toBe(false);
    expect((await query(c1, `select CreditCardHolderName from PaymentMethod where Id = '${pm.Id}'`)).body.records[0].CreditCardHolderName).toBe('Ada');
    expect((await query(c1, 'select Name from Product')).body.records).toEqual([{ Id: p.Id, Name: 'Mine' }]);
    expect((await query(c1, 'select Name from Account')).body.records[0].Name).toBe('Acme');
  });
});
