/** What payments add to an account's figures and to an invoice's settled amounts. */
import type { Ctx } from '../../platform/context.js';
import { D, toJsonNumber, type Money } from '../../platform/money.js';
import type { AccountFiguresContribution } from '../accounts/contract.js';
import type { InvoiceApplicationPart, InvoiceSettledAmounts } from '../invoices/contract.js';
import * as store from './store.js';
import { stamp, unappliedOf } from './views.js';

/**
 * Zuora ("Understand different balance types on invoices", Invoice Settlement enabled):
 * Account Balance = Total Invoice Balance + Total Debit Memo Balance − Total Unapplied Payments −
 * Total Unapplied Credit Memos. Payments contribute their unapplied amounts (Processed payments
 * only: an Error or Canceled payment holds no money) with a minus sign, and the summary's payments.
 */
export async function paymentAccountFigures(ctx: Ctx, accountId: string): Promise<AccountFiguresContribution> {
  const rows = await store.processedPaymentsOfAccount(ctx, accountId);
  const unapplied = rows.reduce((t: Money, p) => t.plus(unappliedOf(p)), new D(0));
  const payments: Array<Record<string, unknown>> = [];
  // the summary lists the latest payments, up to six (as it does invoices)
  for (const p of rows.slice(0, 6)) {
    const parts = (await store.partsOfPayment(ctx, p.id)).filter((x) => x.document_kind === 'invoice' && !new D(x.amount).isZero());
    payments.push({
      id: p.id,
      paymentNumber: p.number,
      paymentType: p.type,
      status: p.status,
      effectiveDate: p.effective_date,
      paidInvoices: parts.map((x) => ({ invoiceId: x.document_id, invoiceNumber: x.document_number, appliedPaymentAmount: new D(x.amount).toFixed() })),
    });
  }
  return {
    balance: unapplied.neg().toFixed(),
    unappliedPaymentAmount: unapplied.toFixed(),
    lastPaymentDate: rows[0]?.effective_date ?? null,
    lastPaymentAmount: rows[0] ? new D(rows[0].amount).toFixed() : null,
    payments,
  };
}

/** An invoice's paymentAmount: what live payments apply to it now. */
export async function paymentsOnInvoice(ctx: Ctx, invoiceId: string): Promise<InvoiceSettledAmounts> {
  const amounts = await store.appliedToDocument(ctx, invoiceId);
  return { paymentAmount: amounts.reduce((t: Money, a) => t.plus(a), new D(0)).toFixed() };
}

/** The payments applied to an invoice or debit memo now, net, one part a payment (its application parts). */
export async function paymentPartsOnDocument(ctx: Ctx, documentId: string): Promise<InvoiceApplicationPart[]> {
  const byPayment = new Map<string, { first: store.PartRow; last: store.PartRow; amount: Money }>();
  for (const r of await store.partsOnDocument(ctx, documentId)) {
    const p = byPayment.get(r.payment_id);
    if (p) {
      p.amount = p.amount.plus(r.amount);
      if (r.updated_at > p.last.updated_at) p.last = r;
    } else byPayment.set(r.payment_id, { first: r, last: r, amount: new D(r.amount) });
  }
  return [...byPayment.entries()]
    .filter(([, p]) => !p.amount.isZero())
    .map(([paymentId, p]) => ({
      appliedAmount: toJsonNumber(p.amount),
      creditMemoId: null,
      paymentId,
      createdById: p.first.created_by,
      createdDate: stamp(ctx, p.first.created_at),
      updatedById: p.last.updated_by,
      updatedDate: stamp(ctx, p.last.updated_at),
    }));
}
