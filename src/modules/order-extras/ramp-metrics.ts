/**
 * Ramp metrics: for each interval of a ramp and each charge in the ramp, the
 * charge's monthly recurring revenue (MRR) by segment, its total contract value
 * (TCV) and total contract billing (TCB) within the interval, gross, discount
 * and net. Pure functions over subscription records; no database.
 *
 * - MRR of a recurring segment = its amount per billing period / months per period.
 * - TCV of a recurring segment over a span = MRR × months in the span (whole
 *   months, then the remaining days as a fraction of the following month).
 * - A one-time charge counts once, in the interval holding its start date; usage counts 0.
 * - A fixed-amount discount counts its amount per period as discount; a
 *   percentage discount its percentage of its rate plan's recurring charges.
 * - TCB equals TCV here (zbill bills the contract as written).
 * Interval end dates are inclusive (as Zuora shows them); segment end dates exclusive.
 */
import type { ChargeSegment, SubscriptionChargeRecord, SubscriptionRecord } from '../subscriptions/contract.js';
import { Temporal } from '../../platform/dates.js';
import { currencyPlaces, money, roundTo, toJsonNumber, type Money } from '../../platform/money.js';

export interface RampInterval {
  name: string;
  description: string | null;
  startDate: string;
  endDate: string;
}

interface Piece {
  startDate: string;
  /** Inclusive. */
  endDate: string;
  gross: Money;
  discount: Money;
  quantity: Money | null;
}

export interface ChargeIntervalMetrics {
  charge: SubscriptionChargeRecord;
  pieces: Piece[];
  grossTcv: Money;
  discountTcv: Money;
  quantity: Money | null;
}

const MONTHS_PER_PERIOD: Record<string, number> = {
  Month: 1,
  'Bi-Monthly': 2,
  Quarter: 3,
  'Semi-Annual': 6,
  Annual: 12,
  'Eighteen Months': 18,
  'Two Years': 24,
  'Three Years': 36,
  'Five Years': 60,
};

const D = (s: string) => Temporal.PlainDate.from(s);
const nextDay = (s: string) => D(s).add({ days: 1 }).toString();
const prevDay = (s: string) => D(s).subtract({ days: 1 }).toString();

/** Months in [start, endExclusive): whole months, then leftover days over the length of the following month. */
export function monthsBetween(start: string, endExclusive: string): Money {
  const s = D(start);
  const e = D(endExclusive);
  if (Temporal.PlainDate.compare(e, s) <= 0) return money(0);
  const whole = s.until(e, { largestUnit: 'months' }).months;
  const anchor = s.add({ months: whole });
  const days = anchor.until(e, { largestUnit: 'days' }).days;
  if (days === 0) return money(whole);
  const monthLen = anchor.until(anchor.add({ months: 1 }), { largestUnit: 'days' }).days;
  return money(whole).plus(money(days).div(monthLen));
}

function monthsPerPeriod(charge: SubscriptionChargeRecord & { specificBillingPeriod?: number | null }): Money | null {
  const p = charge.billingPeriod;
  if (!p) return null;
  if (MONTHS_PER_PERIOD[p] !== undefined) return money(MONTHS_PER_PERIOD[p]);
  const n = charge.specificBillingPeriod ?? 1;
  if (p === 'Specific Months') return money(n);
  if (p === 'Week') return money(12).div(52);
  if (p === 'Specific Weeks') return money(12).times(n).div(52);
  if (p === 'Specific Days') return money(12).times(n).div(365);
  return money(1);
}

/** The charge's amount for one billing period (or once, for one-time) under a segment. */
export function segmentAmount(charge: SubscriptionChargeRecord, seg: ChargeSegment): { gross: Money; discount: Money } {
  const model = charge.chargeModel.toLowerCase().replace(/[\s_-]/g, '');
  const qty = money(seg.quantity ?? 1);
  const price = money(seg.price ?? 0);
  if (model.includes('discount')) {
    // A fixed-amount discount reduces the contract by its amount; a percentage discount
    // depends on the charges it applies to (see percentDiscountMetrics).
    return { gross: money(0), discount: model.includes('fixed') || model.includes('amount') ? money(seg.discountAmount ?? seg.price ?? 0) : money(0) };
  }
  if (model.includes('flatfee')) return { gross: price, discount: money(0) };
  if (model.includes('perunit')) return { gross: price.times(qty), discount: money(0) };
  if (model.includes('volume')) {
    const tier = seg.tiers.find((t) => qty.gte(t.startingUnit) && (t.endingUnit === null || qty.lte(t.endingUnit))) ?? seg.tiers[seg.tiers.length - 1];
    if (!tier) return { gross: price.times(qty), discount: money(0) };
    return { gross: tier.priceFormat === 'FlatFee' ? money(tier.price) : money(tier.price).times(qty), discount: money(0) };
  }
  if (model.includes('tiered')) {
    let total = money(0);
    for (const t of seg.tiers) {
      const from = money(t.startingUnit);
      if (qty.lt(from) || (qty.isZero() && from.gt(0))) continue;
      const to = t.endingUnit === null ? qty : money(t.endingUnit);
      const lower = from.gt(0) ? from.minus(1) : money(0);
      const units = (qty.lt(to) ? qty : to).minus(lower);
      total = total.plus(t.priceFormat === 'FlatFee' ? money(t.price) : money(t.price).times(units));
    }
    return { gross: total, discount: money(0) };
  }
  return { gross: price.times(qty), discount: money(0) };
}

