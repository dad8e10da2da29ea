/**
 * Orders after they exist: reading and listing, drafts and scheduled orders
 * (update, activate, cancel), trigger dates of pending orders, delete, revert,
 * custom fields, preview and async jobs.
 */
import { sql } from 'kysely';
import { inTransaction, type Ctx } from '../../platform/context.js';
import { nextCounter } from '../../platform/counters.js';
import { customFieldRules, mergeCustomFields } from '../../platform/custom-fields.js';
import { Category, errorCode, invalidValue, missingField, notFound, ruleViolation, UNKNOWN_RESOURCE, ZuoraError } from '../../platform/errors.js';
import { enqueueJob, getJob as getPlatformJob, type JobHandler } from '../../platform/jobs.js';
import { formatNumber, newId } from '../../platform/ids.js';
import type { PageRequest } from '../../platform/pagination.js';
import { orderDeletedHooks, orderDeletionGuards, orderPreviewBuilders, orderProcessedHooks } from './contract.js';
import { getAccount } from './deps.js';
import * as E from './engine.js';
import type { ChargeDoc, SubscriptionDoc } from './model.js';
import { ACTION_FIELD, nowStamp, processOrder, requireOrder, settleTriggers } from './orders.js';
import { changed, toRecord } from './service.js';
import * as store from './store.js';
import { assignVersionIds } from './version-parts.js';
import { segmentMrr, segmentTcv } from './terms.js';
import { subscriptionView } from './view.js';
import { D, toJsonNumber, type Money } from '../../platform/money.js';

type Obj = Record<string, unknown>;
const { isObj, RES_ORDER } = E;

interface SubInfo {
  subscriptionNumber: string;
  subscriptionId: string;
  subscriptionOwnerId: string;
  subscriptionOwnerNumber: string;
  status: string;
  version: number;
}

function triggerList(a: { contract_effective_date: string | null; service_activation_date: string | null; customer_acceptance_date: string | null }) {
  const out: Array<{ name: string; triggerDate: string | null }> = [];
  if (a.contract_effective_date) out.push({ name: 'ContractEffective', triggerDate: a.contract_effective_date });
  out.push({ name: 'ServiceActivation', triggerDate: a.service_activation_date });
  out.push({ name: 'CustomerAcceptance', triggerDate: a.customer_acceptance_date });
  return out;
}

export async function orderView(ctx: Ctx, o: store.OrderRow): Promise<Record<string, unknown>> {
  const actionRules = await customFieldRules(ctx, 'OrderAction');
  const request = JSON.parse(o.request_json) as Obj;
  const infos = JSON.parse(o.subscriptions_json) as SubInfo[];
  const actions = await store.actionsOf(ctx, o.id);
  let subscriptions: unknown[];
  if (actions.length) {
    const numbers = [...new Set(actions.map((a) => a.subscription_number!))];
    subscriptions = numbers.map((num, sequence) => {
      const info = infos.find((i) => i.subscriptionNumber === num);
      const mine = actions.filter((a) => a.subscription_number === num);
      const created = mine.some((a) => a.type === 'CreateSubscription');
      const entry = (Array.isArray(request.subscriptions) ? request.subscriptions : []).find(
        (s: unknown) => isObj(s) && (s.subscriptionNumber === num || (Array.isArray(s.orderActions) && created && s.orderActions.some((x: unknown) => isObj(x) && x.type === 'CreateSubscription'))),
      ) as Obj | undefined;
      return {
        sequence,
        subscriptionNumber: num,
        baseVersion: created ? null : (info?.version ?? 1) - 1,
        newVersion: info?.version ?? null,
        subscriptionOwnerAccountNumber: info?.subscriptionOwnerNumber ?? null,
        customFields: isObj(entry?.customFields) ? entry!.customFields : {},
        notes: typeof entry?.notes === 'string' ? entry.notes : null,
        externallyManagedBy: null,
        orderActions: mine.map((a) => {
          const body = JSON.parse(a.action_json) as Obj;
          const field = ACTION_FIELD[a.type]!;
          if (a.type === 'CreateSubscription' && isObj(body[field])) body[field] = { ...(body[field] as Obj), subscriptionNumber: num };
          return {
            id: a.id,
            type: a.type,
            sequence: a.sequence,
            changeReason: a.change_reason,
            triggerDates: triggerList(a),
            customFields: actionRules.read(a.custom_fields),
            [field]: body[field] ?? {},
          };
        }),
      };
    });
  } else {
    subscriptions = (Array.isArray(request.subscriptions) ? request.subscriptions : []).map((s: unknown) => {
      const e = isObj(s) ? s : {};
      return {
        subscriptionNumber: e.subscriptionNumber ?? null,
        baseVersion: null,
        newVersion: null,
        customFields: isObj(e.customFields) ? e.customFields : {},
        notes: e.notes ?? null,
        orderActions: (Array.isArray(e.orderActions) ? e.orderActions : []).map((x: unknown, i: number) => ({ ...(isObj(x) ? x : {}), sequence: i })),
      };
    });
  }
  const out: Record<string, unknown> = {
    orderNumber: o.order_number,
    orderDate: o.order_date,
    status: o.status,
    category: o.category,
    description: o.description,
    reasonCode: o.reason_code,
    existingAccountNumber: o.account_number,
    currency: o.currency,
    createdBy: null,
    createdDate: o.created_date,
    updatedBy: null,
    updatedDate: o.updated_date,
    // the tenant's Order and OrderAction custom field definitions, if any: every defined field, null when unset
    customFields: (await customFieldRules(ctx, 'Order')).read(o.custom_fields),
    subscriptions,
  };
  if (o.scheduled_date) out.schedulingOptions = { scheduledDate: o.scheduled_date, scheduledDatePolicy: 'SpecificDate' };
  return out;
}

