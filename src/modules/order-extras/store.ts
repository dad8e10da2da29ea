import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';

export interface LineItemRow {
  id: string;
  tenant_id: string;
  order_id: string;
  order_number: string;
  order_date: string | null;
  item_number: string;
  item_category: string;
  item_state: string;
  billing_rule: string;
  quantity: string;
  list_price_per_unit: string | null;
  amount_per_unit: string | null;
  inline_discount_type: string | null;
  inline_discount_per_unit: string | null;
  bill_target_date: string | null;
  transaction_start_date: string | null;
  transaction_end_date: string | null;
  account_id: string | null;
  original_order_line_item_id: string | null;
  seq: number | string | null;
  fields: string;
  custom_fields: string;
  created_time: string;
  updated_time: string;
}

export interface FulfillmentRow {
  id: string;
  tenant_id: string;
  fulfillment_number: string;
  order_line_item_id: string;
  fulfillment_type: string;
  state: string;
  quantity: string;
  fulfillment_date: string | null;
  bill_target_date: string | null;
  fields: string;
  custom_fields: string;
  created_time: string;
  updated_time: string;
}

export interface FulfillmentItemRow {
  id: string;
  tenant_id: string;
  fulfillment_id: string;
  item_identifier: string | null;
  description: string | null;
  custom_fields: string;
  created_time: string;
  seq: number | string | null;
}

export interface RampRow {
  id: string;
  tenant_id: string;
  ramp_number: string;
  subscription_number: string;
  name: string | null;
  description: string | null;
  intervals: string;
  charges: string;
  deleted: number;
  created_time: string;
  updated_time: string;
}

export interface RampOrderRow {
  id: string;
  tenant_id: string;
  ramp_id: string;
  order_number: string;
  subscription_number: string;
  version: number;
  previous_version: number | null;
  name: string | null;
  description: string | null;
  intervals: string;
  charges: string;
  seq: number | string;
}

export interface ChangeLogRow {
  id: string;
  tenant_id: string;
  subscription_number: string;
  version: number;
  order_number: string | null;
  seq: number | string;
  body: string;
}

export interface OmniRow {
  id: string;
  tenant_id: string;
  subscription_number: string;
  external_subscription_id: string;
  account_id: string;
  fields: string;
  custom_fields: string;
  version: number;
  created_time: string;
  updated_time: string;
}

export interface AccountIdentifierRow {
  id: string;
  tenant_id: string;
  field: string;
  value: string;
  account_id: string;
}

interface Tables {
  oe_account_identifiers: AccountIdentifierRow;
  oe_order_line_items: LineItemRow;
  oe_fulfillments: FulfillmentRow;
  oe_fulfillment_items: FulfillmentItemRow;
  oe_ramps: RampRow;
  oe_ramp_orders: RampOrderRow;
  oe_change_logs: ChangeLogRow;
  oe_omni_subscriptions: OmniRow;
}

const q = (ctx: Ctx) => ctx.db as unknown as Kysely<Tables>;
const t = (ctx: Ctx) => ctx.tenant.id;

// ---- order line items ----

export async function insertLineItem(ctx: Ctx, row: LineItemRow): Promise<void> {
  await q(ctx).insertInto('oe_order_line_items').values(row).execute();
}

export async function getLineItem(ctx: Ctx, id: string): Promise<LineItemRow | undefined> {
  return q(ctx).selectFrom('oe_order_line_items').selectAll().where('tenant_id', '=', t(ctx)).where('id', '=', id).executeTakeFirst();
}

export async function lineItemsByOrder(ctx: Ctx, orderNumber: string): Promise<LineItemRow[]> {
  return q(ctx)
    .selectFrom('oe_order_line_items')
    .selectAll()
    .where('tenant_id', '=', t(ctx))
    .where('order_number', '=', orderNumber)
    .orderBy('seq')
    .execute();
}

export async function lineItemsByOriginal(ctx: Ctx, originalId: string): Promise<LineItemRow[]> {
  return q(ctx)
    .selectFrom('oe_order_line_items')
    .selectAll()
    .where('tenant_id', '=', t(ctx))
    .where('original_order_line_item_id', '=', originalId)
    .execute();
}

export async function updateLineItem(ctx: Ctx, id: string, patch: Partial<LineItemRow>): Promise<void> {
  await q(ctx).updateTable('oe_order_line_items').set(patch).where('tenant_id', '=', t(ctx)).where('id', '=', id).execute();
}

// ---- fulfillments ----

export async function insertFulfillment(ctx: Ctx, row: FulfillmentRow): Promise<void> {
  await q(ctx).insertInto('oe_fulfillments').values(row).execute();
}

export async function getFulfillment(ctx: Ctx, key: string): Promise<FulfillmentRow | undefined> {
  return q(ctx)
    .selectFrom('oe_fulfillments')
    .selectAll()
    .where('tenant_id', '=', t(ctx))
    .where((eb) => eb.or([eb('id', '=', key), eb('fulfillment_number', '=', key)]))
    .executeTakeFirst();
}

