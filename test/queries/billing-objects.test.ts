/**
 * Invoice, InvoiceItem, BillRun and PaymentMethod through ZOQL, describe and object query, over a real bill
 * run (both databases). The fixture catalog bills 100 + 1 seat at 10 a month (test/invoices/bill-runs.test.ts).
 * Object query paths and field names from the queryInvoices, queryInvoiceItems, queryBillingRuns and
 * queryPaymentMethods pages (ExpandedInvoice… schemas).
 */
import { describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/platform/jobs.js';
import { setupApp, type Client } from '../helpers.js';
import { createSubscriptionOrder, makeCatalog, newAccount } from '../subscriptions/fixtures.js';
import { billedAccount, memoTenant, postedCreditMemo } from '../memos/fixtures.js';

const t = await setupApp({ jobWorker: false });
const query = (c: Client, queryString: string) => c.post('/v1/action/query', { queryString });

async function billed() {
  const c = await t.newClient({ defaultApiVersion: '2025-08-12' });
  expect((await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2024-01-01' })).status).toBe(200);
  const cat = await makeCatalog(c);
  const acc = await newAccount(c, { paymentTerm: 'Net 30' });
  const order = await c.post('/v1/orders', createSubscriptionOrder(acc.accountNumber, cat.basePlanId));
  expect(order.body.success, order.raw).toBe(true);
  const br = await c.post('/v1/bill-runs', { billRunFilters: [{ filterType: 'Account', accountId: acc.accountId }], targetDate: '2024-01-01', invoiceDate: '2024-01-01', name: 'January' });
  expect(br.body.success, br.raw).toBe(true);
  await runDueJobs(t.app, { tenantId: c.tenant.id });
  const invoices = (await c.get(`/v1/transactions/invoices/accounts/${acc.accountNumber}`)).body.invoices as Array<{ id: string; invoiceNumber: string }>;
  expect(invoices).toHaveLength(1);
  return { c, acc, billRunId: br.body.id as string, invoice: invoices[0]! };
}

describe('billing objects in the query model', () => {
  it('Invoice and InvoiceItem through ZOQL: amounts, dates, filters on status and amount', async () => {
    const { c, acc, invoice, billRunId } = await billed();
    const inv = await query(c, `select InvoiceNumber, AccountId, Amount, Balance, Status, InvoiceDate, DueDate, Source, SourceId, IncludesRecurring, TaxAmount from Invoice where AccountId = '${acc.accountId}'`);
    expect(inv.status, inv.raw).toBe(200);
    expect(inv.body.records).toEqual([
      { Id: invoice.id, InvoiceNumber: invoice.invoiceNumber, AccountId: acc.accountId, Amount: 110, Balance: 110, Status: 'Draft', InvoiceDate: '2024-01-01', DueDate: '2024-01-31', Source: 'BillRun', SourceId: 'BR-00000001', IncludesRecurring: true, TaxAmount: 0 },
    ]);
    expect((await query(c, `select Id from Invoice where Status = 'Posted'`)).body.size).toBe(0);
    expect((await query(c, `select Id from Invoice where Amount > 109.99 and Amount < 110.01`)).body.size).toBe(1);
    expect((await query(c, `select Id from Invoice where Amount > 110`)).body.size).toBe(0);
    const items = await query(c, `select ChargeName, ChargeAmount, ServiceStartDate, ServiceEndDate, InvoiceId, ProcessingType, UnitPrice, Quantity from InvoiceItem where InvoiceId = '${invoice.id}'`);
    const byName = Object.fromEntries((items.body.records as Array<Record<string, unknown>>).map((r) => [r.ChargeName, r]));
    expect(Object.keys(byName).sort()).toEqual(['Platform Fee', 'Seats']);
    expect(byName['Seats']).toMatchObject({ ChargeAmount: 10, UnitPrice: 10, Quantity: 1, ServiceStartDate: '2024-01-01', ServiceEndDate: '2024-01-31', InvoiceId: invoice.id, ProcessingType: 'Charge' });
    // a document's total is the sum of its items
    expect((items.body.records as Array<{ ChargeAmount: number }>).reduce((s, r) => s + r.ChargeAmount, 0)).toBe(110);
    const run = await query(c, `select BillRunNumber, Name, Status, TargetDate, InvoiceDate, AutoPost from BillRun where Id = '${billRunId}'`);
    expect(run.body.records).toEqual([{ Id: billRunId, BillRunNumber: 'BR-00000001', Name: 'January', Status: 'Completed', TargetDate: '2024-01-01', InvoiceDate: '2024-01-01', AutoPost: false }]);
  });

  it('object query: /object-query/invoices by number with expand[]=invoiceitems, invoice-items, billing-runs', async () => {
    const { c, acc, invoice, billRunId } = await billed();
    const one = await c.get(`/object-query/invoices/${invoice.invoiceNumber}?expand[]=invoiceitems&expand[]=account`);
    expect(one.status, one.raw).toBe(200);
    expect(one.body).toMatchObject({ id: invoice.id, invoiceNumber: invoice.invoiceNumber, amount: 110, accountId: acc.accountId, status: 'Draft', account: { accountNumber: acc.accountNumber } });
    expect(one.body.invoiceItems.map((i: { chargeName: string }) => i.chargeName).sort()).toEqual(['Platform Fee', 'Seats']);
    const list = await c.get(`/object-query/invoice-items?filter[]=invoiceid.EQ:${invoice.id}&filter[]=chargeamount.GE:50&fields[]=id,chargeamount,uom`);
    expect(list.body.data).toEqual([{ id: expect.any(String), chargeAmount: 100 }]);
    const runs = await c.get('/object-query/billing-runs?filter[]=status.EQ:Completed');
    expect(runs.body.data).toEqual([expect.objectContaining({ id: billRunId, billingRunNumber: 'BR-00000001', status: 'Completed', targetDate: '2024-01-01' })]);
    expect((await c.get('/object-query/billing-runs/BR-00000001')).body.id).toBe(billRunId);
  });

  it('PaymentMethod: masked numbers only, type and status filters, deleted ones gone', async () => {
    const c = await t.newClient();
    const acc = await newAccount(c);
    const card = await c.post('/v1/payment-methods', { type: 'CreditCard', accountKey: acc.accountId, cardNumber: '4111111111111111', cardType: 'Visa', expirationMonth: 12, expirationYear: 2035, cardHolderInfo: { cardHolderName: 'Ada Lovelace', city: 'London', email: 'ada@example.com' } });
    expect(card.body.success, card.raw).toBe(true);
    const ach = await c.post('/v1/payment-methods', { type: 'ACH', accountKey: acc.accountId, bankABACode: '011000015', bankAccountName: 'Ada', bankAccountNumber: '1234567890', bankAccountType: 'Checking', bankName: 'Bank' });
    expect(ach.body.success, ach.raw).toBe(true);
    const r = await query(c, `select Type, CreditCardMaskNumber, CreditCardType, CreditCardExpirationYear, CreditCardHolderName, CreditCardCity, Email, PaymentMethodStatus, AccountId from PaymentMethod where Type = 'CreditCard'`);
    expect(r.body.records).toHaveLength(1);
    const rec = r.body.records[0];
    expect(rec).toMatchObject({ Id: card.body.id, Type: 'CreditCard', CreditCardType: 'Visa', CreditCardExpirationYear: 2035, CreditCardHolderName: 'Ada Lovelace', CreditCardCity: 'London', Email: 'ada@example.com', PaymentMethodStatus: 'Active', AccountId: acc.accountId });
    expect(rec.CreditCardMaskNumber).toMatch(/1111$/);
    expect(JSON.stringify(r.body)).not.toContain('4111111111111111');
    const a = await query(c, `select AchAccountNumberMask, AchAbaCode, CreditCardHolderName from PaymentMethod where Type = 'ACH'`);
    expect(a.body.records[0].AchAbaCode).toBe('011000015');
    expect(a.body.records[0].AchAccountNumberMask).toMatch(/7890$/);
    expect(a.body.records[0].AchAccountNumberMask).not.toContain('1234567890');
    expect(a.body.records[0].CreditCardHolderName).toBeUndefined();
    // type-dependent fields are not filterable
    expect((await query(c, `select Id from PaymentMethod where CreditCardHolderName = 'x'`)).body.faultcode).toBe('fns:INVALID_FIELD');
    const oq = await c.get(`/object-query/payment-methods?filter[]=accountid.EQ:${acc.accountId}&sort[]=type.ASC&fields[]=id,type`);
    expect(oq.body.data).toEqual([
      { id: ach.body.id, type: 'ACH' },
      { id: card.body.id, type: 'CreditCard' },
    ]);
    // the default payment method cannot be deleted; the ACH one can, and is gone from queries
    expect((await c.del(`/v1/payment-methods/${ach.body.id}`)).body.success).toBe(true);
    expect((await query(c, `select Id from PaymentMethod where Type = 'ACH'`)).body.size).toBe(0);
  });

  it('keeps tenants apart and describes the new objects', async () => {
    const { invoice } = await billed();
    const other = await t.newClient();
    expect((await query(other, 'select Id from Invoice')).body.size).toBe(0);
    expect((await query(other, 'select Id from InvoiceItem')).body.size).toBe(0);
    expect((await query(other, 'select Id from BillRun')).body.size).toBe(0);
    expect((await other.get(`/object-query/invoices/${invoice.id}`)).status).toBe(404);
    for (const name of ['Invoice', 'InvoiceItem', 'BillRun', 'PaymentMethod']) {
      const d = await other.get(`/v1/describe/${name}`);
      expect(d.status, name).toBe(200);
      expect(d.raw).toContain(`<name>${name}</name>`);
    }
  });

  it('CreditMemo, CreditMemoItem, Payment and Refund: a memo from an invoice, a payment applied and refunded', async () => {
    const c = await memoTenant(t);
    const b = await billedAccount(c);
    const cm = await postedCreditMemo(c, b, { Seats: 10 });
    const memo = await query(c, `select MemoNumber, Amount, Status, AccountId, ReferredInvoiceId, Source from CreditMemo where AccountId = '${b.accountId}'`);
    expect(memo.status, memo.raw).toBe(200);
    expect(memo.body.records).toEqual([{ Id: cm.id, MemoNumber: cm.number, Amount: 10, Status: 'Posted', AccountId: b.accountId, ReferredInvoiceId: b.invoiceId, Source: expect.any(String) }]);
    const items = await query(c, `select CreditMemoId, Amount, SourceItemId from CreditMemoItem where CreditMemoId = '${cm.id}'`);
    expect(items.body.records).toEqual([expect.objectContaining({ CreditMemoId: cm.id, Amount: 10, SourceItemId: b.items.Seats })]);
    expect((await c.get(`/object-query/credit-memos/${cm.number}?expand[]=creditmemoitems`)).body).toMatchObject({ id: cm.id, creditMemoItems: [expect.objectContaining({ amount: 10 })] });

    const pay = await c.post('/v1/payments', { accountId: b.accountId, type: 'External', paymentMethodType: 'Check', amount: 50, currency: 'USD', effectiveDate: '2024-01-01', invoices: [{ invoiceId: b.invoiceId, amount: 50 }] });
    expect(pay.body.success, pay.raw).toBe(true);
    const p = await query(c, `select PaymentNumber, Amount, AppliedAmount, Status, Type, EffectiveDate from Payment where AccountId = '${b.accountId}' and Amount >= 50`);
    expect(p.body.records).toEqual([{ Id: pay.body.id, PaymentNumber: pay.body.number, Amount: 50, AppliedAmount: 50, Status: 'Processed', Type: 'External', EffectiveDate: '2024-01-01' }]);
    expect((await c.get(`/object-query/payments/${pay.body.number}`)).body).toMatchObject({ id: pay.body.id, amount: 50 });
    const unapplied = (await c.post('/v1/payments', { accountId: b.accountId, type: 'External', paymentMethodType: 'Check', amount: 30, currency: 'USD', effectiveDate: '2024-01-01' })).body;
    const refund = await c.post(`/v1/payments/${unapplied.id}/refunds`, { type: 'External', methodType: 'Check', totalAmount: 20, refundDate: '2024-01-01' });
    expect(refund.body.success, refund.raw).toBe(true);
    const r = await query(c, `select RefundNumber, Amount, PaymentId, Status, RefundDate from Refund where PaymentId = '${unapplied.id}'`);
    expect(r.body.records).toEqual([{ Id: refund.body.id, RefundNumber: refund.body.number, Amount: 20, PaymentId: unapplied.id, Status: 'Processed', RefundDate: '2024-01-01' }]);
    expect((await query(c, `select RefundAmount from Payment where Id = '${unapplied.id}'`)).body.records[0].RefundAmount).toBe(20);
    const other = await t.newClient();
    expect((await query(other, 'select Id from Payment')).body.size).toBe(0);
    expect((await query(other, 'select Id from CreditMemo')).body.size).toBe(0);
    expect((await query(other, 'select Id from Refund')).body.size).toBe(0);
  });
});
