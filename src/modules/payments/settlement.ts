/**
 * How payments settle invoices and debit memos: only through the memos module's settlement port
 * (src/modules/memos/contract.ts, `documentSettlement`). The payments module never reads or writes
 * another module's tables. Every application names its items, so that a payment's item parts are
 * exactly what it took from each item and its unapplication gives back exactly that.
 */
import type { Ctx } from '../../platform/context.js';
import { ruleViolation } from '../../platform/errors.js';
import { D, type Money } from '../../platform/money.js';
import { documentSettlement, type SettlementDoc } from '../memos/contract.js';

export type DocumentKind = 'invoice' | 'debitMemo';
export type LockedDocument = SettlementDoc;

export interface ItemAmount {
  itemId: string;
  amount: Money;
}

/** A Posted document, locked for the rest of the transaction (FOR UPDATE on PostgreSQL), or undefined. */
export async function lockDocument(ctx: Ctx, kind: DocumentKind, key: string): Promise<LockedDocument | undefined> {
  return (await documentSettlement.lockForSettlement(ctx, kind, key)) ?? undefined;
}

/**
 * The items an amount takes when none are named: the items in order, each up to its balance (the
 * rule the memos module uses for credit memos too).
 */
export function spreadOverItems(doc: LockedDocument, amount: Money, resource: number): ItemAmount[] {
  let left = amount;
  const out: ItemAmount[] = [];
  for (const i of doc.items) {
    if (left.lte(0)) break;
    const bal = new D(i.balance);
    if (bal.lte(0)) continue;
    const take = D.min(bal, left);
    out.push({ itemId: i.id, amount: take });
    left = left.minus(take);
  }
  if (left.gt(0)) throw ruleViolation(`The amount ${amount.toFixed()} cannot be spread over the items of the ${doc.kind === 'invoice' ? 'invoice' : 'debit memo'} ${doc.number}: ${left.toFixed()} is left`, resource);
  return out;
}

/** Lowers the document's balance by `amount`, item by item; answers what each item took. */
export async function applyToDocument(ctx: Ctx, doc: LockedDocument, amount: Money, items: ItemAmount[] | undefined, resource: number): Promise<ItemAmount[]> {
  const taken = items ?? spreadOverItems(doc, amount, resource);
  await documentSettlement.applyToDocument(ctx, doc, amount.toFixed(), taken.map((i) => ({ itemId: i.itemId, amount: i.amount.toFixed() })));
  return taken;
}

/** Raises the document's balance by `amount`, on the items named. */
export async function unapplyFromDocument(ctx: Ctx, doc: LockedDocument, amount: Money, items: ItemAmount[]): Promise<void> {
  await documentSettlement.unapplyFromDocument(ctx, doc, amount.toFixed(), items.map((i) => ({ itemId: i.itemId, amount: i.amount.toFixed() })));
}
