/**
 * Ramps: a time container on a subscription, split into consecutive intervals
 * (e.g. "Year 1", "Year 2"), holding some of its charges, so that metrics can
 * be reported by interval. An order sets a ramp through `subscriptions[].ramp`
 * (intervals, charges by charge number or unique token, `delete: true` to drop
 * it); every later order on the subscription is recorded against the ramp so
 * that ramp metrics by order show what that order changed.
 */
import type { Ctx } from '../../platform/context.js';
import { nextCounter } from '../../platform/counters.js';
import { parseDate, Temporal } from '../../platform/dates.js';
import { invalidValue, missingField, notFound } from '../../platform/errors.js';
import { formatNumber, newId } from '../../platform/ids.js';
import type { OrderProcessedEvent, SubscriptionRecord } from '../subscriptions/contract.js';
import { subscriptions } from './deps.js';
import { orderRampMetricsJson, rampMetricsJson, type RampDef, type RampInterval } from './ramp-metrics.js';
import { stamp } from './stamp.js';
import * as store from './store.js';
import type { RampRow } from './store.js';

type Body = Record<string, unknown>;

/** Checks and normalizes a request's intervals: each ends on or after it starts, each starts the day after the previous ends. */
export function parseIntervals(raw: unknown, where: string): RampInterval[] {
  if (!Array.isArray(raw) || raw.length === 0) throw missingField(`'${where}.intervals' is required`);
  const out: RampInterval[] = [];
  raw.forEach((x, i) => {
    const iv = (x ?? {}) as Body;
    const at = `${where}.intervals[${i}]`;
    if (typeof iv.startDate !== 'string') throw missingField(`'${at}.startDate' is required`);
    if (typeof iv.endDate !== 'string') throw missingField(`'${at}.endDate' is required`);
    if (!parseDate(iv.startDate)) throw invalidValue(`'${at}.startDate' must be a date in yyyy-MM-dd format: ${iv.startDate}`);
    if (!parseDate(iv.endDate)) throw invalidValue(`'${at}.endDate' must be a date in yyyy-MM-dd format: ${iv.endDate}`);
    if (iv.endDate < iv.startDate) throw invalidValue(`'${at}.endDate' must not be earlier than its startDate`);
    if (iv.name !== undefined && iv.name !== null && typeof iv.name !== 'string') throw invalidValue(`'${at}.name' must be a string`);
    out.push({
      name: (iv.name as string | undefined) ?? `Interval ${i + 1}`,
      description: typeof iv.description === 'string' && iv.description !== '' ? iv.description : null,
      startDate: iv.startDate,
      endDate: iv.endDate,
    });
  });
  const sorted = [...out].sort((a, b) => a.startDate.localeCompare(b.startDate));
  for (let i = 1; i < sorted.length; i++) {
    const expected = Temporal.PlainDate.from(sorted[i - 1]!.endDate).add({ days: 1 }).toString();
    if (sorted[i]!.startDate < expected) throw invalidValue(`'${where}.intervals': interval '${sorted[i]!.name}' overlaps interval '${sorted[i - 1]!.name}'`);
    if (sorted[i]!.startDate > expected) throw invalidValue(`'${where}.intervals': there is a gap between interval '${sorted[i - 1]!.name}' and '${sorted[i]!.name}'`);
  }
  const names = new Set(sorted.map((s) => s.name));
  if (names.size !== sorted.length) throw invalidValue(`'${where}.intervals': interval names must be unique`);
  return sorted;
}

/** All charges (with their unique tokens) the order body declares, to resolve `ramp.charges[].uniqueToken`. */
function tokensInBody(body: Body): Map<string, { productRatePlanChargeId?: string; chargeNumber?: string }> {
  const out = new Map<string, { productRatePlanChargeId?: string; chargeNumber?: string }>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    const o = v as Body;
    if (typeof o.uniqueToken === 'string' && (o.productRatePlanChargeId || o.chargeNumber)) {
      out.set(o.uniqueToken, { productRatePlanChargeId: o.productRatePlanChargeId as string | undefined, chargeNumber: o.chargeNumber as string | undefined });
    }
    Object.values(o).forEach(walk);
  };
  walk(body);
  return out;
}

function allCharges(sub: SubscriptionRecord) {
  return sub.ratePlans.flatMap((rp) => rp.charges);
}

