/**
 * Fulfillments track the delivery (or return) of an order line item whose
 * billing rule is TriggerAsFulfillmentOccurs, once the item is Booked.
 *
 * States: Executing → Booked | SentToBilling | Cancelled;  Booked → SentToBilling | Cancelled;
 *         SentToBilling → Complete.  SentToBilling needs a bill target date.
 * Fields other than the state change only while Executing (the bill target date
 * also while Booked); only an Executing
 * fulfillment can be deleted. The fulfillments of an item never exceed its quantity.
 */
import type { Ctx } from '../../platform/context.js';
import { nextCounter } from '../../platform/counters.js';
import { customFieldRules, parseCustomFields, type CustomFieldRules } from '../../platform/custom-fields.js';
import { invalidValue, missingField, notFound, ruleViolation } from '../../platform/errors.js';
import { formatNumber, newId } from '../../platform/ids.js';
import { D, money, toDbAmount, toJsonNumber, type Money } from '../../platform/money.js';
import { stamp } from './stamp.js';
import * as store from './store.js';
import type { FulfillmentItemRow, FulfillmentRow } from './store.js';
import { customFieldsOf, dateField, str } from './fields.js';

export const FULFILLMENT_STATES = ['Executing', 'Booked', 'SentToBilling', 'Complete', 'Cancelled'] as const;
const TRANSITIONS: Record<string, string[]> = {
  Executing: ['Booked', 'SentToBilling', 'Cancelled'],
  Booked: ['SentToBilling', 'Cancelled'],
  SentToBilling: ['Complete'],
};
const TEXT_FIELDS = ['carrier', 'description', 'externalId', 'fulfillmentLocation', 'fulfillmentSystem', 'trackingNumber'] as const;
const BOOL_FIELDS = ['excludeItemBillingFromRevenueAccounting', 'excludeItemBookingFromRevenueAccounting'] as const;
/** States in which a fulfillment counts as fulfilled quantity. */
const FULFILLED = new Set(['Booked', 'SentToBilling', 'Complete']);

type Body = Record<string, unknown>;

export function canTransitionFulfillment(from: string, to: string): boolean {
  return from === to || (TRANSITIONS[from] ?? []).includes(to);
}

function normalizeState(s: string): string {
  return s === 'Canceled' ? 'Cancelled' : s;
}

function positive(v: unknown, field: string): Money {
  let d: Money;
  try {
    d = new D(v as number);
  } catch {
    throw invalidValue(`'${field}' must be a number`);
  }
  if (!d.isFinite() || d.lte(0)) throw invalidValue(`'${field}' must be greater than 0`);
  return d;
}

export async function quantityFulfilled(ctx: Ctx, lineItemId: string): Promise<Money> {
  const fs = await store.fulfillmentsByLineItem(ctx, lineItemId);
  return fs.filter((f) => FULFILLED.has(f.state)).reduce((s, f) => s.plus(f.quantity), money(0));
}

export function fulfillmentJson(row: FulfillmentRow, items?: FulfillmentItemRow[], rules?: CustomFieldRules): Record<string, unknown> {
  const f = JSON.parse(row.fields) as Record<string, unknown>;
  const out: Record<string, unknown> = {
    id: row.id,
    fulfillmentNumber: row.fulfillment_number,
    orderLineItemId: row.order_line_item_id,
    fulfillmentType: row.fulfillment_type,
    state: row.state,
    quantity: toJsonNumber(row.quantity),
    fulfillmentDate: row.fulfillment_date,
    billTargetDate: row.bill_target_date,
  };
  for (const k of [...TEXT_FIELDS, ...BOOL_FIELDS]) out[k] = f[k] ?? null;
  // the tenant's Fulfillment custom field definitions, if any: every defined field, null when unset
  out.customFields = rules ? rules.read(row.custom_fields) : parseCustomFields(row.custom_fields);
  if (items) out.fulfillmentItems = items.map(fulfillmentItemJson);
  return out;
}

export function fulfillmentItemJson(row: FulfillmentItemRow): Record<string, unknown> {
  return {
    id: row.id,
    fulfillmentId: row.fulfillment_id,
    itemIdentifier: row.item_identifier,
    description: row.description,
    customFields: parseCustomFields(row.custom_fields),
  };
}

