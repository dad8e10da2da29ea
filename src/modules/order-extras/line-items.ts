/**
 * Order line items (OLIs): non-subscription items an order creates (physical
 * goods, fees, services). They are created by the order hook; afterwards they
 * are read and updated here, following Zuora's state machine:
 *
 *   without fulfillments (billingRule TriggerWithoutFulfillment):
 *     Executing → Booked | SentToBilling | Canceled;  Booked → SentToBilling;  SentToBilling → Complete
 *   with fulfillments (billingRule TriggerAsFulfillmentOccurs):
 *     Executing → Booked | Canceled;  Booked → Complete
 *
 * Most fields change only while the item is Executing; SentToBilling needs a bill target date.
 */
import type { Ctx } from '../../platform/context.js';
import { customFieldRules, parseCustomFields } from '../../platform/custom-fields.js';
import { nextCounter } from '../../platform/counters.js';
import { Category, errorCode, invalidValue, missingField, notFound, ruleViolation, UNKNOWN_RESOURCE, ZuoraError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { D, money, toDbAmount, toJsonNumber, type Money } from '../../platform/money.js';
import { fulfillmentJson, quantityFulfilled } from './fulfillments.js';
import { accounts, catalog, subscriptions } from './deps.js';
import { stamp } from './stamp.js';
import * as store from './store.js';
import type { LineItemRow } from './store.js';
import { customFieldsOf, dateField, str } from './fields.js';

/** Zuora's limit of order line items in one order. */
export const MAX_ITEMS_PER_ORDER = 100;

export const ITEM_STATES = ['Executing', 'Booked', 'SentToBilling', 'Complete', 'Canceled'] as const;
export const BILLING_RULES = ['TriggerWithoutFulfillment', 'TriggerAsFulfillmentOccurs'] as const;
const ITEM_TYPES = ['Product', 'Fee', 'Services'];
const DISCOUNT_TYPES = ['Percentage', 'FixedAmount', 'None'];
const TAX_MODES = ['TaxInclusive', 'TaxExclusive'];
const REV_TIMINGS = ['Upon Billing Document Posting Date', 'Upon Order Activation Date'];
const REV_METHODS = ['Immediate', 'Ratable Using Start And End Dates'];

/** Zuora spells the cancelled item state both ways across its API; we store "Canceled". */
export function normalizeItemState(s: string): string {
  return s === 'Cancelled' ? 'Canceled' : s;
}

/** Descriptive string fields kept in the JSON `fields` column. */
const TEXT_FIELDS = [
  'UOM',
  'accountingCode',
  'adjustmentLiabilityAccountingCode',
  'adjustmentRevenueAccountingCode',
  'billTo',
  'contractAssetAccountingCode',
  'contractLiabilityAccountingCode',
  'contractRecognizedRevenueAccountingCode',
  'deferredRevenueAccountingCode',
  'description',
  'itemName',
  'itemType',
  'productCode',
  'productRatePlanChargeId',
  'purchaseOrderNumber',
  'recognizedRevenueAccountingCode',
  'relatedSubscriptionNumber',
  'revenueRecognitionRule',
  'revenueRecognitionTiming',
  'revenueAmortizationMethod',
  'invoiceGroupNumber',
  'sequenceSetId',
  'paymentTerm',
  'invoiceTemplateId',
  'shipTo',
  'soldTo',
  'taxCode',
  'taxMode',
  'unbilledReceivablesAccountingCode',
  'communicationProfileId',
] as const;
const BOOL_FIELDS = ['excludeItemBillingFromRevenueAccounting', 'excludeItemBookingFromRevenueAccounting', 'isAllocationEligible', 'isUnbilled'] as const;

/** Taken and kept on writes, but not part of the retrieve response's schema. */
const WRITE_ONLY = new Set(['paymentTerm', 'invoiceTemplateId']);

/** Fields a return OLI may change (all others belong to sales OLIs only). */
const RETURN_UPDATABLE = new Set(['billTargetDate', 'billingRule', 'description', 'itemName', 'itemState', 'quantity', 'transactionStartDate', 'transactionEndDate', 'customFields']);
/** Flexible billing attributes: changeable while Executing, Booked or SentToBilling. */
const FBA_FIELDS = new Set(['invoiceGroupNumber', 'sequenceSetId', 'paymentTerm', 'invoiceTemplateId']);

type Fields = Record<string, string | boolean | null>;
type Body = Record<string, unknown>;

function decimalField(v: unknown, field: string, opts: { min?: number; positive?: boolean } = {}): Money | null {
  if (v === undefined || v === null) return null;
  let d: Money;
  try {
    d = new D(v as string | number);
  } catch {
    throw invalidValue(`'${field}' must be a number`);
  }
  if (!d.isFinite()) throw invalidValue(`'${field}' must be a number`);
  if (opts.positive && d.lte(0)) throw invalidValue(`'${field}' must be greater than 0`);
  if (opts.min !== undefined && d.lt(opts.min)) throw invalidValue(`'${field}' must be at least ${opts.min}`);
  return d;
}

function enumField(v: unknown, field: string, allowed: readonly string[]): string | null {
  const s = str(v, field);
  if (s === null) return null;
  if (!allowed.includes(s)) throw invalidValue(`'${field}' must be one of ${allowed.join(', ')}: ${s}`);
  return s;
}

/** amountPerUnit from the list price and inline discount, unless given. */
export function unitAmount(listPricePerUnit: Money | null, discountType: string | null, discountPerUnit: Money | null, given: Money | null): Money | null {
  if (given) return given;
  if (!listPricePerUnit) return null;
  const d = discountPerUnit ?? money(0);
  if (discountType === 'FixedAmount') return listPricePerUnit.minus(d);
  if (discountType === 'None' || !discountPerUnit) return listPricePerUnit;
  return listPricePerUnit.times(money(100).minus(d)).div(100);
}

export interface NewLineItemContext {
  orderId: string;
  orderNumber: string;
  orderDate: string | null;
  accountId: string | null;
  accountNumber: string | null;
  currency: string | null;
}

/** Creates the `orderLineItems` of an order (called from the order hook). Returns id and number of each. */
export async function createLineItems(ctx: Ctx, order: NewLineItemContext, items: unknown): Promise<Array<{ id: string; itemNumber: string }>> {
  if (items === undefined || items === null) return [];
  if (!Array.isArray(items)) throw invalidValue(`'orderLineItems' must be an array`);
  if (items.length > MAX_ITEMS_PER_ORDER) {
    throw new ZuoraError(errorCode(UNKNOWN_RESOURCE, Category.LIMIT), `An order can have at most ${MAX_ITEMS_PER_ORDER} order line items; this one has ${items.length}`);
  }
  const out: Array<{ id: string; itemNumber: string }> = [];
  const used = new Set((await store.lineItemsByOrder(ctx, order.orderNumber)).map((r) => r.item_number));
  let auto = used.size;
  for (let i = 0; i < items.length; i++) {
    const body = items[i] as Body;
    if (!body || typeof body !== 'object') throw invalidValue(`'orderLineItems[${i}]' must be an object`);
    try {
      const row = await buildNewRow(ctx, order, body);
      if (!row.item_number) {
        do auto++;
        while (used.has(String(auto)));
        row.item_number = String(auto);
      }
      if (used.has(row.item_number)) throw invalidValue(`'itemNumber' ${row.item_number} is already used in order ${order.orderNumber}`);
      used.add(row.item_number);
      await store.insertLineItem(ctx, row);
      out.push({ id: row.id, itemNumber: row.item_number });
    } catch (e) {
      if (e instanceof ZuoraError) throw new ZuoraError(e.code, `orderLineItems[${i}]: ${e.message}`);
      throw e;
    }
  }
  return out;
}

async function buildNewRow(ctx: Ctx, order: NewLineItemContext, body: Body): Promise<LineItemRow> {
  const category = enumField(body.itemCategory, 'itemCategory', ['Sales', 'Return']) ?? 'Sales';
  const state = normalizeItemState(enumField(body.itemState, 'itemState', [...ITEM_STATES, 'Cancelled']) ?? 'Executing');
  const billingRule = enumField(body.billingRule, 'billingRule', BILLING_RULES) ?? 'TriggerWithoutFulfillment';
  const quantity = decimalField(body.quantity, 'quantity', { positive: true }) ?? money(1);
  const listPricePerUnit = decimalField(body.listPricePerUnit, 'listPricePerUnit');
  const discountType = enumField(body.inlineDiscountType, 'inlineDiscountType', DISCOUNT_TYPES);
  const discountPerUnit = decimalField(body.inlineDiscountPerUnit, 'inlineDiscountPerUnit', { min: 0 });
  if (discountType === 'Percentage' && discountPerUnit && discountPerUnit.gt(100)) throw invalidValue(`'inlineDiscountPerUnit' must be at most 100 for a Percentage discount`);
  const givenAmount = decimalField(body.amountPerUnit, 'amountPerUnit');
  const start = dateField(body.transactionStartDate, 'transactionStartDate') ?? order.orderDate ?? ctx.today().toString();
  const end = dateField(body.transactionEndDate, 'transactionEndDate') ?? start;
  if (end < start) throw invalidValue(`'transactionEndDate' must not be earlier than 'transactionStartDate'`);
  const billTargetDate = dateField(body.billTargetDate, 'billTargetDate');
  if (state === 'SentToBilling' && !billTargetDate) throw missingField(`'billTargetDate' is required when 'itemState' is SentToBilling`);
  if (state === 'SentToBilling' && billingRule === 'TriggerAsFulfillmentOccurs') throw ruleViolation(`An order line item billed as fulfillments occur cannot be SentToBilling`);
  const itemNumber = str(body.itemNumber, 'itemNumber');

  const fields: Fields = {};
  for (const f of TEXT_FIELDS) fields[f] = str(body[f], f);
  let catalogPrice: Money | null = null;
  const prcKey = fields.productRatePlanChargeId as string | null;
  if (prcKey) {
    // An item of the product catalog takes its name, unit, accounting code and list price from the charge.
    const charge = await (await catalog()).getCharge(ctx, prcKey);
    if (!charge) throw invalidValue(`'productRatePlanChargeId': product rate plan charge ${prcKey} does not exist`);
    fields.productRatePlanChargeId = charge.id;
    fields.itemName ??= charge.name;
    fields.UOM ??= charge.uom;
    fields.accountingCode ??= charge.accountingCode;
    fields.taxCode ??= charge.taxCode;
    const currency = (str(body.currency, 'currency') ?? order.currency ?? '').toUpperCase();
    const pricing = charge.pricing.find((p) => p.currency.toUpperCase() === currency) ?? (charge.pricing.length === 1 ? charge.pricing[0] : undefined);
    if (pricing?.price) catalogPrice = money(pricing.price);
  }
  for (const f of BOOL_FIELDS) {
    if (body[f] !== undefined && body[f] !== null && typeof body[f] !== 'boolean') throw invalidValue(`'${f}' must be a boolean`);
    fields[f] = (body[f] as boolean | undefined) ?? null;
  }
  validateEnums(fields);
  fields.itemType ??= 'Product';
  fields.currency = str(body.currency, 'currency') ?? order.currency;
  const owner = str(body.ownerAccountNumber, 'ownerAccountNumber');
  if (owner) {
    const acc = await ownerAccount(ctx, owner);
    fields.ownerAccountNumber = acc.accountNumber;
    fields.ownerAccountId = acc.id;
  } else {
    fields.ownerAccountNumber = order.accountNumber;
    fields.ownerAccountId = order.accountId;
  }
  if (fields.relatedSubscriptionNumber) await relatedSubscription(ctx, fields.relatedSubscriptionNumber as string);
  fields.invoiceOwnerAccountNumber = order.accountNumber;

  let originalId: string | null = null;
  if (category === 'Return') {
    const origOrder = str(body.originalOrderNumber, 'originalOrderNumber');
    const origItem = str(body.originalOrderLineItemNumber, 'originalOrderLineItemNumber');
    if (!origOrder) throw missingField(`'originalOrderNumber' is required for a return order line item`);
    if (!origItem) throw missingField(`'originalOrderLineItemNumber' is required for a return order line item`);
    const original = (await store.lineItemsByOrder(ctx, origOrder)).find((r) => r.item_number === origItem);
    if (!original) throw invalidValue(`No order line item ${origItem} in order ${origOrder}`);
    if (original.item_category !== 'Sales') throw ruleViolation(`Order line item ${origItem} of order ${origOrder} is not a sales order line item`);
    if (original.item_state === 'Canceled') throw ruleViolation(`Order line item ${origItem} of order ${origOrder} is canceled and cannot be returned`);
    const available = await quantityAvailableForReturn(ctx, original);
    if (quantity.gt(available)) throw ruleViolation(`The return quantity ${quantity.toFixed()} exceeds the quantity available for return (${available.toFixed()})`);
    originalId = original.id;
    fields.originalOrderNumber = origOrder;
    fields.originalOrderLineItemNumber = origItem;
    fields.originalOrderId = original.order_id;
    fields.originalOrderDate = original.order_date;
    const of = JSON.parse(original.fields) as Fields;
    // A return carries the sale's descriptive data unless the request says otherwise.
    for (const f of ['itemName', 'itemType', 'productCode', 'UOM', 'productRatePlanChargeId', 'currency'] as const) fields[f] ??= of[f] ?? null;
  }

  const lp = listPricePerUnit ?? catalogPrice;
  const now = stamp(ctx);
  return {
    id: newId(),
    tenant_id: ctx.tenant.id,
    order_id: order.orderId,
    order_number: order.orderNumber,
    order_date: order.orderDate,
    item_number: itemNumber ?? '',
    item_category: category,
    item_state: state,
    billing_rule: billingRule,
    quantity: toDbAmount(quantity),
    list_price_per_unit: lp ? toDbAmount(lp) : null,
    amount_per_unit: givenAmount ? toDbAmount(givenAmount) : null,
    inline_discount_type: discountType,
    inline_discount_per_unit: discountPerUnit ? toDbAmount(discountPerUnit) : null,
    bill_target_date: billTargetDate,
    transaction_start_date: start,
    transaction_end_date: end,
    account_id: order.accountId,
    original_order_line_item_id: originalId,
    seq: await nextCounter(ctx, 'order_extras_seq'),
    fields: JSON.stringify(fields),
    // checked against the tenant's OrderLineItem custom field definitions, if any (defaults filled in)
    custom_fields: JSON.stringify((await customFieldRules(ctx, 'OrderLineItem')).check(customFieldsOf(body), { create: true })),
    created_time: now,
    updated_time: now,
  };
}

function validateEnums(fields: Fields): void {
  const check = (f: string, allowed: string[]) => {
    const v = fields[f];
    if (v !== null && v !== undefined && !allowed.includes(String(v))) throw invalidValue(`'${f}' must be one of ${allowed.join(', ')}: ${String(v)}`);
  };
  check('itemType', ITEM_TYPES);
  check('taxMode', TAX_MODES);
  check('revenueRecognitionTiming', REV_TIMINGS);
  check('revenueAmortizationMethod', REV_METHODS);
}

async function ownerAccount(ctx: Ctx, key: string) {
  const acc = await (await accounts()).getAccountByKey(ctx, key);
  if (!acc) throw invalidValue(`'ownerAccountNumber': account ${key} does not exist`);
  return acc;
}

async function relatedSubscription(ctx: Ctx, number: string): Promise<void> {
  const sub = await (await subscriptions()).getSubscription(ctx, number);
  if (!sub) throw invalidValue(`'relatedSubscriptionNumber': subscription ${number} does not exist`);
}

async function quantityAvailableForReturn(ctx: Ctx, sale: LineItemRow): Promise<Money> {
  const returns = await store.lineItemsByOriginal(ctx, sale.id);
  const returned = returns.filter((r) => r.item_state !== 'Canceled').reduce((s, r) => s.plus(r.quantity), money(0));
  const avail = money(sale.quantity).minus(returned);
  return avail.lt(0) ? money(0) : avail;
}

/** The OLI in the GET response's shape. */
export async function lineItemJson(ctx: Ctx, row: LineItemRow, withFulfillments = false): Promise<Record<string, unknown>> {
  const f = JSON.parse(row.fields) as Fields;
  const qty = money(row.quantity);
  const lp = row.list_price_per_unit !== null ? money(row.list_price_per_unit) : null;
  const dp = row.inline_discount_per_unit !== null ? money(row.inline_discount_per_unit) : null;
  const apu = unitAmount(lp, row.inline_discount_type, dp, row.amount_per_unit !== null ? money(row.amount_per_unit) : null) ?? money(0);
  const amount = apu.times(qty);
  const listPrice = (lp ?? apu).times(qty);
  const requiresFulfillment = row.billing_rule === 'TriggerAsFulfillmentOccurs';
  const fulfilled = requiresFulfillment ? await quantityFulfilled(ctx, row.id) : money(0);
  const out: Record<string, unknown> = {
    id: row.id,
    orderId: row.order_id,
    itemNumber: row.item_number,
    itemCategory: row.item_category,
    itemState: row.item_state,
    billingRule: row.billing_rule,
    requiresFulfillment,
    quantity: toJsonNumber(qty),
    quantityFulfilled: toJsonNumber(fulfilled),
    quantityPendingFulfillment: toJsonNumber(requiresFulfillment ? D.max(qty.minus(fulfilled), 0) : 0),
    quantityAvailableForReturn: toJsonNumber(row.item_category === 'Sales' ? await quantityAvailableForReturn(ctx, row) : 0),
    listPricePerUnit: toJsonNumber(lp ?? apu),
    listPrice: toJsonNumber(listPrice),
    inlineDiscountType: row.inline_discount_type,
    inlineDiscountPerUnit: toJsonNumber(dp),
    amountPerUnit: toJsonNumber(apu),
    amount: toJsonNumber(amount),
    amountWithoutTax: toJsonNumber(amount),
    discount: toJsonNumber(listPrice.minus(amount)),
    billTargetDate: row.bill_target_date,
    transactionStartDate: row.transaction_start_date,
    transactionEndDate: row.transaction_end_date,
    transactionDate: row.transaction_start_date,
    originalOrderDate: f.originalOrderDate ?? null,
    originalOrderId: f.originalOrderId ?? null,
    originalOrderLineItemId: row.original_order_line_item_id,
    originalOrderLineItemNumber: f.originalOrderLineItemNumber ?? null,
    originalOrderNumber: f.originalOrderNumber ?? null,
    currency: f.currency ?? null,
    ownerAccountId: f.ownerAccountId ?? row.account_id,
    ownerAccountNumber: f.ownerAccountNumber ?? null,
    invoiceOwnerAccountId: row.account_id,
    invoiceOwnerAccountNumber: f.invoiceOwnerAccountNumber ?? null,
  };
  for (const k of [...TEXT_FIELDS, ...BOOL_FIELDS]) if (!WRITE_ONLY.has(k)) out[k] = f[k] ?? null;
  out.customFields = (await customFieldRules(ctx, 'OrderLineItem')).read(row.custom_fields);
  if (withFulfillments) {
    const fs = await store.fulfillmentsByLineItem(ctx, row.id);
    const rules = await customFieldRules(ctx, 'Fulfillment');
    out.fulfillments = fs.map((x) => fulfillmentJson(x, undefined, rules));
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

export async function getLineItem(ctx: Ctx, id: string, withFulfillments: boolean): Promise<Record<string, unknown>> {
  const row = await store.getLineItem(ctx, id);
  if (!row) throw notFound(`Order line item ${id} does not exist`);
  return { orderLineItem: await lineItemJson(ctx, row, withFulfillments), success: true };
}

export async function lineItemsOfOrder(ctx: Ctx, orderNumber: string): Promise<Record<string, unknown>[]> {
  const rows = await store.lineItemsByOrder(ctx, orderNumber);
  return Promise.all(rows.map((r) => lineItemJson(ctx, r)));
}

const ALLOWED_TRANSITIONS: Record<string, Record<string, string[]>> = {
  TriggerWithoutFulfillment: { Executing: ['Booked', 'SentToBilling', 'Canceled'], Booked: ['SentToBilling'], SentToBilling: ['Complete'] },
  TriggerAsFulfillmentOccurs: { Executing: ['Booked', 'Canceled'], Booked: ['Complete'] },
};

export function canTransition(billingRule: string, from: string, to: string): boolean {
  return from === to || (ALLOWED_TRANSITIONS[billingRule]?.[from] ?? []).includes(to);
}

/** Applies one update (PUT or one entry of the bulk call). */
async function applyUpdate(ctx: Ctx, row: LineItemRow, body: Body): Promise<LineItemRow> {
  const state = row.item_state;
  if (state === 'Complete' || state === 'Canceled') throw ruleViolation(`Order line item ${row.item_number} is ${state} and cannot be updated`);
  const fields = JSON.parse(row.fields) as Fields;
  const patch: Partial<LineItemRow> = {};
  const isReturn = row.item_category === 'Return';

  const guard = (name: string, states: string[]) => {
    if (isReturn && !RETURN_UPDATABLE.has(name)) throw ruleViolation(`'${name}' cannot be updated on a return order line item`);
    if (!states.includes(state)) throw ruleViolation(`'${name}' can only be updated while the order line item is ${states.join(' or ')}; it is ${state}`);
  };
  const changed = (name: string, current: unknown, next: unknown) => body[name] !== undefined && String(current ?? '') !== String(next ?? '');

  for (const f of TEXT_FIELDS) {
    if (body[f] === undefined) continue;
    const v = str(body[f], f);
    if (!changed(f, fields[f], v)) continue;
    guard(f, FBA_FIELDS.has(f) ? ['Executing', 'Booked', 'SentToBilling'] : ['Executing']);
    fields[f] = v;
  }
  for (const f of BOOL_FIELDS) {
    if (body[f] === undefined) continue;
    if (body[f] !== null && typeof body[f] !== 'boolean') throw invalidValue(`'${f}' must be a boolean`);
    if (!changed(f, fields[f], body[f])) continue;
    guard(f, ['Executing']);
    fields[f] = body[f] as boolean | null;
  }
  validateEnums(fields);
  if (body.relatedSubscriptionNumber !== undefined && fields.relatedSubscriptionNumber) await relatedSubscription(ctx, fields.relatedSubscriptionNumber as string);
  if (body.ownerAccountNumber !== undefined) {
    const v = str(body.ownerAccountNumber, 'ownerAccountNumber');
    if (changed('ownerAccountNumber', fields.ownerAccountNumber, v)) {
      guard('ownerAccountNumber', ['Executing']);
      const acc = v ? await ownerAccount(ctx, v) : undefined;
      fields.ownerAccountNumber = acc?.accountNumber ?? (JSON.parse(row.fields) as Fields).invoiceOwnerAccountNumber ?? null;
      fields.ownerAccountId = acc?.id ?? row.account_id;
    }
  }

  const num = (name: string, col: 'quantity' | 'list_price_per_unit' | 'amount_per_unit' | 'inline_discount_per_unit', opts: { positive?: boolean; min?: number }) => {
    if (body[name] === undefined) return;
    const d = decimalField(body[name], name, opts);
    const cur = row[col];
    if (d && cur !== null && d.eq(cur)) return;
    if (!d && cur === null) return;
    guard(name, ['Executing']);
    if (col === 'quantity' && !d) throw invalidValue(`'quantity' cannot be null`);
    (patch as Record<string, string | null>)[col] = d ? toDbAmount(d) : null;
  };
  num('quantity', 'quantity', { positive: true });
  num('listPricePerUnit', 'list_price_per_unit', {});
  num('amountPerUnit', 'amount_per_unit', {});
  num('inlineDiscountPerUnit', 'inline_discount_per_unit', { min: 0 });
  if (body.inlineDiscountType !== undefined) {
    const v = enumField(body.inlineDiscountType, 'inlineDiscountType', DISCOUNT_TYPES);
    if (changed('inlineDiscountType', row.inline_discount_type, v)) {
      guard('inlineDiscountType', ['Executing']);
      patch.inline_discount_type = v;
    }
  }
  // A new list price or discount recomputes the unit amount unless one is given.
  if ((patch.list_price_per_unit !== undefined || patch.inline_discount_type !== undefined || patch.inline_discount_per_unit !== undefined) && body.amountPerUnit === undefined) {
    patch.amount_per_unit = null;
  }
  if (isReturn && patch.quantity) {
    const original = row.original_order_line_item_id ? await store.getLineItem(ctx, row.original_order_line_item_id) : undefined;
    if (original) {
      const avail = (await quantityAvailableForReturn(ctx, original)).plus(row.item_state === 'Canceled' ? 0 : row.quantity);
      if (money(patch.quantity).gt(avail)) throw ruleViolation(`The return quantity ${patch.quantity} exceeds the quantity available for return (${avail.toFixed()})`);
    }
  }
  if (row.billing_rule === 'TriggerAsFulfillmentOccurs' && patch.quantity && money(patch.quantity).lt(await committedFulfillmentQuantity(ctx, row.id))) {
    throw ruleViolation(`'quantity' cannot be less than the quantity of the order line item's fulfillments`);
  }

  if (body.billingRule !== undefined) {
    const v = enumField(body.billingRule, 'billingRule', BILLING_RULES);
    if (v === null) throw invalidValue(`'billingRule' cannot be null`);
    if (v !== row.billing_rule) {
      guard('billingRule', ['Executing']);
      patch.billing_rule = v;
    }
  }
  for (const [name, col] of [
    ['transactionStartDate', 'transaction_start_date'],
    ['transactionEndDate', 'transaction_end_date'],
  ] as const) {
    if (body[name] === undefined) continue;
    const v = dateField(body[name], name);
    if (v === row[col]) continue;
    guard(name, ['Executing']);
    patch[col] = v ?? (name === 'transactionEndDate' ? (patch.transaction_start_date ?? row.transaction_start_date) : row.order_date);
  }
  const start = patch.transaction_start_date ?? row.transaction_start_date;
  const end = patch.transaction_end_date ?? row.transaction_end_date;
  if (start && end && end < start) throw invalidValue(`'transactionEndDate' must not be earlier than 'transactionStartDate'`);
  if (body.billTargetDate !== undefined) {
    const v = dateField(body.billTargetDate, 'billTargetDate');
    if (v !== row.bill_target_date) {
      if (!['Executing', 'Booked'].includes(state)) throw ruleViolation(`'billTargetDate' can only be updated while the order line item is Executing or Booked; it is ${state}`);
      patch.bill_target_date = v;
    }
  }
  if (body.customFields !== undefined || Object.keys(body).some((k) => k.endsWith('__c'))) {
    patch.custom_fields = JSON.stringify({ ...parseCustomFields(row.custom_fields), ...(await customFieldRules(ctx, 'OrderLineItem')).check(customFieldsOf(body)) });
  }

  if (body.itemState !== undefined) {
    const raw = enumField(body.itemState, 'itemState', [...ITEM_STATES, 'Cancelled']);
    if (raw === null) throw invalidValue(`'itemState' cannot be null`);
    const to = normalizeItemState(raw);
    const rule = patch.billing_rule ?? row.billing_rule;
    if (!canTransition(rule, state, to)) throw ruleViolation(`An order line item cannot go from ${state} to ${to} (billing rule ${rule})`);
    if (to === 'SentToBilling' && !(patch.bill_target_date ?? row.bill_target_date)) throw missingField(`'billTargetDate' is required to set 'itemState' to SentToBilling`);
    if (to !== state) patch.item_state = to;
  }

  patch.fields = JSON.stringify(fields);
  patch.updated_time = stamp(ctx);
  await store.updateLineItem(ctx, row.id, patch);
  return { ...row, ...patch };
}

async function committedFulfillmentQuantity(ctx: Ctx, lineItemId: string): Promise<Money> {
  const fs = await store.fulfillmentsByLineItem(ctx, lineItemId);
  return fs.filter((f) => f.state !== 'Cancelled').reduce((s, f) => s.plus(f.quantity), money(0));
}

export async function updateLineItem(ctx: Ctx, id: string, body: Body): Promise<Record<string, unknown>> {
  const row = await store.getLineItem(ctx, id);
  if (!row) throw notFound(`Order line item ${id} does not exist`);
  await applyUpdate(ctx, row, body);
  return { success: true };
}

export async function bulkUpdate(ctx: Ctx, body: Body): Promise<Record<string, unknown>> {
  const items = body.orderLineItems;
  if (!Array.isArray(items) || items.length === 0) throw missingField(`'orderLineItems' is required`);
  const seen = new Set<string>();
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as Body;
    const id = item?.id;
    if (typeof id !== 'string' || !id) throw missingField(`'orderLineItems[${i}].id' is required`);
    if (seen.has(id)) throw invalidValue(`Order line item ${id} appears more than once`);
    seen.add(id);
    const row = await store.getLineItem(ctx, id);
    if (!row) throw invalidValue(`'orderLineItems[${i}].id': order line item ${id} does not exist`);
    const updated = await applyUpdate(ctx, row, item);
    out.push(await lineItemJson(ctx, updated));
  }
  return { success: true, orderLineItems: out };
}
