/** What a summary statement shows of payments: an account's processed payments and refunds (re-exported by contract.ts). */
import type { Ctx } from '../../platform/context.js';
import * as store from './store.js';

export interface AccountMoneyMovement {
  id: string;
  number: string;
  /** the payment's effective date, the refund's refund date */
  date: string;
  /** decimal string, positive */
  amount: string;
}

/** The account's live Processed payments and Processed refunds of them, oldest first (canceled, declined and deleted ones moved no money). */
export async function accountPaymentActivity(ctx: Ctx, accountId: string): Promise<{ payments: AccountMoneyMovement[]; refunds: AccountMoneyMovement[] }> {
  const payments = (await store.processedPaymentsOfAccount(ctx, accountId)).reverse().map((p) => ({ id: p.id, number: p.number, date: p.effective_date, amount: p.amount }));
  const refunds = (await store.processedRefundsOfAccount(ctx, accountId)).map((r) => ({ id: r.id, number: r.number, date: r.refund_date, amount: r.amount }));
  return { payments, refunds };
}
