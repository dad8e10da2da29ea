/**
 * What other modules (billing: bill runs, an order's runBilling) use of invoices. The invoices
 * service implements it; consumers depend on this file only. Runs in the caller's transaction.
 */
import type { Ctx } from '../../platform/context.js';
import { billingCreditMemos } from './credit-memo-port.js';
import * as service from './service.js';
import * as store from './store.js';

export type { MadeDocument, MakeDocumentsInput } from './service.js';
export { registerBillingCreditMemos, type BillingCreditMemos, type CreditedItem } from './credit-memo-port.js';
/** Hooks told of each invoice DELETE /v1/invoices/{key} deletes, with its operation job id (billing keeps the job). */
export { invoiceDeletedHooks } from './service.js';

export interface DocumentRef {
  kind: 'invoice' | 'creditMemo';
  id: string;
  number: string;
  status: string;
  accountId: string;
}

export interface InvoiceWriter {
  /** The document (invoice or credit memo) for one account's proposed items, or null when there are none. */
  makeDocuments(ctx: Ctx, input: service.MakeDocumentsInput): Promise<service.MadeDocument | null>;
  /** The documents a bill run made, invoices first, by number. */
  documentsOfBillRun(ctx: Ctx, billRunId: string): Promise<DocumentRef[]>;
  /** Posts a Draft document; an invoice may take a new invoice date. */
  post(ctx: Ctx, doc: DocumentRef, opts?: { invoiceDate?: string }): Promise<void>;
  /** Cancels a Draft document. */
  cancel(ctx: Ctx, doc: DocumentRef): Promise<void>;
  /** Deletes a document and its items. */
  remove(ctx: Ctx, doc: DocumentRef): Promise<void>;
}

export const invoiceWriter: InvoiceWriter = {
  makeDocuments: service.makeDocuments,
  async documentsOfBillRun(ctx, billRunId) {
    const inv = await store.invoicesOfBillRun(ctx, billRunId);
    const cms = await billingCreditMemos().ofBillRun(ctx, billRunId);
    return [
      ...inv.map((r) => ({ kind: 'invoice' as const, id: r.id, number: r.invoice_number, status: r.status, accountId: r.account_id })),
      ...cms.map((r) => ({ kind: 'creditMemo' as const, ...r })),
    ];
  },
  post: (ctx, doc, opts = {}) => (doc.kind === 'invoice' ? service.postInvoice(ctx, doc.id, opts) : billingCreditMemos().post(ctx, doc.id)),
  cancel: (ctx, doc) => (doc.kind === 'invoice' ? service.cancelInvoice(ctx, doc.id) : billingCreditMemos().cancel(ctx, doc.id)),
  remove: (ctx, doc) => (doc.kind === 'invoice' ? service.deleteInvoiceById(ctx, doc.id) : billingCreditMemos().remove(ctx, doc.id)),
};

// ---------------------------------------------------------------- settlement (memos and payments)

/** A Posted invoice as a settlement sees it: amounts and balances as decimal strings. */
export interface InvoiceForSettlement {
  id: string;
  number: string;
  accountId: string;
  currency: string;
  status: string;
  amount: string;
  balance: string;
  items: Array<{ id: string; amount: string; taxAmount: string; balance: string }>;
}

export interface InvoiceSettlement {
  /** The invoice by id or number (any status), locked for the rest of the transaction on PostgreSQL; null when none. */
  lock(ctx: Ctx, key: string): Promise<InvoiceForSettlement | null>;
  /** Writes the invoice's new balance and its changed items' balances (the memos contract checked them). */
  setBalances(ctx: Ctx, id: string, balance: string, items: Array<{ id: string; balance: string }>): Promise<void>;
}

export const invoiceSettlement: InvoiceSettlement = {
  async lock(ctx, key) {
    const r = await store.lockInvoice(ctx, key);
    if (!r) return null;
    const items = await store.itemsOf(ctx, 'invoice_items', r.id);
    return {
      id: r.id,
      number: r.invoice_number,
      accountId: r.account_id,
      currency: r.currency,
      status: r.status,
      amount: r.amount,
      balance: r.balance,
      items: items.map((i) => ({ id: i.id, amount: i.amount, taxAmount: i.tax_amount, balance: i.balance })),
    };
  },
  setBalances: (ctx, id, balance, items) => store.setInvoiceBalances(ctx, id, balance, items, service.isoNow(ctx)),
};

/** The tax module's port: a Draft invoice's items take new tax totals; the invoice's tax, amount and balance follow. */
export { invoiceIdOfItem, setDraftItemTaxes } from './item-taxes.js';
export { invoiceSettledAmountsSources, type InvoiceSettledAmounts, type InvoiceSettledAmountsSource } from './settled-amounts.js';
export { invoiceApplicationPartsSources, type InvoiceApplicationPart, type InvoiceApplicationPartsSource } from './application-parts.js';
export { accountBillingDocuments, billingDocumentSources, type BillingDocument, type BillingDocumentFilter, type BillingDocumentSource } from './billing-documents.js';

/** An invoice with its items, as memos made from it read it (the invoices module's row shapes). */
export interface InvoiceDocument {
  invoice: store.InvoiceRow;
  items: store.ItemRow[];
}
export type { InvoiceRow, ItemRow as InvoiceItemRow } from './store.js';

/** An account's Posted invoices (id, number, dates, amount, balance), newest first: what a payment run collects. */
export async function postedInvoicesOf(ctx: Ctx, accountId: string) {
  return store.postedInvoicesOfAccount(ctx, accountId);
}

/** The invoice by id or number with its items, or null. */
export async function readInvoice(ctx: Ctx, key: string): Promise<InvoiceDocument | null> {
  const invoice = await store.findInvoice(ctx, key);
  if (!invoice) return null;
  return { invoice, items: await store.itemsOf(ctx, 'invoice_items', invoice.id) };
}
