import { beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { parseDateTime } from '../../src/modules/order-extras/omnichannel.js';
import { newAccount } from './fixtures.js';

const V = { 'Zuora-Version': '2024-05-20' };
let t: TestApp;
let c: Client;
let acct: { accountId: string; accountNumber: string };

beforeAll(async () => {
  t = await setupApp();
  c = await t.newClient();
  acct = await newAccount(c);
});

const apple = (over: Record<string, unknown> = {}) => ({
  externalSubscriptionId: 'original-transaction-id1',
  accountId: acct.accountId,
  externalSourceSystem: 'Apple',
  externalTransactionReason: 'Purchase',
  externalState: 'Active',
  state: 'Active',
  externalProductId: 'external-product-id-1',
  externalInAppOwnershipType: 'Purchased',
  externalQuantity: 1,
  currency: 'USD',
  autoRenew: true,
  externalPurchaseDate: '2024-02-01 00:01:15',
  externalActivationDate: '2024-02-01 00:01:15',
  externalExpirationDate: '2024-05-01 00:01:15',
  externalApplicationId: '004d58fca978fec3697fec4af1d10065',
  externalBundleId: '43dcdc4562784ed8a59ece4ef7d98e57',
  externalSubscriberId: '2466082b6d1149c184a09b15bd5be694',
  externalPurchaseType: 'Purchased',
  externalPrice: 100,
  externalLastRenewalDate: '2024-10-01 00:00:00',
  externalNextRenewalDate: '2025-01-01 00:00:00',
  ...over,
});

describe('omnichannel subscriptions', () => {
  it('parses Zuora datetimes', () => {
    expect(parseDateTime('2024-02-01 00:01:15', 'f')).toBe('2024-02-01 00:01:15');
    expect(parseDateTime('2024-02-01T00:01:15Z', 'f')).toBe('2024-02-01 00:01:15');
    expect(() => parseDateTime('2024-02-01', 'f')).toThrow(/'f'/);
    expect(() => parseDateTime('2024-02-01 25:00:00', 'f')).toThrow(/'f'/);
    expect(() => parseDateTime('2025-02-30 00:00:00', 'f')).toThrow(/'f'/);
    expect(() => parseDateTime('2023-02-29T10:00:00Z', 'f')).toThrow(/'f'/);
    expect(parseDateTime('2024-02-29 10:00:00', 'f')).toBe('2024-02-29 10:00:00');
  });

  it('creates, reads by id, number or external id, then updates the same one', async () => {
    const r = await c.post('/v1/omni-channel-subscriptions', { ...apple(), Channel__c: 'ios' });
    expect(r.body).toEqual({ success: true, subscriptionId: expect.any(String), subscriptionNumber: 'A-S00000001', accountId: acct.accountId, accountNumber: acct.accountNumber });
    for (const key of [r.body.subscriptionId, 'A-S00000001', 'original-transaction-id1']) {
      const g = await c.get(`/v1/omni-channel-subscriptions/${key}`);
      expect(g.body).toMatchObject({
        success: true,
        id: r.body.subscriptionId,
        subscriptionNumber: 'A-S00000001',
        accountId: acct.accountId,
        externalSubscriptionId: 'original-transaction-id1',
        externalSourceSystem: 'Apple',
        state: 'Active',
        externalQuantity: 1,
        autoRenew: true,
        externalPrice: 100,
        originalPurchaseDate: '2024-02-01 00:01:15',
        externalPurchaseDate: '2024-02-01 00:01:15',
        externalReplaceByProductId: null,
        Channel__c: 'ios',
      });
    }
    // Same external id: an update, not a second subscription; the original purchase date stays.
    const u = await c.post('/v1/omni-channel-subscriptions', { externalSubscriptionId: 'original-transaction-id1', externalState: 'Grace', externalPurchaseDate: '2024-03-05 10:42:11', autoRenew: false });
    expect(u.body.subscriptionNumber).toBe('A-S00000001');
    const g = await c.get('/v1/omni-channel-subscriptions/A-S00000001');
    expect(g.body).toMatchObject({ externalState: 'Grace', state: 'Active', autoRenew: false, originalPurchaseDate: '2024-02-01 00:01:15', externalPurchaseDate: '2024-03-05 10:42:11' });
    // Each write is a version in the change history, of type OmniChannel.
    const h = await c.get('/v1/subscription-change-logs/A-S00000001');
    expect(h.body.subscriptions.map((s: { version: number; type: string }) => [s.version, s.type])).toEqual([
      [2, 'OmniChannel'],
      [1, 'OmniChannel'],
    ]);
    expect(h.body.subscriptions[0].externalSubscriptionId).toBe('original-transaction-id1');
    expect(h.body.subscriptions[0].fields).toEqual(
      expect.arrayContaining([
        { fieldName: 'externalState', oldValue: 'Active', newValue: 'Grace' },
        { fieldName: 'autoRenew', oldValue: 'true', newValue: 'false' },
      ]),
    );
  });

  it('creates the account from accountData, and finds it again through the identifier field', async () => {
    const data = { name: 'Gamer', currency: 'USD', billToContact: { firstName: 'G', lastName: 'M', country: 'United States', state: 'CA' }, customFields: { AppUserId__c: 'u-42' } };
    const r = await c.post('/v1/omni-channel-subscriptions', { ...apple({ externalSubscriptionId: 'g-1', accountId: undefined }), accountData: data, accountIdentifierField: 'AppUserId__c' });
    expect(r.body.success).toBe(true);
    expect(r.body.accountId).not.toBe(acct.accountId);
    const acc = await c.get(`/v1/accounts/${r.body.accountNumber}`);
    expect(acc.body.basicInfo.name).toBe('Gamer');
    const r2 = await c.post('/v1/omni-channel-subscriptions', { ...apple({ externalSubscriptionId: 'g-2', accountId: undefined }), accountData: data, accountIdentifierField: 'AppUserId__c' });
    expect(r2.body.accountId).toBe(r.body.accountId);
    const withAcct = await c.get('/v1/omni-channel-subscriptions/g-2?getAccountDetails=true');
    expect(withAcct.body.accountData).toMatchObject({ accountNumber: r.body.accountNumber, name: 'Gamer' });
  });

  it('refuses bad input naming the field, keeping nothing', async () => {
    let r = await c.post('/v1/omni-channel-subscriptions', { accountId: acct.accountId }, V);
    expect(r.status).toBe(400);
    expect(r.body.reasons[0].message).toContain('externalSubscriptionId');
    r = await c.post('/v1/omni-channel-subscriptions', apple({ externalSubscriptionId: 'bad-1', externalQuantity: 0 }), V);
    expect(r.status).toBe(400);
    expect(r.body.reasons[0].message).toContain('externalQuantity');
    r = await c.post('/v1/omni-channel-subscriptions', apple({ externalSubscriptionId: 'bad-2', externalPurchaseDate: 'yesterday' }), V);
    expect(r.body.reasons[0].message).toContain('externalPurchaseDate');
    r = await c.post('/v1/omni-channel-subscriptions', apple({ externalSubscriptionId: 'bad-3', accountId: 'f'.repeat(32) }), V);
    expect(r.body.reasons[0].message).toContain('accountId');
    r = await c.post('/v1/omni-channel-subscriptions', apple({ externalSubscriptionId: 'bad-4', accountId: undefined }), V);
    expect(r.body.reasons[0].code % 100).toBe(22);
    for (const k of ['bad-1', 'bad-2', 'bad-3', 'bad-4']) expect((await c.get(`/v1/omni-channel-subscriptions/${k}`, V)).status).toBe(404);
  });

  it('deletes', async () => {
    const r = await c.post('/v1/omni-channel-subscriptions', apple({ externalSubscriptionId: 'del-1' }));
    expect((await c.del(`/v1/omni-channel-subscriptions/${r.body.subscriptionNumber}`)).body).toEqual({ success: true });
    expect((await c.get('/v1/omni-channel-subscriptions/del-1', V)).status).toBe(404);
    expect((await c.del('/v1/omni-channel-subscriptions/del-1', V)).status).toBe(404);
  });
});
