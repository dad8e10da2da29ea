/**
 * The subscriptions module's objects in the query model.
 *
 * Order, OrderAction and Subscription (a version's row in sub_versions: its
 * columns and its header document) compile to SQL. RatePlan, RatePlanCharge
 * and RatePlanChargeTier live in versioned parts: they are loaded through the
 * subscription reader (every version of the tenant, at most the engine's
 * bound) and filtered in memory. A
 * RatePlanCharge record shows its charge's last segment; a tier has an id
 * derived from its charge and tier number (zbill stores tiers without ids).
 */
import { createHash } from 'node:crypto';
import type { Ctx } from '../../platform/context.js';
import { qf, type QueryField, type QueryObject, type QueryRow } from '../queries/contract.js';
import type { SubscriptionRecord } from './contract.js';
import { subscriptionReader } from './service.js';
import { versionKeys } from './store.js';

async function records(ctx: Ctx, limit: number): Promise<SubscriptionRecord[]> {
  const keys = await versionKeys(ctx, limit);
  const out: SubscriptionRecord[] = [];
  for (const k of keys) {
    const rec = await subscriptionReader.getSubscription(ctx, k.subscription_number, Number(k.version));
    if (rec) out.push(rec);
  }
  return out;
}

const L = qf.loaded;

/** A version's header document (sub_versions.doc). */
function header(r: QueryRow): Record<string, unknown> {
  try {
    return JSON.parse(String(r.doc ?? '{}')) as Record<string, unknown>;
  } catch {
    return {};
  }
}
const tierId = (chargeId: string, tier: number) => createHash('md5').update(`${chargeId}:${tier}`).digest('hex');

async function loadRatePlans(ctx: Ctx, limit: number): Promise<QueryRow[]> {
  const out: QueryRow[] = [];
  for (const s of await records(ctx, limit)) {
    for (const rp of s.ratePlans) {
      out.push({
        Id: rp.id,
        Name: rp.ratePlanName,
        OriginalRatePlanId: rp.originalRatePlanId ?? rp.id,
        ProductId: rp.productId,
        ProductRatePlanId: rp.productRatePlanId,
        SubscriptionId: s.id,
        SubscriptionOwnerId: s.accountId,
        InvoiceOwnerId: s.invoiceOwnerAccountId,
        SubscriptionRatePlanNumber: rp.subscriptionRatePlanNumber ?? null,
      });
    }
  }
  return out.slice(0, limit);
}

async function loadCharges(ctx: Ctx, limit: number, tiers: boolean): Promise<QueryRow[]> {
  const out: QueryRow[] = [];
  for (const s of await records(ctx, limit)) {
    for (const rp of s.ratePlans) {
      for (const c of rp.charges) {
        const seg = c.segments[c.segments.length - 1];
        if (tiers) {
          for (const t of seg?.tiers ?? []) {
            out.push({ Id: tierId(c.id, t.tier), RatePlanChargeId: c.id, Tier: t.tier, StartingUnit: t.startingUnit, EndingUnit: t.endingUnit, Price: t.price, PriceFormat: t.priceFormat === 'FlatFee' ? 'Flat Fee' : 'Per Unit' });
          }
          continue;
        }
        out.push({
          Id: c.id,
          BillingPeriod: c.billingPeriod,
          BillingTiming: c.billingTiming,
          ChargeModel: c.chargeModel,
          ChargeNumber: c.chargeNumber,
          ChargeType: c.chargeType === 'OneTime' ? 'One-Time' : c.chargeType,
          DiscountAmount: seg?.discountAmount ?? null,
          DiscountPercentage: seg?.discountPercentage ?? null,
          EffectiveEndDate: seg?.effectiveEndDate ?? null,
          EffectiveStartDate: seg?.effectiveStartDate ?? null,
          Name: c.name,
          OriginalId: c.originalChargeId ?? c.id,
          Price: seg?.price ?? null,
          ProductRatePlanChargeId: c.productRatePlanChargeId,
          Quantity: seg?.quantity ?? null,
          RatePlanId: rp.id,
          Segment: seg?.segment ?? null,
          SubscriptionId: s.id,
          TriggerEvent: c.triggerEvent,
          Version: seg?.version ?? s.version,
        });
      }
    }
  }
  return out.slice(0, limit);
}