export async function getOrder(ctx: Ctx, number: string) {
  return { success: true, order: await orderView(ctx, await requireOrder(ctx, number)) };
}

export async function listOrders(ctx: Ctx, filter: store.OrderFilter, p: PageRequest) {
  const rows = await store.listOrders(ctx, filter, p.pageSize + 1, p.offset);
  return rows;
}

export async function orderIdsForAccount(ctx: Ctx, accountKey: string, role: 'owner' | 'invoiceOwner'): Promise<string[]> {
  const acc = await getAccount(ctx, accountKey);
  if (!acc) throw notFound(`Account ${accountKey} does not exist`);
  return store.orderIdsByOwner(ctx, acc.id, role);
}

export async function orderIdsForSubscription(ctx: Ctx, key: string): Promise<string[]> {
  const v = (await store.latestByNumber(ctx, key)) ?? (await store.versionById(ctx, key));
  if (!v) throw notFound(`Subscription ${key} does not exist`);
  return store.orderIdsBySubscription(ctx, v.subscription_number);
}

// ---------------------------------------------------------------- drafts, scheduled, pending

export async function updateOrder(ctx: Ctx, number: string, body: Obj) {
  const o = await requireOrder(ctx, number);
  if (o.status !== 'Draft' && o.status !== 'Scheduled') throw ruleViolation(`Order ${number} is ${o.status}: only a Draft or Scheduled order can be updated`, RES_ORDER);
  const r = await processOrder(ctx, { ...body, orderNumber: undefined }, { existing: o });
  return r.response;
}

/** PUT /v1/orders/{n}/activate: for Draft orders (Zuora); the clock runs Scheduled ones on their date. */
export async function activateOrder(ctx: Ctx, number: string, opts: { scheduled?: boolean } = {}) {
  const o = await requireOrder(ctx, number);
  const allowed = opts.scheduled ? 'Scheduled' : 'Draft';
  if (o.status !== allowed) throw ruleViolation(`Order ${number} is ${o.status}: only a ${allowed} order can be activated`, RES_ORDER);
  const request = JSON.parse(o.request_json) as Obj;
  const r = await processOrder(ctx, { ...request, status: 'Completed', schedulingOptions: undefined }, { existing: o });
  return r.response;
}