async function newFulfillment(ctx: Ctx, body: Body, where: string): Promise<FulfillmentRow> {
  const oliId = str(body.orderLineItemId, `${where}.orderLineItemId`);
  if (!oliId) throw missingField(`'${where}.orderLineItemId' is required`);
  const oli = await store.getLineItem(ctx, oliId);
  if (!oli) throw invalidValue(`'${where}.orderLineItemId': order line item ${oliId} does not exist`);
  if (oli.billing_rule !== 'TriggerAsFulfillmentOccurs') {
    throw ruleViolation(`Fulfillments can only be added to an order line item whose billing rule is TriggerAsFulfillmentOccurs`);
  }
  if (oli.item_state !== 'Booked') throw ruleViolation(`Fulfillments can only be added to a Booked order line item; order line item ${oli.item_number} is ${oli.item_state}`);
  if (body.quantity === undefined || body.quantity === null) throw missingField(`'${where}.quantity' is required`);
  const quantity = positive(body.quantity, `${where}.quantity`);
  const expectedType = oli.item_category === 'Return' ? 'Return' : 'Delivery';
  const type = str(body.fulfillmentType, `${where}.fulfillmentType`) ?? expectedType;
  if (!['Delivery', 'Return'].includes(type)) throw invalidValue(`'${where}.fulfillmentType' must be Delivery or Return: ${type}`);
  if (type !== expectedType) throw ruleViolation(`A ${oli.item_category.toLowerCase()} order line item takes ${expectedType} fulfillments, not ${type}`);
  const rawState = str(body.state, `${where}.state`) ?? 'Executing';
  const state = normalizeState(rawState);
  if (!(FULFILLMENT_STATES as readonly string[]).includes(state)) throw invalidValue(`'${where}.state' must be one of ${FULFILLMENT_STATES.join(', ')}: ${rawState}`);
  const billTargetDate = dateField(body.billTargetDate, `${where}.billTargetDate`);
  if (state === 'SentToBilling' && !billTargetDate) throw missingField(`'${where}.billTargetDate' is required when 'state' is SentToBilling`);
  const fields: Record<string, unknown> = {};
  for (const k of TEXT_FIELDS) fields[k] = str(body[k], `${where}.${k}`);
  for (const k of BOOL_FIELDS) {
    if (body[k] !== undefined && body[k] !== null && typeof body[k] !== 'boolean') throw invalidValue(`'${where}.${k}' must be a boolean`);
    fields[k] = body[k] ?? null;
  }
  const now = stamp(ctx);
  return {
    id: newId(),
    tenant_id: ctx.tenant.id,
    fulfillment_number: formatNumber('F-', await nextCounter(ctx, 'fulfillment')),
    order_line_item_id: oli.id,
    fulfillment_type: type,
    state,
    quantity: toDbAmount(quantity),
    fulfillment_date: dateField(body.fulfillmentDate, `${where}.fulfillmentDate`) ?? ctx.today().toString(),
    bill_target_date: billTargetDate,
    fields: JSON.stringify(fields),
    // checked against the tenant's Fulfillment custom field definitions, if any (defaults filled in)
    custom_fields: JSON.stringify((await customFieldRules(ctx, 'Fulfillment')).check(customFieldsOf(body), { create: true })),
    created_time: now,
    updated_time: now,
  };
}

/** The fulfillments of an item, not counting cancelled ones, may not exceed its quantity. */
async function checkQuantity(ctx: Ctx, lineItemId: string): Promise<void> {
  const oli = await store.getLineItem(ctx, lineItemId);
  if (!oli) return;
  const fs = await store.fulfillmentsByLineItem(ctx, lineItemId);
  const total = fs.filter((f) => f.state !== 'Cancelled').reduce((s, f) => s.plus(f.quantity), money(0));
  if (total.gt(oli.quantity)) {
    throw ruleViolation(`The total quantity of fulfillments (${total.toFixed()}) exceeds the quantity of order line item ${oli.item_number} (${money(oli.quantity).toFixed()})`);
  }
}

async function newItem(ctx: Ctx, fulfillmentId: string, body: Body, where: string): Promise<FulfillmentItemRow> {
  return {
    id: newId(),
    tenant_id: ctx.tenant.id,
    fulfillment_id: fulfillmentId,
    item_identifier: str(body.itemIdentifier, `${where}.itemIdentifier`),
    description: str(body.description, `${where}.description`),
    custom_fields: JSON.stringify(customFieldsOf(body)),
    created_time: stamp(ctx),
    seq: await nextCounter(ctx, 'order_extras_seq'),
  };
}

