// issue 7 §3: not-found messages in Zuora's wording (and its code 50000040), where Zuora's responses show them:
// "Cannot find entity by key: '<key>'." for accounts and subscriptions looked up by id or number (the responses
// Zuora's clients record for GET /v1/accounts/{key} and subscription reads), and its invoice sample's
// "Cannot find a Invoice instance with id <key>.".
import { describe, expect, it } from 'vitest';
import { setupApp } from '../helpers.js';

const t = await setupApp();

describe("not-found messages in Zuora's wording", () => {
  it.each([
    ['/v1/accounts/A-NOPE-1', "Cannot find entity by key: 'A-NOPE-1'."],
    ['/v1/accounts/A-NOPE-1/summary', "Cannot find entity by key: 'A-NOPE-1'."],
    ['/v1/subscriptions/A-S00000404', "Cannot find entity by key: 'A-S00000404'."],
    ['/v1/subscriptions/accounts/A-NOPE-1', "Cannot find entity by key: 'A-NOPE-1'."],
    ['/v1/invoices/INV99999999', 'Cannot find a Invoice instance with id INV99999999.'],
  ])('GET %s', async (url, message) => {
    const c = await t.newClient();
    for (const [version, status] of [['2025-08-12', 404], ['211.0', 200]] as const) {
      const r = await c.get(url, { 'Zuora-Version': version });
      expect(r.status, r.raw).toBe(status);
      expect(r.body.success).toBe(false);
      expect(r.body.reasons).toEqual([{ code: 50000040, message }]);
    }
  });

  it('an invoice named in a body: bulk post answers the entry, a memo from an invoice the request (its samples)', async () => {
    const c = await t.newClient();
    const id = 'f'.repeat(32);
    const bulk = await c.post('/v1/invoices/bulk-post', { invoices: [{ id, invoiceDate: '2024-01-01' }] });
    expect(bulk.body.invoices[0], bulk.raw).toMatchObject({ id, success: false, reasons: [{ code: 50000040, message: `Cannot find a Invoice instance with id ${id}.` }] });
    const memo = await c.post(`/v1/credit-memos/invoice/${id}`, { invoiceId: id });
    expect(memo.status, memo.raw).toBe(404);
    expect(memo.body.reasons).toEqual([{ code: 50000040, message: `Cannot find a Invoice instance with id ${id}.` }]);
  });
});
