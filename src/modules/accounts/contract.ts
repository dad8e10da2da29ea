/**
 * What other modules read from or plug into accounts. Accounts sit below billing, so what accounts
 * show of invoices (balance, total invoice balance, last invoice date, the summary's invoices) comes
 * through a port the invoices module registers when it joins the app. Without it the figures are zero.
 */
import type { Ctx } from '../../platform/context.js';
import { listForBillRun } from './store.js';

/** Amounts are decimal strings; dates `YYYY-MM-DD`. */
export interface AccountBillingFigures {
  balance: string;
  totalInvoiceBalance: string;
  unappliedCreditMemoAmount: string;
  lastInvoiceDate: string | null;
  /** Posted invoices, newest first. */
  invoices: Array<{ id: string; invoiceNumber: string; invoiceDate: string; dueDate: string; amount: string; balance: string; status: string }>;
}

export type AccountBillingPort = (ctx: Ctx, accountId: string) => Promise<AccountBillingFigures>;

const NONE: AccountBillingFigures = { balance: '0', totalInvoiceBalance: '0', unappliedCreditMemoAmount: '0', lastInvoiceDate: null, invoices: [] };
let port: AccountBillingPort | undefined;

/** The invoices module registers its figures here (ZModule join); registering again replaces them. */
export function registerAccountBillingPort(p: AccountBillingPort): void {
  port = p;
}

export async function accountBillingFigures(ctx: Ctx, accountId: string): Promise<AccountBillingFigures> {
  return port ? port(ctx, accountId) : NONE;
}

/** The accounts a bill run by batch bills: Active, of the batches (all when none), of one bill cycle day when given. */
export async function accountsForBillRun(ctx: Ctx, o: { batches?: string[]; billCycleDay?: number }): Promise<Array<{ id: string; accountNumber: string }>> {
  return (await listForBillRun(ctx, o)).map((r) => ({ id: r.id, accountNumber: r.account_number }));
}