/** The charge's metrics within one interval (undefined when the charge has nothing in it). */
export function chargeMetrics(charge: SubscriptionChargeRecord, iv: RampInterval): ChargeIntervalMetrics | undefined {
  const ivEndExcl = nextDay(iv.endDate);
  const pieces: Piece[] = [];
  let grossTcv = money(0);
  let discountTcv = money(0);
  let quantity: Money | null = null;
  let any = false;
  const type = charge.chargeType;
  for (const seg of charge.segments) {
    const segEnd = seg.effectiveEndDate ?? '9999-12-31';
    if (type === 'OneTime') {
      if (seg.effectiveStartDate >= iv.startDate && seg.effectiveStartDate < ivEndExcl && seg.segment === charge.segments[0]?.segment) {
        const a = segmentAmount(charge, seg);
        grossTcv = grossTcv.plus(a.gross);
        discountTcv = discountTcv.plus(a.discount);
        quantity = seg.quantity !== null ? money(seg.quantity) : null;
        any = true;
      }
      continue;
    }
    const s = seg.effectiveStartDate > iv.startDate ? seg.effectiveStartDate : iv.startDate;
    const e = segEnd < ivEndExcl ? segEnd : ivEndExcl;
    if (s >= e) continue;
    any = true;
    if (quantity === null && seg.quantity !== null) quantity = money(seg.quantity);
    if (type === 'Usage') {
      pieces.push({ startDate: s, endDate: prevDay(e), gross: money(0), discount: money(0), quantity: seg.quantity !== null ? money(seg.quantity) : null });
      continue;
    }
    const mpp = monthsPerPeriod(charge) ?? money(1);
    const a = segmentAmount(charge, seg);
    const mrrGross = a.gross.div(mpp);
    const mrrDiscount = a.discount.div(mpp);
    const months = monthsBetween(s, e);
    grossTcv = grossTcv.plus(mrrGross.times(months));
    discountTcv = discountTcv.plus(mrrDiscount.times(months));
    pieces.push({ startDate: s, endDate: prevDay(e), gross: mrrGross, discount: mrrDiscount, quantity: seg.quantity !== null ? money(seg.quantity) : null });
  }
  if (!any) return undefined;
  return { charge, pieces, grossTcv, discountTcv, quantity };
}

const r2 = (v: Money, places: number) => toJsonNumber(roundTo(v, places));

export function chargeMetricsJson(m: ChargeIntervalMetrics, iv: RampInterval, sub: SubscriptionRecord): Record<string, unknown> {
  const places = currencyPlaces(sub.currency || 'USD');
  const net = m.grossTcv.minus(m.discountTcv);
  return {
    chargeNumber: m.charge.chargeNumber,
    discountTcb: r2(m.discountTcv, places),
    discountTcv: r2(m.discountTcv, places),
    endDate: iv.endDate,
    grossTcb: r2(m.grossTcv, places),
    grossTcv: r2(m.grossTcv, places),
    mrr: m.pieces.map((p) => ({
      discount: r2(p.discount, places),
      endDate: p.endDate,
      gross: r2(p.gross, places),
      net: r2(p.gross.minus(p.discount), places),
      startDate: p.startDate,
    })),
    netTcb: r2(net, places),
    netTcv: r2(net, places),
    productRatePlanChargeId: m.charge.productRatePlanChargeId,
    quantity: m.quantity !== null ? toJsonNumber(m.quantity) : null,
    ratePlanChargeId: m.charge.id,
    startDate: iv.startDate,
    subscriptionNumber: sub.subscriptionNumber,
  };
}

/** The charges of a subscription version that belong to a ramp (by charge number). */
export function rampCharges(sub: SubscriptionRecord | undefined, chargeNumbers: string[]): SubscriptionChargeRecord[] {
  if (!sub) return [];
  const wanted = new Set(chargeNumbers);
  return sub.ratePlans.flatMap((rp) => rp.charges).filter((c) => wanted.has(c.chargeNumber));
}

export interface IntervalTotals {
  grossTcv: Money;
  discountTcv: Money;
}

