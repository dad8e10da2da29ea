/**
 * The bill run an invoice schedule item's execution makes (Zuora's "Execute an invoice schedule": "a bill run
 * is created and generates an invoice or a credit memo"). The invoice-schedules module opens it, makes the
 * item's documents with that run's id (so GET, cancel and post of the run see them), and closes it. The run
 * carries one `InvoiceSchedule` filter naming the account; it is never Pending, so no job or due work runs it.
 */
import type { Ctx } from '../../platform/context.js';
import { nextCounter } from '../../platform/counters.js';
import { formatNumber, newId } from '../../platform/ids.js';
import { billRunView, type BillRunOptions } from './bill-runs.js';
import * as store from './bill-run-store.js';

export async function openInvoiceScheduleBillRun(ctx: Ctx, o: { accountId: string; targetDate: string; invoiceDate: string }): Promise<{ id: string; billRunNumber: string }> {
  const options = {
    batches: null,
    billCycleDay: null,
    billRunFilters: [{ filterType: 'InvoiceSchedule', accountId: o.accountId }],
    chargeTypeToExclude: null,
    autoEmail: false,
    autoRenewal: false,
    includeSubscriptions: true,
    includeOrderLineItems: false,
    schedule: null,
    targetDateOffset: null,
    invoiceDateOffset: null,
    targetDateMonthOffset: null,
    targetDateDayOfMonth: null,
    invoiceDateMonthOffset: null,
    invoiceDateDayOfMonth: null,
  } as unknown as BillRunOptions;
  const id = newId();
  const now = ctx.now().toString();
  const billRunNumber = formatNumber('BR-', await nextCounter(ctx, 'billRun'));
  await store.insert(ctx, {
    id,
    tenant_id: ctx.tenant.id,
    bill_run_number: billRunNumber,
    name: null,
    status: 'Processing',
    target_date: o.targetDate,
    invoice_date: o.invoiceDate,
    options: JSON.stringify(options),
    auto_post: 0,
    no_email_for_zero_amount_invoice: 0,
    scheduled_date: null,
    series_id: null,
    job_id: null,
    failures: '[]',
    documents_count: 0,
    executed_at: null,
    invoices_count: 0,
    credit_memos_count: 0,
    created_at: now,
    updated_at: now,
  });
  return { id, billRunNumber };
}

/** Completes the run with what it made; answers the run as GET /v1/bill-runs/{id} does. */
export async function closeInvoiceScheduleBillRun(ctx: Ctx, id: string, made: { invoices: number; creditMemos: number }): Promise<Record<string, unknown>> {
  const now = ctx.now().toString({ fractionalSecondDigits: 3 });
  await store.update(ctx, id, {
    status: 'Completed',
    documents_count: made.invoices + made.creditMemos,
    invoices_count: made.invoices,
    credit_memos_count: made.creditMemos,
    executed_at: now,
    updated_at: now,
  });
  return billRunView(ctx, (await store.find(ctx, id))!);
}
