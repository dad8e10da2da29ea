/** What memos add to an account's figures (accounts/contract.ts sums every module's contribution). */
import type { Ctx } from '../../platform/context.js';
import { D, type Money } from '../../platform/money.js';
import type { AccountFiguresContribution } from '../accounts/contract.js';
import * as store from './store.js';

/**
 * Zuora (Invoice Settlement): the account balance is what posted invoices and debit memos still
 * owe; a posted credit memo's unapplied amount is shown apart (unappliedCreditMemoAmount) and does
 * not lower the balance until it is applied.
 */
export async function memoAccountFigures(ctx: Ctx, accountId: string): Promise<AccountFiguresContribution> {
  const cms = await store.postedCreditMemosOfAccount(ctx, accountId);
  const dms = await store.postedDebitMemosOfAccount(ctx, accountId);
  const unapplied = cms.reduce((t: Money, m) => t.plus(m.unapplied_amount), new D(0));
  const debit = dms.reduce((t: Money, m) => t.plus(m.balance), new D(0));
  return { balance: debit.toFixed(), totalDebitMemoBalance: debit.toFixed(), unappliedCreditMemoAmount: unapplied.toFixed() };
}
