/**
 * What is due for an account through a date, and what a bill run must bill now: pure functions over the
 * subscriptions' billing view (one row per charge segment), the account's bill cycle day, the tenant's
 * billing rules, the usage records and what is already billed. engine.ts gathers those and calls
 * `proposeFromView`; tests call it with their own values.
 *
 * 1. Due items: every service period of every segment from the charge's start through the horizon
 *    (the target date, or the latest billed service end if later), the full period's amount from the charge
 *    model times the period's share (list price base and proration), rounded by the currency's rule.
 *    One-time charges once, on their trigger date. Usage in arrears from the Pending usage records of each
 *    due period (records outside any due period wait); a usage record is billed once, so usage is never
 *    compared with the ledger. Discounts discount the regular items they apply to (by item start).
 * 2. The difference with what is billed (Kill Bill's way), per charge and processing type:
 *    - what is billed, net of the credits naming it, is one effective item (a credit that gives back the end
 *      of an item shortens its effective period);
 *    - an effective item matching a due item (service period and amount) gives nothing;
 *    - one whose start matches a due item's start with a shorter end (cancellation, removal, suspension, a
 *      change from inside the period) gives back the rest: a credit for the days after the due item's end,
 *      the billed amount less the due item's, naming the billed item; the due item counts as billed;
 *    - any other gives back all of it;
 *    - due items left over, due on or before the target date, are billed with their own service period.
 */
import { Temporal } from '../../platform/dates.js';
import { ruleViolation, ZuoraError } from '../../platform/errors.js';
import { D, type Money } from '../../platform/money.js';
import type { UsageRecord } from '../usage/contract.js';
import type { BillingSegmentRow } from '../subscriptions/contract.js';
import type { BilledItem, BillingChargeType, ProposedItem } from './contract.js';
import { prorationFactor, rateSegment, ratioToDecimal } from './rating/proration.js';
import { billingPeriods } from './rating/periods.js';
import { currencyRounding, roundForCurrency } from './rating/rounding.js';
import {
  readAlignment,
  readBillCycleType,
  readBillingPeriod,
  readBillingTiming,
  readChargeType,
  readEndDateCondition,
  readListPriceBase,
  readProrationOption,
  readTriggerEvent,
  readUpToPeriodsType,
  readWeekday,
} from './rating/spellings.js';
import type { AccountBillCycle, BillingRules, ChargeSegmentView, ServicePeriod } from './rating/types.js';
import {
  applyFixedAmountDiscount,
  applyPercentageDiscounts,
  chargeModelOf,
  type ChargePricing,
  discountAppliesTo,
  orderDiscounts,
  rateCharge,
  type DiscountCharge,
} from './rating/models/index.js';

// a PlainDate is immutable: the few dates of a run (period bounds, term dates) are parsed once, not once per charge
const parsedDates = new Map<string, Temporal.PlainDate>();
const PD = (s: string): Temporal.PlainDate => {
  let d = parsedDates.get(s);
  if (!d) {
    if (parsedDates.size >= 4096) parsedDates.clear();
    d = Temporal.PlainDate.from(s);
    parsedDates.set(s, d);
  }
  return d;
};
const cmpStr = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const dayBefore = (s: string) => PD(s).subtract({ days: 1 }).toString();
const dayAfter = (s: string) => PD(s).add({ days: 1 }).toString();

/** A due item: what a bill run would bill for a period if nothing were billed yet. */
export interface DueItem extends ProposedItem {
  /** The first target date that bills it. */
  dueDate: string;
}

export interface AccountView {
  /** The account's bill cycle day (0: not set yet; charges then follow their own start day). */
  billCycleDay: number;
  /** Changes of the bill cycle day, oldest first: on `date` it went from `fromDay` to `billCycleDay` (bill-cycle.ts). */
  bcdChanges?: { date: string; fromDay: number; billCycleDay: number }[];
  /** Per charge (original id): the service periods billed, as [start, end] (proposeFromView fills it from the ledger). */
  billedPeriods?: Map<string, Array<[string, string]>>;
}

