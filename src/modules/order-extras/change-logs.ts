/**
 * Subscription change history: one entry per subscription version, made by the
 * order that created the version. An entry holds the version's key dates and
 * numbers, and the fields that changed (old and new value, as strings) on the
 * subscription, on each rate plan and on each charge, found by comparing the
 * version with the one before it. The entry is computed and kept when the order
 * runs, so it reads the same later whatever happens to the subscription.
 */
import type { Ctx } from '../../platform/context.js';
import { nextCounter } from '../../platform/counters.js';
import { formatDateTime } from '../../platform/dates.js';
import { invalidValue, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { OrderProcessedEvent, SubscriptionChangedEvent, SubscriptionChargeRecord, SubscriptionRatePlanRecord, SubscriptionRecord } from '../subscriptions/contract.js';
import { accounts, subscriptions } from './deps.js';
import * as store from './store.js';

export interface ChangeField {
  fieldName: string;
  oldValue: string | null;
  newValue: string | null;
}

type Loose = Record<string, unknown>;

/** Fields that identify rather than describe, or are reported elsewhere in the entry. */
const SUB_SKIP = new Set(['id', 'version', 'subscriptionNumber', 'ratePlans', 'customFields', 'originalId', 'previousSubscriptionId', 'latestVersion', 'isLatestVersion']);
const RP_SKIP = new Set(['id', 'charges', 'previousRatePlanId', 'uniqueToken', 'customFields', 'originalRatePlanId', 'subscriptionRatePlanNumber', 'ratePlanNumber']);
const CHARGE_SKIP = new Set(['id', 'previousChargeId', 'uniqueToken', 'segments', 'customFields', 'chargeNumber', 'originalChargeId', 'number']);

/** What a new charge's entry lists. */
const NEW_CHARGE_FIELDS = ['price', 'quantity', 'discountAmount', 'discountPercentage', 'tiers', 'customFields'];

function pick(o: Loose, keys: string[]): Loose {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined && o[k] !== null).map((k) => [k, o[k]]));
}

function asText(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function isScalar(v: unknown): boolean {
  return v === null || v === undefined || ['string', 'number', 'boolean'].includes(typeof v);
}

/** Differences of the scalar fields (and custom fields) of two objects; `before` undefined means everything is new. */
export function diffFields(before: Loose | undefined, after: Loose | undefined, skip: Set<string>): ChangeField[] {
  const out: ChangeField[] = [];
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const k of keys) {
    if (skip.has(k)) continue;
    const a = before?.[k];
    const b = after?.[k];
    if (!isScalar(a) || !isScalar(b)) continue;
    const oldValue = asText(a);
    const newValue = asText(b);
    if (oldValue !== newValue) out.push({ fieldName: k, oldValue, newValue });
  }
  const ca = (before?.customFields ?? {}) as Loose;
  const cb = (after?.customFields ?? {}) as Loose;
  for (const k of new Set([...Object.keys(ca), ...Object.keys(cb)])) {
    const oldValue = asText(ca[k]);
    const newValue = asText(cb[k]);
    if (oldValue !== newValue) out.push({ fieldName: k, oldValue, newValue });
  }
  return out;
}

/** The charge as a flat record: its own fields plus those of its latest segment and its effective dates. */
function chargeView(c: SubscriptionChargeRecord | undefined): Loose | undefined {
  if (!c) return undefined;
  const segs = c.segments;
  const last = segs[segs.length - 1];
  const view: Loose = { ...(c as unknown as Loose) };
  view.effectiveStartDate = segs[0]?.effectiveStartDate ?? null;
  view.effectiveEndDate = last ? last.effectiveEndDate : null;
  if (last) {
    view.price = last.price;
    view.quantity = last.quantity;
    view.discountPercentage = last.discountPercentage;
    view.discountAmount = last.discountAmount;
    view.tiers = last.tiers.length ? JSON.stringify(last.tiers) : null;
  }
  return view;
}

