/**
 * The pure rule of settling a document (an invoice or a debit memo): lowering its balance by an
 * amount applied to it (a credit memo, a payment) or raising it back on an unapplication, item by
 * item. No database: the caller locked the document and writes what this returns.
 *
 * Zuora (Apply a credit memo; Apply unapplied payments to invoices and debit memos): an amount
 * applied never exceeds the document's balance nor, per item, the item's balance; an unapplication
 * never gives back more than was applied, so no balance rises above its amount. Amounts are > 0.
 */
import { invalidValue, ruleViolation } from '../../platform/errors.js';
import { D, type Money } from '../../platform/money.js';

export interface SettleItem {
  id: string;
  amount: string;
  taxAmount: string;
  balance: string;
}

export interface SettleDoc {
  /** how errors name it: "invoice INV00000001" */
  label: string;
  amount: string;
  balance: string;
  items: SettleItem[];
}

export interface SettlePlan {
  balance: string;
  /** the changed items, with their new balances and the amount each took */
  items: Array<{ id: string; balance: string; amount: string }>;
}

/** An item's full amount: what its balance starts at (its amount with its tax). */
const full = (i: SettleItem) => new D(i.amount).plus(i.taxAmount);

/**
 * The new balances after applying (`direction` 1) or unapplying (-1) `amount`, spread over the
 * given items by their amounts or, when none are given, over the items in order. Throws a rule
 * error (category 30) naming the document when a balance would leave [0, amount] (for a negative
 * document, [amount, 0]) and an invalid value (20) for a bad amount or item.
 */
export function planSettlement(doc: SettleDoc, amountIn: string, direction: 1 | -1, given: Array<{ itemId: string; amount: string }> | undefined, resource: number): SettlePlan {
  const amount = new D(amountIn);
  if (!amount.isFinite() || amount.lte(0)) throw invalidValue(`The amount to ${direction === 1 ? 'apply to' : 'unapply from'} the ${doc.label} must be greater than 0, got ${amountIn}`, resource);
  const balance = new D(doc.balance);
  const total = new D(doc.amount);
  if (direction === 1 && amount.gt(balance)) throw ruleViolation(`The amount ${amount.toFixed()} exceeds the balance ${balance.toFixed()} of the ${doc.label}`, resource);
  if (direction === -1 && balance.plus(amount).gt(total)) throw ruleViolation(`The amount ${amount.toFixed()} exceeds what was applied to the ${doc.label} (${total.minus(balance).toFixed()})`, resource);
  const newBalance = direction === 1 ? balance.minus(amount) : balance.plus(amount);

  const changes = new Map<string, { id: string; balance: Money; amount: Money }>();
  if (given && given.length) {
    let sum = new D(0);
    for (const g of given) {
      const item = doc.items.find((i) => i.id === g.itemId);
      if (!item) throw invalidValue(`The item ${g.itemId} is not an item of the ${doc.label}`, resource);
      const a = new D(g.amount);
      if (!a.isFinite() || a.lte(0)) throw invalidValue(`The amount for the item ${g.itemId} of the ${doc.label} must be greater than 0, got ${g.amount}`, resource);
      const prev = changes.get(item.id);
      const cur = prev ? prev.balance : new D(item.balance);
      const next = direction === 1 ? cur.minus(a) : cur.plus(a);
      if (direction === 1 && next.lt(0)) throw ruleViolation(`The amount ${a.toFixed()} exceeds the balance ${cur.toFixed()} of the item ${item.id} of the ${doc.label}`, resource);
      if (direction === -1 && next.gt(full(item))) throw ruleViolation(`The amount ${a.toFixed()} exceeds what was applied to the item ${item.id} of the ${doc.label} (${full(item).minus(cur).toFixed()})`, resource);
      changes.set(item.id, { id: item.id, balance: next, amount: (prev?.amount ?? new D(0)).plus(a) });
      sum = sum.plus(a);
    }
    if (!sum.eq(amount)) throw ruleViolation(`The items' amounts (${sum.toFixed()}) do not add up to the amount ${amount.toFixed()} for the ${doc.label}`, resource);
  } else {
    let left = amount;
    for (const item of doc.items) {
      if (left.isZero()) break;
      const cur = new D(item.balance);
      const room = direction === 1 ? cur : full(item).minus(cur);
      if (room.lte(0)) continue;
      const take = D.min(room, left);
      changes.set(item.id, { id: item.id, balance: direction === 1 ? cur.minus(take) : cur.plus(take), amount: take });
      left = left.minus(take);
    }
    if (left.gt(0)) throw ruleViolation(`The amount ${amount.toFixed()} cannot be spread over the items of the ${doc.label}: ${left.toFixed()} is left`, resource);
  }
  return { balance: newBalance.toFixed(), items: [...changes.values()].map((c) => ({ id: c.id, balance: c.balance.toFixed(), amount: c.amount.toFixed() })) };
}