export interface ProposeInput {
  rows: BillingSegmentRow[];
  account: AccountView;
  rules: BillingRules;
  targetDate: string;
  billed: BilledItem[];
  /** The usage records of the account's usage charges (any status; only Pending ones are rated). */
  usage: UsageRecord[];
}

const isDiscount = (model: string) => {
  try {
    return chargeModelOf(model).startsWith('Discount-');
  } catch {
    return false;
  }
};

/** The rating engine's view of one segment. Bad stored values are a rule error naming the charge. */
export function segmentView(r: BillingSegmentRow): ChargeSegmentView {
  const evergreen = r.termType === 'EVERGREEN';
  return {
    chargeType: readChargeType(r.chargeType)!,
    chargeModel: r.chargeModel,
    billingPeriod: readBillingPeriod(r.billingPeriod),
    specificBillingPeriod: r.specificBillingPeriod,
    billCycleType: readBillCycleType(r.billCycleType),
    billCycleDay: r.billCycleDay,
    weeklyBillCycleDay: readWeekday(r.weeklyBillCycleDay),
    billingPeriodAlignment: readAlignment(r.billingPeriodAlignment),
    billingTiming: readBillingTiming(r.billingTiming),
    listPriceBase: readListPriceBase(r.listPriceBase),
    specificListPriceBase: r.specificListPriceBase,
    triggerEvent: readTriggerEvent(r.triggerEvent),
    chargeStartDate: PD(r.chargeStartDate),
    chargeEndDate: r.chargeEndDate ? PD(r.chargeEndDate) : null,
    segmentStartDate: PD(r.segmentStartDate),
    segmentEndDate: r.segmentEndDate ? PD(r.segmentEndDate) : null,
    subscriptionStartDate: PD(r.subscriptionStartDate),
    termStartDate: PD(r.termStartDate),
    termEndDate: evergreen || !r.termEndDate ? null : PD(r.termEndDate),
    endDateCondition: readEndDateCondition(r.endDateCondition),
    upToPeriods: r.upToPeriods,
    upToPeriodsType: readUpToPeriodsType(r.upToPeriodsType),
    specificEndDate: r.specificEndDate ? PD(r.specificEndDate) : null,
    prorationOption: readProrationOption(r.prorationOption),
    ratingPropertiesOverride: null,
  };
}

function pricingOf(r: BillingSegmentRow): ChargePricing {
  return {
    currency: r.currency,
    price: r.price,
    tiers: r.tiers.map((t) => ({ tier: t.tier, startingUnit: t.startingUnit, endingUnit: t.endingUnit, price: t.price, priceFormat: t.priceFormat === 'FlatFee' ? 'FlatFee' : 'PerUnit' })),
    includedUnits: r.includedUnits,
    overagePrice: r.overagePrice,
    discountAmount: r.discountAmount,
    discountPercentage: r.discountPercentage,
  };
}

/** Runs `fn` for a charge; any error of its data becomes a rule error (category 30) naming the charge. */
function forCharge<T>(r: BillingSegmentRow, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ZuoraError && e.category === 30) throw e;
    const why = e instanceof Error ? e.message : String(e);
    throw ruleViolation(`Charge ${r.chargeNumber} of subscription ${r.subscriptionNumber} cannot be rated: ${why}`);
  }
}