/** The rate plan's number when the record carries one, else its id. */
const rpKey = (rp: SubscriptionRatePlanRecord) => {
  const l = rp as unknown as Loose;
  return String(l.subscriptionRatePlanNumber ?? l.ratePlanNumber ?? rp.id);
};
const chargeKey = (c: SubscriptionChargeRecord) => c.chargeNumber;

/** The same rate plan in the previous version: same number, else sharing a charge number (ids may change by version). */
function previousOf(rp: SubscriptionRatePlanRecord, before: SubscriptionRecord | undefined): SubscriptionRatePlanRecord | undefined {
  if (!before) return undefined;
  const key = rpKey(rp);
  const numbers = new Set(rp.charges.map(chargeKey));
  return (
    before.ratePlans.find((p) => rpKey(p) === key) ??
    before.ratePlans.find((p) => p.charges.some((c) => numbers.has(chargeKey(c)))) ??
    before.ratePlans.find((p) => (p as unknown as Loose).originalRatePlanId !== undefined && (p as unknown as Loose).originalRatePlanId === (rp as unknown as Loose).originalRatePlanId)
  );
}

export function diffRatePlans(before: SubscriptionRecord | undefined, after: SubscriptionRecord): Loose[] {
  const out: Loose[] = [];
  for (const rp of after.ratePlans) {
    const prev = previousOf(rp, before);
    // A new rate plan or charge lists what was chosen for it (custom fields; price and quantity),
    // not the catalog's descriptions it copies; an existing one lists every change.
    const fields = prev
      ? diffFields(prev as unknown as Loose, rp as unknown as Loose, RP_SKIP)
      : diffFields(undefined, { customFields: rp.customFields }, new Set());
    const oldCharges = new Map((prev?.charges ?? []).map((c) => [chargeKey(c), c]));
    const charges: Loose[] = [];
    for (const c of rp.charges) {
      const old = oldCharges.get(chargeKey(c));
      const cf = old ? diffFields(chargeView(old), chargeView(c), CHARGE_SKIP) : diffFields(undefined, pick(chargeView(c)!, NEW_CHARGE_FIELDS), new Set());
      if (!cf.length) continue;
      const v = chargeView(c)!;
      charges.push({
        chargeNumber: c.chargeNumber,
        ratePlanChargeId: c.id,
        effectiveStartDate: v.effectiveStartDate,
        effectiveEndDate: v.effectiveEndDate,
        fields: cf,
      });
    }
    if (!fields.length && !charges.length) continue;
    out.push({ ratePlanNumber: rpKey(rp), ratePlanCharges: charges, fields });
  }
  return out;
}

async function accountNumberOf(ctx: Ctx, sub: SubscriptionRecord, which: 'account' | 'invoiceOwner'): Promise<string | null> {
  const l = sub as unknown as Loose;
  const direct = which === 'account' ? l.accountNumber : l.invoiceOwnerAccountNumber;
  if (typeof direct === 'string') return direct;
  const id = which === 'account' ? sub.accountId : sub.invoiceOwnerAccountId;
  if (!id) return null;
  try {
    return (await (await accounts()).getAccountByKey(ctx, id))?.accountNumber ?? null;
  } catch {
    return null;
  }
}

export async function buildEntry(
  ctx: Ctx,
  orderNumber: string | null,
  before: SubscriptionRecord | undefined,
  after: SubscriptionRecord,
  extra: { type?: 'Standard' | 'OmniChannel'; externalSubscriptionId?: string | null } = {},
): Promise<Loose> {
  return {
    subscriptionNumber: after.subscriptionNumber,
    version: after.version,
    subscriptionStartDate: after.subscriptionStartDate ?? null,
    subscriptionEndDate: after.subscriptionEndDate ?? null,
    termStartDate: after.termStartDate ?? null,
    termEndDate: after.termEndDate ?? null,
    accountNumber: await accountNumberOf(ctx, after, 'account'),
    invoiceOwnerAccountNumber: await accountNumberOf(ctx, after, 'invoiceOwner'),
    currency: after.currency ?? null,
    orderNumber,
    type: extra.type ?? 'Standard',
    externalSubscriptionId: extra.externalSubscriptionId ?? null,
    changedTime: formatDateTime(ctx.now(), ctx.tenant.timezone),
    ratePlans: diffRatePlans(before, after),
    fields: diffFields(before as unknown as Loose | undefined, after as unknown as Loose, SUB_SKIP),
  };
}