export async function fulfillmentsByLineItem(ctx: Ctx, lineItemId: string): Promise<FulfillmentRow[]> {
  return q(ctx)
    .selectFrom('oe_fulfillments')
    .selectAll()
    .where('tenant_id', '=', t(ctx))
    .where('order_line_item_id', '=', lineItemId)
    .orderBy('fulfillment_number')
    .execute();
}

export async function updateFulfillment(ctx: Ctx, id: string, patch: Partial<FulfillmentRow>): Promise<void> {
  await q(ctx).updateTable('oe_fulfillments').set(patch).where('tenant_id', '=', t(ctx)).where('id', '=', id).execute();
}

export async function deleteFulfillment(ctx: Ctx, id: string): Promise<void> {
  await q(ctx).deleteFrom('oe_fulfillment_items').where('tenant_id', '=', t(ctx)).where('fulfillment_id', '=', id).execute();
  await q(ctx).deleteFrom('oe_fulfillments').where('tenant_id', '=', t(ctx)).where('id', '=', id).execute();
}

export async function insertFulfillmentItem(ctx: Ctx, row: FulfillmentItemRow): Promise<void> {
  await q(ctx).insertInto('oe_fulfillment_items').values(row).execute();
}

export async function getFulfillmentItem(ctx: Ctx, id: string): Promise<FulfillmentItemRow | undefined> {
  return q(ctx).selectFrom('oe_fulfillment_items').selectAll().where('tenant_id', '=', t(ctx)).where('id', '=', id).executeTakeFirst();
}

export async function fulfillmentItemsOf(ctx: Ctx, fulfillmentId: string): Promise<FulfillmentItemRow[]> {
  return q(ctx)
    .selectFrom('oe_fulfillment_items')
    .selectAll()
    .where('tenant_id', '=', t(ctx))
    .where('fulfillment_id', '=', fulfillmentId)
    .orderBy('seq')
    .execute();
}

export async function updateFulfillmentItem(ctx: Ctx, id: string, patch: Partial<FulfillmentItemRow>): Promise<void> {
  await q(ctx).updateTable('oe_fulfillment_items').set(patch).where('tenant_id', '=', t(ctx)).where('id', '=', id).execute();
}

export async function deleteFulfillmentItem(ctx: Ctx, id: string): Promise<void> {
  await q(ctx).deleteFrom('oe_fulfillment_items').where('tenant_id', '=', t(ctx)).where('id', '=', id).execute();
}

// ---- ramps ----

export async function insertRamp(ctx: Ctx, row: RampRow): Promise<void> {
  await q(ctx).insertInto('oe_ramps').values(row).execute();
}

export async function updateRamp(ctx: Ctx, id: string, patch: Partial<RampRow>): Promise<void> {
  await q(ctx).updateTable('oe_ramps').set(patch).where('tenant_id', '=', t(ctx)).where('id', '=', id).execute();
}

export async function getRampByNumber(ctx: Ctx, number: string): Promise<RampRow | undefined> {
  return q(ctx).selectFrom('oe_ramps').selectAll().where('tenant_id', '=', t(ctx)).where('ramp_number', '=', number).executeTakeFirst();
}

export async function getRampById(ctx: Ctx, id: string): Promise<RampRow | undefined> {
  return q(ctx).selectFrom('oe_ramps').selectAll().where('tenant_id', '=', t(ctx)).where('id', '=', id).executeTakeFirst();
}

export async function activeRampOf(ctx: Ctx, subscriptionNumber: string): Promise<RampRow | undefined> {
  return q(ctx)
    .selectFrom('oe_ramps')
    .selectAll()
    .where('tenant_id', '=', t(ctx))
    .where('subscription_number', '=', subscriptionNumber)
    .where('deleted', '=', 0)
    .executeTakeFirst();
}

export async function insertRampOrder(ctx: Ctx, row: RampOrderRow): Promise<void> {
  await q(ctx).insertInto('oe_ramp_orders').values(row).execute();
}

export async function rampOrdersByOrder(ctx: Ctx, orderNumber: string): Promise<RampOrderRow[]> {
  return q(ctx).selectFrom('oe_ramp_orders').selectAll().where('tenant_id', '=', t(ctx)).where('order_number', '=', orderNumber).orderBy('seq').execute();
}

// ---- change logs ----

export async function insertChangeLog(ctx: Ctx, row: ChangeLogRow): Promise<void> {
  await q(ctx).insertInto('oe_change_logs').values(row).execute();
}

export async function changeLogsBySubscription(ctx: Ctx, subscriptionNumber: string): Promise<ChangeLogRow[]> {
  return q(ctx)
    .selectFrom('oe_change_logs')
    .selectAll()
    .where('tenant_id', '=', t(ctx))
    .where('subscription_number', '=', subscriptionNumber)
    .orderBy('version', 'desc')
    .orderBy('seq', 'desc')
    .execute();
}

export async function changeLogsByOrder(ctx: Ctx, orderNumber: string): Promise<ChangeLogRow[]> {
  return q(ctx).selectFrom('oe_change_logs').selectAll().where('tenant_id', '=', t(ctx)).where('order_number', '=', orderNumber).orderBy('seq').execute();
}