function baseItem(r: BillingSegmentRow, p: { start: string; end: string }, amount: Money, due: string): DueItem {
  return {
    subscriptionId: r.subscriptionId,
    subscriptionNumber: r.subscriptionNumber,
    ratePlanId: r.ratePlanId,
    ratePlanName: r.ratePlanName,
    productId: r.productId,
    productName: r.productName,
    productRatePlanId: r.productRatePlanId,
    productRatePlanChargeId: r.productRatePlanChargeId,
    chargeId: r.chargeId,
    originalChargeId: r.originalChargeId,
    chargeNumber: r.chargeNumber,
    chargeName: r.chargeName,
    chargeType: r.chargeType as BillingChargeType,
    chargeModel: r.chargeModel,
    processingType: 'Charge',
    serviceStartDate: p.start,
    serviceEndDate: p.end,
    quantity: r.quantity,
    unitPrice: r.price,
    uom: r.uom,
    amount: roundForCurrency(amount, r.currency).toFixed(),
    appliedToChargeNumber: null,
    creditsItemId: null,
    usageRecordIds: [],
    dueDate: due,
  };
}

/**
 * The account's bill cycle as one charge sees it. With changes of the day: the grid starts on the day
 * before the first change, and each change takes effect from the first period of the charge not billed
 * when the day changed: the day after the last billed service period that started before the change and
 * ended on the old grid (one cut by the new day was billed after it); the charge's start when nothing of it
 * was billed. Billed periods keep theirs ("Changing bill cycle day").
 */
export function accountCycle(a: AccountView, v: ChargeSegmentView, chargeId?: string): AccountBillCycle {
  const changes = a.bcdChanges ?? [];
  if (!changes.length) return { billCycleDay: a.billCycleDay >= 1 && a.billCycleDay <= 31 ? a.billCycleDay : v.chargeStartDate.day };
  const billed = (chargeId ? a.billedPeriods?.get(chargeId) : undefined) ?? [];
  const chargeStart = v.chargeStartDate.toString();
  return {
    billCycleDay: changes[0]!.fromDay,
    changes: changes.map((c, i) => {
      // a period of the old grid ends the day before the old day (a shorter month's last day for a later day)
      const oldDay = i === 0 ? changes[0]!.fromDay : changes[i - 1]!.billCycleDay;
      const onOldGrid = (end: string) => {
        const next = PD(end).add({ days: 1 });
        return next.day === Math.min(oldDay, next.daysInMonth);
      };
      const through = billed.filter(([start, end]) => start < c.date && onOldGrid(end)).reduce((m, [, end]) => (end > m ? end : m), '');
      const from = through ? dayAfter(through) : chargeStart;
      return { effectiveDate: PD(from > chargeStart ? from : chargeStart), billCycleDay: c.billCycleDay };
    }),
  };
}

/** Recurring and one-time (non-discount) items of one segment through `horizon`. */
function regularItems(r: BillingSegmentRow, account: AccountView, rules: BillingRules, horizon: string): DueItem[] {
  return forCharge(r, () => {
    const v = segmentView(r);
    const full = rateCharge({ chargeModel: r.chargeModel, chargeType: v.chargeType, pricing: pricingOf(r), quantity: r.quantity, smoothingModel: r.smoothingModel }).amount;
    return rateSegment(v, accountCycle(account, v, r.originalChargeId), PD(horizon), full, rules).map((rp) =>
      baseItem(r, { start: rp.period.start.toString(), end: rp.period.end.toString() }, rp.amount, rp.period.dueDate.toString()),
    );
  });
}

/** The key a usage record is grouped by under the charge's rating group. */
function groupKey(ratingGroup: string | null, u: UsageRecord): string {
  switch ((ratingGroup ?? 'ByBillingPeriod').replace(/[\s_-]/g, '').toLowerCase()) {
    case 'bybillingperiod':
      return '';
    case 'byusagestartdate':
      return u.startDate;
    case 'byusagerecord':
      return u.id;
    case 'byusageupload':
      return u.importId ?? '';
    default:
      throw ruleViolation(`rating group '${ratingGroup}' is not supported`);
  }
}