export async function saveEntry(ctx: Ctx, entry: Loose): Promise<void> {
  await store.insertChangeLog(ctx, {
    id: newId(),
    tenant_id: ctx.tenant.id,
    subscription_number: String(entry.subscriptionNumber),
    version: Number(entry.version),
    order_number: (entry.orderNumber as string | null) ?? null,
    seq: await nextCounter(ctx, 'order_extras_seq'),
    body: JSON.stringify(entry),
  });
}

/** The order hook's part for change history: one entry per subscription version the order made. */
export async function recordOrderChanges(ctx: Ctx, event: OrderProcessedEvent): Promise<void> {
  const reader = await subscriptions();
  for (const s of event.subscriptions) {
    if (s.previousVersion !== null && s.previousVersion === s.version) continue;
    const after = await reader.getSubscription(ctx, s.subscriptionNumber, s.version);
    if (!after) continue;
    const before = s.previousVersion ? await reader.getSubscription(ctx, s.subscriptionNumber, s.previousVersion) : undefined;
    await saveEntry(ctx, await buildEntry(ctx, event.orderNumber, before, after));
  }
}

/**
 * Changes no order makes: an auto-renewal is a new version with its own entry;
 * an in-place change (expiry, trigger dates, custom fields) refreshes the entry
 * of the version it changed, which keeps the order that made the version.
 */
export async function recordSubscriptionChange(ctx: Ctx, event: SubscriptionChangedEvent): Promise<void> {
  const reader = await subscriptions();
  const after = await reader.getSubscription(ctx, event.subscriptionNumber, event.version);
  if (!after) return;
  const before = event.version > 1 ? await reader.getSubscription(ctx, event.subscriptionNumber, event.version - 1) : undefined;
  const existing = await store.changeLogByVersion(ctx, event.subscriptionNumber, event.version);
  if (event.change === 'AutoRenewal' || !existing) {
    await saveEntry(ctx, await buildEntry(ctx, null, before, after));
    return;
  }
  const old = JSON.parse(existing.body) as Loose;
  const fresh = await buildEntry(ctx, (old.orderNumber as string | null) ?? null, before, after, {
    type: (old.type as 'Standard' | 'OmniChannel' | undefined) ?? 'Standard',
    externalSubscriptionId: (old.externalSubscriptionId as string | null | undefined) ?? null,
  });
  await store.replaceChangeLogBody(ctx, existing.id, JSON.stringify(fresh));
}

export async function bySubscription(ctx: Ctx, subscriptionNumber: string): Promise<Loose> {
  const rows = await store.changeLogsBySubscription(ctx, subscriptionNumber);
  if (!rows.length) throw notFound(`Subscription ${subscriptionNumber} has no change history`);
  return { success: true, subscriptions: rows.map((r) => JSON.parse(r.body) as Loose) };
}

export async function byOrder(ctx: Ctx, orderNumber: string): Promise<Loose> {
  const rows = await store.changeLogsByOrder(ctx, orderNumber);
  if (!rows.length) throw notFound(`Order ${orderNumber} has no subscription change history`);
  return { success: true, subscriptions: rows.map((r) => JSON.parse(r.body) as Loose) };
}

export async function byVersion(ctx: Ctx, subscriptionNumber: string, version: string): Promise<Loose> {
  if (!/^\d+$/.test(version) || Number(version) < 1) throw invalidValue(`'version' must be a positive integer: ${version}`);
  const row = await store.changeLogByVersion(ctx, subscriptionNumber, Number(version));
  if (!row) throw notFound(`Subscription ${subscriptionNumber} has no version ${version}`);
  return { success: true, subscription: JSON.parse(row.body) as Loose };
}

/** For subscriptions deleted by their module, if it ever asks. */
export async function forgetSubscription(ctx: Ctx, subscriptionNumber: string): Promise<void> {
  await store.deleteChangeLogs(ctx, subscriptionNumber);
}
