// Payment runs through the real app (both databases): create (ad hoc and scheduled), read, list, update, cancel,
// delete, data, summary. Numbers: an account's Posted invoice of 110 due on 2024-01-01 (test/payments/fixtures.ts);
// the rules are those of Zuora's "Create a payment run" and "Retrieve a payment run summary" pages.
import { describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/platform/jobs.js';
import { setupApp, type Client } from '../helpers.js';
import { card, postedInvoice, setup } from './fixtures.js';

const t = await setupApp({ jobWorker: false });

async function ok(p: Promise<{ status: number; body: any; raw: string }>) { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await p;
  expect(r.status, r.raw).toBe(200);
  expect(r.body.success, r.raw).toBe(true);
  return r.body;
}

/** An AutoPay account (its card decides the gateway's answer) with a Posted invoice of 110. */
async function payer(cardNumber = '4111111111111111', autoPay = true) {
  const { c, cat, acc } = await setup(t, '2024-01-01');
  await card(c, acc.accountId, cardNumber);
  if (autoPay) await ok(c.put(`/v1/accounts/${acc.accountId}`, { autoPay: true }));
  const invoice = await postedInvoice(c, cat, acc.accountNumber);
  return { c, cat, acc, invoice };
}

const run = (c: Client) => runDueJobs(t.app, { tenantId: c.tenant.id });

describe('POST /v1/payment-runs', () => {
  it('an ad hoc run for an account collects its due invoice through the gateway, and its summary adds up', async () => {
    const { c, acc, invoice } = await payer();
    const res = await ok(c.post('/v1/payment-runs', { accountId: acc.accountId, targetDate: '2024-01-01' }));
    expect(res).toMatchObject({
      number: 'PR-00000001', targetDate: '2024-01-01', runDate: null, status: 'Pending', accountId: acc.accountId, executedOn: null, completedOn: null,
      autoApplyCreditMemo: false, autoApplyUnappliedPayment: false, consolidatedPayment: false, processPaymentWithClosedPM: false, collectPayment: true,
    });
    expect(res.id).toMatch(/^[0-9a-f]{32}$/);
    expect(res.createdDate).toMatch(/^2024-01-01 \d\d:\d\d:\d\d$/);
    await run(c);
    const got = await ok(c.get(`/v1/payment-runs/${res.id}`));
    expect(got).toMatchObject({ status: 'Completed', number: 'PR-00000001' });
    expect(got.executedOn).toMatch(/^2024-01-01 /);
    expect((await c.get(`/v1/invoices/${invoice.id}`)).body).toMatchObject({ balance: 0 });
    const pays = (await c.get(`/v1/payments?accountId=${acc.accountId}`)).body.payments;
    expect(pays).toHaveLength(1);
    expect(pays[0]).toMatchObject({ type: 'Electronic', status: 'Processed', amount: 110, appliedAmount: 110 });
    const sum = await ok(c.get(`/v1/payment-runs/PR-00000001/summary`));
    expect(sum).toMatchObject({
      numberOfInvoices: 1, numberOfDebitMemos: 0, numberOfReceivables: 1, numberOfPayments: 1, numberOfErrors: 0, numberOfUnprocessedReceivables: 0,
      numberOfCreditMemos: 0, numberOfUnappliedPayments: 0, numberOfCreditBalanceAdjustments: 0,
    });
    expect(sum.totalValues[0]).toMatchObject({ totalValueOfInvoices: '110 USD', totalValueOfPayments: '110 USD', totalValueOfReceivables: '110 USD', totalValueOfErrors: '0 USD' });
    expect(await ok(c.get(`/v1/payment-runs/${res.id}/data`))).toEqual({ data: [], success: true });
    // the object query reads the same run
    const oq = await c.get(`/object-query/payment-runs/PR-00000001`);
    expect(oq.status, oq.raw).toBe(200);
    expect(oq.body).toMatchObject({ id: res.id, paymentRunNumber: 'PR-00000001', status: 'Completed', targetDate: '2024-01-01', collectPayment: true, numberOfInvoices: 1, numberOfPayments: 1, numberOfErrors: 0, accountId: acc.accountId });
    const oqList = await c.get(`/object-query/payment-runs?filter[]=status.EQ:Completed`);
    expect(oqList.body.data.map((r: any) => r.id), oqList.raw).toEqual([res.id]); // eslint-disable-line @typescript-eslint/no-explicit-any
    // a second run finds nothing due
    const again = await ok(c.post('/v1/payment-runs', { accountId: acc.accountId, targetDate: '2024-01-01' }));
    await run(c);
    expect(await ok(c.get(`/v1/payment-runs/${again.id}/summary`))).toMatchObject({ numberOfReceivables: 0, numberOfPayments: 0 });
    expect((await c.get(`/v1/payments?accountId=${acc.accountId}`)).body.payments).toHaveLength(1);
  });

  it('applies unapplied payments first when asked, and collects the rest', async () => {
    const { c, acc, invoice } = await payer();
    const ext = await ok(c.post('/v1/payments', { type: 'External', accountId: acc.accountId, amount: 30, currency: 'USD', effectiveDate: '2024-01-01', paymentMethodType: 'Check' }));
    const res = await ok(c.post('/v1/payment-runs', { accountId: acc.accountId, targetDate: '2024-01-01', autoApplyUnappliedPayment: true }));
    await run(c);
    expect((await c.get(`/v1/invoices/${invoice.id}`)).body).toMatchObject({ balance: 0 });
    expect((await c.get(`/v1/payments/${ext.id}`)).body).toMatchObject({ appliedAmount: 30, unappliedAmount: 0 });
    const sum = await ok(c.get(`/v1/payment-runs/${res.id}/summary`));
    expect(sum).toMatchObject({ numberOfUnappliedPayments: 1, numberOfPayments: 1, numberOfReceivables: 1 });
    expect(sum.totalValues[0]).toMatchObject({ totalValueOfUnappliedPayments: '30 USD', totalValueOfPayments: '80 USD', totalValueOfReceivables: '110 USD' });
  });

  it('a declined card leaves the invoice open, the payment in Error, the run in Error', async () => {
    const { c, acc, invoice } = await payer('4000000000000002');
    const res = await ok(c.post('/v1/payment-runs', { accountId: acc.accountId, targetDate: '2024-01-01' }));
    await run(c);
    expect((await ok(c.get(`/v1/payment-runs/${res.id}`))).status).toBe('Error');
    expect((await c.get(`/v1/invoices/${invoice.id}`)).body).toMatchObject({ balance: 110 });
    const sum = await ok(c.get(`/v1/payment-runs/${res.id}/summary`));
    expect(sum).toMatchObject({ numberOfErrors: 1, numberOfPayments: 0, numberOfUnprocessedInvoices: 1, numberOfUnprocessedReceivables: 1 });
    expect(sum.totalValues[0]).toMatchObject({ totalValueOfErrors: '110 USD', totalValueOfUnprocessedReceivables: '110 USD' });
    // an Error run may be deleted
    expect(await ok(c.del(`/v1/payment-runs/${res.id}`))).toEqual({ success: true });
    expect((await c.get(`/v1/payment-runs/${res.id}`)).status).toBe(404);
  });

  it('a scheduled run waits for its run hour on the tenant clock and collects AutoPay accounts only', async () => {
    const { c, acc, invoice } = await payer();
    const res = await ok(c.post('/v1/payment-runs', { runDate: '2024-01-05 06:30:10' }));
    expect(res).toMatchObject({ runDate: '2024-01-05 06:00:00', targetDate: null, status: 'Pending' });
    expect(res.accountId).toBeUndefined();
    expect((await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { now: '2024-01-05T05:59:00Z' })).status).toBe(200);
    await run(c);
    expect((await ok(c.get(`/v1/payment-runs/${res.id}`))).status).toBe('Pending');
    expect((await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { now: '2024-01-05T06:00:00Z' })).status).toBe(200);
    await run(c);
    const got = await ok(c.get(`/v1/payment-runs/${res.id}`));
    expect(got).toMatchObject({ status: 'Completed', targetDate: '2024-01-05' });
    expect((await c.get(`/v1/invoices/${invoice.id}`)).body).toMatchObject({ balance: 0 });
    expect((await c.get(`/v1/payments?accountId=${acc.accountId}`)).body.payments).toHaveLength(1);
  });

  it('an account without AutoPay is not collected by a filter run', async () => {
    const { c, invoice } = await payer('4111111111111111', false);
    const res = await ok(c.post('/v1/payment-runs', { targetDate: '2024-01-01', billCycleDay: '1' }));
    await run(c);
    expect((await ok(c.get(`/v1/payment-runs/${res.id}/summary`))).numberOfReceivables).toBe(0);
    expect((await c.get(`/v1/invoices/${invoice.id}`)).body).toMatchObject({ balance: 110 });
  });

  it('refuses bad input with Zuora errors and creates nothing', async () => {
    const { c, acc } = await payer();
    const cases: Array<[object, number, string]> = [
      [{ accountId: acc.accountId, batch: 'Batch1', targetDate: '2024-01-01' }, 20, 'conflicts'],
      [{ accountId: acc.accountId }, 22, "'runDate' or 'targetDate'"],
      [{ targetDate: '2024-13-01' }, 20, "'targetDate'"],
      [{ runDate: 'tomorrow' }, 20, "'runDate'"],
      [{ targetDate: '2024-01-01', bogus: 1 }, 21, "'bogus'"],
      [{ targetDate: '2024-01-01', billCycleDay: '32' }, 20, "'billCycleDay'"],
      [{ targetDate: '2024-01-01', batch: 'Batch51' }, 20, "'batch'"],
      [{ targetDate: '2024-01-01', paymentGatewayId: 'f'.repeat(32) }, 20, "'paymentGatewayId'"],
      [{ targetDate: '2024-01-01', accountId: 'f'.repeat(32) }, 20, "'accountId'"],
      [{ targetDate: '2024-01-01', data: [{ accountId: acc.accountId }] }, 60, 'data'],
      [{ targetDate: '2024-01-01', useCustomPaymentMethods: true }, 60, 'useCustomPaymentMethods'],
    ];
    for (const [body, cat, msg] of cases) {
      const r = await c.post('/v1/payment-runs', body);
      expect(r.body.success, JSON.stringify(body)).toBe(false);
      expect(r.body.reasons[0].code % 100, r.raw).toBe(cat);
      expect(r.body.reasons[0].message).toContain(msg);
    }
    expect((await ok(c.get('/v1/payment-runs'))).paymentRuns).toEqual([]);
  });
});