export async function createFulfillments(ctx: Ctx, body: Body): Promise<Record<string, unknown>> {
  const list = body.fulfillments;
  if (!Array.isArray(list) || list.length === 0) throw missingField(`'fulfillments' is required`);
  const created: Array<{ id: string; fulfillmentNumber: string }> = [];
  const touched = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const fb = list[i] as Body;
    if (!fb || typeof fb !== 'object') throw invalidValue(`'fulfillments[${i}]' must be an object`);
    const row = await newFulfillment(ctx, fb, `fulfillments[${i}]`);
    await store.insertFulfillment(ctx, row);
    touched.add(row.order_line_item_id);
    const items = fb.fulfillmentItems;
    if (items !== undefined && items !== null) {
      if (!Array.isArray(items)) throw invalidValue(`'fulfillments[${i}].fulfillmentItems' must be an array`);
      for (let j = 0; j < items.length; j++) await store.insertFulfillmentItem(ctx, await newItem(ctx, row.id, items[j] as Body, `fulfillments[${i}].fulfillmentItems[${j}]`));
    }
    created.push({ id: row.id, fulfillmentNumber: row.fulfillment_number });
  }
  for (const id of touched) await checkQuantity(ctx, id);
  return { success: true, fulfillments: created };
}

async function mustGet(ctx: Ctx, key: string): Promise<FulfillmentRow> {
  const row = await store.getFulfillment(ctx, key);
  if (!row) throw notFound(`Fulfillment ${key} does not exist`);
  return row;
}

export async function getFulfillment(ctx: Ctx, key: string, withItems: boolean): Promise<Record<string, unknown>> {
  const row = await mustGet(ctx, key);
  const items = withItems ? await store.fulfillmentItemsOf(ctx, row.id) : undefined;
  return { success: true, fulfillment: fulfillmentJson(row, items, await customFieldRules(ctx, 'Fulfillment')) };
}

export async function updateFulfillment(ctx: Ctx, key: string, body: Body): Promise<Record<string, unknown>> {
  const row = await mustGet(ctx, key);
  const state = row.state;
  if (state === 'Complete' || state === 'Cancelled') throw ruleViolation(`Fulfillment ${row.fulfillment_number} is ${state} and cannot be updated`);
  const fields = JSON.parse(row.fields) as Record<string, unknown>;
  const patch: Partial<FulfillmentRow> = {};
  const editable = () => {
    if (state !== 'Executing') throw ruleViolation(`Fulfillment ${row.fulfillment_number} is ${state}: only its state can be changed`);
  };
  for (const k of TEXT_FIELDS) {
    if (body[k] === undefined) continue;
    const v = str(body[k], k);
    if ((fields[k] ?? null) === v) continue;
    editable();
    fields[k] = v;
  }
  for (const k of BOOL_FIELDS) {
    if (body[k] === undefined) continue;
    if (body[k] !== null && typeof body[k] !== 'boolean') throw invalidValue(`'${k}' must be a boolean`);
    if ((fields[k] ?? null) === body[k]) continue;
    editable();
    fields[k] = body[k];
  }
  if (body.quantity !== undefined) {
    const q = positive(body.quantity, 'quantity');
    if (!q.eq(row.quantity)) {
      editable();
      patch.quantity = toDbAmount(q);
    }
  }
  if (body.fulfillmentType !== undefined && body.fulfillmentType !== row.fulfillment_type) {
    throw ruleViolation(`'fulfillmentType' of a fulfillment cannot be changed`);
  }
  if (body.fulfillmentDate !== undefined) {
    const v = dateField(body.fulfillmentDate, 'fulfillmentDate');
    if (v !== row.fulfillment_date) {
      editable();
      patch.fulfillment_date = v;
    }
  }
  if (body.billTargetDate !== undefined) {
    const v = dateField(body.billTargetDate, 'billTargetDate');
    if (v !== row.bill_target_date) {
      // As for order line items, the bill target date may still be set on a Booked fulfillment (to send it to billing).
      if (state !== 'Booked') editable();
      patch.bill_target_date = v;
    }
  }
  if (body.customFields !== undefined || Object.keys(body).some((k) => k.endsWith('__c'))) {
    patch.custom_fields = JSON.stringify({ ...parseCustomFields(row.custom_fields), ...(await customFieldRules(ctx, 'Fulfillment')).check(customFieldsOf(body)) });
  }
  if (body.state !== undefined) {
    const raw = str(body.state, 'state');
    if (raw === null) throw invalidValue(`'state' cannot be null`);
    const to = normalizeState(raw);
    if (!(FULFILLMENT_STATES as readonly string[]).includes(to)) throw invalidValue(`'state' must be one of ${FULFILLMENT_STATES.join(', ')}: ${raw}`);
    if (!canTransitionFulfillment(state, to)) throw ruleViolation(`A fulfillment cannot go from ${state} to ${to}`);
    if (to === 'SentToBilling' && !(patch.bill_target_date ?? row.bill_target_date)) throw missingField(`'billTargetDate' is required to set 'state' to SentToBilling`);
    if (to !== state) patch.state = to;
  }
  patch.fields = JSON.stringify(fields);
  patch.updated_time = stamp(ctx);
  await store.updateFulfillment(ctx, row.id, patch);
  if (patch.quantity) await checkQuantity(ctx, row.order_line_item_id);
  return { success: true };
}

