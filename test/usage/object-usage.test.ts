import { beforeAll, describe, expect, it } from 'vitest';
import { makeCtx } from '../../src/platform/context.js';
import { usageLedger } from '../../src/modules/usage/contract.js';
import { countRows } from '../accounts/fixtures.js';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { newAccount } from '../subscriptions/fixtures.js';
import { usageWorld, type UsageWorld } from './fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});

/**
 * ProxyGetUsage's properties in the reference spec, plus ChargeNumber and SubmissionDateTime, which
 * Zuora's own response sample sends (the conformance harness's spec extract does not hold the Usage tag).
 */
const GET_USAGE_FIELDS = new Set(
  'AccountId AccountNumber ChargeId CreatedById CreatedDate Description EndDateTime Id ProductRatePlanChargeNumber Quantity RbeStatus SourceType StartDateTime SubscriptionId SubscriptionNumber UOM UpdatedById UpdatedDate ChargeNumber SubmissionDateTime'.split(' '),
);
function conformsToGetUsage(body: Record<string, unknown>) {
  expect(Object.keys(body).filter((k) => !GET_USAGE_FIELDS.has(k) && !k.endsWith('__c'))).toEqual([]);
  expect(typeof body.Quantity).toBe('number');
}

describe('object API usage records', () => {
  let c: Client;
  let w: UsageWorld;
  const rows = () => countRows(t, 'usages', c.tenant.id);
  const create = (body: Record<string, unknown>, headers?: Record<string, string>) => c.post('/v1/object/usage', body, headers);
  const base = () => ({ AccountId: w.accountId, UOM: 'Minutes', Quantity: 200, StartDateTime: '2024-06-01T02:00:00.000+01:00' });

  beforeAll(async () => {
    c = await t.newClient({ timezone: 'UTC' });
    w = await usageWorld(c);
  });

  it('creates a record from the sample body and reads it back Pending, from the API', async () => {
    const res = await create(base());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ Success: true, Id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const got = await c.get(`/v1/object/usage/${res.body.Id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      Id: res.body.Id,
      AccountId: w.accountId,
      AccountNumber: w.accountNumber,
      UOM: 'Minutes',
      Quantity: 200,
      StartDateTime: '2024-06-01T01:00:00+00:00',
      RbeStatus: 'Pending',
      SourceType: 'API',
    });
    // Unset fields are left out (never ""), as the object API does.
    for (const k of ['Description', 'EndDateTime', 'SubscriptionId', 'ChargeId', 'UniqueKey']) expect(got.body).not.toHaveProperty(k);
    conformsToGetUsage(got.body);
  });

  it('links a record to its subscription and charge by number, with custom fields and exact decimals', async () => {
    const res = await create({
      AccountNumber: w.accountNumber,
      SubscriptionNumber: w.subscriptionNumber,
      ChargeNumber: w.minutesChargeNumber,
      UOM: 'Minutes',
      Quantity: '12.3456789',
      StartDateTime: '2024-03-05T10:00:00Z',
      EndDateTime: '2024-03-05T11:00:00Z',
      Description: 'calls',
      Region__c: 'EMEA',
    });
    expect(res.body.Success).toBe(true);
    const got = (await c.get(`/v1/object/usage/${res.body.Id}`)).body;
    expect(got).toMatchObject({
      SubscriptionId: w.subscriptionId,
      SubscriptionNumber: w.subscriptionNumber,
      ChargeId: w.minutesChargeId,
      ChargeNumber: w.minutesChargeNumber,
      Quantity: 12.3456789,
      Description: 'calls',
      EndDateTime: '2024-03-05T11:00:00+00:00',
      Region__c: 'EMEA',
    });
    conformsToGetUsage(got);
    // fields= picks fields (Id always)
    const few = (await c.get(`/v1/object/usage/${res.body.Id}?fields=uom,quantity`)).body;
    expect(few).toEqual({ Id: res.body.Id, UOM: 'Minutes', Quantity: 12.3456789 });
  });

  it('resolves a charge by its id and a subscription by its id', async () => {
    const res = await create({ ...base(), SubscriptionId: w.subscriptionId, ChargeId: w.minutesChargeId });
    expect(res.body.Success).toBe(true);
    const got = (await c.get(`/v1/object/usage/${res.body.Id}`)).body;
    expect(got).toMatchObject({ SubscriptionNumber: w.subscriptionNumber, ChargeNumber: w.minutesChargeNumber });
  });

  it('after an amendment, the first version\'s subscription id and charge id still name them', async () => {
    const mine = await usageWorld(c, { name: 'Amended' });
    const amend = await c.post('/v1/orders', {
      existingAccountNumber: mine.accountNumber,
      orderDate: '2024-02-01',
      subscriptions: [{ subscriptionNumber: mine.subscriptionNumber, orderActions: [{ type: 'AddProduct', triggerDates: [{ name: 'ContractEffective', triggerDate: '2024-02-01' }, { name: 'ServiceActivation', triggerDate: '2024-02-01' }, { name: 'CustomerAcceptance', triggerDate: '2024-02-01' }], addProduct: { productRatePlanId: mine.planId } }] }],
    });
    expect(amend.body.success, JSON.stringify(amend.body)).toBe(true);
    const latest = (await c.get(`/v1/subscriptions/${mine.subscriptionNumber}`)).body;
    expect(latest.id).not.toBe(mine.subscriptionId);
    const latestMinutes = latest.ratePlans.flatMap((rp: any) => rp.ratePlanCharges).find((x: any) => x.number === mine.minutesChargeNumber);
    expect(latestMinutes.id).not.toBe(mine.minutesChargeId);
    const res = await create({ AccountId: mine.accountId, SubscriptionId: mine.subscriptionId, ChargeId: mine.minutesChargeId, UOM: 'Minutes', Quantity: 1, StartDateTime: '2024-03-01' });
    expect(res.body.Success, JSON.stringify(res.body)).toBe(true);
    const got = (await c.get(`/v1/object/usage/${res.body.Id}`)).body;
    expect(got).toMatchObject({ SubscriptionId: mine.subscriptionId, SubscriptionNumber: mine.subscriptionNumber, ChargeId: mine.minutesChargeId, ChargeNumber: mine.minutesChargeNumber });
    // The latest version's id names the same subscription, stored under its original id.
    const byLatest = await create({ AccountId: mine.accountId, SubscriptionId: latest.id, UOM: 'Minutes', Quantity: 1, StartDateTime: '2024-03-01' });
    expect((await c.get(`/v1/object/usage/${byLatest.body.Id}`)).body.SubscriptionId).toBe(mine.subscriptionId);
  });

  it('refuses bad input with the object API error and stores nothing', async () => {
    const other = await newAccount(c, { name: 'Other' });
    const otherWorld = await usageWorld(c, { name: 'Third' });
    const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
      ['no UOM', { ...base(), UOM: undefined }, 'MISSING_REQUIRED_VALUE', /UOM/],
      ['blank UOM', { ...base(), UOM: '  ' }, 'MISSING_REQUIRED_VALUE', /UOM/],
      ['no Quantity', { ...base(), Quantity: undefined }, 'MISSING_REQUIRED_VALUE', /Quantity/],
      ['no StartDateTime', { ...base(), StartDateTime: undefined }, 'MISSING_REQUIRED_VALUE', /StartDateTime/],
      ['no account', { UOM: 'Minutes', Quantity: 1, StartDateTime: '2024-06-01' }, 'MISSING_REQUIRED_VALUE', /AccountId or AccountNumber/],
      ['impossible date', { ...base(), StartDateTime: '2024-02-30T00:00:00Z' }, 'INVALID_VALUE', /StartDateTime/],
      ['not a date', { ...base(), StartDateTime: 'yesterday' }, 'INVALID_VALUE', /StartDateTime/],
      ['bad hour', { ...base(), StartDateTime: '2024-02-03T25:00:00Z' }, 'INVALID_VALUE', /StartDateTime/],
      ['date as number', { ...base(), StartDateTime: 20240601 }, 'INVALID_VALUE', /StartDateTime/],
      ['negative quantity', { ...base(), Quantity: -1 }, 'INVALID_VALUE', /less than 0/],
      ['text quantity', { ...base(), Quantity: 'ten' }, 'INVALID_VALUE', /decimal/],
      ['huge quantity', { ...base(), Quantity: '12345678901234' }, 'INVALID_VALUE', /13 digits/],
      ['unknown account', { ...base(), AccountId: 'f'.repeat(32) }, 'INVALID_VALUE', /does not exist/],
      ['unknown account number', { ...base(), AccountId: undefined, AccountNumber: 'NOPE-1' }, 'INVALID_VALUE', /does not exist/],
      ['account id and number disagree', { ...base(), AccountNumber: other.accountNumber }, 'INVALID_VALUE', /different accounts/],
      ['unknown subscription', { ...base(), SubscriptionNumber: 'A-S99999999' }, 'INVALID_VALUE', /does not exist/],
      ['subscription of another account', { ...base(), SubscriptionNumber: otherWorld.subscriptionNumber }, 'INVALID_VALUE', /does not belong/],
      ['charge of another account', { ...base(), ChargeNumber: otherWorld.minutesChargeNumber }, 'INVALID_VALUE', /not a charge of/],
      ['unknown charge id', { ...base(), ChargeId: 'e'.repeat(32) }, 'INVALID_VALUE', /not a charge of/],
      ['a recurring charge', { ...base(), ChargeNumber: w.flatChargeNumber }, 'INVALID_VALUE', /not a usage charge/],
      ['UOM not the charge’s', { ...base(), ChargeNumber: w.gbChargeNumber }, 'INVALID_VALUE', /does not match the unit of measure/],
      ['UOM of no charge', { ...base(), UOM: 'Parsecs' }, 'INVALID_VALUE', /does not match any usage charge/],
      ['UOM of no charge of that account', { ...base(), AccountId: other.accountId }, 'INVALID_VALUE', /does not match any usage charge/],
      ['start after end', { ...base(), EndDateTime: '2024-05-01T00:00:00Z' }, 'INVALID_VALUE', /after EndDateTime/],
      ['long description', { ...base(), Description: 'x'.repeat(201) }, 'INVALID_VALUE', /200/],
      ['object custom field', { ...base(), Region__c: { a: 1 } }, 'INVALID_VALUE', /Region__c/],
      ['dynamic usage without the WSDL version', { ...base(), ProductRatePlanChargeNumber: 'PRPC-1' }, 'INVALID_VALUE', /X-Zuora-WSDL-Version/],
      ['AccountId not a string', { ...base(), AccountId: 42 }, 'INVALID_VALUE', /AccountId/],
    ];
    const before = await rows();
    for (const [name, body, code, message] of cases) {
      const res = await create(body);
      expect(res.status, name).toBe(400);
      expect(res.body.Success, name).toBe(false);
      expect(res.body.Errors[0].Code, name).toBe(code);
      expect(res.body.Errors[0].Message, name).toMatch(message);
    }
    expect(await rows()).toBe(before);
  });

  it('takes a product rate plan charge number (dynamic usage) from X-Zuora-WSDL-Version 146 on', async () => {
    const sub = (await c.get(`/v1/subscriptions/${w.subscriptionNumber}`)).body;
    const prpcId = sub.ratePlans[0].ratePlanCharges.find((x: { name: string }) => x.name === 'Minutes').productRatePlanChargeId;
    const prpcNumber = (await c.get(`/v1/object/product-rate-plan-charge/${prpcId}`)).body.ProductRatePlanChargeNumber;
    expect(prpcNumber).toBeTruthy();
    const before = await rows();
    expect((await create({ ...base(), ProductRatePlanChargeNumber: prpcNumber }, { 'X-Zuora-WSDL-Version': '145' })).body.Success).toBe(false);
    expect((await create({ ...base(), ProductRatePlanChargeNumber: 'PRPC-NOPE' }, { 'X-Zuora-WSDL-Version': '146' })).body.Errors[0].Message).toMatch(/does not exist/);
    expect(await rows()).toBe(before);
    const ok = await create({ ...base(), ProductRatePlanChargeNumber: prpcNumber }, { 'X-Zuora-WSDL-Version': '146' });
    expect(ok.body.Success).toBe(true);
    expect((await c.get(`/v1/object/usage/${ok.body.Id}`)).body.ProductRatePlanChargeNumber).toBe(prpcNumber);
  });

  it('with rejectUnknownFields=true refuses fields the object does not have; by default ignores them', async () => {
    const before = await rows();
    const res = await c.post('/v1/object/usage?rejectUnknownFields=true', { ...base(), Colour: 'red' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: 'Error - unrecognised fields' });
    expect(await rows()).toBe(before);
    const ok = await c.post('/v1/object/usage?rejectUnknownFields=true', { ...base(), Note__c: 'fine' });
    expect(ok.body.Success).toBe(true);
    const lax = await create({ ...base(), Colour: 'red' });
    expect(lax.body.Success).toBe(true);
    expect((await c.get(`/v1/object/usage/${lax.body.Id}`)).body).not.toHaveProperty('Colour');
  });

  it('answers 404 INVALID_ID for a record that does not exist', async () => {
    for (const res of [await c.get(`/v1/object/usage/${'a'.repeat(32)}`), await c.put(`/v1/object/usage/${'a'.repeat(32)}`, { Quantity: 1 }), await c.del(`/v1/object/usage/${'a'.repeat(32)}`)]) {
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ Success: false, Errors: [{ Code: 'INVALID_ID' }] });
    }
  });

  it('updates quantity, dates, description and custom fields; refuses bad updates and changes nothing', async () => {
    const id = (await create({ ...base(), ChargeNumber: w.minutesChargeNumber, Region__c: 'EMEA', Team__c: 'A' })).body.Id;
    const upd = await c.put(`/v1/object/usage/${id}`, { Quantity: 250.5, EndDateTime: '2024-06-02T00:00:00Z', Description: 'more', Team__c: 'B' });
    expect(upd.body).toEqual({ Success: true, Id: id });
    const after = (await c.get(`/v1/object/usage/${id}`)).body;
    expect(after).toMatchObject({ Quantity: 250.5, EndDateTime: '2024-06-02T00:00:00+00:00', Description: 'more', Region__c: 'EMEA', Team__c: 'B', RbeStatus: 'Pending' });

    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ Quantity: -3 }, /less than 0/],
      [{ Quantity: null }, /Quantity/],
      [{ StartDateTime: '2024-07-01T00:00:00Z' }, /after EndDateTime/],
      [{ StartDateTime: 'soon' }, /StartDateTime/],
      [{ UOM: 'GB' }, /does not match the unit of measure/],
      [{ UOM: '' }, /UOM/],
      [{ AccountId: 'f'.repeat(32) }, /cannot be changed/],
      [{ ChargeNumber: w.gbChargeNumber }, /cannot be changed/],
      [{ RbeStatus: 'Processed' }, /RbeStatus/],
      [{ Quantity: 1, Description: 'y'.repeat(201) }, /200/],
    ];
    for (const [body, message] of bad) {
      const res = await c.put(`/v1/object/usage/${id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.Errors[0].Message, JSON.stringify(body)).toMatch(message);
    }
    const unchanged = (await c.get(`/v1/object/usage/${id}`)).body;
    expect({ ...unchanged, UpdatedDate: null }).toEqual({ ...after, UpdatedDate: null });
    // Repeating a fixed field's value is no change
    expect((await c.put(`/v1/object/usage/${id}`, { AccountId: w.accountId, RbeStatus: 'Pending', EndDateTime: null })).body.Success).toBe(true);
    expect((await c.get(`/v1/object/usage/${id}`)).body).not.toHaveProperty('EndDateTime');
  });

  it('deletes a Pending record', async () => {
    const id = (await create(base())).body.Id;
    const res = await c.del(`/v1/object/usage/${id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id, success: true });
    expect((await c.get(`/v1/object/usage/${id}`)).status).toBe(404);
  });

  it('a billed (Processed) record can no longer be updated or deleted', async () => {
    const id = (await create({ ...base(), ChargeNumber: w.minutesChargeNumber, StartDateTime: '2024-08-10T00:00:00Z' })).body.Id;
    const other = (await create({ ...base(), ChargeNumber: w.minutesChargeNumber, StartDateTime: '2024-09-01T00:00:00Z' })).body.Id;
    const ctx = makeCtx(c.tenant, t.database.db);
    // The billing engine reads the charge's records of a period (end exclusive) and marks them billed.
    const august = await usageLedger.usageForCharge(ctx, w.minutesChargeId, '2024-08-01', '2024-09-01');
    expect(august.map((u) => u.id)).toEqual([id]);
    expect(august[0]).toMatchObject({ quantity: '200', uom: 'Minutes', startDate: '2024-08-10', rbeStatus: 'Pending', chargeNumber: w.minutesChargeNumber });
    expect((await usageLedger.usageForCharge(ctx, w.minutesChargeNumber, '2024-08-01', '2024-09-02')).map((u) => u.id)).toEqual([id, other]);
    await usageLedger.markProcessed(ctx, [id], 'b'.repeat(32));

    const got = (await c.get(`/v1/object/usage/${id}`)).body;
    expect(got.RbeStatus).toBe('Processed');
    const upd = await c.put(`/v1/object/usage/${id}`, { Quantity: 1 });
    expect(upd.status).toBe(400);
    expect(upd.body.Errors[0]).toMatchObject({ Code: 'INVALID_VALUE', Message: expect.stringMatching(/billed/) });
    const del = await c.del(`/v1/object/usage/${id}`);
    expect(del.status).toBe(400);
    expect(del.body.Errors[0].Message).toMatch(/billed/);
    expect((await c.get(`/v1/object/usage/${id}`)).body).toEqual(got);
    // Marking again, or marking a missing record, is refused and changes nothing
    await expect(usageLedger.markProcessed(ctx, [other, id], 'c'.repeat(32))).rejects.toThrow(/Processed, not Pending/);
    await expect(usageLedger.markProcessed(ctx, ['d'.repeat(32)], 'c'.repeat(32))).rejects.toThrow(/No usage record/);
    expect((await c.get(`/v1/object/usage/${other}`)).body.RbeStatus).toBe('Pending');
    const [billed] = await usageLedger.usageForCharge(ctx, w.minutesChargeId, '2024-08-01', '2024-09-01');
    expect(billed).toMatchObject({ rbeStatus: 'Processed', invoiceItemId: 'b'.repeat(32) });
  });

  it('keeps tenants apart', async () => {
    const id = (await create(base())).body.Id;
    const stranger = await t.newClient();
    expect((await stranger.get(`/v1/object/usage/${id}`)).status).toBe(404);
    expect((await stranger.put(`/v1/object/usage/${id}`, { Quantity: 1 })).status).toBe(404);
    expect((await stranger.del(`/v1/object/usage/${id}`)).status).toBe(404);
    const res = await stranger.post('/v1/object/usage', base());
    expect(res.body.Errors[0].Message).toMatch(/does not exist/);
    expect(await countRows(t, 'usages', stranger.tenant.id)).toBe(0);
    expect((await c.get(`/v1/object/usage/${id}`)).body.Quantity).toBe(200);
  });
});
