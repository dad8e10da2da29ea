import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { MonthDay, PaymentTerm } from './payment-terms.js';

interface ValueRow {
  tenant_id: string;
  setting_key: string;
  value_json: string;
  updated_on: string;
}

export interface PaymentTermRow {
  tenant_id: string;
  id: string;
  name: string;
  name_key: string;
  description: string | null;
  type: string;
  due_days: number | null;
  invoice_cutoff_day: string | null;
  number_of_months: number | null;
  payment_due_day: string | null;
  active: number;
  sort_key: number | string;
  created_on: string;
  updated_on: string;
}

interface Tables {
  settings_values: ValueRow;
  settings_payment_terms: PaymentTermRow;
}

const db = (ctx: Ctx) => ctx.db as unknown as Kysely<Tables>;

/** The fields a tenant changed in one setting, or undefined when it changed none. */
export async function readValue(ctx: Ctx, key: string): Promise<Record<string, unknown> | undefined> {
  const row = await db(ctx).selectFrom('settings_values').select('value_json').where('tenant_id', '=', ctx.tenant.id).where('setting_key', '=', key).executeTakeFirst();
  return row ? (JSON.parse(row.value_json) as Record<string, unknown>) : undefined;
}

export async function writeValue(ctx: Ctx, key: string, value: Record<string, unknown>): Promise<void> {
  const row = { tenant_id: ctx.tenant.id, setting_key: key, value_json: JSON.stringify(value), updated_on: ctx.now().toString() };
  await db(ctx)
    .insertInto('settings_values')
    .values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'setting_key']).doUpdateSet({ value_json: row.value_json, updated_on: row.updated_on }))
    .execute();
}

/**
 * Makes sure the setting's row exists and locks it for the rest of the transaction (a no-op update locks on
 * PostgreSQL; SQLite runs one write transaction at a time), so concurrent partial updates do not lose fields.
 */
export async function lockValue(ctx: Ctx, key: string): Promise<void> {
  await db(ctx)
    .insertInto('settings_values')
    .values({ tenant_id: ctx.tenant.id, setting_key: key, value_json: '{}', updated_on: ctx.now().toString() })
    .onConflict((oc) => oc.columns(['tenant_id', 'setting_key']).doNothing())
    .execute();
  await db(ctx)
    .updateTable('settings_values')
    .set((eb) => ({ value_json: eb.ref('value_json') }))
    .where('tenant_id', '=', ctx.tenant.id)
    .where('setting_key', '=', key)
    .execute();
}

const toMonthDay = (s: string | null): MonthDay | null => (s === null ? null : s === 'EndOfMonth' ? s : Number(s));

export function toTerm(r: PaymentTermRow): PaymentTerm {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    type: r.type as PaymentTerm['type'],
    dueDays: r.due_days === null ? null : Number(r.due_days),
    invoiceCutoffDay: toMonthDay(r.invoice_cutoff_day),
    numberOfMonths: r.number_of_months === null ? null : Number(r.number_of_months),
    paymentDueDay: toMonthDay(r.payment_due_day),
    active: Number(r.active) === 1,
  };
}

export async function listStoredTerms(ctx: Ctx): Promise<PaymentTermRow[]> {
  return db(ctx).selectFrom('settings_payment_terms').selectAll().where('tenant_id', '=', ctx.tenant.id).orderBy('sort_key').orderBy('id').execute();
}

/** Inserts or replaces a term (built-in terms are stored on their first edit under their fixed id). */
export async function saveTerm(ctx: Ctx, term: PaymentTerm, sortKey: number): Promise<void> {
  const now = ctx.now().toString();
  const fields = {
    name: term.name,
    name_key: term.name.toLowerCase(),
    description: term.description,
    type: term.type,
    due_days: term.dueDays,
    invoice_cutoff_day: term.invoiceCutoffDay === null ? null : String(term.invoiceCutoffDay),
    number_of_months: term.numberOfMonths,
    payment_due_day: term.paymentDueDay === null ? null : String(term.paymentDueDay),
    active: term.active ? 1 : 0,
    updated_on: now,
  };
  await db(ctx)
    .insertInto('settings_payment_terms')
    .values({ tenant_id: ctx.tenant.id, id: term.id, sort_key: sortKey, created_on: now, ...fields })
    .onConflict((oc) => oc.columns(['tenant_id', 'id']).doUpdateSet(fields))
    .execute();
}
