import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { prepared, preparedInsert } from '../../platform/db/prepared.js';
import { isZuoraId } from '../../platform/ids.js';

export interface AccountRow {
  id: string;
  tenant_id: string;
  account_number: string;
  name: string;
  status: string;
  currency: string;
  bill_cycle_day: number;
  auto_pay: number;
  payment_term: string;
  batch: string;
  bill_to_contact_id: string;
  sold_to_contact_id: string;
  ship_to_contact_id: string | null;
  parent_id: string | null;
  crm_id: string | null;
  notes: string | null;
  sales_rep: string | null;
  customer_service_rep_name: string | null;
  purchase_order_number: string | null;
  invoice_template_id: string | null;
  credit_memo_template_id: string | null;
  debit_memo_template_id: string | null;
  summary_statement_template_id: string | null;
  communication_profile_id: string | null;
  profile_number: string | null;
  sequence_set_id: string | null;
  payment_gateway: string | null;
  organization_label: string | null;
  tagging: string | null;
  invoice_delivery_prefs_email: number;
  invoice_delivery_prefs_print: number;
  partner_account: number;
  gateway_routing_eligible: number;
  additional_email_addresses: string;
  tax_info: string | null;
  einvoice_profile: string | null;
  default_payment_method_id: string | null;
  cascading_consent: number;
  cascading_priorities: string;
  custom_fields: string;
  /** The order date of the latest order for the account (`YYYY-MM-DD`), null before any. */
  last_booking_date?: string | null;
  deleted: number;
  created_at: string;
  updated_at: string;
}

interface Tables {
  accounts: AccountRow;
}

const q = (ctx: Ctx) => ctx.db as unknown as Kysely<Tables>;

/** pg returns integers of `integer` columns as numbers, but be safe with both drivers. */
function norm(r: AccountRow | undefined): AccountRow | undefined {
  if (!r) return r;
  for (const k of ['bill_cycle_day', 'auto_pay', 'invoice_delivery_prefs_email', 'invoice_delivery_prefs_print', 'partner_account', 'gateway_routing_eligible', 'cascading_consent', 'deleted'] as const) {
    r[k] = Number(r[k]);
  }
  return r;
}

/** Every column a new account's row sets (POST /v1/accounts is a hot path: the insert is compiled once). */
const ACCOUNT_COLUMNS = [
  'id', 'tenant_id', 'account_number', 'name', 'status', 'currency', 'bill_cycle_day', 'auto_pay', 'payment_term', 'batch',
  'bill_to_contact_id', 'sold_to_contact_id', 'ship_to_contact_id', 'parent_id', 'crm_id', 'notes', 'sales_rep',
  'customer_service_rep_name', 'purchase_order_number', 'invoice_template_id', 'credit_memo_template_id', 'debit_memo_template_id',
  'summary_statement_template_id', 'communication_profile_id', 'profile_number', 'sequence_set_id', 'payment_gateway',
  'organization_label', 'tagging', 'invoice_delivery_prefs_email', 'invoice_delivery_prefs_print', 'partner_account',
  'gateway_routing_eligible', 'additional_email_addresses', 'tax_info', 'einvoice_profile', 'default_payment_method_id',
  'cascading_consent', 'cascading_priorities', 'custom_fields', 'last_booking_date', 'deleted', 'created_at', 'updated_at',
] as const satisfies ReadonlyArray<keyof AccountRow>;
const insertRow = preparedInsert('accounts', ACCOUNT_COLUMNS);

export async function insertAccount(ctx: Ctx, row: AccountRow): Promise<void> {
  await insertRow(ctx.db, row as unknown as Record<string, unknown>);
}

// GET /v1/accounts/{key} and every lookup by key: compiled once (src/platform/db/prepared.ts).
const liveById = prepared<AccountRow>((db, p) => db.selectFrom('accounts').selectAll().where('tenant_id', '=', p(0)).where('id', '=', p(1)).where('deleted', '=', 0));
const liveByNumber = prepared<AccountRow>((db, p) => db.selectFrom('accounts').selectAll().where('tenant_id', '=', p(0)).where('account_number', '=', p(1)).where('deleted', '=', 0));
const anyByNumber = prepared<{ id: string }>((db, p) => db.selectFrom('accounts').select('id').where('tenant_id', '=', p(0)).where('account_number', '=', p(1)));

