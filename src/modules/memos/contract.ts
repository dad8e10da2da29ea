/**
 * What other modules (payments) use of memos: the settlement port. A document that receives money
 * or credit (a Posted invoice or debit memo) is locked, then its balance lowered or raised item by
 * item, in the caller's transaction. The credit memos of this module use the same port, so every
 * settlement follows one rule (settle.ts).
 */
import type { Ctx } from '../../platform/context.js';
import { invoiceSettlement } from '../invoices/contract.js';
import { RES_INVOICE } from '../invoices/service.js';
import { isoNow } from '../invoices/service.js';
import { ruleViolation } from '../../platform/errors.js';
import { planSettlement } from './settle.js';
import * as store from './store.js';

export type SettledKind = 'invoice' | 'debitMemo';
export interface SettlementItem { id: string; amount: string; taxAmount: string; balance: string }
export interface SettlementDoc { kind: SettledKind; id: string; number: string; accountId: string; currency: string; status: string; amount: string; balance: string; items: SettlementItem[] }
export interface DocumentSettlement {
  /** A Posted invoice or debit memo by id or number, read and locked for the rest of the transaction (FOR UPDATE on PostgreSQL); null when there is none in the tenant. */
  lockForSettlement(ctx: Ctx, kind: SettledKind, key: string): Promise<SettlementDoc | null>;
  /** Lowers the document's balance by `amount` (> 0), and its items' balances: the given items by the given amounts, or else spread over the items in order. A rule error (category 30) naming the document when it exceeds a balance. */
  applyToDocument(ctx: Ctx, doc: SettlementDoc, amount: string, items?: Array<{ itemId: string; amount: string }>): Promise<void>;
  /** The reverse; a rule error when it would raise a balance above its amount. */
  unapplyFromDocument(ctx: Ctx, doc: SettlementDoc, amount: string, items?: Array<{ itemId: string; amount: string }>): Promise<void>;
}

/** The tax module's port: a memo with its items as taxation items see it; a Draft memo's items take new tax totals. */
export { memoForTax, setDraftMemoItemTaxes, type TaxedMemo } from './item-taxes.js';

/** Resource code of debit memo errors (zbill's choice: Zuora's samples show none). */
export const RES_DEBIT_MEMO = 594100;

const label = (doc: SettlementDoc) => `${doc.kind === 'invoice' ? 'invoice' : 'debit memo'} ${doc.number}`;
const resource = (kind: SettledKind) => (kind === 'invoice' ? RES_INVOICE : RES_DEBIT_MEMO);

async function settle(ctx: Ctx, doc: SettlementDoc, amount: string, direction: 1 | -1, items?: Array<{ itemId: string; amount: string }>): Promise<void> {
  if (doc.status !== 'Posted') throw ruleViolation(`The ${label(doc)} is ${doc.status}: only a Posted document can be ${direction === 1 ? 'applied to' : 'unapplied from'}`, resource(doc.kind));
  const plan = planSettlement({ label: label(doc), amount: doc.amount, balance: doc.balance, items: doc.items }, amount, direction, items, resource(doc.kind));
  if (doc.kind === 'invoice') {
    await invoiceSettlement.setBalances(ctx, doc.id, plan.balance, plan.items);
  } else {
    await store.updateMemo(ctx, 'debitMemo', doc.id, { balance: plan.balance, updated_at: isoNow(ctx) });
    for (const i of plan.items) await store.updateItem(ctx, 'debitMemo', i.id, { balance: i.balance });
  }
  // The caller's copy follows, so that several settlements in one transaction see each other.
  doc.balance = plan.balance;
  for (const i of plan.items) {
    const it = doc.items.find((x) => x.id === i.id);
    if (it) it.balance = i.balance;
  }
}

export const documentSettlement: DocumentSettlement = {
  async lockForSettlement(ctx, kind, key) {
    if (kind === 'invoice') {
      const inv = await invoiceSettlement.lock(ctx, key);
      if (!inv || inv.status !== 'Posted') return null;
      return { kind, ...inv };
    }
    const dm = await store.findMemo(ctx, 'debitMemo', key, true);
    if (!dm || dm.status !== 'Posted') return null;
    const items = await store.itemsOf(ctx, 'debitMemo', dm.id);
    return {
      kind,
      id: dm.id,
      number: dm.memo_number,
      accountId: dm.account_id,
      currency: dm.currency,
      status: dm.status,
      amount: dm.amount,
      balance: dm.balance,
      items: items.map((i) => ({ id: i.id, amount: i.amount, taxAmount: i.tax_amount, balance: i.balance })),
    };
  },
  applyToDocument: (ctx, doc, amount, items) => settle(ctx, doc, amount, 1, items),
  unapplyFromDocument: (ctx, doc, amount, items) => settle(ctx, doc, amount, -1, items),
};

/**
 * GET /v1/debit-memos/{id}/application-parts lists what was applied to a debit memo: the credit memos
 * (this module) and whatever other module settles debit memos adds here when it joins (addOnce): each
 * source answers its parts in the page's shape ({ appliedAmount, creditMemoId, paymentId, createdDate, … }).
 */
export type DebitMemoApplicationPartsSource = (ctx: Ctx, debitMemoId: string) => Promise<Array<Record<string, unknown>>>;
export const debitMemoApplicationPartsSources: DebitMemoApplicationPartsSource[] = [];

/**
 * The external refunds of credit memos (POST /v1/credit-memos/{key}/refund) are kept by this module
 * (memo_refunds), numbered R-… from the refund sequence. The payments module's refund reads
 * (GET /v1/refunds/{key}) may fall back to this reader to show them: the Refund shape of the refund page.
 */
export async function creditMemoRefund(ctx: Ctx, key: string): Promise<Record<string, unknown> | null> {
  const r = await store.findRefund(ctx, key);
  if (!r) return null;
  const { refundView } = await import('./apply.js');
  return refundView(ctx, r);
}

/** The refunds of an account's credit memos (the money they gave back), by refund date: for summary statements. */
export async function creditMemoRefundsOfAccount(ctx: Ctx, accountId: string): Promise<Array<{ id: string; number: string; refundDate: string; amount: string }>> {
  return (await store.refundsOfAccount(ctx, accountId)).map((r) => ({ id: r.id, number: r.number, refundDate: r.refund_date, amount: r.amount }));
}

/** A credit or debit memo by id or number with its items (the memos module's row shapes), or null: for the documents module (PDFs, emails). */
export async function readMemo(ctx: Ctx, kind: 'creditMemo' | 'debitMemo', key: string): Promise<{ memo: store.AnyMemoRow; items: store.MemoItemRow[] } | null> {
  const memo = await store.findMemo(ctx, kind, key);
  if (!memo) return null;
  return { memo, items: await store.itemsOf(ctx, kind, memo.id) };
}
export type { AnyMemoRow, CreditMemoRow, DebitMemoRow, MemoItemRow } from './store.js';
