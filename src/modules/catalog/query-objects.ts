/**
 * The catalog's objects in the query model: Product, ProductRatePlan,
 * ProductRatePlanCharge (its columns plus the attributes kept in the `attrs`
 * JSON, named by CHARGE_FIELDS) and ProductRatePlanChargeTier.
 */
import { qf, type QueryField, type QueryObject } from '../queries/contract.js';
import { catalogObjectActions } from './object-actions.js';
import { CHARGE_FIELDS } from './fields.js';

const rw = { createable: true, updateable: true };

/** Attributes of a charge kept in `attrs`: text and numbers are filterable there; flags are read only. */
function chargeAttrFields(): QueryField[] {
  const out: QueryField[] = [];
  for (const f of CHARGE_FIELDS) {
    if (f.objectApi === false) continue;
    if (f.kind === 'string') out.push({ name: f.pascal, type: f.enum ? 'picklist' : 'text', json: ['attrs', f.key], values: f.enum ? [...f.enum] : undefined, ...rw });
    else if (f.kind === 'int') out.push({ name: f.pascal, type: 'integer', json: ['attrs', f.key], ...rw });
    else if (f.kind === 'decimal') out.push({ name: f.pascal, type: 'decimal', json: ['attrs', f.key], ...rw });
    else if (f.kind === 'bool') {
      const key = f.key;
      out.push(qf.computed(f.pascal, 'boolean', (r) => {
        try {
          const v = (JSON.parse(String(r.attrs ?? '{}')) as Record<string, unknown>)[key];
          return typeof v === 'boolean' ? v : null;
        } catch {
          return null;
        }
      }, rw));
    }
  }
  return out;
}

export const catalogQueryObjects: QueryObject[] = [
  {
    name: 'Product',
    actions: catalogObjectActions.Product,
    path: 'products',
    operationIds: ['queryProducts', 'queryProductByKey'],
    table: 'catalog_products',
    customFields: 'custom_fields',
    numberField: 'ProductNumber',
    fields: [
      qf.id('Id', 'id'),
      qf.bool('AllowFeatureChanges', 'allow_feature_changes', rw),
      qf.text('Category', 'category', rw),
      qf.datetime('CreatedDate', 'created_at'),
      qf.text('Description', 'description', rw),
      qf.date('EffectiveEndDate', 'effective_end_date', rw),
      qf.date('EffectiveStartDate', 'effective_start_date', rw),
      qf.text('Name', 'name', rw),
      qf.text('ProductNumber', 'product_number', rw),
      qf.text('SKU', 'sku', rw),
      qf.datetime('UpdatedDate', 'updated_at'),
    ],
    relations: [{ name: 'productrateplans', property: 'productRatePlans', object: 'ProductRatePlan', cardinality: 'many', localField: 'Id', remoteField: 'ProductId' }],
  },
  {
    name: 'ProductRatePlan',
    actions: catalogObjectActions.ProductRatePlan,
    path: 'product-rate-plans',
    operationIds: ['queryProductRatePlans', 'queryProductRatePlanByKey'],
    table: 'catalog_rate_plans',
    customFields: 'custom_fields',
    numberField: 'ProductRatePlanNumber',
    fields: [
      qf.id('Id', 'id'),
      qf.datetime('CreatedDate', 'created_at'),
      qf.text('Description', 'description', rw),
      qf.date('EffectiveEndDate', 'effective_end_date', rw),
      qf.date('EffectiveStartDate', 'effective_start_date', rw),
      qf.dec('Grade', 'grade', rw),
      qf.text('Name', 'name', rw),
      qf.id('ProductId', 'product_id', { createable: true }),
      qf.text('ProductRatePlanNumber', 'product_rate_plan_number', rw),
      qf.datetime('UpdatedDate', 'updated_at'),
    ],
    relations: [
      { name: 'product', property: 'product', object: 'Product', cardinality: 'one', localField: 'ProductId', remoteField: 'Id' },
      { name: 'productrateplancharges', property: 'productRatePlanCharges', object: 'ProductRatePlanCharge', cardinality: 'many', localField: 'Id', remoteField: 'ProductRatePlanId' },
    ],
  },
  {
    name: 'ProductRatePlanCharge',
    actions: catalogObjectActions.ProductRatePlanCharge,
    path: 'product-rate-plan-charges',
    operationIds: ['queryProductRatePlanCharges', 'queryProductRatePlanChargeByKey'],
    table: 'catalog_charges',
    customFields: 'custom_fields',
    numberField: 'ProductRatePlanChargeNumber',
    fields: [
      qf.id('Id', 'id'),
      qf.text('ChargeModel', 'charge_model', rw),
      // The action query page: one-time charges are queried as ChargeType = 'One-Time'.
      qf.pick('ChargeType', 'charge_type', ['One-Time', 'Recurring', 'Usage'], { ...rw, stored: { 'One-Time': 'OneTime' } }),
      qf.datetime('CreatedDate', 'created_at'),
      qf.text('Name', 'name', rw),
      qf.id('ProductRatePlanId', 'rate_plan_id', { createable: true }),
      qf.text('ProductRatePlanChargeNumber', 'charge_number', rw),
      qf.datetime('UpdatedDate', 'updated_at'),
      ...chargeAttrFields(),
    ],
    relations: [
      { name: 'productrateplan', property: 'productRatePlan', object: 'ProductRatePlan', cardinality: 'one', localField: 'ProductRatePlanId', remoteField: 'Id' },
      { name: 'productrateplanchargetiers', property: 'productRatePlanChargeTiers', object: 'ProductRatePlanChargeTier', cardinality: 'many', localField: 'Id', remoteField: 'ProductRatePlanChargeId' },
    ],
  },
  {
    name: 'ProductRatePlanChargeTier',
    path: 'product-rate-plan-charge-tiers',
    operationIds: ['queryProductRatePlanChargeTiers', 'queryProductRatePlanChargeTierByKey'],
    table: 'catalog_charge_tiers',
    fields: [
      qf.id('Id', 'id'),
      qf.datetime('CreatedDate', 'created_at'),
      qf.text('Currency', 'currency', rw),
      qf.dec('DiscountAmount', 'discount_amount', rw),
      qf.dec('DiscountPercentage', 'discount_percentage', rw),
      qf.dec('EndingUnit', 'ending_unit', rw),
      qf.bool('IsOveragePrice', 'is_overage_price', rw),
      qf.dec('Price', 'price', rw),
      qf.pick('PriceFormat', 'price_format', ['Flat Fee', 'Per Unit'], { ...rw, stored: { 'Flat Fee': 'FlatFee', 'Per Unit': 'PerUnit' } }),
      qf.id('ProductRatePlanChargeId', 'charge_id'),
      qf.dec('StartingUnit', 'starting_unit', rw),
      qf.int('Tier', 'tier', rw),
      qf.datetime('UpdatedDate', 'updated_at'),
    ],
  },
];