/** Metrics of every interval: per-charge entries and interval totals. */
const isPercentDiscount = (c: SubscriptionChargeRecord) => {
  const m = c.chargeModel.toLowerCase();
  return m.includes('discount') && m.includes('percent');
};

/**
 * A percentage discount's metrics: its percentage of the recurring charges of
 * its rate plan, span by span (split wherever the discounted charges change).
 */
export function percentDiscountMetrics(charge: SubscriptionChargeRecord, targets: SubscriptionChargeRecord[], iv: RampInterval): ChargeIntervalMetrics | undefined {
  const ivEndExcl = nextDay(iv.endDate);
  const recurring = targets.filter((t) => t.chargeType === 'Recurring' && !t.chargeModel.toLowerCase().includes('discount'));
  const pieces: Piece[] = [];
  let discountTcv = money(0);
  let any = false;
  for (const seg of charge.segments) {
    const segEnd = seg.effectiveEndDate ?? '9999-12-31';
    const s = seg.effectiveStartDate > iv.startDate ? seg.effectiveStartDate : iv.startDate;
    const e = segEnd < ivEndExcl ? segEnd : ivEndExcl;
    if (s >= e) continue;
    any = true;
    const pct = money(seg.discountPercentage ?? 0).div(100);
    const cuts = new Set([s, e]);
    for (const t of recurring)
      for (const ts of t.segments) {
        for (const d of [ts.effectiveStartDate, ts.effectiveEndDate]) if (d && d > s && d < e) cuts.add(d);
      }
    const points = [...cuts].sort();
    for (let i = 0; i + 1 < points.length; i++) {
      const span: RampInterval = { name: '', description: '', startDate: points[i]!, endDate: prevDay(points[i + 1]!) };
      const parts = recurring.map((t) => chargeMetrics(t, span)).filter((m): m is ChargeIntervalMetrics => !!m);
      const mrr = parts.reduce((sum, m) => sum.plus(m.pieces[0]?.gross ?? 0), money(0));
      discountTcv = discountTcv.plus(parts.reduce((sum, m) => sum.plus(m.grossTcv), money(0)).times(pct));
      pieces.push({ startDate: span.startDate, endDate: span.endDate, gross: money(0), discount: mrr.times(pct), quantity: null });
    }
  }
  if (!any) return undefined;
  return { charge, pieces, grossTcv: money(0), discountTcv, quantity: null };
}

function metricsOf(sub: SubscriptionRecord, c: SubscriptionChargeRecord, iv: RampInterval): ChargeIntervalMetrics | undefined {
  if (!isPercentDiscount(c)) return chargeMetrics(c, iv);
  const plan = sub.ratePlans.find((rp) => rp.charges.some((x) => x.chargeNumber === c.chargeNumber));
  return percentDiscountMetrics(c, plan?.charges ?? [], iv);
}

export function intervalMetrics(sub: SubscriptionRecord | undefined, intervals: RampInterval[], chargeNumbers: string[]) {
  const charges = rampCharges(sub, chargeNumbers);
  return intervals.map((iv) => {
    const per = charges.map((c) => metricsOf(sub!, c, iv)).filter((m): m is ChargeIntervalMetrics => !!m);
    const grossTcv = per.reduce((s, m) => s.plus(m.grossTcv), money(0));
    const discountTcv = per.reduce((s, m) => s.plus(m.discountTcv), money(0));
    return { interval: iv, per, grossTcv, discountTcv };
  });
}

function totalsJson(prefix: '' | 'delta', gross: Money, discount: Money, places: number): Record<string, number | null> {
  const k = (s: string) => (prefix ? `delta${s[0]!.toUpperCase()}${s.slice(1)}` : s);
  return {
    [k('discountTcb')]: r2(discount, places),
    [k('discountTcv')]: r2(discount, places),
    [k('grossTcb')]: r2(gross, places),
    [k('grossTcv')]: r2(gross, places),
    [k('netTcb')]: r2(gross.minus(discount), places),
    [k('netTcv')]: r2(gross.minus(discount), places),
  };
}

export interface RampDef {
  number: string;
  name: string | null;
  description: string | null;
  intervals: RampInterval[];
  chargeNumbers: string[];
}

/** GET …/ramp-metrics (by ramp number or subscription): the ramp's metrics on a subscription version. */
export function rampMetricsJson(ramp: RampDef, sub: SubscriptionRecord | undefined): Record<string, unknown> {
  const places = currencyPlaces(sub?.currency || 'USD');
  const ivs = intervalMetrics(sub, ramp.intervals, ramp.chargeNumbers);
  const gross = ivs.reduce((s, i) => s.plus(i.grossTcv), money(0));
  const discount = ivs.reduce((s, i) => s.plus(i.discountTcv), money(0));
  return {
    description: ramp.description,
    ...totalsJson('', gross, discount, places),
    intervals: ivs.map((i) => ({
      description: i.interval.description,
      ...totalsJson('', i.grossTcv, i.discountTcv, places),
      endDate: i.interval.endDate,
      intervalMetrics: sub ? i.per.map((m) => chargeMetricsJson(m, i.interval, sub)) : [],
      name: i.interval.name,
      startDate: i.interval.startDate,
    })),
    name: ramp.name,
    number: ramp.number,
  };
}

