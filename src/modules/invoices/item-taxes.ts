/**
 * The invoice side of taxation items (the tax module's port, through contract.ts): a Draft invoice's
 * items take the tax totals the tax module computed from its taxation items, and the invoice's
 * taxAmount, amount and balance follow (amount = amountWithoutTax + taxAmount; a Draft invoice has
 * nothing applied, so each balance is its amount plus tax).
 */
import type { Ctx } from '../../platform/context.js';
import { ruleViolation } from '../../platform/errors.js';
import { D, toDbAmount, type Money } from '../../platform/money.js';
import { isoNow, RES_INVOICE } from './service.js';
import * as store from './store.js';

/** Sets the tax of the named items of a Draft invoice (each the sum of its taxation items, rounded). */
export async function setDraftItemTaxes(ctx: Ctx, invoiceId: string, taxes: Array<{ itemId: string; taxAmount: string }>): Promise<void> {
  const inv = await store.lockInvoice(ctx, invoiceId);
  if (!inv) throw ruleViolation(`The invoice ${invoiceId} does not exist`, RES_INVOICE);
  if (inv.status !== 'Draft') throw ruleViolation(`The invoice ${inv.invoice_number} is ${inv.status}: taxation items can be changed only on a Draft invoice`, RES_INVOICE);
  const items = await store.itemsOf(ctx, 'invoice_items', inv.id);
  const byId = new Map(taxes.map((t) => [t.itemId, t.taxAmount]));
  const changed: Array<{ id: string; tax_amount: string; balance: string }> = [];
  let tax: Money = new D(0);
  for (const i of items) {
    const t = byId.has(i.id) ? new D(byId.get(i.id)!) : new D(i.tax_amount);
    tax = tax.plus(t);
    if (byId.has(i.id)) changed.push({ id: i.id, tax_amount: toDbAmount(t), balance: toDbAmount(new D(i.amount).plus(t)) });
  }
  const amount = new D(inv.amount_without_tax).plus(tax);
  await store.setInvoiceTaxes(ctx, inv.id, { tax_amount: toDbAmount(tax), amount: toDbAmount(amount), balance: toDbAmount(amount), updated_at: isoNow(ctx) }, changed);
}

/** The id of the invoice an invoice item belongs to, or null when no such item. */
export async function invoiceIdOfItem(ctx: Ctx, itemId: string): Promise<string | null> {
  return (await store.findInvoiceItem(ctx, itemId))?.document_id ?? null;
}