function resolveCharges(raw: unknown, where: string, body: Body, sub: SubscriptionRecord, before: SubscriptionRecord | undefined): string[] {
  if (raw === undefined || raw === null) return allCharges(sub).map((c) => c.chargeNumber);
  if (!Array.isArray(raw)) throw invalidValue(`'${where}.charges' must be an array`);
  const charges = allCharges(sub);
  const oldNumbers = new Set(before ? allCharges(before).map((c) => c.chargeNumber) : []);
  const tokens = tokensInBody(body);
  const out: string[] = [];
  raw.forEach((x, i) => {
    const c = (x ?? {}) as Body;
    const at = `${where}.charges[${i}]`;
    if (typeof c.chargeNumber === 'string') {
      if (!charges.some((ch) => ch.chargeNumber === c.chargeNumber)) throw invalidValue(`'${at}.chargeNumber': charge ${c.chargeNumber} is not on subscription ${sub.subscriptionNumber}`);
      out.push(c.chargeNumber);
      return;
    }
    if (typeof c.uniqueToken === 'string') {
      const token = c.uniqueToken;
      const direct = charges.find((ch) => (ch as unknown as { uniqueToken?: string }).uniqueToken === token);
      if (direct) return void out.push(direct.chargeNumber);
      const declared = tokens.get(token);
      const byNumber = declared?.chargeNumber ? charges.find((ch) => ch.chargeNumber === declared.chargeNumber) : undefined;
      // The charge the order added for that product rate plan charge.
      const byPrc = declared?.productRatePlanChargeId
        ? charges.find((ch) => ch.productRatePlanChargeId === declared.productRatePlanChargeId && !oldNumbers.has(ch.chargeNumber) && !out.includes(ch.chargeNumber))
        : undefined;
      const found = byNumber ?? byPrc;
      if (!found) throw invalidValue(`'${at}.uniqueToken': no charge of this order has the unique token ${token}`);
      out.push(found.chargeNumber);
      return;
    }
    throw missingField(`'${at}' needs a chargeNumber or a uniqueToken`);
  });
  return [...new Set(out)];
}

/** Matches the order body's subscription entries to the subscriptions the order touched. */
function pairSubscriptions(event: OrderProcessedEvent): Array<{ entry: Body; index: number; touched: OrderProcessedEvent['subscriptions'][number] }> {
  const entries = Array.isArray(event.request.subscriptions) ? (event.request.subscriptions as Body[]) : [];
  const claimed = new Set(entries.map((e) => e?.subscriptionNumber).filter((n): n is string => typeof n === 'string'));
  const unnamed = event.subscriptions.filter((s) => !claimed.has(s.subscriptionNumber));
  let k = 0;
  const out: Array<{ entry: Body; index: number; touched: OrderProcessedEvent['subscriptions'][number] }> = [];
  entries.forEach((entry, index) => {
    if (!entry || typeof entry !== 'object') return;
    const number = typeof entry.subscriptionNumber === 'string' ? entry.subscriptionNumber : undefined;
    const touched = number ? event.subscriptions.find((s) => s.subscriptionNumber === number) : unnamed[k++];
    if (touched) out.push({ entry, index, touched });
  });
  return out;
}

async function nextSeq(ctx: Ctx): Promise<number> {
  return nextCounter(ctx, 'order_extras_seq');
}

/** The order hook's part for ramps. */
export async function applyOrderRamps(ctx: Ctx, event: OrderProcessedEvent): Promise<void> {
  const reader = await subscriptions();
  const handled = new Set<string>();
  for (const { entry, index, touched } of pairSubscriptions(event)) {
    const ramp = entry.ramp as Body | undefined;
    if (ramp === undefined || ramp === null) continue;
    const where = `subscriptions[${index}].ramp`;
    if (typeof ramp !== 'object' || Array.isArray(ramp)) throw invalidValue(`'${where}' must be an object`);
    handled.add(touched.subscriptionNumber);
    const existing = await store.activeRampOf(ctx, touched.subscriptionNumber);
    const now = stamp(ctx);
    if (ramp.delete === true) {
      if (!existing) throw invalidValue(`'${where}.delete': subscription ${touched.subscriptionNumber} has no ramp`);
      await store.updateRamp(ctx, existing.id, { deleted: 1, updated_time: now });
      continue;
    }
    const sub = await reader.getSubscription(ctx, touched.subscriptionNumber, touched.version);
    if (!sub) continue;
    const before = touched.previousVersion ? await reader.getSubscription(ctx, touched.subscriptionNumber, touched.previousVersion) : undefined;
    const intervals = ramp.intervals === undefined && existing ? (JSON.parse(existing.intervals) as RampInterval[]) : parseIntervals(ramp.intervals, where);
    const charges = ramp.charges === undefined && existing ? (JSON.parse(existing.charges) as string[]) : resolveCharges(ramp.charges, where, event.request, sub, before);
    if (ramp.name !== undefined && ramp.name !== null && typeof ramp.name !== 'string') throw invalidValue(`'${where}.name' must be a string`);
    const name = (ramp.name as string | undefined) ?? existing?.name ?? 'Ramp';
    const description = typeof ramp.description === 'string' ? ramp.description || null : (existing?.description ?? null);
    let row: RampRow;
    if (existing) {
      const patch = { name, description, intervals: JSON.stringify(intervals), charges: JSON.stringify(charges), updated_time: now };
      await store.updateRamp(ctx, existing.id, patch);
      row = { ...existing, ...patch };
    } else {
      row = {
        id: newId(),
        tenant_id: ctx.tenant.id,
        ramp_number: formatNumber('R-', await nextCounter(ctx, 'ramp')),
        subscription_number: touched.subscriptionNumber,
        name,
        description,
        intervals: JSON.stringify(intervals),
        charges: JSON.stringify(charges),
        deleted: 0,
        created_time: now,
        updated_time: now,
      };
      await store.insertRamp(ctx, row);
    }
    await recordOrder(ctx, row, event.orderNumber, touched);
  }
  // Orders that change a ramped subscription without restating the ramp still count against it.
  for (const touched of event.subscriptions) {
    if (handled.has(touched.subscriptionNumber)) continue;
    const existing = await store.activeRampOf(ctx, touched.subscriptionNumber);
    if (existing) await recordOrder(ctx, existing, event.orderNumber, touched);
  }
}

