/**
 * The Amendment object of the query model (ZOQL, describe, object query `amendments`), read from the
 * subscription versions. zbill is an Orders tenant: no amendment is made through an amendment API; each
 * subscription version an order (or the tenant clock's auto-renewal) makes is recorded as the amendment that
 * made it, as Zuora records amendments for the order actions of an Orders tenant (docs/decisions.md).
 *
 * One version, one amendment:
 * - Type: the amendment type of the version's one order action (AddProduct → NewProduct,
 *   CancelSubscription → Cancellation, Suspend → SuspendSubscription, …); `Composite` for a version made
 *   by several actions of one order, and for a subscription's creation (the Order Metrics page: Composite
 *   represents the subscription creation; the queryAmendments sample is a Composite one without a
 *   subscription); `Renewal` for an auto-renewal.
 * - SubscriptionId: the version the amendment changed (the one before it), null for a creation.
 * - Name: `auto generated`, as both samples of the object query pages name order-made amendments.
 * - Term fields, dates and status from the version the amendment made.
 * What zbill does not keep is left out rather than made up: Code (Zuora numbers amendments A-AM…, and a
 * number derived from the versions left would change when an order is deleted), the users.
 *
 * The records are loaded (every version of the tenant, at most the engine's bound) and filtered in memory.
 */
import { createHash } from 'node:crypto';
import type { Ctx } from '../../platform/context.js';
import { qf, type QueryObject, type QueryRow } from '../queries/contract.js';
import type { SubscriptionDoc } from './model.js';
import { actionsOf, getOrderById, versionKeys, versionsOf, type ActionRow } from './store.js';

/** The amendment type of a version made by one order action of this type. */
export const AMENDMENT_TYPE: Record<string, string> = {
  AddProduct: 'NewProduct',
  UpdateProduct: 'UpdateProduct',
  RemoveProduct: 'RemoveProduct',
  TermsAndConditions: 'TermsAndConditions',
  RenewSubscription: 'Renewal',
  CancelSubscription: 'Cancellation',
  OwnerTransfer: 'OwnerTransfer',
  Suspend: 'SuspendSubscription',
  Resume: 'ResumeSubscription',
  ChangePlan: 'ChangePlan',
};

export const AMENDMENT_TYPES = ['Cancellation', 'NewProduct', 'OwnerTransfer', 'RemoveProduct', 'Renewal', 'UpdateProduct', 'TermsAndConditions', 'SuspendSubscription', 'ResumeSubscription', 'ChangePlan', 'Composite'];

/** The amendment's id: derived from the id of the version it made (stable, 32 hex). */
export const amendmentId = (versionId: string) => createHash('md5').update(`amendment:${versionId}`).digest('hex');

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const parse = (s: string): Record<string, unknown> => {
  try {
    return obj(JSON.parse(s));
  } catch {
    return {};
  }
};

/**
 * The amendment record of one version (`prev` the version before it, null for version 1) made by `actions`
 * (this subscription's actions of the version's order; none for an auto-renewal).
 */
export function amendmentOf(doc: SubscriptionDoc, prev: SubscriptionDoc | null, actions: ActionRow[], orderDate: string | null, createdDate: string, status: string): QueryRow {
  const creation = !prev || actions.some((a) => a.type === 'CreateSubscription');
  const one = actions.length === 1 ? actions[0]! : null;
  const type = creation ? 'Composite' : !actions.length ? 'Renewal' : one ? (AMENDMENT_TYPE[one.type] ?? 'Composite') : 'Composite';
  const spec = one ? obj(parse(one.action_json)[String(one.type).charAt(0).toLowerCase() + String(one.type).slice(1)]) : {};
  const first = actions[0];
  const ce = first?.contract_effective_date ?? (creation || !actions.length ? doc.contractEffectiveDate : null);
  const sa = first?.service_activation_date ?? (creation ? doc.serviceActivationDate : !actions.length ? ce : null);
  const ca = first?.customer_acceptance_date ?? (creation ? doc.customerAcceptanceDate : !actions.length ? ce : null);
  let effective = ce;
  if (type === 'Cancellation') effective = doc.cancelledDate ?? ce;
  else if (type === 'SuspendSubscription') effective = doc.suspendDate ?? ce;
  else if (type === 'ResumeSubscription') effective = doc.resumeDate ?? ce;
  else if (type === 'Renewal' && !actions.length) effective = doc.termStartDate;
  // the rate plans the amendment added and removed (for a single-action version)
  const before = new Set((prev?.ratePlans ?? []).map((r) => r.originalRatePlanId ?? r.id));
  const removedBefore = new Set((prev?.ratePlans ?? []).filter((r) => r.lastChangeType === 'Remove').map((r) => r.originalRatePlanId ?? r.id));
  const added = doc.ratePlans.filter((r) => !before.has(r.originalRatePlanId ?? r.id));
  const removed = doc.ratePlans.filter((r) => r.lastChangeType === 'Remove' && !removedBefore.has(r.originalRatePlanId ?? r.id));
  const pick = (list: typeof added) => (list.length === 1 ? list[0]!.id : null);
  const newRatePlanId = type === 'NewProduct' || type === 'ChangePlan' ? pick(added) : null;
  const removedRatePlanId = type === 'RemoveProduct' || type === 'ChangePlan' ? pick(removed) : null;
  const pending = status === 'Pending Activation' || status === 'Pending Acceptance';
  return {
    Id: amendmentId(doc.id),
    AutoRenew: doc.autoRenew,
    BookingDate: orderDate,
    ContractEffectiveDate: ce,
    CreatedDate: createdDate,
    CurrentTerm: doc.termType === 'TERMED' ? doc.currentTerm : null,
    CurrentTermPeriodType: doc.currentTermPeriodType ?? null,
    CustomerAcceptanceDate: ca,
    EffectiveDate: effective,
    EffectivePolicy: type === 'ChangePlan' ? (typeof spec.effectivePolicy === 'string' ? spec.effectivePolicy : 'EffectiveImmediately') : null,
    Name: 'auto generated',
    NewRatePlanId: newRatePlanId,
    RemovedRatePlanId: removedRatePlanId,
    RenewalSetting: doc.renewalSetting ?? null,
    RenewalTerm: doc.termType === 'TERMED' ? doc.renewalTerm : null,
    RenewalTermPeriodType: doc.renewalTermPeriodType ?? null,
    ResumeDate: type === 'ResumeSubscription' ? doc.resumeDate : null,
    ServiceActivationDate: sa,
    SpecificUpdateDate: null,
    Status: pending ? status : 'Completed',
    SubscriptionId: creation ? null : prev!.id,
    SubType: type === 'ChangePlan' && typeof spec.subType === 'string' ? spec.subType : null,
    SuspendDate: type === 'SuspendSubscription' ? doc.suspendDate : null,
    TermStartDate: doc.termStartDate,
    TermType: doc.termType,
    Type: type,
    UpdatedDate: createdDate,
  };
}