/** Usage items of one segment: the Pending records of each period due through the target date. */
function usageItems(r: BillingSegmentRow, account: AccountView, rules: BillingRules, target: string, records: UsageRecord[]): DueItem[] {
  // no Pending record: nothing to rate (and no period grid to lay)
  if (!records.some((u) => u.rbeStatus === 'Pending')) return [];
  return forCharge(r, () => {
    const v = segmentView(r);
    const periods = billingPeriods(v, accountCycle(account, v, r.originalChargeId), PD(target));
    const out: DueItem[] = [];
    for (const p of periods) {
      const s = p.start.toString();
      const e = p.end.toString();
      const inPeriod = records.filter((u) => u.rbeStatus === 'Pending' && u.startDate >= s && u.startDate <= e);
      if (!inPeriod.length) continue;
      const groups = new Map<string, UsageRecord[]>();
      for (const u of inPeriod) {
        const k = groupKey(r.ratingGroup, u);
        groups.set(k, [...(groups.get(k) ?? []), u]);
      }
      for (const recs of groups.values()) out.push(usageItem(r, v, p, recs, rules));
    }
    return out;
  });
}

function usageItem(r: BillingSegmentRow, v: ChargeSegmentView, p: ServicePeriod, recs: UsageRecord[], rules: BillingRules): DueItem {
  const total = recs.reduce((s, u) => s.add(new D(u.quantity)), new D(0));
  const daily = new Map<string, Money>();
  for (const u of recs) daily.set(u.startDate, (daily.get(u.startDate) ?? new D(0)).add(new D(u.quantity)));
  const rated = rateCharge({
    chargeModel: r.chargeModel,
    chargeType: 'Usage',
    pricing: pricingOf(r),
    quantity: total,
    dailyUsage: [...daily.values()],
    usageRecords: recs.map((u) => ({ quantity: u.quantity, customFields: u.customFields })),
    smoothingModel: r.smoothingModel,
  });
  const amount = rated.amount.mul(ratioToDecimal(prorationFactor(p, v, rules)));
  const item = baseItem(r, { start: p.start.toString(), end: p.end.toString() }, amount, p.dueDate.toString());
  item.quantity = total.toFixed();
  item.usageRecordIds = recs.map((u) => u.id);
  return item;
}

