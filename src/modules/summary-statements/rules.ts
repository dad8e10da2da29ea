/**
 * Pure rules of summary statements (no database, no clock):
 * - the statement period of a run's date range type (the createSummaryStatementRun page: the previous
 *   one or three calendar months, e.g. 2024-05-01 to 2024-07-31 when run on 2024-08-20; Custom: from the
 *   start date, at most five years back, to today, the end date never entered);
 * - which accounts a target account category selects (the categories as Zuora's Statement Generator
 *   describes them: open invoices, an outstanding balance, no unpaid invoice but other transactions,
 *   no unpaid invoice but an outstanding balance);
 * - a statement's figures: the balance carried in at the start (every posted document and processed
 *   payment or refund dated before it), the period's transactions in date order with the running
 *   balance, and the closing balance. Invoices and debit memos raise the balance, credit memos and
 *   payments lower it, refunds raise it (money given back).
 */
import { Temporal } from '../../platform/dates.js';
import { D, type Money } from '../../platform/money.js';

export const DATE_RANGE_TYPES = ['Custom', 'PreviousThreeCalendarMonth', 'PreviousOneCalendarMonth'] as const;
export type DateRangeType = (typeof DATE_RANGE_TYPES)[number];

export const TARGET_CATEGORIES = ['SingleAccount', 'AllAccounts', 'AccountsWithOpenInvoices', 'AccountsWithOpenBalances', 'AccountsWithoutInvoices', 'AccountsWithoutInvoicesAndOpenBalances'] as const;
export type TargetCategory = (typeof TARGET_CATEGORIES)[number];

/** "The start date can be set to a maximum of 5 years in the past." */
export const MAX_YEARS_BACK = 5;

export interface Period {
  start: Temporal.PlainDate;
  end: Temporal.PlainDate;
}

/** The period of a run made on `today`; for Custom, from `start` (checked by the caller against customStartProblem). */
export function statementPeriod(type: DateRangeType, today: Temporal.PlainDate, start?: Temporal.PlainDate): Period {
  if (type === 'Custom') return { start: start!, end: today };
  const firstOfMonth = today.with({ day: 1 });
  const end = firstOfMonth.subtract({ days: 1 });
  const months = type === 'PreviousOneCalendarMonth' ? 1 : 3;
  return { start: firstOfMonth.subtract({ months }), end };
}

/** Why a Custom start date cannot be taken on `today`, or null. */
export function customStartProblem(start: Temporal.PlainDate, today: Temporal.PlainDate): string | null {
  if (Temporal.PlainDate.compare(start, today) > 0) return `'startDate' (${start}) must not be after today (${today}): the end date of a Custom range is today`;
  const earliest = today.subtract({ years: MAX_YEARS_BACK });
  if (Temporal.PlainDate.compare(start, earliest) < 0) return `'startDate' (${start}) can be at most ${MAX_YEARS_BACK} years in the past (not before ${earliest})`;
  return null;
}

/** What the category test needs of an account. */
export interface AccountStanding {
  /** Posted invoices with a balance left. */
  openInvoices: number;
  /** The account balance (decimal string). */
  balance: string;
  /** Credit memos, debit memos, payments and refunds of the account (any date). */
  otherTransactions: number;
}

export function inCategory(category: Exclude<TargetCategory, 'SingleAccount'>, a: AccountStanding): boolean {
  const owes = new D(a.balance).greaterThan(0);
  switch (category) {
    case 'AllAccounts':
      return true;
    case 'AccountsWithOpenInvoices':
      return a.openInvoices > 0;
    case 'AccountsWithOpenBalances':
      return owes;
    case 'AccountsWithoutInvoices':
      return a.openInvoices === 0 && a.otherTransactions > 0;
    case 'AccountsWithoutInvoicesAndOpenBalances':
      return a.openInvoices === 0 && owes;
  }
}

export type ActivityKind = 'Invoice' | 'DebitMemo' | 'CreditMemo' | 'Payment' | 'Refund';
/** A posted document, a processed payment or a refund of the account: its date and its (positive) amount. */
export interface Activity {
  kind: ActivityKind;
  id: string;
  number: string;
  date: string;
  amount: string;
}

const SIGN: Record<ActivityKind, 1 | -1> = { Invoice: 1, DebitMemo: 1, CreditMemo: -1, Payment: -1, Refund: 1 };
const ORDER: ActivityKind[] = ['Invoice', 'DebitMemo', 'CreditMemo', 'Payment', 'Refund'];

export interface StatementLine {
  date: string;
  kind: ActivityKind;
  number: string;
  /** what raises the balance (invoices, debit memos, refunds), else null */
  charge: string | null;
  /** what lowers it (credit memos, payments), else null */
  credit: string | null;
  /** the running balance after this line */
  balance: string;
}

export interface StatementFigures {
  openingBalance: string;
  closingBalance: string;
  /** the period's totals by kind */
  totals: Record<ActivityKind, string>;
  lines: StatementLine[];
}

/** The statement of [start, end] (inclusive dates `YYYY-MM-DD`) over the account's activity; what is dated after the end is left out. */
export function statementFigures(activity: Activity[], start: string, end: string): StatementFigures {
  let opening: Money = new D(0);
  const totals = Object.fromEntries(ORDER.map((k) => [k, new D(0)])) as Record<ActivityKind, Money>;
  const within: Activity[] = [];
  for (const a of activity) {
    if (a.date < start) opening = opening.plus(new D(a.amount).times(SIGN[a.kind]));
    else if (a.date <= end) within.push(a);
  }
  within.sort((x, y) => x.date.localeCompare(y.date) || ORDER.indexOf(x.kind) - ORDER.indexOf(y.kind) || x.number.localeCompare(y.number));
  let balance = opening;
  const lines: StatementLine[] = within.map((a) => {
    const amt = new D(a.amount);
    balance = balance.plus(amt.times(SIGN[a.kind]));
    totals[a.kind] = totals[a.kind].plus(amt);
    return { date: a.date, kind: a.kind, number: a.number, charge: SIGN[a.kind] > 0 ? amt.toFixed() : null, credit: SIGN[a.kind] < 0 ? amt.toFixed() : null, balance: balance.toFixed() };
  });
  return {
    openingBalance: opening.toFixed(),
    closingBalance: balance.toFixed(),
    totals: Object.fromEntries(ORDER.map((k) => [k, totals[k].toFixed()])) as Record<ActivityKind, string>,
    lines,
  };
}