/** Every amendment of the tenant, at most `limit` (+1, so the engine sees a tenant holding more). */
async function loadAmendments(ctx: Ctx, limit: number): Promise<QueryRow[]> {
  const numbers = [...new Set((await versionKeys(ctx, limit + 1)).map((k) => k.subscription_number))];
  const actionCache = new Map<string, ActionRow[]>();
  const dateCache = new Map<string, string | null>();
  const out: QueryRow[] = [];
  for (const number of numbers) {
    const rows = await versionsOf(ctx, number);
    for (const [i, r] of rows.entries()) {
      let actions: ActionRow[] = [];
      let orderDate: string | null = null;
      if (r.order_id) {
        if (!actionCache.has(r.order_id)) {
          actionCache.set(r.order_id, await actionsOf(ctx, r.order_id));
          dateCache.set(r.order_id, (await getOrderById(ctx, r.order_id))?.order_date ?? null);
        }
        actions = actionCache.get(r.order_id)!.filter((a) => a.subscription_number === number);
        orderDate = dateCache.get(r.order_id) ?? null;
      }
      const prev = i > 0 && rows[i - 1]!.version === r.version - 1 ? rows[i - 1]!.doc : null;
      out.push(amendmentOf(r.doc, prev, actions, orderDate, r.created_date, r.status));
      if (out.length > limit) return out;
    }
  }
  return out;
}

const L = qf.loaded;
const PERIOD = ['Month', 'Year', 'Day', 'Week'];

export const amendmentQueryObjects: QueryObject[] = [
  {
    name: 'Amendment',
    path: 'amendments',
    operationIds: ['queryAmendments', 'queryAmendmentByKey'],
    load: loadAmendments,
    fields: [
      L('Id', 'text', { exact: true }),
      L('AutoRenew', 'boolean'),
      L('BookingDate', 'date'),
      L('ContractEffectiveDate', 'date'),
      L('CreatedDate', 'datetime'),
      L('CurrentTerm', 'integer'),
      L('CurrentTermPeriodType', 'picklist', { values: PERIOD }),
      L('CustomerAcceptanceDate', 'date'),
      L('EffectiveDate', 'date'),
      L('EffectivePolicy', 'picklist', { values: ['EffectiveImmediately', 'EffectiveEndOfBillingPeriod', 'SpecificDate'] }),
      L('Name', 'text'),
      L('NewRatePlanId', 'text', { exact: true }),
      L('RemovedRatePlanId', 'text', { exact: true }),
      L('RenewalSetting', 'picklist', { values: ['RENEW_WITH_SPECIFIC_TERM', 'RENEW_TO_EVERGREEN'] }),
      L('RenewalTerm', 'integer'),
      L('RenewalTermPeriodType', 'picklist', { values: PERIOD }),
      L('ResumeDate', 'date'),
      L('ServiceActivationDate', 'date'),
      L('SpecificUpdateDate', 'date'),
      L('Status', 'picklist', { values: ['Draft', 'Pending Activation', 'Pending Acceptance', 'Completed'] }),
      L('SubscriptionId', 'text', { exact: true }),
      L('SubType', 'picklist', { values: ['Upgrade', 'Downgrade', 'Crossgrade', 'PlanChanged'] }),
      L('SuspendDate', 'date'),
      L('TermStartDate', 'date'),
      L('TermType', 'picklist', { values: ['TERMED', 'EVERGREEN'] }),
      L('Type', 'picklist', { values: AMENDMENT_TYPES }),
      L('UpdatedDate', 'datetime'),
    ],
  },
];