/** Discount items: each discount charge's share of the regular items it applies to. */
function discountItems(discounts: BillingSegmentRow[], regular: DueItem[], rowsByCharge: Map<string, BillingSegmentRow>, account: AccountView, rules: BillingRules, horizon: string): DueItem[] {
  if (!discounts.length) return [];
  type Disc = { row: BillingSegmentRow; periods: ServicePeriod[]; dc: DiscountCharge & { row: BillingSegmentRow } };
  const ds: Disc[] = discounts.map((row) =>
    forCharge(row, () => {
      const v = segmentView(row);
      const model = chargeModelOf(row.chargeModel) as 'Discount-Fixed Amount' | 'Discount-Percentage';
      return {
        row,
        periods: billingPeriods(v, accountCycle(account, v, row.originalChargeId), PD(horizon)),
        dc: {
          row,
          chargeNumber: row.chargeNumber,
          chargeModel: model,
          applyDiscountTo: row.applyDiscountTo ?? 'ONETIMERECURRINGUSAGE',
          discountLevel: row.discountLevel ?? 'rateplan',
          stacked: row.isStackedDiscount,
          accountId: row.invoiceOwnerAccountId,
          subscriptionId: row.subscriptionId,
          ratePlanId: row.ratePlanId,
        },
      };
    }),
  );
  const periodOf = (d: Disc, date: string) => d.periods.find((p) => p.start.toString() <= date && date <= p.end.toString());
  const out: DueItem[] = [];
  const remaining = new Map<DueItem, Money>(regular.map((i) => [i, new D(i.amount)]));
  const applies = (d: Disc, item: DueItem) => {
    const row = rowsByCharge.get(item.originalChargeId)!;
    return (
      periodOf(d, item.serviceStartDate) !== undefined &&
      forCharge(d.row, () =>
        discountAppliesTo(d.dc, { chargeNumber: item.chargeNumber, chargeType: item.chargeType, chargeModel: chargeModelOf(item.chargeModel), accountId: row.invoiceOwnerAccountId, subscriptionId: row.subscriptionId, ratePlanId: row.ratePlanId }),
      )
    );
  };
  const ordered = orderDiscounts(ds.map((d) => d.dc)).map((dc) => ds.find((d) => d.dc === dc)!);
  const discountItem = (d: Disc, item: DueItem, amount: Money): DueItem => {
    const di = baseItem(d.row, { start: item.serviceStartDate, end: item.serviceEndDate }, amount, item.dueDate);
    di.processingType = 'Discount';
    di.appliedToChargeNumber = item.chargeNumber;
    di.quantity = null;
    di.unitPrice = d.row.chargeModel.includes('Percentage') ? d.row.discountPercentage : d.row.discountAmount;
    return di;
  };
  // Percentage discounts, per regular item, in the docs' order (stacked ones from the original amount).
  for (const item of regular) {
    const pct = ordered.filter((d) => d.dc.chargeModel === 'Discount-Percentage' && applies(d, item));
    if (!pct.length) continue;
    const res = forCharge(pct[0]!.row, () =>
      applyPercentageDiscounts(
        item.amount,
        pct.map((d) => ({ discountPercentage: d.row.discountPercentage ?? '', stacked: d.row.isStackedDiscount })),
        currencyRounding(pct[0]!.row.currency),
      ),
    );
    res.discounts.forEach((amt, i) => out.push(discountItem(pct[i]!, item, amt)));
    remaining.set(item, res.remaining);
  }
  // Fixed amounts, per discount period, spread over the items it applies to in charge order.
  for (const d of ordered.filter((x) => x.dc.chargeModel === 'Discount-Fixed Amount')) {
    for (const p of d.periods) {
      const items = regular
        .filter((i) => applies(d, i) && periodOf(d, i.serviceStartDate) === p)
        .sort((a, b) => cmpStr(a.chargeNumber, b.chargeNumber) || cmpStr(a.serviceStartDate, b.serviceStartDate));
      if (!items.length) continue;
      const res = forCharge(d.row, () =>
        applyFixedAmountDiscount(pricingOf(d.row), items.map((i) => remaining.get(i)!), {
          prorationFactor: ratioToDecimal(prorationFactor(p, segmentView(d.row), rules)),
          rounding: currencyRounding(d.row.currency),
        }),
      );
      res.discounts.forEach((amt, i) => {
        const item = items[i]!;
        if (amt.isZero()) return;
        remaining.set(item, remaining.get(item)!.add(amt));
        out.push(discountItem(d, item, amt));
      });
    }
  }
  return out;
}

/** Every item due for the rows through `horizon` (usage through `target`). */
export function dueItems(input: Omit<ProposeInput, 'billed'>, horizon: string): DueItem[] {
  const { rows, account, rules, targetDate } = input;
  const rowsByCharge = new Map<string, BillingSegmentRow>();
  for (const r of rows) rowsByCharge.set(r.originalChargeId, r);
  const live = rows.filter((r) => !r.pending);
  const regular: DueItem[] = [];
  const usage: DueItem[] = [];
  const discounts: BillingSegmentRow[] = [];
  // A record naming its charge goes to it; one naming only the account or subscription to the first usage
  // charge (in charge number order) of its subscription with its unit of measure.
  const owner = new Map<string, string>();
  const usageRows = live.filter((r) => r.chargeType === 'Usage' && !isDiscount(r.chargeModel)).sort((a, b) => cmpStr(a.chargeNumber, b.chargeNumber));
  for (const u of input.usage) {
    const named = usageRows.find((r) => u.chargeId === r.originalChargeId || u.chargeNumber === r.chargeNumber);
    const loose = u.chargeId || u.chargeNumber ? undefined : usageRows.find((r) => r.uom === u.uom && (u.subscriptionId === null || u.subscriptionId === r.subscriptionOriginalId));
    const r = named ?? loose;
    if (r) owner.set(u.id, r.originalChargeId);
  }
  for (const r of live) {
    if (isDiscount(r.chargeModel)) discounts.push(r);
    else if (r.chargeType === 'Usage') {
      const mine = input.usage.filter((u) => owner.get(u.id) === r.originalChargeId);
      usage.push(...usageItems(r, input.account, rules, targetDate, mine));
    } else regular.push(...regularItems(r, account, rules, horizon));
  }
  return [...regular, ...usage, ...discountItems(discounts, [...regular, ...usage], rowsByCharge, account, rules, horizon)];
}