export async function cancelOrder(ctx: Ctx, number: string, body: Obj) {
  const o = await requireOrder(ctx, number);
  if (o.status !== 'Draft' && o.status !== 'Scheduled') throw ruleViolation(`Order ${number} is ${o.status}: only a Draft or Scheduled order can be cancelled`, RES_ORDER);
  await store.updateOrder(ctx, o.id, { status: 'Cancelled', updated_date: nowStamp(ctx), reason_code: typeof body.cancelReason === 'string' ? body.cancelReason : o.reason_code });
  const out: Record<string, unknown> = { success: true, orderNumber: number, accountNumber: o.account_number, status: 'Cancelled' };
  if (typeof body.cancelReason === 'string') out.CancelReason = body.cancelReason;
  return out;
}

/**
 * Scheduled orders whose date has come run as the clock passes it. One that
 * fails is rolled back to a savepoint and marked Failed; the clock moves on.
 */
export async function runScheduledOrders(ctx: Ctx, date: string): Promise<void> {
  for (const o of await store.ordersScheduledBy(ctx, date)) {
    await sql`savepoint zbill_scheduled_order`.execute(ctx.db);
    try {
      await activateOrder(ctx, o.order_number, { scheduled: true });
    } catch (e) {
      if (!(e instanceof ZuoraError)) throw e;
      await sql`rollback to savepoint zbill_scheduled_order`.execute(ctx.db);
      await store.updateOrder(ctx, o.id, { status: 'Failed', updated_date: nowStamp(ctx), reason_code: e.message.slice(0, 255) });
    }
    await sql`release savepoint zbill_scheduled_order`.execute(ctx.db);
  }
}

export async function setTriggerDates(ctx: Ctx, number: string, body: Obj) {
  const o = await requireOrder(ctx, number);
  if (o.status !== 'Pending') throw ruleViolation(`Order ${number} is ${o.status}: trigger dates can be set only on a Pending order`, RES_ORDER);
  const subs = body.subscriptions;
  if (!Array.isArray(subs) || !subs.length) throw missingField(`'subscriptions' is required`, RES_ORDER);
  const infos = JSON.parse(o.subscriptions_json) as SubInfo[];
  const actions = await store.actionsOf(ctx, o.id);
  for (const [i, s] of subs.entries()) {
    const f = `subscriptions[${i}]`;
    if (!isObj(s) || typeof s.subscriptionNumber !== 'string') throw missingField(`'${f}.subscriptionNumber' is required`, RES_ORDER);
    const info = infos.find((x) => x.subscriptionNumber === s.subscriptionNumber);
    if (!info) throw invalidValue(`'${f}.subscriptionNumber': order ${number} has no subscription ${String(s.subscriptionNumber)}`, RES_ORDER);
    const row = await store.versionByNumber(ctx, info.subscriptionNumber, info.version);
    const doc = row!.doc;
    const list = Array.isArray(s.orderActions) ? s.orderActions : [];
    for (const [j, oa] of list.entries()) {
      const af = `${f}.orderActions[${j}]`;
      if (!isObj(oa)) throw invalidValue(`'${af}' must be an object`, RES_ORDER);
      const act = actions.find((a) => a.subscription_number === info.subscriptionNumber && (oa.sequence === undefined || a.sequence === oa.sequence));
      if (!act) throw invalidValue(`'${af}.sequence': no order action ${String(oa.sequence)} on ${info.subscriptionNumber}`, RES_ORDER);
      const tds = Array.isArray(oa.triggerDates) ? oa.triggerDates : [];
      for (const [k, td] of tds.entries()) {
        const tf = `${af}.triggerDates[${k}]`;
        if (!isObj(td)) throw invalidValue(`'${tf}' must be an object`, RES_ORDER);
        const d = E.dateField(td.triggerDate, `${tf}.triggerDate`);
        if (!d) throw missingField(`'${tf}.triggerDate' is required`, RES_ORDER);
        if (td.name === 'ServiceActivation') {
          if (d < doc.contractEffectiveDate) throw invalidValue(`'${tf}.triggerDate' (${d}) must not be before the contract effective date ${doc.contractEffectiveDate}`, RES_ORDER);
          doc.serviceActivationDate = d;
          await store.updateAction(ctx, act.id, { service_activation_date: d });
        } else if (td.name === 'CustomerAcceptance') {
          if (doc.serviceActivationDate && d < doc.serviceActivationDate) throw invalidValue(`'${tf}.triggerDate' (${d}) must not be before the service activation date ${doc.serviceActivationDate}`, RES_ORDER);
          doc.customerAcceptanceDate = d;
          await store.updateAction(ctx, act.id, { customer_acceptance_date: d });
        } else throw invalidValue(`'${tf}.name' must be ServiceActivation or CustomerAcceptance, got '${String(td.name)}'`, RES_ORDER);
      }
    }
    settleTriggers(doc);
    doc.updatedDate = nowStamp(ctx);
    await store.rewriteVersion(ctx, doc);
    await changed(ctx, doc, 'TriggerDates');
    info.status = doc.status;
    // Versions made since (amendments of the pending subscription) take the same dates.
    for (const v of await store.versionsOf(ctx, info.subscriptionNumber)) {
      if (v.version <= info.version) continue;
      const later = v.doc;
      later.serviceActivationDate ??= doc.serviceActivationDate;
      later.customerAcceptanceDate ??= doc.customerAcceptanceDate;
      settleTriggers(later);
      await store.rewriteVersion(ctx, later);
    }
  }
  const docs = await Promise.all(infos.map(async (i) => (await store.versionByNumber(ctx, i.subscriptionNumber, i.version))!.doc));
  const pending = docs.some((d) => d.status.startsWith('Pending') || d.ratePlans.some((r) => r.charges.some((c) => c.pending)));
  const status = pending ? 'Pending' : 'Completed';
  await store.updateOrder(ctx, o.id, { status, subscriptions_json: JSON.stringify(infos), updated_date: nowStamp(ctx) });
  return { success: true, orderNumber: number, status, accountNumber: o.account_number, subscriptions: infos.map((i) => ({ subscriptionNumber: i.subscriptionNumber, status: i.status })) };
}

