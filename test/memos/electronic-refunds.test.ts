// Electronic refunds of credit memos (POST /v1/credit-memos/{key}/refund, type Electronic; page
// v1-api-reference_api_operation_post_refundcreditmemo.md): sent through the gateway of an electronic
// payment method of the memo's account, with `methodType` and `refundDate` left to Zuora. The test
// gateway's card numbers decide the outcome (README): 4111… approves, 4000000000000002 declines (05).
import { describe, expect, it } from 'vitest';
import { setupApp, type Client } from '../helpers.js';
import { billedAccount, memoTenant, ok, postedCreditMemo, type Billed } from './fixtures.js';

const t = await setupApp({ jobWorker: false });

async function newCard(c: Client, accountId: string, cardNumber = '4111111111111111'): Promise<string> {
  const r = await c.post('/v1/payment-methods', {
    type: 'CreditCard', cardType: 'Visa', cardNumber, expirationMonth: 12, expirationYear: 2030,
    cardHolderInfo: { cardHolderName: 'Amy Lawrence' }, accountKey: accountId, skipValidation: true,
  });
  expect(r.status, r.raw).toBe(200);
  return r.body.id as string;
}
const memoState = async (c: Client, id: string) => {
  const m = await ok(c.get(`/v1/credit-memos/${id}`));
  return { unapplied: m.unappliedAmount, refund: m.refundAmount };
};

describe('electronic refunds of a credit memo', () => {
  async function world(): Promise<{ c: Client; b: Billed; cm: { id: string } }> {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const cm = await postedCreditMemo(c, b, { Seats: 10 });
    return { c, b, cm };
  }

  it('goes through the gateway of the payment method: Processed, the gateway answer and a snapshot on it, the memo refunded', async () => {
    const { c, b, cm } = await world();
    const pm = await newCard(c, b.accountId);
    const r = await ok(c.post(`/v1/credit-memos/${cm.id}/refund`, { type: 'Electronic', paymentMethodId: pm, totalAmount: 4, comment: 'to the card' }));
    expect(r).toMatchObject({
      status: 'Processed', type: 'Electronic', methodType: 'CreditCard', amount: 4, refundDate: '2024-01-01', creditMemoId: cm.id, accountId: b.accountId,
      paymentMethodId: pm, gatewayResponseCode: '00', gatewayResponse: 'Approved', gatewayState: 'Submitted', comment: 'to the card',
    });
    expect(r.gatewayId).toMatch(/^[0-9a-f]{32}$/);
    expect(r.referenceId).toEqual(expect.any(String));
    expect(r.submittedOn).toEqual(expect.any(String));
    const snaps = (await c.get(`/object-query/payment-method-snapshots?filter[]=paymentMethodId.EQ:${pm}`)).body.data as Array<{ id: string }>;
    expect(snaps.map((s) => s.id)).toEqual([r.paymentMethodSnapshotId]);
    expect(await memoState(c, cm.id)).toEqual({ unapplied: 6, refund: 4 });
    // the payments module's refund read finds it, as it finds external memo refunds
    expect(await ok(c.get(`/v1/refunds/${r.id}`))).toMatchObject({ id: r.id, type: 'Electronic', status: 'Processed', paymentMethodId: pm, creditMemoId: cm.id, paymentId: null });
  });

  it('a card the gateway declines: answered as an error, the refund kept in status Error, nothing refunded', async () => {
    const { c, b, cm } = await world();
    const pm = await newCard(c, b.accountId, '4000000000000002');
    const r = await c.post(`/v1/credit-memos/${cm.id}/refund`, { type: 'Electronic', paymentMethodId: pm, totalAmount: 4 });
    expect(r.status, r.raw).toBe(400);
    expect(r.body.success).toBe(false);
    expect(Number(r.body.reasons[0].code) % 100).toBe(30);
    expect(r.body.reasons[0].message).toMatch(/^The refund (R-\d{8}) of the credit memo CM\d{8} was declined by the payment gateway: response code 05/);
    const number = /^The refund (R-\d{8})/.exec(r.body.reasons[0].message)![1]!;
    expect(await ok(c.get(`/v1/refunds/${number}`))).toMatchObject({ number, status: 'Error', type: 'Electronic', gatewayResponseCode: '05', gatewayState: 'NotSubmitted', creditMemoId: cm.id });
    expect(await memoState(c, cm.id)).toEqual({ unapplied: 10, refund: 0 });
  });

  it('refuses what an electronic refund does not take, an unknown or foreign payment method, gateway options (501); nothing changes', async () => {
    const { c, b, cm } = await world();
    const pm = await newCard(c, b.accountId);
    const other = await billedAccount(c, b.cat);
    const foreign = await newCard(c, other.accountId);
    const post = (body: Record<string, unknown>) => c.post(`/v1/credit-memos/${cm.id}/refund`, { type: 'Electronic', totalAmount: 1, ...body });
    const cases: Array<[Record<string, unknown>, number, number, RegExp]> = [
      [{}, 400, 22, /'paymentMethodId' is required for an electronic refund/],
      [{ paymentMethodId: pm, methodType: 'CreditCard' }, 400, 20, /'methodType' must be left empty/],
      [{ paymentMethodId: pm, refundDate: '2024-01-01' }, 400, 20, /'refundDate' is set by Zuora/],
      [{ paymentMethodId: 'f'.repeat(32) }, 400, 20, /does not exist/],
      [{ paymentMethodId: foreign }, 400, 30, /not a payment method of the credit memo's account/],
      [{ paymentMethodId: pm, gatewayId: 'e'.repeat(32) }, 400, 20, /'gatewayId'/],
      [{ paymentMethodId: pm, gatewayOptions: { a: 'b' } }, 501, 0, /gatewayOptions/],
    ];
    for (const [body, status, category, msg] of cases) {
      const r = await post(body);
      expect(r.status, `${JSON.stringify(body)}: ${r.raw}`).toBe(status);
      if (category) expect(Number(r.body.reasons[0].code) % 100, r.raw).toBe(category);
      expect(r.body.reasons[0].message).toMatch(msg);
    }
    // an external refund does not take the electronic fields
    expect((await c.post(`/v1/credit-memos/${cm.id}/refund`, { type: 'External', methodType: 'Check', totalAmount: 1, paymentMethodId: pm })).body.reasons[0].message).toMatch(/'paymentMethodId' is for electronic refunds/);
    expect(await memoState(c, cm.id)).toEqual({ unapplied: 10, refund: 0 });
    expect((await c.get(`/object-query/payment-method-snapshots?filter[]=paymentMethodId.EQ:${pm}`)).body.data).toEqual([]);
  });
});
