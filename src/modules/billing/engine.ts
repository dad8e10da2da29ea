/**
 * The billing engine: for one account and a target date, what a bill run must bill now. It reads the
 * subscriptions' billing view, the account's bill cycle day, the tenant's billing rules, the usage
 * records and what is already billed (the BilledLedger the invoices module registers), and hands them
 * to the pure `proposeFromView` (rate-account.ts). It writes nothing.
 */
import type { Ctx } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { getAccountByKey } from '../accounts/service.js';
import { billingRules, type TenantBillingRules } from '../settings/contract.js';
import { billingSegments, type BillingSegmentRow, type SubscriptionRecord } from '../subscriptions/contract.js';
import { subscriptionReader } from '../subscriptions/service.js';
import { usageLedger } from '../usage/contract.js';
import { billedLedger, scheduledCharges, type BillingEngine, type ProposedItem, type ProposeOptions } from './contract.js';
import { billCycleDayChanges } from './bill-cycle.js';
import { proposeFromView } from './rate-account.js';
import { renewedTermEnd, renewRows, type AssumeRenewal } from './renewal.js';

/** Subscription statuses whose charges are billed (each charge stops where its segments end). */
const BILLED_STATUSES = new Set(['Active', 'Cancelled', 'Suspended', 'Expired', 'Pending Activation', 'Pending Acceptance']);

export interface ScopeOptions extends ProposeOptions {
  /** Leave evergreen subscriptions out (billing preview's includingEvergreenSubscription false). */
  excludeEvergreen?: boolean;
  /** A billing preview's assumeRenewal: subscriptions taken as renewed through the target date (renewal.ts). */
  assumeRenewal?: AssumeRenewal;
  /** Rate these subscription records instead of the account's stored ones (an order preview's would-be state). */
  subscriptions?: SubscriptionRecord[];
  /**
   * What the caller already read, so that the engine does not read it again (hot paths): the account (its
   * id and bill cycle day; `accountId` is then its id), the tenant's billing rules (a bill run reads them
   * once), the account's bill cycle day changes (a bill run reads them for many accounts at once).
   */
  preloaded?: { account?: { id: string; billCycleDay: number }; rules?: TenantBillingRules; bcdChanges?: BcdChange[] };
}

type BcdChange = Awaited<ReturnType<typeof billCycleDayChanges>>[number];

/** The billing view of the account's subscriptions in scope. */
export async function accountRows(ctx: Ctx, accountId: string, o: ScopeOptions): Promise<BillingSegmentRow[]> {
  const stored = await subscriptionReader.listByAccount(ctx, accountId);
  const given = new Map((o.subscriptions ?? []).map((s) => [s.subscriptionNumber, s]));
  const subs = [...stored.filter((s) => !given.has(s.subscriptionNumber)), ...given.values()];
  const wanted = o.subscriptionNumbers ? new Set(o.subscriptionNumbers) : null;
  const excluded = new Set(o.excludeChargeTypes ?? []);
  return subs
    .filter((s) => s.invoiceOwnerAccountId === accountId && BILLED_STATUSES.has(s.status))
    .filter((s) => !wanted || wanted.has(s.subscriptionNumber))
    .filter((s) => !o.excludeEvergreen || s.termType !== 'EVERGREEN')
    .flatMap((s) => {
      const end = o.assumeRenewal ? renewedTermEnd(s, o.assumeRenewal, o.targetDate) : undefined;
      return end === undefined ? billingSegments(s) : renewRows(billingSegments(s), s, end);
    })
    .filter((r) => !excluded.has(r.chargeType as never));
}

export async function proposeItems(ctx: Ctx, o: ScopeOptions): Promise<ProposedItem[]> {
  const pre = o.preloaded ?? {};
  const account = pre.account ?? (await getAccountByKey(ctx, o.accountId));
  if (!account) throw notFound(`Cannot find the account with key ${o.accountId}`);
  const rows = await accountRows(ctx, account.id, o);
  if (!rows.length) return [];
  const [rules, ledger, bcdChanges] = await Promise.all([pre.rules ?? billingRules(ctx), billedLedger().billedItems(ctx, account.id), pre.bcdChanges ?? billCycleDayChanges(ctx, account.id)]);
  // the periods invoice schedules hold (through a day per charge) are billed by their schedules, never here: neither
  // what they billed nor what falls due in them is seen; a held charge's later periods (a renewed term) bill as usual
  const held = o.includeScheduledCharges ? null : await scheduledCharges(ctx, account.id);
  const inHeld = (chargeId: string, start: string) => (held?.get(chargeId) ?? '') >= start;
  const billed = held?.size ? ledger.filter((b) => !inHeld(b.originalChargeId, b.serviceStartDate)) : ledger;
  const hasUsage = rows.some((r) => r.chargeType === 'Usage');
  const from = rows.reduce((m, r) => (r.chargeStartDate < m ? r.chargeStartDate : m), o.targetDate);
  const to = new Date(Date.parse(`${o.targetDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const usage = hasUsage ? await usageLedger.usageForAccount(ctx, account.id, from, to) : [];
  const items = proposeFromView({ rows, account: { billCycleDay: account.billCycleDay, bcdChanges }, rules, targetDate: o.targetDate, billed, usage });
  return held?.size ? items.filter((p) => !inHeld(p.originalChargeId, p.serviceStartDate)) : items;
}

export const billingEngine: BillingEngine = { proposeItems };