/** Differences of per-piece values (MRR, quantity) between two versions, over the union of their breakpoints. */
function deltaPieces(
  iv: RampInterval,
  now: Piece[],
  before: Piece[],
  value: (p: Piece) => Money,
): Array<{ startDate: string; endDate: string; delta: Money; discountDelta: Money; grossDelta: Money }> {
  const cuts = new Set<string>([iv.startDate, nextDay(iv.endDate)]);
  for (const p of [...now, ...before]) {
    cuts.add(p.startDate);
    cuts.add(nextDay(p.endDate));
  }
  const points = [...cuts].filter((c) => c >= iv.startDate && c <= nextDay(iv.endDate)).sort();
  const at = (list: Piece[], d: string) => list.find((p) => p.startDate <= d && d <= p.endDate);
  const out: Array<{ startDate: string; endDate: string; delta: Money; discountDelta: Money; grossDelta: Money }> = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const s = points[i]!;
    const a = at(now, s);
    const b = at(before, s);
    const delta = (a ? value(a) : money(0)).minus(b ? value(b) : money(0));
    const grossDelta = (a?.gross ?? money(0)).minus(b?.gross ?? money(0));
    const discountDelta = (a?.discount ?? money(0)).minus(b?.discount ?? money(0));
    if (delta.isZero() && grossDelta.isZero() && discountDelta.isZero()) continue;
    out.push({ startDate: s, endDate: prevDay(points[i + 1]!), delta, grossDelta, discountDelta });
  }
  return out;
}

/** GET /v1/orders/{n}/ramp-metrics: the metrics after the order, and what the order changed. */
export function orderRampMetricsJson(ramp: RampDef, sub: SubscriptionRecord | undefined, before: SubscriptionRecord | undefined, beforeCharges: string[]): Record<string, unknown> {
  const base = rampMetricsJson(ramp, sub);
  const places = currencyPlaces(sub?.currency || 'USD');
  const nowIvs = intervalMetrics(sub, ramp.intervals, ramp.chargeNumbers);
  const beforeIvs = intervalMetrics(before, ramp.intervals, beforeCharges);
  const intervals = (base.intervals as Record<string, unknown>[]).map((j, idx) => {
    const n = nowIvs[idx]!;
    const b = beforeIvs[idx]!;
    const numbers = [...new Set([...n.per, ...b.per].map((m) => m.charge.chargeNumber))];
    const deltas = numbers.map((num) => {
      const a = n.per.find((m) => m.charge.chargeNumber === num);
      const o = b.per.find((m) => m.charge.chargeNumber === num);
      const ref = (a ?? o)!.charge;
      const gross = (a?.grossTcv ?? money(0)).minus(o?.grossTcv ?? money(0));
      const discount = (a?.discountTcv ?? money(0)).minus(o?.discountTcv ?? money(0));
      const mrr = deltaPieces(n.interval, a?.pieces ?? [], o?.pieces ?? [], (p) => p.gross.minus(p.discount));
      const qty = deltaPieces(n.interval, a?.pieces ?? [], o?.pieces ?? [], (p) => p.quantity ?? money(0)).filter((x) => !x.delta.isZero());
      // A one-time charge has no pieces: its quantity delta spans the interval.
      if (ref.chargeType === 'OneTime') {
        const dq = (a?.quantity ?? money(0)).minus(o?.quantity ?? money(0));
        if (!dq.isZero()) qty.push({ startDate: n.interval.startDate, endDate: n.interval.endDate, delta: dq, grossDelta: money(0), discountDelta: money(0) });
      }
      return {
        chargeNumber: num,
        ...totalsJson('delta', gross, discount, places),
        deltaMrr: mrr.map((x) => ({
          discount: r2(x.discountDelta, places),
          endDate: x.endDate,
          gross: r2(x.grossDelta, places),
          net: r2(x.delta, places),
          startDate: x.startDate,
        })),
        deltaQuantity: qty.map((x) => ({ amount: toJsonNumber(x.delta), endDate: x.endDate, startDate: x.startDate })),
        productRatePlanChargeId: ref.productRatePlanChargeId,
        subscriptionNumber: (sub ?? before)?.subscriptionNumber ?? null,
      };
    });
    const keys = Object.keys(j);
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      if (k === 'endDate') out.intervalDeltaMetrics = deltas;
      out[k] = j[k];
    }
    return out;
  });
  return { ...base, intervals };
}