export async function deleteFulfillment(ctx: Ctx, key: string): Promise<Record<string, unknown>> {
  const row = await mustGet(ctx, key);
  if (row.state !== 'Executing') throw ruleViolation(`Fulfillment ${row.fulfillment_number} is ${row.state}: only an Executing fulfillment can be deleted`);
  await store.deleteFulfillment(ctx, row.id);
  return { success: true };
}

export async function createFulfillmentItems(ctx: Ctx, body: Body): Promise<Record<string, unknown>> {
  const list = body.fulfillmentItems;
  if (!Array.isArray(list) || list.length === 0) throw missingField(`'fulfillmentItems' is required`);
  const out: Array<{ id: string }> = [];
  for (let i = 0; i < list.length; i++) {
    const ib = list[i] as Body;
    if (!ib || typeof ib !== 'object') throw invalidValue(`'fulfillmentItems[${i}]' must be an object`);
    const key = str(ib.fulfillmentNumber, `fulfillmentItems[${i}].fulfillmentNumber`) ?? str(ib.fulfillmentId, `fulfillmentItems[${i}].fulfillmentId`);
    if (!key) throw missingField(`'fulfillmentItems[${i}].fulfillmentNumber' is required`);
    const f = await store.getFulfillment(ctx, key);
    if (!f) throw invalidValue(`'fulfillmentItems[${i}].fulfillmentNumber': fulfillment ${key} does not exist`);
    const row = await newItem(ctx, f.id, ib, `fulfillmentItems[${i}]`);
    await store.insertFulfillmentItem(ctx, row);
    out.push({ id: row.id });
  }
  return { success: true, fulfillmentItems: out };
}

async function mustGetItem(ctx: Ctx, id: string): Promise<FulfillmentItemRow> {
  const row = await store.getFulfillmentItem(ctx, id);
  if (!row) throw notFound(`Fulfillment item ${id} does not exist`);
  return row;
}

export async function getFulfillmentItem(ctx: Ctx, id: string): Promise<Record<string, unknown>> {
  return { success: true, fulfillmentItem: fulfillmentItemJson(await mustGetItem(ctx, id)) };
}

export async function updateFulfillmentItem(ctx: Ctx, id: string, body: Body): Promise<Record<string, unknown>> {
  const row = await mustGetItem(ctx, id);
  const patch: Partial<FulfillmentItemRow> = {};
  if (body.itemIdentifier !== undefined) patch.item_identifier = str(body.itemIdentifier, 'itemIdentifier');
  if (body.description !== undefined) patch.description = str(body.description, 'description');
  if (body.customFields !== undefined || Object.keys(body).some((k) => k.endsWith('__c'))) {
    patch.custom_fields = JSON.stringify({ ...parseCustomFields(row.custom_fields), ...customFieldsOf(body) });
  }
  if (Object.keys(patch).length) await store.updateFulfillmentItem(ctx, row.id, patch);
  return { success: true };
}

export async function deleteFulfillmentItem(ctx: Ctx, id: string): Promise<Record<string, unknown>> {
  const row = await mustGetItem(ctx, id);
  await store.deleteFulfillmentItem(ctx, row.id);
  return { success: true };
}
