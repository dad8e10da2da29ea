// Conformance of Invoice Schedules: every operation's answer checked against its spec schema, over an order's
// never-billed subscription (test/invoice-schedules/fixtures.ts); also the InvoiceSchedule object query.
import { beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type TestApp } from '../helpers.js';
import { scheduleTenant, type Scheduled } from '../invoice-schedules/fixtures.js';
import { conform, expectSuccess } from './harness.js';

let t: TestApp;
let s: Scheduled;
const w: Record<string, string> = {};

beforeAll(async () => {
  t = await setupApp({ jobWorker: false });
  s = await scheduleTenant(t);
});

describe('Invoice Schedules', () => {
  it('POST_CreateInvoiceSchedule', async () => {
    const res = await s.c.post('/v1/invoice-schedules', {
      accountKey: s.accountNumber,
      orders: [s.orderNumber],
      specificSubscriptions: [{ orderKey: s.orderNumber, subscriptionKey: s.subscriptionNumber, chargeNumbers: `${s.charges['Platform Fee']},${s.charges['Seats']}` }],
      invoiceSeparately: false,
      notes: '2024 Billing Schedule',
      scheduleItems: [
        { amount: 500, runDate: '2024-02-01', targetDateForAdditionalSubscriptions: '2024-02-01' },
        { amount: 400, runDate: '2024-05-01' },
        { amount: 420, runDate: '2024-09-01', name: 'last' },
      ],
    });
    conform('POST_CreateInvoiceSchedule', res);
    w.id = res.body.id;
    w.first = res.body.scheduleItems[0].id;
  });
  it('GET_InvoiceSchedule', async () => {
    conform('GET_InvoiceSchedule', await s.c.get(`/v1/invoice-schedules/${w.id}`));
  });
  it('PUT_UpdateInvoiceSchedule', async () => {
    const cur = (await s.c.get(`/v1/invoice-schedules/${w.id}`)).body;
    conform('PUT_UpdateInvoiceSchedule', await s.c.put(`/v1/invoice-schedules/${w.id}`, {
      notes: '2024 Billing Schedule - V2',
      nextRunDate: '2024-01-20',
      scheduleItems: cur.scheduleItems.map((i: Record<string, unknown>, n: number) => ({ id: i.id, amount: n === 0 ? '520' : n === 1 ? '380' : '420', runDate: i.runDate })),
    }));
  });
  it('POST_ExecuteInvoiceSchedule', async () => {
    conform('POST_ExecuteInvoiceSchedule', await s.c.post(`/v1/invoice-schedules/${w.id}/execute`, { scheduleItemId: w.first }));
  });
  it('PUT_PauseInvoiceSchedule', async () => {
    conform('PUT_PauseInvoiceSchedule', await s.c.put(`/v1/invoice-schedules/${w.id}/pause`));
  });
  it('PUT_ResumeInvoiceSchedule', async () => {
    conform('PUT_ResumeInvoiceSchedule', await s.c.put(`/v1/invoice-schedules/${w.id}/resume`));
  });
  it('detachChargesFromInvoiceSchedule', async () => {
    conform('detachChargesFromInvoiceSchedule', await s.c.put(`/v1/invoice-schedules/${w.id}/detach`, { specificSubscriptions: [{ orderKey: s.orderNumber, subscriptionKey: s.subscriptionNumber, chargeNumbers: s.charges['Seats'] }] }));
  });
  it('attachChargesToInvoiceSchedule', async () => {
    conform('attachChargesToInvoiceSchedule', await s.c.put(`/v1/invoice-schedules/${w.id}/attach`, { specificSubscriptions: [{ orderKey: s.orderNumber, subscriptionKey: s.subscriptionNumber, chargeNumbers: s.charges['Seats'] }] }));
  });
  it('the InvoiceSchedule object query answers (Object Queries is outside the extracted tags; fields: test/invoice-schedules/http.test.ts)', async () => {
    const list = await s.c.get('/object-query/invoice-schedules');
    expectSuccess('queryInvoiceSchedules', list);
    const one = await s.c.get(`/object-query/invoice-schedules/${w.id}?expand[]=invoicescheduleitems`);
    expectSuccess('queryInvoiceScheduleByKey', one);
    expect(one.body.invoiceScheduleItems).toHaveLength(3);
  });
  it('DELETE_InvoiceSchedule', async () => {
    // only a Pending schedule can go: one on another subscription of the account
    const other = await scheduleTenant(t);
    const made = await other.c.post('/v1/invoice-schedules', { accountKey: other.accountNumber, orders: [other.orderNumber], scheduleItems: [{ percentage: 100, runDate: '2024-03-01' }] });
    expectSuccess('POST_CreateInvoiceSchedule', made);
    conform('DELETE_InvoiceSchedule', await other.c.del(`/v1/invoice-schedules/${made.body.id}`));
  });
});
