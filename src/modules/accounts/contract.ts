/**
 * What other modules read from or plug into accounts. Accounts sit below billing, so what accounts
 * show of invoices (balance, total invoice balance, last invoice date, the summary's invoices) comes
 * through a port the invoices module registers when it joins the app. Without it the figures are zero.
 */
import type { Ctx } from '../../platform/context.js';
import { D, type Money } from '../../platform/money.js';
import { listForBillRun } from './store.js';

/** Amounts are decimal strings; dates `YYYY-MM-DD`. */
export interface AccountBillingFigures {
  /** What the account owes: posted invoices' and debit memos' balances (as the tenant's rules count them). */
  balance: string;
  totalInvoiceBalance: string;
  totalDebitMemoBalance: string;
  unappliedCreditMemoAmount: string;
  unappliedPaymentAmount: string;
  creditBalance: string;
  lastInvoiceDate: string | null;
  lastPaymentDate: string | null;
  lastPaymentAmount: string | null;
  /** Posted invoices, newest first. */
  invoices: Array<{ id: string; invoiceNumber: string; invoiceDate: string; dueDate: string; amount: string; balance: string; status: string }>;
  /** The account summary's payments, newest first (the payments module fills them). */
  payments: Array<Record<string, unknown>>;
}

/** What one module adds to an account's figures: the amounts are summed over every contributor, the lists joined. */
export type AccountFiguresContribution = Partial<AccountBillingFigures>;
export type AccountBillingPort = (ctx: Ctx, accountId: string) => Promise<AccountFiguresContribution>;

/**
 * Every module holding documents of an account (invoices, memos, payments) adds its contributor
 * here when it joins the app (addOnce). Without any the figures are zero.
 */
export const accountFiguresContributors: AccountBillingPort[] = [];

/** Adds a contributor (ZModule join); adding the same function again changes nothing. */
export function registerAccountBillingPort(p: AccountBillingPort): void {
  if (!accountFiguresContributors.includes(p)) accountFiguresContributors.push(p);
}

const AMOUNTS = ['balance', 'totalInvoiceBalance', 'totalDebitMemoBalance', 'unappliedCreditMemoAmount', 'unappliedPaymentAmount', 'creditBalance'] as const;

export async function accountBillingFigures(ctx: Ctx, accountId: string): Promise<AccountBillingFigures> {
  const sums = Object.fromEntries(AMOUNTS.map((k) => [k, new D(0)])) as Record<(typeof AMOUNTS)[number], Money>;
  const out: AccountBillingFigures = { balance: '0', totalInvoiceBalance: '0', totalDebitMemoBalance: '0', unappliedCreditMemoAmount: '0', unappliedPaymentAmount: '0', creditBalance: '0', lastInvoiceDate: null, lastPaymentDate: null, lastPaymentAmount: null, invoices: [], payments: [] };
  for (const c of accountFiguresContributors) {
    const f = await c(ctx, accountId);
    for (const k of AMOUNTS) if (f[k] !== undefined) sums[k] = sums[k].plus(f[k]!);
    if (f.lastInvoiceDate && (!out.lastInvoiceDate || f.lastInvoiceDate > out.lastInvoiceDate)) out.lastInvoiceDate = f.lastInvoiceDate;
    if (f.lastPaymentDate && (!out.lastPaymentDate || f.lastPaymentDate > out.lastPaymentDate)) {
      out.lastPaymentDate = f.lastPaymentDate;
      out.lastPaymentAmount = f.lastPaymentAmount ?? null;
    }
    if (f.invoices) out.invoices.push(...f.invoices);
    if (f.payments) out.payments.push(...f.payments);
  }
  for (const k of AMOUNTS) out[k] = sums[k].toFixed();
  return out;
}

/** The accounts a bill run by batch bills: Active, of the batches (all when none), of one bill cycle day when given. */
export async function accountsForBillRun(ctx: Ctx, o: { batches?: string[]; billCycleDay?: number }): Promise<Array<{ id: string; accountNumber: string; billCycleDay: number }>> {
  return (await listForBillRun(ctx, o)).map((r) => ({ id: r.id, accountNumber: r.account_number, billCycleDay: Number(r.bill_cycle_day) }));
}

/** A change of an account's bill cycle day by PUT /v1/accounts/{key} (from one day 1-31 to another), on the tenant's `date`. */
export interface BillCycleDayChange {
  accountId: string;
  fromDay: number;
  toDay: number;
  date: string;
}

/** Told of each bill cycle day change, inside the update's transaction (billing keeps them: what was billed keeps its periods). */
export const billCycleDayChangedHooks: Array<(ctx: Ctx, e: BillCycleDayChange) => Promise<void>> = [];

/** An account by id or number (Configurable Payment Retry: its default payment method, batch and currency). */
export { getAccountByKey, type AccountRecord } from './service.js';