interface Effective {
  item: BilledItem;
  start: string;
  end: string;
  amount: Money;
}

/** What is billed, net of the credits that name each item. */
function effectiveItems(billed: BilledItem[]): Effective[] {
  const byId = new Map(billed.map((b) => [b.itemId, b]));
  const credits = new Map<string, BilledItem[]>();
  const out: Effective[] = [];
  for (const b of billed) {
    const target = b.creditsItemId ? byId.get(b.creditsItemId) : undefined;
    if (target) credits.set(target.itemId, [...(credits.get(target.itemId) ?? []), b]);
  }
  for (const b of billed) {
    if (b.creditsItemId && byId.has(b.creditsItemId)) continue;
    const cs = credits.get(b.itemId) ?? [];
    const amount = cs.reduce((s, c) => s.add(new D(c.amount)), new D(b.amount));
    if (cs.length && amount.isZero()) continue;
    // Credits that give back the end of the item shorten it; others leave its period whole.
    let end = b.serviceEndDate;
    for (const c of [...cs].sort((x, y) => cmpStr(y.serviceStartDate, x.serviceStartDate))) if (c.serviceEndDate === end && c.serviceStartDate > b.serviceStartDate) end = dayBefore(c.serviceStartDate);
    out.push({ item: b, start: b.serviceStartDate, end, amount });
  }
  return out;
}

const groupOf = (i: { originalChargeId: string; processingType: string }) => `${i.originalChargeId}|${i.processingType}`;

/** A billed discount item matches a due one for the same discounted charge (any, when the ledger does not say). */
const sameTarget = (d: DueItem, e: Effective) => e.item.appliedToChargeNumber == null || d.appliedToChargeNumber === e.item.appliedToChargeNumber;

/** The difference between what is due and what is billed: what a bill run must bill now. */
export function difference(due: DueItem[], billed: BilledItem[], targetDate: string, rowsByCharge: Map<string, BillingSegmentRow>): ProposedItem[] {
  const out: ProposedItem[] = [];
  const dueBy = new Map<string, DueItem[]>();
  for (const d of due) dueBy.set(groupOf(d), [...(dueBy.get(groupOf(d)) ?? []), d]);
  const effBy = new Map<string, Effective[]>();
  for (const e of effectiveItems(billed)) effBy.set(groupOf(e.item), [...(effBy.get(groupOf(e.item)) ?? []), e]);
  for (const k of new Set([...dueBy.keys(), ...effBy.keys()])) {
    const ds = dueBy.get(k) ?? [];
    const used = new Set<DueItem>();
    const rest: Effective[] = [];
    for (const e of effBy.get(k) ?? []) {
      const m = ds.find((d) => !used.has(d) && sameTarget(d, e) && d.serviceStartDate === e.start && d.serviceEndDate === e.end && new D(d.amount).eq(e.amount));
      if (m) used.add(m);
      else rest.push(e);
    }
    for (const e of rest) {
      const row = rowsByCharge.get(e.item.originalChargeId);
      if (!row) continue;
      const prefix = ds.find(
        (d) =>
          !used.has(d) &&
          sameTarget(d, e) &&
          d.serviceStartDate === e.start &&
          d.serviceEndDate < e.end &&
          new D(d.amount).abs().lte(e.amount.abs()) &&
          (new D(d.amount).isZero() || new D(d.amount).isNeg() === e.amount.isNeg()),
      );
      const back = prefix ? e.amount.sub(new D(prefix.amount)) : e.amount;
      if (prefix) used.add(prefix);
      if (back.isZero()) continue;
      const credit = baseItem(row, { start: prefix ? dayAfter(prefix.serviceEndDate) : e.start, end: e.end }, back.neg(), targetDate);
      credit.processingType = e.item.processingType;
      credit.quantity = e.item.quantity;
      credit.unitPrice = e.item.unitPrice ?? null;
      credit.appliedToChargeNumber = e.item.appliedToChargeNumber ?? prefix?.appliedToChargeNumber ?? null;
      credit.creditsItemId = e.item.itemId;
      out.push(stripDue(credit));
    }
    for (const d of ds) if (!used.has(d) && d.dueDate <= targetDate) out.push(stripDue(d));
  }
  return out.sort(
    (a, b) =>
      cmpStr(a.subscriptionNumber, b.subscriptionNumber) ||
      cmpStr(a.chargeNumber, b.chargeNumber) ||
      cmpStr(a.serviceStartDate, b.serviceStartDate) ||
      (a.creditsItemId ? 0 : 1) - (b.creditsItemId ? 0 : 1) ||
      cmpStr(a.appliedToChargeNumber ?? '', b.appliedToChargeNumber ?? ''),
  );
}