/** A live (not deleted) account by id or number; an id match wins over a number match. */
export async function findByKey(ctx: Ctx, key: string): Promise<AccountRow | undefined> {
  // Only a 32-hex key can be an id; each lookup is one index probe.
  const byId = isZuoraId(key) ? (await liveById(ctx.db, [ctx.tenant.id, key]))[0] : undefined;
  return norm(byId ?? (await liveByNumber(ctx.db, [ctx.tenant.id, key]))[0]);
}

/** Whether any account (deleted or not) already holds the number. */
export async function numberTaken(ctx: Ctx, accountNumber: string): Promise<boolean> {
  return (await anyByNumber(ctx.db, [ctx.tenant.id, accountNumber])).length > 0;
}

export async function updateAccountRow(ctx: Ctx, id: string, patch: Partial<AccountRow>): Promise<void> {
  await q(ctx).updateTable('accounts').set(patch).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

export async function childIds(ctx: Ctx, parentId: string): Promise<string[]> {
  const rows = await q(ctx).selectFrom('accounts').select('id').where('tenant_id', '=', ctx.tenant.id).where('deleted', '=', 0).where('parent_id', '=', parentId).execute();
  return rows.map((r) => r.id);
}

/** The number of a live account that uses the sequence set, if any. */
export async function accountUsingSequenceSet(ctx: Ctx, sequenceSetId: string): Promise<string | undefined> {
  const r = await q(ctx)
    .selectFrom('accounts')
    .select('account_number')
    .where('tenant_id', '=', ctx.tenant.id)
    .where('deleted', '=', 0)
    .where('sequence_set_id', '=', sequenceSetId)
    .executeTakeFirst();
  return r?.account_number;
}

/** Live accounts (id, number, batch) in account number order, optionally of some batches only (billing preview runs, bill runs). */
export async function listForBilling(ctx: Ctx, batches?: string[]): Promise<Array<{ id: string; account_number: string; batch: string }>> {
  let s = q(ctx).selectFrom('accounts').select(['id', 'account_number', 'batch']).where('tenant_id', '=', ctx.tenant.id).where('deleted', '=', 0);
  if (batches && batches.length) s = s.where('batch', 'in', batches);
  return s.orderBy('account_number').execute();
}

/**
 * Active live accounts a bill run by batch picks up, in account number order: of the given
 * batches (all when none) and, when given, of one bill cycle day.
 */
export async function listForBillRun(ctx: Ctx, o: { batches?: string[]; billCycleDay?: number }): Promise<Array<{ id: string; account_number: string; bill_cycle_day: number }>> {
  let s = q(ctx).selectFrom('accounts').select(['id', 'account_number', 'bill_cycle_day']).where('tenant_id', '=', ctx.tenant.id).where('deleted', '=', 0).where('status', '=', 'Active');
  if (o.batches && o.batches.length) s = s.where('batch', 'in', o.batches);
  if (o.billCycleDay !== undefined) s = s.where('bill_cycle_day', '=', o.billCycleDay);
  return s.orderBy('account_number').execute();
}

/** listForBillRun's accounts whole (a bill run hands each one to the invoice writer instead of reading it again). */
export async function billRunAccountRows(ctx: Ctx, o: { batches?: string[]; billCycleDay?: number }): Promise<AccountRow[]> {
  let s = q(ctx).selectFrom('accounts').selectAll().where('tenant_id', '=', ctx.tenant.id).where('deleted', '=', 0).where('status', '=', 'Active');
  if (o.batches && o.batches.length) s = s.where('batch', 'in', o.batches);
  if (o.billCycleDay !== undefined) s = s.where('bill_cycle_day', '=', o.billCycleDay);
  return (await s.orderBy('account_number').execute()).map((r) => norm(r)!);
}

/** Moves the account's last booking date to the order's date, never backwards (one statement). */
export async function recordBookingDate(ctx: Ctx, id: string, orderDate: string): Promise<void> {
  await q(ctx)
    .updateTable('accounts')
    .set({ last_booking_date: orderDate })
    .where('tenant_id', '=', ctx.tenant.id)
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_booking_date', 'is', null), eb('last_booking_date', '<', orderDate)]))
    .execute();
}