export async function pendingOrdersOf(ctx: Ctx, key: string) {
  const ids = await orderIdsForSubscription(ctx, key);
  const rows = (await store.listOrders(ctx, { ids, status: 'Pending' }, 1000, 0)).reverse();
  return { success: true, orders: await Promise.all(rows.map((o) => orderView(ctx, o))) };
}

// ---------------------------------------------------------------- delete, revert

/**
 * Deletes an order and the subscription versions it made (the subscriptions
 * roll back to the version before). Not for a Reverted order, nor when a later
 * order changed the same subscription, nor when a guard (billing) refuses.
 */
export async function deleteOrder(ctx: Ctx, number: string) {
  const o = await requireOrder(ctx, number);
  if (o.status === 'Reverted') throw ruleViolation(`Order ${number} is Reverted: it cannot be deleted`, RES_ORDER);
  const versions = await store.versionsOfOrder(ctx, o.id);
  for (const v of versions) {
    if (!v.latest) throw ruleViolation(`Order ${number} cannot be deleted: subscription ${v.subscription_number} has versions made after it`, RES_ORDER);
  }
  await removeOrder(ctx, o, versions.map((v) => v.subscription_number));
  for (const v of versions) {
    await store.deleteVersion(ctx, v.id);
    await store.markLatest(ctx, v.subscription_number);
  }
  return { success: true };
}

/** Asks the deletion guards, deletes the order and its actions, runs the deleted hooks. */
export async function removeOrder(ctx: Ctx, o: store.OrderRow, subscriptionNumbers: string[]): Promise<void> {
  for (const guard of orderDeletionGuards) {
    const why = await guard(ctx, { orderNumber: o.order_number, orderId: o.id, subscriptionNumbers });
    if (why) throw ruleViolation(`Order ${o.order_number} cannot be deleted: ${why}`, RES_ORDER);
  }
  await store.deleteOrder(ctx, o.id);
  for (const hook of orderDeletedHooks) await hook(ctx, { orderNumber: o.order_number, orderId: o.id });
}