describe('PUT, DELETE and GET /v1/payment-runs', () => {
  it('updates and cancels a Pending run, refuses changes to a Completed one, lists with filters and pages', async () => {
    const { c, acc } = await payer();
    const a = await ok(c.post('/v1/payment-runs', { runDate: '2024-02-01 05:00:00' }));
    const upd = await ok(c.put(`/v1/payment-runs/${a.number}`, { autoApplyUnappliedPayment: true, consolidatedPayment: true, accountId: acc.accountId }));
    expect(upd).toMatchObject({ id: a.id, autoApplyUnappliedPayment: true, consolidatedPayment: true, accountId: acc.accountId, status: 'Pending', runDate: '2024-02-01 05:00:00' });
    expect((await ok(c.get(`/v1/payment-runs/${a.id}`))).autoApplyUnappliedPayment).toBe(true);
    // deleting a Pending run is refused
    const del = await c.del(`/v1/payment-runs/${a.id}`);
    expect(del.body.reasons[0].code % 100).toBe(30);
    const canceled = await ok(c.put(`/v1/payment-runs/${a.id}`, { status: 'Canceled' }));
    expect(canceled.status).toBe('Canceled');
    // the canceled run's job does nothing when its hour comes
    expect((await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { now: '2024-02-01T06:00:00Z' })).status).toBe(200);
    await run(c);
    expect((await ok(c.get(`/v1/payment-runs/${a.id}`))).status).toBe('Canceled');
    expect(await ok(c.del(`/v1/payment-runs/${a.id}`))).toEqual({ success: true });

    const b = await ok(c.post('/v1/payment-runs', { targetDate: '2024-02-01' }));
    await run(c);
    const refused = await c.put(`/v1/payment-runs/${b.id}`, { collectPayment: false });
    expect(refused.body.reasons[0].code % 100, refused.raw).toBe(30);
    await ok(c.post('/v1/payment-runs', { runDate: '2024-03-01 00:00:00' }));
    await ok(c.post('/v1/payment-runs', { runDate: '2024-03-02 00:00:00' }));
    const pending = await ok(c.get('/v1/payment-runs?status=Pending'));
    expect(pending.paymentRuns.map((r: any) => r.runDate)).toEqual(['2024-03-02 00:00:00', '2024-03-01 00:00:00']); // eslint-disable-line @typescript-eslint/no-explicit-any
    const page = await ok(c.get('/v1/payment-runs?pageSize=2'));
    expect(page.paymentRuns).toHaveLength(2);
    expect(page.nextPage).toBe('/v1/payment-runs?page=2&pageSize=2');
    expect((await ok(c.get(page.nextPage))).paymentRuns).toHaveLength(1);
    const bad = await c.get('/v1/payment-runs?status=Done');
    expect(bad.body.reasons[0].code % 100).toBe(20);
    expect((await c.get('/v1/payment-runs/PR-99999999')).status).toBe(404);
  });
});
