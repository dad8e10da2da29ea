// GET /v1/refunds/{key} finds the refunds of credit memos too (both databases), in Zuora's Refund shape:
// paymentId null, creditMemoId set (the Refund object page). Numbers: test/memos/fixtures.ts (a credit memo of 10).
import { describe, expect, it } from 'vitest';
import { setupApp } from '../helpers.js';
import { billedAccount, memoTenant, ok, postedCreditMemo } from '../memos/fixtures.js';

const t = await setupApp({ jobWorker: false });

describe('GET /v1/refunds/{key} of a credit memo refund', () => {
  it('answers the external refund of a credit memo by id and by number', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const cm = await postedCreditMemo(c, b, { Seats: 10 });
    const r = await ok(c.post(`/v1/credit-memos/${cm.id}/refund`, { type: 'External', methodType: 'Check', totalAmount: 4, refundDate: '2024-01-02' }));
    for (const key of [r.id, r.number]) {
      const got = await ok(c.get(`/v1/refunds/${key}`));
      expect(got).toMatchObject({ id: r.id, number: r.number, creditMemoId: cm.id, paymentId: null, amount: 4, type: 'External', methodType: 'Check', status: 'Processed', accountId: b.accountId });
    }
    expect((await c.get(`/v1/refunds/${'f'.repeat(32)}`)).status).toBe(404);
  });
});