export async function revertOrder(ctx: Ctx, number: string, body: Obj) {
  const o = await requireOrder(ctx, number);
  if (o.status !== 'Completed') throw ruleViolation(`Order ${number} is ${o.status}: only a Completed order can be reverted`, RES_ORDER);
  const orderDate = E.dateField(body.orderDate, 'orderDate') ?? ctx.today().toString();
  const versions = await store.versionsOfOrder(ctx, o.id);
  if (!versions.length) throw ruleViolation(`Order ${number} changed no subscription: there is nothing to revert`, RES_ORDER);
  const newNumber = formatNumber('O-', await nextCounter(ctx, 'order'));
  const orderId = newId();
  const stamp = nowStamp(ctx);
  const infos: SubInfo[] = [];
  let seq = 0;
  for (const v of versions) {
    if (!v.latest) throw ruleViolation(`Order ${number} cannot be reverted: subscription ${v.subscription_number} has versions made after it`, RES_ORDER);
    const cur = v.doc;
    let next: SubscriptionDoc;
    let type: string;
    if (cur.version === 1) {
      next = structuredClone(cur);
      for (const rp of next.ratePlans) for (const c of rp.charges) for (const s of c.segments) s.effectiveEndDate = s.effectiveStartDate;
      next.status = 'Cancelled';
      next.cancelledDate = cur.contractEffectiveDate;
      next.subscriptionEndDate = cur.contractEffectiveDate;
      type = 'CancelSubscription';
    } else {
      const base = (await store.versionByNumber(ctx, cur.subscriptionNumber, cur.version - 1))!.doc;
      next = structuredClone(base);
      type = 'RevertOrder';
    }
    next.previousSubscriptionId = cur.id;
    next.id = newId();
    next.originalId = cur.originalId;
    next.version = cur.version + 1;
    next.orderNumber = newNumber;
    next.updatedDate = stamp;
    assignVersionIds(next);
    await store.insertVersion(ctx, next, orderId, stamp);
    await store.insertAction(ctx, {
      id: newId(),
      order_id: orderId,
      sequence: seq++,
      type: type === 'RevertOrder' ? 'TermsAndConditions' : type,
      subscription_number: next.subscriptionNumber,
      subscription_version: next.version,
      contract_effective_date: orderDate,
      service_activation_date: orderDate,
      customer_acceptance_date: orderDate,
      change_reason: `Revert of order ${number}`,
      action_json: JSON.stringify({ type, revertedOrderNumber: number }),
      custom_fields: '{}',
    });
    infos.push({ subscriptionNumber: next.subscriptionNumber, subscriptionId: next.id, subscriptionOwnerId: next.accountId, subscriptionOwnerNumber: next.accountNumber, status: next.status, version: next.version });
  }
  await store.updateOrder(ctx, o.id, { status: 'Reverted', updated_date: stamp });
  await store.insertOrder(ctx, {
    id: orderId,
    order_number: newNumber,
    order_date: orderDate,
    status: 'Completed',
    account_id: o.account_id,
    account_number: o.account_number,
    description: `Revert of order ${number}`,
    category: 'NewSales',
    reason_code: null,
    scheduled_date: null,
    currency: o.currency,
    request_json: JSON.stringify({ orderDate, revertedOrderNumber: number }),
    subscriptions_json: JSON.stringify(infos),
    custom_fields: '{}',
    created_date: stamp,
    updated_date: stamp,
  });
  for (const hook of orderProcessedHooks)
    await hook(ctx, {
      orderNumber: newNumber,
      orderId,
      status: 'Completed',
      request: { orderDate, revertedOrderNumber: number },
      subscriptions: infos.map((i) => ({ subscriptionNumber: i.subscriptionNumber, subscriptionId: i.subscriptionId, version: i.version, previousVersion: i.version - 1 })),
      accountId: o.account_id,
      accountNumber: o.account_number,
    });
  return { success: true, orderNumber: newNumber, accountNumber: o.account_number, status: 'Completed', subscriptionNumbers: infos.map((i) => i.subscriptionNumber) };
}

// ---------------------------------------------------------------- custom fields, order actions

export async function updateOrderCustomFields(ctx: Ctx, number: string, body: Obj) {
  const o = await requireOrder(ctx, number);
  if (!isObj(body.customFields)) throw missingField(`'customFields' is required`, RES_ORDER);
  const custom = (await customFieldRules(ctx, 'Order')).pick(body.customFields);
  await store.updateOrder(ctx, o.id, { custom_fields: mergeCustomFields(o.custom_fields, custom), updated_date: nowStamp(ctx) });
  return { success: true };
}

