// Payment schedules through the real app (both databases): create (recurring, custom, batch), read, list,
// update and its preview, cancel, delete, add items; items: read, update, cancel, skip, delete, retry; the
// tenant clock collects each item once at its date and run hour through a payment applied to the invoice.
// Numbers: test/payment-schedules/fixtures.ts (a Posted invoice of 110 on 2024-01-01).
import { describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/platform/jobs.js';
import { setupApp } from '../helpers.js';
import { card } from '../payments/fixtures.js';
import { clock, ok, psTenant } from './fixtures.js';

const t = await setupApp({ jobWorker: false });

describe('POST /v1/payment-schedules', () => {
  it('a recurring schedule by totalAmount: monthly items from the 31st, the last taking the rounding rest', async () => {
    const s = await psTenant(t);
    const res = await ok(s.c.post('/v1/payment-schedules', { accountNumber: s.accountNumber, startDate: '2024-01-31', period: 'Monthly', occurrences: 3, totalAmount: 100, runHour: 5, description: 'three parts', cf__c: 'x' }));
    expect(res).toMatchObject({
      paymentScheduleNumber: 'PS-00000001', accountId: s.accountId, accountNumber: s.accountNumber, startDate: '2024-01-31', runHour: 5, period: 'Monthly',
      occurrences: 3, status: 'Active', totalAmount: 100, nextPaymentDate: '2024-01-31', recentPaymentDate: null, totalPaymentsProcessed: 0, totalPaymentsErrored: 0,
      description: 'three parts', isCustom: false, prepayment: false, billingDocument: null, billingDocuments: [], cancelDate: null, cf__c: 'x',
    });
    expect(res.items.map((i: any) => [i.number, i.scheduledDate, i.amount, i.balance, i.status, i.runHour])).toEqual([ // eslint-disable-line @typescript-eslint/no-explicit-any
      ['1', '2024-01-31', 33.33, 33.33, 'Pending', 5],
      ['2', '2024-02-29', 33.33, 33.33, 'Pending', 5],
      ['3', '2024-03-31', 33.34, 33.34, 'Pending', 5],
    ]);
    expect(res.items[0]).toMatchObject({ paymentScheduleId: res.id, paymentScheduleNumber: 'PS-00000001', currency: 'USD', errorMessage: null, paymentId: null, cf__c: 'x' });
    const got = await ok(s.c.get(`/v1/payment-schedules/PS-00000001`));
    expect(got.id).toBe(res.id);
    const list = await s.c.get(`/v1/payment-schedules?accountId=${s.accountId}&nextPendingItems=1`);
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    expect(list.body[0].items.map((i: any) => i.number)).toEqual(['1']); // eslint-disable-line @typescript-eslint/no-explicit-any
  });

  it('refuses bad input with Zuora errors and changes nothing', async () => {
    const s = await psTenant(t);
    const base = { accountId: s.accountId, startDate: '2024-02-01', period: 'Monthly', occurrences: 2, amount: 10 };
    const cases: Array<[object, number, string]> = [
      [{ ...base, totalAmount: 20 }, 20, 'not both'],
      [{ ...base, amount: undefined }, 22, "'amount' or 'totalAmount'"],
      [{ ...base, period: 'Daily' }, 20, "'period'"],
      [{ ...base, occurrences: 1001 }, 70, 'at most 1000'],
      [{ ...base, runHour: 24 }, 20, "'runHour'"],
      [{ ...base, amount: 10.001 }, 20, 'decimal places'],
      [{ ...base, bogus: 1 }, 21, "'bogus'"],
      [{ ...base, accountId: undefined }, 22, "'accountId' or 'accountNumber'"],
      [{ ...base, billingDocument: { type: 'Invoice', id: 'f'.repeat(32) } }, 20, 'does not exist'],
      [{ accountId: s.accountId, items: [{ amount: 5 }] }, 22, 'scheduledDate'],
      [{ ...base, standalone: true }, 60, 'standalone'],
    ];
    for (const [body, cat, msg] of cases) {
      const res = await s.c.post('/v1/payment-schedules', body);
      expect(res.body.success, JSON.stringify(body)).toBe(false);
      expect(res.body.reasons[0].code % 100, res.raw).toBe(cat);
      expect(res.body.reasons[0].message).toContain(msg);
    }
    expect((await s.c.get('/v1/payment-schedules')).body).toEqual([]);
  });

  it('Zuora-Version before 330.0: no schedule-level billingDocument, each item names its own', async () => {
    const s = await psTenant(t);
    const doc = { type: 'Invoice', id: s.invoice.id };
    const old = await s.c.post('/v1/payment-schedules', { accountId: s.accountId, billingDocument: doc, items: [{ scheduledDate: '2024-02-01', amount: 10 }] }, { 'Zuora-Version': '329.0' });
    expect(old.body.success).toBe(false);
    expect(old.body.reasons[0].code % 100).toBe(21);
    expect(old.body.reasons[0].message).toContain('330.0');
    const perItem = await ok(s.c.post('/v1/payment-schedules', { accountId: s.accountId, items: [{ scheduledDate: '2024-02-01', amount: 10, billingDocument: doc }] }, { 'Zuora-Version': '329.0' }));
    expect(perItem.items[0].billingDocument).toEqual({ ...doc, number: s.invoice.invoiceNumber });
    expect(perItem.billingDocuments).toEqual([]);
    await ok(s.c.post('/v1/payment-schedules', { accountId: s.accountId, billingDocument: doc, items: [{ scheduledDate: '2024-02-01', amount: 10 }] }, { 'Zuora-Version': '330.0' }));
  });

  it('batch: all or none, ids and numbers', async () => {
    const s = await psTenant(t);
    const one = { accountId: s.accountId, items: [{ scheduledDate: '2024-02-01', amount: 10 }] };
    const bad = await s.c.post('/v1/payment-schedules/batch', { paymentSchedules: [one, { ...one, items: [] }] });
    expect(bad.body.success).toBe(false);
    expect(bad.body.reasons[0].message).toContain('paymentSchedules[1].items');
    expect((await s.c.get('/v1/payment-schedules')).body).toEqual([]);
    const res = await ok(s.c.post('/v1/payment-schedules/batch', { paymentSchedules: [one, { ...one, paymentScheduleNumber: 'MY-1' }] }));
    expect(res.paymentSchedules.map((p: any) => p.paymentScheduleNumber)).toEqual(['PS-00000001', 'MY-1']); // eslint-disable-line @typescript-eslint/no-explicit-any
    const dup = await s.c.post('/v1/payment-schedules', { ...one, paymentScheduleNumber: 'MY-1' });
    expect(dup.body.reasons[0].code % 100).toBe(30);
  });
});

describe('the tenant clock collects the items', () => {
  it('each item at its date and run hour: a payment applied to the invoice, the balance drops, once', async () => {
    const s = await psTenant(t);
    const ps = await ok(s.c.post('/v1/payment-schedules', {
      accountId: s.accountId, billingDocument: { type: 'Invoice', id: s.invoice.id }, startDate: '2024-01-10', period: 'Monthly', occurrences: 2, amount: 55, runHour: 10,
    }));
    expect(ps.billingDocument).toEqual({ id: s.invoice.id, number: s.invoice.invoiceNumber, type: 'Invoice' });
    await clock(t, s.c, { now: '2024-01-10T09:00:00Z' });
    await runDueJobs(t.app, { tenantId: s.c.tenant.id });
    expect((await s.c.get(`/v1/payment-schedule-items/${ps.items[0].id}`)).body.status).toBe('Pending');
    await clock(t, s.c, { now: '2024-01-10T11:00:00Z' });
    const item = (await s.c.get(`/v1/payment-schedule-items/${ps.items[0].id}`)).body;
    expect(item).toMatchObject({ status: 'Processed', balance: 0, errorMessage: null, psiPayments: [{ paymentId: item.paymentId }] });
    const pay = (await s.c.get(`/v1/payments/${item.paymentId}`)).body;
    expect(pay).toMatchObject({ type: 'Electronic', status: 'Processed', amount: 55, appliedAmount: 55, effectiveDate: '2024-01-10', paymentMethodId: s.cardId });
    expect((await s.c.get(`/v1/invoices/${s.invoice.id}`)).body.balance).toBe(55);
    // the next day's due work does not collect it again
    await clock(t, s.c, { date: '2024-01-12' });
    expect((await s.c.get('/v1/payments')).body.payments).toHaveLength(1);
    await clock(t, s.c, { date: '2024-02-11' });
    const after = await ok(s.c.get(`/v1/payment-schedules/${ps.id}`));
    expect(after).toMatchObject({ status: 'Completed', totalPaymentsProcessed: 2, recentPaymentDate: '2024-02-10', nextPaymentDate: null });
    expect((await s.c.get(`/v1/invoices/${s.invoice.id}`)).body.balance).toBe(0);
    expect((await s.c.get(`/v1/accounts/${s.accountNumber}`)).body.metrics.balance).toBe(0);
    const stat = await ok(s.c.get('/v1/payment-schedules/statistics/2024-02-10'));
    expect(stat).toEqual({ date: '2024-02-10', paymentRuns: [], paymentScheduleItems: { error: 0, pending: 0, processed: 1 }, success: true });
    // ZOQL sees the schedule's figures and its items
    const q = (await s.c.post('/v1/action/query', { queryString: `select Id, Status, TotalAmount, TotalPaymentsProcessed from PaymentSchedule where Id = '${ps.id}'` })).body;
    expect(q.records).toEqual([{ Id: ps.id, Status: 'Completed', TotalAmount: 110, TotalPaymentsProcessed: 2 }]);
    const qi = (await s.c.post('/v1/action/query', { queryString: `select Number, PaymentId, Status from PaymentScheduleItem where PaymentScheduleId = '${ps.id}' and Status = 'Processed'` })).body;
    expect(qi.size).toBe(2);
    expect(qi.records.map((r: { PaymentId: string }) => r.PaymentId)).toContain(item.paymentId);
  });

  it('several billing documents: the payment goes to the earliest due first, each up to its balance', async () => {
    const s = await psTenant(t);
    await clock(t, s.c, { date: '2024-01-05' });
    const dm = await ok(s.c.post(`/v1/debit-memos/invoice/${s.invoice.id}`, { invoiceId: s.invoice.id, autoPost: true, items: [{ invoiceItemId: s.invoice.items[0]!.id, amount: 5, skuName: 'fee' }] }));
    const inv = (await s.c.get(`/v1/invoices/${s.invoice.id}`)).body;
    expect(dm.dueDate > inv.dueDate, `${dm.dueDate} ${inv.dueDate}`).toBe(true);
    const ps = await ok(s.c.post('/v1/payment-schedules', {
      accountId: s.accountId,
      billingDocuments: [{ type: 'DebitMemo', id: dm.id }, { type: 'Invoice', number: s.invoice.invoiceNumber }],
      items: [{ scheduledDate: '2024-01-06', amount: 112 }],
    }));
    expect(ps.billingDocuments.map((d: { type: string }) => d.type)).toEqual(['DebitMemo', 'Invoice']);
    expect(ps.billingDocument).toBeNull();
    await clock(t, s.c, { date: '2024-01-06' });
    expect((await s.c.get(`/v1/invoices/${s.invoice.id}`)).body.balance).toBe(0);
    expect((await s.c.get(`/v1/debit-memos/${dm.id}`)).body.balance).toBe(3);
    const item = (await s.c.get(`/v1/payment-schedule-items/${ps.items[0].id}`)).body;
    expect((await s.c.get(`/v1/payments/${item.paymentId}`)).body).toMatchObject({ amount: 112, appliedAmount: 112, unappliedAmount: 0 });
  });

  it('the run hour is the tenant time zone\'s: 10:00 in Los Angeles is 18:00 UTC', async () => {
    const c = await t.newClient({ defaultApiVersion: '2025-08-12', timezone: 'America/Los_Angeles' });
    await clock(t, c, { date: '2024-01-01' });
    const acc = (await c.post('/v1/accounts', { name: 'LA', currency: 'USD', billCycleDay: 1, billToContact: { firstName: 'A', lastName: 'B', country: 'United States', state: 'CA' } })).body;
    expect(acc.success, JSON.stringify(acc)).toBe(true);
    await card(c, acc.accountId);
    const ps = await ok(c.post('/v1/payment-schedules', { accountId: acc.accountId, items: [{ scheduledDate: '2024-01-02', runHour: 10, amount: 5 }] }));
    await clock(t, c, { now: '2024-01-02T17:59:00Z' });
    expect((await c.get(`/v1/payment-schedule-items/${ps.items[0].id}`)).body.status).toBe('Pending');
    await clock(t, c, { now: '2024-01-02T18:00:00Z' });
    const item = (await c.get(`/v1/payment-schedule-items/${ps.items[0].id}`)).body;
    expect(item.status).toBe('Processed');
    expect((await c.get(`/v1/payments/${item.paymentId}`)).body.effectiveDate).toBe('2024-01-02');
  });

  it('a decline is recorded as Error with the gateway message and the payment; retry with another card collects it', async () => {
    const s = await psTenant(t, '4000000000009995');
    const ps = await ok(s.c.post('/v1/payment-schedules', { accountId: s.accountId, items: [{ scheduledDate: '2024-01-05', amount: 30 }, { scheduledDate: '2024-01-06', amount: 40 }] }));
    expect(ps).toMatchObject({ isCustom: true, period: null, occurrences: 2, totalAmount: 70 });
    await clock(t, s.c, { date: '2024-01-05' });
    const failed = (await s.c.get(`/v1/payment-schedule-items/${ps.items[0].id}`)).body;
    expect(failed).toMatchObject({ status: 'Error', balance: 30 });
    expect(failed.errorMessage).toContain('declined');
    expect((await s.c.get(`/v1/payments/${failed.paymentId}`)).body.status).toBe('Error');
    expect((await ok(s.c.get('/v1/payment-schedules/statistics/2024-01-05'))).paymentScheduleItems).toEqual({ error: 1, pending: 0, processed: 0 });
    const good = await card(s.c, s.accountId, '4111111111111111', false);
    const retry = await ok(s.c.post('/v1/payment-schedule-items/retry-payment', { items: [{ id: ps.items[0].id, paymentMethodId: good }] }));
    expect(retry.items[0]).toMatchObject({ id: ps.items[0].id, status: 'Processed', paymentMethodId: good, errorMessage: null });
    const again = await ok(s.c.post('/v1/payment-schedule-items/retry-payment', { items: [{ id: ps.items[0].id }] }));
    expect(again.items[0]).toMatchObject({ id: ps.items[0].id, status: null, errorMessage: 'Can not retry because payment Processed status is not allowed.' });
    // unapplied payments (no billing document): the account's unapplied amount
    expect((await s.c.get(`/v1/accounts/${s.accountNumber}`)).body.metrics.unappliedPaymentAmount).toBe(30);
  });
});

describe('changes', () => {
  it('update and its preview, skip, cancel and delete of items, cancel and delete of the schedule', async () => {
    const s = await psTenant(t);
    const ps = await ok(s.c.post('/v1/payment-schedules', { accountId: s.accountId, startDate: '2024-02-01', period: 'Monthly', occurrences: 3, amount: 10 }));
    const preview = await ok(s.c.put(`/v1/payment-schedules/${ps.id}/preview`, { occurrences: 5, amount: 12 }));
    expect(preview.items.map((i: any) => [i.scheduledDate, i.amount])).toEqual([['2024-02-01', 12], ['2024-03-01', 12], ['2024-04-01', 12], ['2024-05-01', 12], ['2024-06-01', 12]]); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect((await ok(s.c.get(`/v1/payment-schedules/${ps.id}`))).occurrences).toBe(3);
    const upd = await ok(s.c.put(`/v1/payment-schedules/${ps.id}`, { period: 'Weekly', periodStartDate: '2024-02-05', occurrences: 2 }));
    expect(upd.items.map((i: any) => [i.number, i.scheduledDate])).toEqual([['1', '2024-02-05'], ['2', '2024-02-12']]); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(upd).toMatchObject({ period: 'Weekly', startDate: '2024-02-05', totalAmount: 20 });
    const skipped = await ok(s.c.put(`/v1/payment-schedule-items/${upd.items[0].id}/skip`));
    expect(skipped).toMatchObject({ number: '3', scheduledDate: '2024-02-19', status: 'Pending', amount: 10 });
    expect((await s.c.get(`/v1/payment-schedule-items/${upd.items[0].id}`)).body).toMatchObject({ status: 'Canceled', cancellationReason: 'Skip Payment' });
    const item = await ok(s.c.put(`/v1/payment-schedule-items/${skipped.id}`, { amount: 15.5, scheduledDate: '2024-02-20', runHour: 3, description: 'moved' }));
    expect(item).toMatchObject({ amount: 15.5, balance: 15.5, scheduledDate: '2024-02-20', runHour: 3, description: 'moved' });
    const pending = await s.c.del(`/v1/payment-schedule-items/${skipped.id}`);
    expect(pending.body.reasons[0].code % 100).toBe(30);
    expect((await ok(s.c.put(`/v1/payment-schedule-items/${skipped.id}/cancel`))).status).toBe('Canceled');
    await ok(s.c.del(`/v1/payment-schedule-items/${skipped.id}`));
    expect((await s.c.get(`/v1/payment-schedule-items/${skipped.id}`)).body.reasons[0].code % 100).toBe(40);
    // a custom schedule's items are updated on the items
    const custom = await ok(s.c.post('/v1/payment-schedules', { accountId: s.accountId, items: [{ scheduledDate: '2024-03-01', amount: 5 }] }));
    expect((await s.c.put(`/v1/payment-schedules/${custom.id}`, { amount: 6 })).body.reasons[0].code % 100).toBe(30);
    const added = await ok(s.c.post(`/v1/payment-schedules/${custom.id}/items`, { items: [{ scheduledDate: '2024-04-01', amount: 7, description: 'more' }] }));
    expect(added).toMatchObject({ occurrences: 2, totalAmount: 12 });
    expect((await s.c.post(`/v1/payment-schedules/${ps.id}/items`, { items: [{ scheduledDate: '2024-04-01', amount: 7 }] })).body.reasons[0].code % 100).toBe(30);
    // a schedule is deleted only once canceled; cancel needs a pending item on or after the date
    expect((await s.c.del(`/v1/payment-schedules/${ps.id}`)).body.reasons[0].code % 100).toBe(30);
    expect((await s.c.put(`/v1/payment-schedules/${ps.id}/cancel`, { cancelDate: '2024-03-01' })).body.reasons[0].code % 100).toBe(30);
    const canceled = await ok(s.c.put(`/v1/payment-schedules/${ps.id}/cancel`, { cancelDate: '2024-02-01' }));
    expect(canceled).toMatchObject({ status: 'Canceled', cancelDate: '2024-02-01' });
    expect(canceled.items.every((i: any) => i.status === 'Canceled')).toBe(true); // eslint-disable-line @typescript-eslint/no-explicit-any
    await ok(s.c.del(`/v1/payment-schedules/${ps.id}`));
    expect((await s.c.get(`/v1/payment-schedules/${ps.id}`)).body.reasons[0].code % 100).toBe(40);
  });
});
