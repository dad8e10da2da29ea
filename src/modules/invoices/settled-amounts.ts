/**
 * What other modules applied to an invoice, as GET /v1/invoices/{key} shows it: credit memos
 * (creditMemoAmount), payments (paymentAmount, refundAmount). Each module that settles invoices
 * adds a source when it joins (addOnce); the invoice view sums them. Re-exported by contract.ts.
 */
import type { Ctx } from '../../platform/context.js';
import { D } from '../../platform/money.js';

export interface InvoiceSettledAmounts {
  creditMemoAmount?: string;
  paymentAmount?: string;
  refundAmount?: string;
  creditBalanceAdjustmentAmount?: string;
}
export type InvoiceSettledAmountsSource = (ctx: Ctx, invoiceId: string) => Promise<InvoiceSettledAmounts>;
export const invoiceSettledAmountsSources: InvoiceSettledAmountsSource[] = [];

/** The sums of every source's amounts for one invoice (each '0' when nothing applied). */
export async function settledAmounts(ctx: Ctx, invoiceId: string): Promise<Required<InvoiceSettledAmounts>> {
  const out = { creditMemoAmount: new D(0), paymentAmount: new D(0), refundAmount: new D(0), creditBalanceAdjustmentAmount: new D(0) };
  for (const src of invoiceSettledAmountsSources) {
    const a = await src(ctx, invoiceId);
    for (const k of Object.keys(out) as Array<keyof typeof out>) if (a[k]) out[k] = out[k].plus(a[k]!);
  }
  return { creditMemoAmount: out.creditMemoAmount.toFixed(), paymentAmount: out.paymentAmount.toFixed(), refundAmount: out.refundAmount.toFixed(), creditBalanceAdjustmentAmount: out.creditBalanceAdjustmentAmount.toFixed() };
}
