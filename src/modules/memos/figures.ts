/** What memos add to an account's figures (accounts/contract.ts sums every module's contribution). */
import type { Ctx } from '../../platform/context.js';
import { D, type Money } from '../../platform/money.js';
import type { AccountFiguresContribution } from '../accounts/contract.js';
import * as store from './store.js';

/**
 * Zuora ("Understand different balance types on invoices", Invoice Settlement enabled): account
 * balance = invoice balances + debit memo balances - unapplied payments - unapplied credit memos.
 * Memos add their debit memo balances and take off the unapplied amount of posted credit memos.
 */
export async function memoAccountFigures(ctx: Ctx, accountId: string): Promise<AccountFiguresContribution> {
  const cms = await store.postedCreditMemosOfAccount(ctx, accountId);
  const dms = await store.postedDebitMemosOfAccount(ctx, accountId);
  const unapplied = cms.reduce((t: Money, m) => t.plus(m.unapplied_amount), new D(0));
  const debit = dms.reduce((t: Money, m) => t.plus(m.balance), new D(0));
  return { balance: debit.minus(unapplied).toFixed(), totalDebitMemoBalance: debit.toFixed(), unappliedCreditMemoAmount: unapplied.toFixed() };
}