export async function updateOrderAction(ctx: Ctx, id: string, body: Obj) {
  const a = await store.getAction(ctx, id);
  if (!a) throw notFound(`Order action ${id} does not exist`);
  const set: Partial<store.ActionRow> = {};
  if (body.changeReason !== undefined) {
    if (typeof body.changeReason !== 'string') throw invalidValue(`'changeReason' must be a string`, RES_ORDER);
    set.change_reason = body.changeReason;
  }
  if (body.customFields !== undefined) {
    if (!isObj(body.customFields)) throw invalidValue(`'customFields' must be an object`, RES_ORDER);
    set.custom_fields = mergeCustomFields(a.custom_fields, (await customFieldRules(ctx, 'OrderAction')).pick(body.customFields));
  }
  if (Object.keys(set).length) await store.updateAction(ctx, id, set);
  return { success: true };
}

// ---------------------------------------------------------------- preview and async jobs

class PreviewDone {
  constructor(readonly value: Record<string, unknown>) {}
}

/**
 * Runs the order in a transaction that is always rolled back; answers what it would have made. `limit`:
 * the subscriptions and order actions one preview takes (Zuora: 50, or 300 asynchronously).
 */
export async function previewOrder(ctx: Ctx, body: Obj, limit = 50): Promise<Record<string, unknown>> {
  if (!isObj(body)) throw invalidValue('The request body must be a JSON object', RES_ORDER);
  const opts = isObj(body.previewOptions) ? body.previewOptions : {};
  const previewTypes = Array.isArray(opts.previewTypes) ? (opts.previewTypes as string[]) : ['OrderMetrics'];
  const run = async (c: Ctx) => {
    const r = await processOrder(c, { ...body, status: 'Completed' }, { limit });
    const asOf = c.today().toString();
    const previewResult: Record<string, unknown> = {
      // zbill: the subscriptions as they would be after the order (the issue asks for them; Zuora's schema has no such field)
      subscriptions: r.docs.map((d) => subscriptionView(d, { asOf, detail: 'all-segments', detailedMetrics: true })),
    };
    if (previewTypes.includes('ChargeMetrics')) {
      const metrics = [];
      for (const d of r.docs) {
        const prevRow = d.version > 1 ? await store.versionByNumber(c, d.subscriptionNumber, d.version - 1) : undefined;
        const prev = prevRow?.doc;
        metrics.push({ subscriptionNumber: d.subscriptionNumber, charges: chargeMetrics(d, prev) });
      }
      previewResult.chargeMetrics = metrics;
    }
    if (previewTypes.includes('OrderMetrics') || previewTypes.includes('OrderDeltaMetrics'))
      previewResult.orderMetrics = r.docs.map((d) => ({
        subscriptionNumber: d.subscriptionNumber,
        orderActions: r.actions.filter((a) => a.subscriptionNumber === d.subscriptionNumber).map((a) => ({ sequence: String(a.sequence), type: a.type, orderItems: [], orderMetrics: [] })),
      }));
    if (previewTypes.includes('BillingDocs')) previewResult.invoices = [];
    for (const b of orderPreviewBuilders) Object.assign(previewResult, await b(c, { request: body, subscriptions: r.docs.map(toRecord), previewTypes }));
    throw new PreviewDone({ success: true, previewResult });
  };
  try {
    if (ctx.db.isTransaction) throw new Error('previewOrder runs outside any transaction');
    await inTransaction(ctx, run);
  } catch (e) {
    if (e instanceof PreviewDone) return e.value;
    throw e;
  }
  throw new Error('preview did not finish');
}

/** Per charge: contracted MRR and contract value, with the change from the version before. */
function chargeMetrics(doc: SubscriptionDoc, prev: SubscriptionDoc | undefined) {
  const before = new Map<string, { mrr: Money; tcv: Money }>();
  for (const rp of prev?.ratePlans ?? []) for (const c of rp.charges) before.set(c.number, chargeTotals(c, !!rp.removedDate));
  const n = (v: Money) => toJsonNumber(v.toDecimalPlaces(9));
  return doc.ratePlans.flatMap((rp) =>
    rp.charges.map((c) => {
      const now = chargeTotals(c, !!rp.removedDate);
      const was = before.get(c.number) ?? { mrr: new D(0), tcv: new D(0) };
      const discount = c.model.startsWith('Discount');
      const part = (v: Money, d: Money) => (discount ? { regular: 0, regularDelta: 0, discount: n(v), discountDelta: n(d) } : { regular: n(v), regularDelta: n(d), discount: 0, discountDelta: 0 });
      return {
        chargeNumber: c.number,
        originRatePlanId: rp.originalRatePlanId,
        productRatePlanChargeId: c.productRatePlanChargeId,
        productRatePlanId: rp.productRatePlanId,
        subscriptionRatePlanNumber: rp.subscriptionRatePlanNumber,
        cmrr: part(now.mrr, now.mrr.minus(was.mrr)),
        tcv: part(now.tcv, now.tcv.minus(was.tcv)),
      };
    }),
  );
}