export async function changeLogByVersion(ctx: Ctx, subscriptionNumber: string, version: number): Promise<ChangeLogRow | undefined> {
  return q(ctx)
    .selectFrom('oe_change_logs')
    .selectAll()
    .where('tenant_id', '=', t(ctx))
    .where('subscription_number', '=', subscriptionNumber)
    .where('version', '=', version)
    .orderBy('seq', 'desc')
    .executeTakeFirst();
}

export async function deleteChangeLogs(ctx: Ctx, subscriptionNumber: string): Promise<void> {
  await q(ctx).deleteFrom('oe_change_logs').where('tenant_id', '=', t(ctx)).where('subscription_number', '=', subscriptionNumber).execute();
}

// ---- omnichannel subscriptions ----

export async function insertOmni(ctx: Ctx, row: OmniRow): Promise<void> {
  await q(ctx).insertInto('oe_omni_subscriptions').values(row).execute();
}

export async function updateOmni(ctx: Ctx, id: string, patch: Partial<OmniRow>): Promise<void> {
  await q(ctx).updateTable('oe_omni_subscriptions').set(patch).where('tenant_id', '=', t(ctx)).where('id', '=', id).execute();
}

export async function findOmni(ctx: Ctx, key: string): Promise<OmniRow | undefined> {
  return q(ctx)
    .selectFrom('oe_omni_subscriptions')
    .selectAll()
    .where('tenant_id', '=', t(ctx))
    .where((eb) => eb.or([eb('id', '=', key), eb('subscription_number', '=', key), eb('external_subscription_id', '=', key)]))
    .executeTakeFirst();
}

export async function omniByExternalId(ctx: Ctx, externalId: string): Promise<OmniRow | undefined> {
  return q(ctx)
    .selectFrom('oe_omni_subscriptions')
    .selectAll()
    .where('tenant_id', '=', t(ctx))
    .where('external_subscription_id', '=', externalId)
    .executeTakeFirst();
}

export async function deleteOmni(ctx: Ctx, id: string): Promise<void> {
  await q(ctx).deleteFrom('oe_omni_subscriptions').where('tenant_id', '=', t(ctx)).where('id', '=', id).execute();
}

// ---- external account identifiers ----

export async function findAccountIdentifier(ctx: Ctx, field: string, value: string): Promise<string | undefined> {
  const r = await q(ctx)
    .selectFrom('oe_account_identifiers')
    .select('account_id')
    .where('tenant_id', '=', t(ctx))
    .where('field', '=', field)
    .where('value', '=', value)
    .executeTakeFirst();
  return r?.account_id;
}

export async function insertAccountIdentifier(ctx: Ctx, row: AccountIdentifierRow): Promise<void> {
  await q(ctx).insertInto('oe_account_identifiers').values(row).execute();
}

// ---- order deletion ----

/** Removes the line items of an order with their fulfillments and fulfillment items. */
export async function deleteLineItemsOfOrder(ctx: Ctx, orderNumber: string): Promise<void> {
  const ids = (await lineItemsByOrder(ctx, orderNumber)).map((r) => r.id);
  if (!ids.length) return;
  const fulfillments = await q(ctx).selectFrom('oe_fulfillments').select('id').where('tenant_id', '=', t(ctx)).where('order_line_item_id', 'in', ids).execute();
  const fids = fulfillments.map((f) => f.id);
  if (fids.length) {
    await q(ctx).deleteFrom('oe_fulfillment_items').where('tenant_id', '=', t(ctx)).where('fulfillment_id', 'in', fids).execute();
    await q(ctx).deleteFrom('oe_fulfillments').where('tenant_id', '=', t(ctx)).where('id', 'in', fids).execute();
  }
  await q(ctx).deleteFrom('oe_order_line_items').where('tenant_id', '=', t(ctx)).where('id', 'in', ids).execute();
}

export async function deleteChangeLogsOfOrder(ctx: Ctx, orderNumber: string): Promise<void> {
  await q(ctx).deleteFrom('oe_change_logs').where('tenant_id', '=', t(ctx)).where('order_number', '=', orderNumber).execute();
}

/** Drops an order's ramp records, and the ramps nothing else holds. */
export async function deleteRampOrdersOfOrder(ctx: Ctx, orderNumber: string): Promise<void> {
  const rows = await rampOrdersByOrder(ctx, orderNumber);
  await q(ctx).deleteFrom('oe_ramp_orders').where('tenant_id', '=', t(ctx)).where('order_number', '=', orderNumber).execute();
  for (const rampId of new Set(rows.map((r) => r.ramp_id))) {
    const left = await q(ctx).selectFrom('oe_ramp_orders').select('id').where('tenant_id', '=', t(ctx)).where('ramp_id', '=', rampId).executeTakeFirst();
    if (!left) await q(ctx).deleteFrom('oe_ramps').where('tenant_id', '=', t(ctx)).where('id', '=', rampId).execute();
  }
}

export async function replaceChangeLogBody(ctx: Ctx, id: string, body: string): Promise<void> {
  await q(ctx).updateTable('oe_change_logs').set({ body }).where('tenant_id', '=', t(ctx)).where('id', '=', id).execute();
}
