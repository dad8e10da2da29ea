/**
 * The memo side of taxation items (the tax module's port, through contract.ts): a Draft credit or debit
 * memo's items take the tax totals the tax module computed from its taxation items, and the memo's
 * taxAmount, amount and unapplied amount (credit) or balance (debit) follow; a Draft memo has nothing
 * applied, so each item's balance is its amount plus tax.
 */
import type { Ctx } from '../../platform/context.js';
import { notFound, ruleViolation } from '../../platform/errors.js';
import { D, toDbAmount, type Money } from '../../platform/money.js';
import { isoNow } from '../invoices/service.js';
import { labelOf, resourceOf } from './service.js';
import * as store from './store.js';

export interface TaxedMemo {
  id: string;
  number: string;
  accountId: string;
  currency: string;
  status: string;
  items: Array<{ id: string; amount: string; taxAmount: string; balance: string }>;
}

/** The memo by id or number with its items (locked for the transaction on PostgreSQL when asked); null when none. */
export async function memoForTax(ctx: Ctx, kind: store.MemoKind, key: string, lock: boolean): Promise<TaxedMemo | null> {
  const m = await store.findMemo(ctx, kind, key, lock);
  if (!m) return null;
  const items = await store.itemsOf(ctx, kind, m.id);
  return {
    id: m.id,
    number: m.memo_number,
    accountId: m.account_id,
    currency: m.currency,
    status: m.status,
    items: items.map((i) => ({ id: i.id, amount: i.amount, taxAmount: i.tax_amount, balance: i.balance })),
  };
}

/** Sets the tax of the named items of a Draft memo (each the sum of its taxation items, rounded). */
export async function setDraftMemoItemTaxes(ctx: Ctx, kind: store.MemoKind, memoId: string, taxes: Array<{ itemId: string; taxAmount: string }>): Promise<void> {
  const m = await store.findMemo(ctx, kind, memoId, true);
  if (!m) throw notFound(`The ${labelOf(kind)} ${memoId} does not exist`, resourceOf(kind));
  if (m.status !== 'Draft') throw ruleViolation(`The ${labelOf(kind)} ${m.memo_number} is ${m.status}: taxation items can be changed only on a Draft ${labelOf(kind)}`, resourceOf(kind));
  const items = await store.itemsOf(ctx, kind, m.id);
  const byId = new Map(taxes.map((t) => [t.itemId, t.taxAmount]));
  let tax: Money = new D(0);
  let total: Money = new D(0);
  for (const i of items) {
    const t = byId.has(i.id) ? new D(byId.get(i.id)!) : new D(i.tax_amount);
    tax = tax.plus(t);
    total = total.plus(i.amount).plus(t);
    if (byId.has(i.id)) await store.updateItem(ctx, kind, i.id, { tax_amount: toDbAmount(t), balance: toDbAmount(new D(i.amount).plus(t)) });
  }
  const set = { tax_amount: toDbAmount(tax), amount: toDbAmount(total), updated_at: isoNow(ctx) };
  await store.updateMemo(ctx, kind, m.id, kind === 'creditMemo' ? { ...set, unapplied_amount: toDbAmount(total) } : { ...set, balance: toDbAmount(total) });
}