const ro: Partial<QueryField> = {};

export const subscriptionQueryObjects: QueryObject[] = [
  {
    name: 'Subscription',
    path: 'subscriptions',
    operationIds: ['querySubscriptions', 'querySubscriptionByKey'],
    // one row per version in sub_versions: its columns and the header document (`doc`, JSON) compile to SQL
    table: 'sub_versions',
    numberField: 'Name',
    fields: [
      qf.id('Id', 'id'),
      qf.id('AccountId', 'account_id'),
      // a JSON boolean reads differently on the two databases: shown, not filterable
      qf.computed('AutoRenew', 'boolean', (r) => header(r).autoRenew === true),
      { ...qf.jsonText('CancelledDate', 'doc', 'cancelledDate'), type: 'date' },
      { ...qf.jsonText('ContractAcceptanceDate', 'doc', 'customerAcceptanceDate'), type: 'date' },
      { ...qf.jsonText('ContractEffectiveDate', 'doc', 'contractEffectiveDate'), type: 'date' },
      qf.jsonText('Currency', 'doc', 'currency'),
      qf.id('InvoiceOwnerId', 'invoice_owner_account_id'),
      qf.text('Name', 'subscription_number'),
      qf.jsonText('OriginalId', 'doc', 'originalId', { exact: true }),
      { ...qf.jsonText('ServiceActivationDate', 'doc', 'serviceActivationDate'), type: 'date' },
      qf.pick('Status', 'status', ['Draft', 'Pending Activation', 'Pending Acceptance', 'Active', 'Cancelled', 'Suspended', 'Expired']),
      { ...qf.jsonText('SubscriptionEndDate', 'doc', 'subscriptionEndDate'), type: 'date' },
      { ...qf.jsonText('SubscriptionStartDate', 'doc', 'subscriptionStartDate'), type: 'date' },
      { ...qf.jsonText('TermEndDate', 'doc', 'termEndDate'), type: 'date' },
      { ...qf.jsonText('TermStartDate', 'doc', 'termStartDate'), type: 'date' },
      { ...qf.jsonText('TermType', 'doc', 'termType'), type: 'picklist', values: ['TERMED', 'EVERGREEN'] },
      qf.int('Version', 'version'),
    ],
    relations: [
      { name: 'account', property: 'account', object: 'Account', cardinality: 'one', localField: 'AccountId', remoteField: 'Id' },
      { name: 'rateplans', property: 'ratePlans', object: 'RatePlan', cardinality: 'many', localField: 'Id', remoteField: 'SubscriptionId' },
    ],
  },
  {
    name: 'RatePlan',
    path: 'rate-plans',
    operationIds: ['queryRatePlans', 'queryRatePlanByKey'],
    load: loadRatePlans,
    fields: [
      L('Id', 'text', { exact: true }),
      L('InvoiceOwnerId', 'text', { exact: true }),
      L('Name', 'text'),
      L('OriginalRatePlanId', 'text', { exact: true }),
      L('ProductId', 'text', { exact: true }),
      L('ProductRatePlanId', 'text', { exact: true }),
      L('SubscriptionId', 'text', { exact: true }),
      L('SubscriptionOwnerId', 'text', { exact: true }),
      L('SubscriptionRatePlanNumber', 'text'),
    ],
    relations: [
      { name: 'subscription', property: 'subscription', object: 'Subscription', cardinality: 'one', localField: 'SubscriptionId', remoteField: 'Id' },
      { name: 'rateplancharges', property: 'ratePlanCharges', object: 'RatePlanCharge', cardinality: 'many', localField: 'Id', remoteField: 'RatePlanId' },
    ],
  },
  {
    name: 'RatePlanCharge',
    path: 'rate-plan-charges',
    operationIds: ['queryRatePlanCharges', 'queryRatePlanChargeByKey'],
    load: (ctx, limit) => loadCharges(ctx, limit, false),
    numberField: 'ChargeNumber',
    fields: [
      L('Id', 'text', { exact: true }),
      L('BillingPeriod', 'text'),
      L('BillingTiming', 'picklist', { values: ['IN_ADVANCE', 'IN_ARREARS'] }),
      L('ChargeModel', 'text'),
      L('ChargeNumber', 'text'),
      L('ChargeType', 'picklist', { values: ['One-Time', 'Recurring', 'Usage'] }),
      L('DiscountAmount', 'decimal'),
      L('DiscountPercentage', 'decimal'),
      L('EffectiveEndDate', 'date'),
      L('EffectiveStartDate', 'date'),
      L('Name', 'text'),
      L('OriginalId', 'text', { exact: true }),
      L('Price', 'decimal', { wireName: 'salesPrice' }),
      L('ProductRatePlanChargeId', 'text', { exact: true }),
      L('Quantity', 'decimal'),
      L('RatePlanId', 'text', { exact: true }),
      L('Segment', 'integer'),
      L('SubscriptionId', 'text', { exact: true }),
      L('TriggerEvent', 'text'),
      L('Version', 'integer'),
    ],
    relations: [
      { name: 'rateplan', property: 'ratePlan', object: 'RatePlan', cardinality: 'one', localField: 'RatePlanId', remoteField: 'Id' },
      { name: 'rateplanchargetiers', property: 'ratePlanChargeTiers', object: 'RatePlanChargeTier', cardinality: 'many', localField: 'Id', remoteField: 'RatePlanChargeId' },
    ],
  },
  {
    name: 'RatePlanChargeTier',
    path: 'rate-plan-charge-tiers',
    operationIds: ['queryRatePlanChargeTiers', 'queryRatePlanChargeTierByKey'],
    load: (ctx, limit) => loadCharges(ctx, limit, true),
    fields: [
      L('Id', 'text', { exact: true }),
      L('EndingUnit', 'decimal'),
      L('Price', 'decimal'),
      L('PriceFormat', 'picklist', { values: ['Flat Fee', 'Per Unit'] }),
      L('RatePlanChargeId', 'text', { exact: true }),
      L('StartingUnit', 'decimal'),
      L('Tier', 'integer'),
    ],
  },
  {
    name: 'Order',
    path: 'orders',
    operationIds: ['queryOrders', 'queryOrdersByKey'],
    table: 'sub_orders',
    numberField: 'OrderNumber',
    zoql: false,
    fields: [
      qf.id('Id', 'id'),
      qf.id('AccountId', 'account_id', ro),
      qf.text('Category', 'category'),
      qf.datetime('CreatedDate', 'created_date'),
      qf.text('Currency', 'currency'),
      qf.text('Description', 'description'),
      qf.date('OrderDate', 'order_date'),
      qf.text('OrderNumber', 'order_number'),
      qf.text('ReasonCode', 'reason_code'),
      qf.date('ScheduledDate', 'scheduled_date'),
      qf.pick('Status', 'status', ['Draft', 'Pending', 'Completed', 'Cancelled', 'Scheduled', 'Executing', 'Failed']),
      qf.datetime('UpdatedDate', 'updated_date'),
    ],
    relations: [
      { name: 'orderactions', property: 'orderActions', object: 'OrderAction', cardinality: 'many', localField: 'Id', remoteField: 'OrderId' },
      { name: 'orderlineitems', property: 'orderLineItems', object: 'OrderLineItem', cardinality: 'many', localField: 'Id', remoteField: 'OrderId' },
    ],
  },
  {
    name: 'OrderAction',
    path: 'order-actions',
    operationIds: ['queryOrderActions', 'queryOrderActionByKey'],
    table: 'sub_order_actions',
    zoql: false,
    fields: [
      qf.id('Id', 'id'),
      qf.date('ContractEffectiveDate', 'contract_effective_date'),
      qf.date('CustomerAcceptanceDate', 'customer_acceptance_date'),
      qf.id('OrderId', 'order_id'),
      qf.int('Sequence', 'sequence'),
      qf.date('ServiceActivationDate', 'service_activation_date'),
      qf.text('SubscriptionNumber', 'subscription_number'),
      qf.int('SubscriptionVersion', 'subscription_version'),
      qf.text('Type', 'type'),
    ],
    relations: [{ name: 'order', property: 'order', object: 'Order', cardinality: 'one', localField: 'OrderId', remoteField: 'Id' }],
  },
];