async function recordOrder(ctx: Ctx, ramp: RampRow, orderNumber: string, touched: OrderProcessedEvent['subscriptions'][number]): Promise<void> {
  await store.insertRampOrder(ctx, {
    id: newId(),
    tenant_id: ctx.tenant.id,
    ramp_id: ramp.id,
    order_number: orderNumber,
    subscription_number: touched.subscriptionNumber,
    version: touched.version,
    previous_version: touched.previousVersion,
    name: ramp.name,
    description: ramp.description,
    intervals: ramp.intervals,
    charges: ramp.charges,
    seq: await nextSeq(ctx),
  });
}

function def(row: { ramp_number: string; name: string | null; description: string | null; intervals: string; charges: string }): RampDef {
  return {
    number: row.ramp_number,
    name: row.name,
    description: row.description,
    intervals: JSON.parse(row.intervals) as RampInterval[],
    chargeNumbers: JSON.parse(row.charges) as string[],
  };
}

export function rampJson(row: RampRow): Record<string, unknown> {
  const d = def(row);
  return {
    charges: d.chargeNumbers.map((chargeNumber) => ({ chargeNumber })),
    description: d.description,
    id: row.id,
    intervals: d.intervals.map((iv) => ({ description: iv.description, endDate: iv.endDate, name: iv.name, startDate: iv.startDate })),
    name: d.name,
    number: row.ramp_number,
    subscriptionNumber: row.subscription_number,
  };
}

async function mustGetRamp(ctx: Ctx, number: string): Promise<RampRow> {
  const row = await store.getRampByNumber(ctx, number);
  if (!row || row.deleted) throw notFound(`Ramp ${number} does not exist`);
  return row;
}

export async function getRamp(ctx: Ctx, number: string): Promise<Record<string, unknown>> {
  return { ramp: rampJson(await mustGetRamp(ctx, number)), success: true };
}

async function subscriptionNumberOf(ctx: Ctx, key: string): Promise<SubscriptionRecord> {
  const sub = await (await subscriptions()).getSubscription(ctx, key);
  if (!sub) throw notFound(`Subscription ${key} does not exist`);
  return sub;
}

export async function rampsBySubscription(ctx: Ctx, key: string): Promise<Record<string, unknown>> {
  const sub = await subscriptionNumberOf(ctx, key);
  const row = await store.activeRampOf(ctx, sub.subscriptionNumber);
  return { ramps: row ? [rampJson(row)] : [], success: true };
}

export async function metricsByRampNumber(ctx: Ctx, number: string): Promise<Record<string, unknown>> {
  const row = await mustGetRamp(ctx, number);
  const sub = await (await subscriptions()).getSubscription(ctx, row.subscription_number);
  return { rampMetrics: rampMetricsJson(def(row), sub), success: true };
}

export async function metricsBySubscription(ctx: Ctx, key: string): Promise<Record<string, unknown>> {
  const sub = await subscriptionNumberOf(ctx, key);
  const row = await store.activeRampOf(ctx, sub.subscriptionNumber);
  if (!row) throw notFound(`Subscription ${sub.subscriptionNumber} has no ramp`);
  return { rampMetrics: rampMetricsJson(def(row), sub), success: true };
}

export async function metricsByOrder(ctx: Ctx, orderNumber: string): Promise<Record<string, unknown>> {
  const reader = await subscriptions();
  if (!(await reader.orderExists(ctx, orderNumber))) throw notFound(`Order ${orderNumber} does not exist`);
  const rows = await store.rampOrdersByOrder(ctx, orderNumber);
  const out: Record<string, unknown>[] = [];
  for (const ro of rows) {
    const ramp = await store.getRampById(ctx, ro.ramp_id);
    if (!ramp) continue;
    const sub = await reader.getSubscription(ctx, ro.subscription_number, ro.version);
    const before = ro.previous_version ? await reader.getSubscription(ctx, ro.subscription_number, ro.previous_version) : undefined;
    // The charges the ramp held before this order: those of the previous order on the ramp, else the same.
    const d = def({ ramp_number: ramp.ramp_number, name: ro.name, description: ro.description, intervals: ro.intervals, charges: ro.charges });
    out.push(orderRampMetricsJson(d, sub, before, d.chargeNumbers));
  }
  return { rampMetrics: out, success: true };
}
