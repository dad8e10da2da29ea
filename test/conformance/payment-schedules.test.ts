// Conformance of Payment Schedules: every operation's answer checked against its spec schema, over an account
// with a card and a Posted invoice (test/payment-schedules/fixtures.ts); also the PaymentSchedule and
// PaymentScheduleItem object queries.
import { beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type TestApp } from '../helpers.js';
import { clock, psTenant, type PsTenant } from '../payment-schedules/fixtures.js';
import { conform, expectSuccess } from './harness.js';

let t: TestApp;
let s: PsTenant;
const w: Record<string, string> = {};

beforeAll(async () => {
  t = await setupApp({ jobWorker: false });
  s = await psTenant(t);
});

describe('Payment Schedules', () => {
  it('POST_PaymentSchedule', async () => {
    const res = await s.c.post('/v1/payment-schedules', { accountId: s.accountId, billingDocument: { id: s.invoice.id, type: 'Invoice' }, startDate: '2024-01-02', period: 'Monthly', occurrences: 4, amount: 10, runHour: 0 });
    conform('POST_PaymentSchedule', res);
    w.id = res.body.id;
    w.items = JSON.stringify(res.body.items.map((i: { id: string }) => i.id));
  });
  it('POST_PaymentSchedules', async () => {
    const res = await s.c.post('/v1/payment-schedules/batch', { paymentSchedules: [{ accountId: s.accountId, items: [{ scheduledDate: '2024-03-01', amount: 14.99 }] }] });
    conform('POST_PaymentSchedules', res);
    w.custom = res.body.paymentSchedules[0].id;
  });
  it('GET_PaymentSchedule', async () => {
    conform('GET_PaymentSchedule', await s.c.get(`/v1/payment-schedules/${w.id}`));
  });
  it('GET_PaymentSchedules', async () => {
    conform('GET_PaymentSchedules', await s.c.get(`/v1/payment-schedules?accountId=${s.accountId}`));
  });
  it('PUT_PaymentScheduleUpdatePreview', async () => {
    conform('PUT_PaymentScheduleUpdatePreview', await s.c.put(`/v1/payment-schedules/${w.id}/preview`, { occurrences: 5 }));
  });
  it('PUT_PaymentSchedule', async () => {
    conform('PUT_PaymentSchedule', await s.c.put(`/v1/payment-schedules/${w.id}`, { occurrences: 5, description: 'five' }));
  });
  it('POST_AddItemsToCustomPaymentSchedule', async () => {
    conform('POST_AddItemsToCustomPaymentSchedule', await s.c.post(`/v1/payment-schedules/${w.custom}/items`, { items: [{ amount: 50, scheduledDate: '2024-04-01' }] }));
  });
  it('GET_PaymentScheduleItem (Processed by the tenant clock)', async () => {
    await clock(t, s.c, { date: '2024-01-03' });
    const first = (JSON.parse(w.items!) as string[])[0]!;
    const res = await s.c.get(`/v1/payment-schedule-items/${first}`);
    conform('GET_PaymentScheduleItem', res);
    expect(res.body.status).toBe('Processed');
  });
  it('GET_PaymentScheduleStatistic', async () => {
    conform('GET_PaymentScheduleStatistic', await s.c.get('/v1/payment-schedules/statistics/2024-01-02'));
  });
  it('PUT_PaymentScheduleItem', async () => {
    const second = (JSON.parse(w.items!) as string[])[1]!;
    conform('PUT_PaymentScheduleItem', await s.c.put(`/v1/payment-schedule-items/${second}`, { paymentMethodId: s.cardId }));
  });
  it('POST_RetryPaymentScheduleItem', async () => {
    const [first, second] = JSON.parse(w.items!) as string[];
    conform('POST_RetryPaymentScheduleItem', await s.c.post('/v1/payment-schedule-items/retry-payment', { items: [{ id: first }, { id: second, paymentMethodId: s.cardId }] }));
  });
  it('PUT_SkipPaymentScheduleItem', async () => {
    const third = (JSON.parse(w.items!) as string[])[2]!;
    conform('PUT_SkipPaymentScheduleItem', await s.c.put(`/v1/payment-schedule-items/${third}/skip`));
  });
  it('PUT_CancelPaymentScheduleItem, deletePaymentScheduleItem', async () => {
    const fourth = (JSON.parse(w.items!) as string[])[3]!;
    conform('PUT_CancelPaymentScheduleItem', await s.c.put(`/v1/payment-schedule-items/${fourth}/cancel`));
    conform('deletePaymentScheduleItem', await s.c.del(`/v1/payment-schedule-items/${fourth}`));
  });
  it('the PaymentSchedule and PaymentScheduleItem object queries answer (Object Queries is outside the extracted tags)', async () => {
    const list = await s.c.get('/object-query/payment-schedules');
    expectSuccess('queryPaymentSchedules', list);
    expect(list.body.data.length).toBe(2);
    const one = await s.c.get(`/object-query/payment-schedules/${w.id}?expand[]=paymentscheduleitems`);
    expectSuccess('queryPaymentScheduleByKey', one);
    expect(one.body).toMatchObject({ id: w.id, status: 'Active', totalPaymentsProcessed: 2, invoiceId: s.invoice.id });
    expect(one.body.paymentScheduleItems.length).toBeGreaterThan(3);
    const items = await s.c.get(`/object-query/payment-schedule-items?filter[]=paymentScheduleId.EQ:${w.id}`);
    expectSuccess('queryPaymentScheduleItems', items);
    const first = (JSON.parse(w.items!) as string[])[0]!;
    const item = await s.c.get(`/object-query/payment-schedule-items/${first}`);
    expectSuccess('queryPaymentScheduleItemByKey', item);
    expect(item.body).toMatchObject({ id: first, status: 'Processed', balance: 0, number: 1 });
  });
  it('PUT_CancelPaymentSchedule, deletePaymentSchedule', async () => {
    conform('PUT_CancelPaymentSchedule', await s.c.put(`/v1/payment-schedules/${w.id}/cancel`, { cancelDate: '2024-01-03' }));
    conform('deletePaymentSchedule', await s.c.del(`/v1/payment-schedules/${w.id}`));
  });
});