/** The item without its due date, its fields named one by one (a rest copy of this many fields is a slow path of V8's). */
function stripDue(d: DueItem): ProposedItem {
  return {
    subscriptionId: d.subscriptionId,
    subscriptionNumber: d.subscriptionNumber,
    ratePlanId: d.ratePlanId,
    ratePlanName: d.ratePlanName,
    productId: d.productId,
    productName: d.productName,
    productRatePlanId: d.productRatePlanId,
    productRatePlanChargeId: d.productRatePlanChargeId,
    chargeId: d.chargeId,
    originalChargeId: d.originalChargeId,
    chargeNumber: d.chargeNumber,
    chargeName: d.chargeName,
    chargeType: d.chargeType,
    chargeModel: d.chargeModel,
    processingType: d.processingType,
    serviceStartDate: d.serviceStartDate,
    serviceEndDate: d.serviceEndDate,
    quantity: d.quantity,
    unitPrice: d.unitPrice,
    uom: d.uom,
    amount: d.amount,
    appliedToChargeNumber: d.appliedToChargeNumber,
    creditsItemId: d.creditsItemId,
    usageRecordIds: d.usageRecordIds,
  };
}

/** What a bill run through `targetDate` must bill now for the rows. */
export function proposeFromView(input: ProposeInput): ProposedItem[] {
  if (input.account.bcdChanges?.length) {
    // every billed period (usage ones too: they are not compared below, but they keep their grid)
    const periods = new Map<string, Array<[string, string]>>();
    for (const b of input.billed) if (!b.creditsItemId) periods.set(b.originalChargeId, [...(periods.get(b.originalChargeId) ?? []), [b.serviceStartDate, b.serviceEndDate]]);
    input = { ...input, account: { ...input.account, billedPeriods: periods } };
  }
  const inScope = new Set(input.rows.map((r) => r.originalChargeId));
  const usageCharges = new Set(input.rows.filter((r) => r.chargeType === 'Usage' && !isDiscount(r.chargeModel)).map((r) => r.originalChargeId));
  const billed = input.billed.filter((b) => inScope.has(b.originalChargeId) && !usageCharges.has(b.originalChargeId));
  const horizon = billed.reduce((h, b) => (b.serviceEndDate > h ? b.serviceEndDate : h), input.targetDate);
  const rowsByCharge = new Map<string, BillingSegmentRow>();
  for (const r of input.rows) rowsByCharge.set(r.originalChargeId, r);
  return difference(dueItems(input, horizon), billed, input.targetDate, rowsByCharge);
}
