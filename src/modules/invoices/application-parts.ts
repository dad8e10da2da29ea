/**
 * GET /v1/invoices/{invoiceKey}/application-parts (GET_InvoiceApplicationParts): the payments and credit
 * memos applied to an invoice, one part each, net of what was unapplied since. The modules that settle
 * invoices (memos, payments) each add a source when they join (addOnce), as for the invoice's settled
 * amounts; each answers its parts in the page's shape. Re-exported by contract.ts.
 */
import type { Ctx } from '../../platform/context.js';
import { requireInvoice } from './service.js';

/** One part as the page shows it: { appliedAmount, creditMemoId, paymentId, createdById, createdDate, updatedById, updatedDate }. */
export type InvoiceApplicationPart = {
  appliedAmount: number | null;
  creditMemoId: string | null;
  paymentId: string | null;
  createdById: string | null;
  createdDate: string | null;
  updatedById: string | null;
  updatedDate: string | null;
};
export type InvoiceApplicationPartsSource = (ctx: Ctx, documentId: string) => Promise<InvoiceApplicationPart[]>;
export const invoiceApplicationPartsSources: InvoiceApplicationPartsSource[] = [];

/** The parts of an invoice (by id or number), newest first as Zuora's sample lists them. */
export async function invoiceApplicationParts(ctx: Ctx, key: string): Promise<InvoiceApplicationPart[]> {
  const inv = await requireInvoice(ctx, key);
  const parts: InvoiceApplicationPart[] = [];
  for (const src of invoiceApplicationPartsSources) parts.push(...(await src(ctx, inv.id)));
  // "yyyy-mm-dd hh:mm:ss" strings sort as dates
  return parts.sort((a, b) => (b.createdDate ?? '').localeCompare(a.createdDate ?? ''));
}