function chargeTotals(c: ChargeDoc, removed: boolean): { mrr: Money; tcv: Money } {
  const last = c.segments[c.segments.length - 1];
  return {
    mrr: last && !removed ? segmentMrr(c, last) : new D(0),
    tcv: c.segments.reduce((t: Money, s) => t.plus(segmentTcv(c, s)), new D(0)),
  };
}

export type JobType = 'AsyncCreateOrder' | 'AsyncPreviewOrder' | 'AsyncDeleteOrder';

/** The job kind (src/platform/jobs.ts) of each async order operation. */
const JOB_KIND: Record<JobType, string> = {
  AsyncCreateOrder: 'subscriptions.AsyncCreateOrder',
  AsyncPreviewOrder: 'subscriptions.AsyncPreviewOrder',
  AsyncDeleteOrder: 'subscriptions.AsyncDeleteOrder',
};
const TYPE_OF_KIND = new Map(Object.entries(JOB_KIND).map(([t, k]) => [k, t as JobType]));

/**
 * Enqueues the async operation as a job (in its own transaction: the job exists
 * once this returns); a worker runs it, and GET /v1/async-jobs/{jobId} reports
 * it as Processing, then Completed or Failed.
 */
export async function submitJob(ctx: Ctx, type: JobType, payload: Obj): Promise<{ success: true; jobId: string }> {
  const job = await inTransaction(ctx, (c) => enqueueJob(c, JOB_KIND[type], payload));
  return { success: true, jobId: job.id };
}

/** The handlers of the async order jobs (the module declares them in its ZModule). */
export const asyncOrderJobs: Record<string, JobHandler> = {
  [JOB_KIND.AsyncCreateOrder]: async (ctx: Ctx, p: { body: Obj }) => {
    const res = (await processOrder(ctx, p.body, { limit: 300 })).response;
    return { orderNumber: res.orderNumber, accountNumber: res.accountNumber, status: res.status, subscriptions: res.subscriptions, success: true };
  },
  // A preview runs in a transaction of its own that it always rolls back.
  [JOB_KIND.AsyncPreviewOrder]: { transactional: false, run: (ctx: Ctx, p: { body: Obj }) => previewOrder(ctx, p.body, 300) },
  [JOB_KIND.AsyncDeleteOrder]: async (ctx: Ctx, p: { orderNumber: string }) => deleteOrder(ctx, p.orderNumber),
};

export async function getJob(ctx: Ctx, id: string) {
  const job = await getPlatformJob(ctx, id);
  const type = job ? TYPE_OF_KIND.get(job.kind) : undefined;
  if (job && type) {
    if (job.status === 'Completed') return { success: true, status: 'Completed', errors: null, result: { jobType: type, ...(job.result as Obj) } };
    if (job.status === 'Failed' || job.status === 'Canceled') {
      const reasons = job.error?.reasons ?? [{ code: errorCode(UNKNOWN_RESOURCE, Category.INTERNAL), message: job.error?.message ?? 'The job was canceled' }];
      return { success: true, status: 'Failed', errors: reasons.map((r) => r.message).join('; '), result: { jobType: type, success: false, reasons } };
    }
    return { success: true, status: 'Processing', errors: null, result: null };
  }
  // Jobs run inline before async orders became platform jobs.
  const j = await store.getJob(ctx, id);
  if (!j) throw notFound(`Job ${id} does not exist`);
  return { success: true, status: j.status, errors: j.errors_json, result: j.result_json ? JSON.parse(j.result_json) : null };
}
