import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';

export interface PaymentMethodRow {
  id: string;
  tenant_id: string;
  account_id: string | null;
  seq: number;
  type: string;
  status: string;
  details: string;
  holder: string;
  mandate: string;
  test_behaviour: string;
  auth_gateway: string | null;
  currency_code: string | null;
  ip_address: string | null;
  use_default_retry_rule: number;
  max_consecutive_payment_failures: number | null;
  payment_retry_window: number | null;
  num_consecutive_failures: number;
  total_processed_payments: number;
  total_error_payments: number;
  last_transaction: string | null;
  last_transaction_at: string | null;
  last_failed_sale_at: string | null;
  custom_fields: string;
  deleted: number;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}

interface Tables {
  payment_methods: PaymentMethodRow;
}

const q = (ctx: Ctx) => ctx.db as unknown as Kysely<Tables>;

const INT_COLUMNS = ['use_default_retry_rule', 'num_consecutive_failures', 'total_processed_payments', 'total_error_payments', 'deleted'] as const;

function norm(r: PaymentMethodRow | undefined): PaymentMethodRow | undefined {
  if (!r) return r;
  for (const k of INT_COLUMNS) r[k] = Number(r[k]);
  if (r.max_consecutive_payment_failures !== null) r.max_consecutive_payment_failures = Number(r.max_consecutive_payment_failures);
  if (r.payment_retry_window !== null) r.payment_retry_window = Number(r.payment_retry_window);
  return r;
}

export async function insert(ctx: Ctx, row: PaymentMethodRow): Promise<void> {
  await q(ctx).insertInto('payment_methods').values(row).execute();
}

/** A payment method by id, scrubbed ones included, deleted ones not. */
export async function findById(ctx: Ctx, id: string): Promise<PaymentMethodRow | undefined> {
  // Ids are 32 characters: a longer key cannot match (and must not reach a varchar(32) comparison as an error).
  if (id.length > 32) return undefined;
  const r = await q(ctx).selectFrom('payment_methods').selectAll().where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).where('deleted', '=', 0).executeTakeFirst();
  return norm(r);
}

/** The live (not scrubbed, not deleted) payment methods of an account, oldest first. */
export async function listOfAccount(ctx: Ctx, accountId: string): Promise<PaymentMethodRow[]> {
  const rows = await q(ctx)
    .selectFrom('payment_methods')
    .selectAll()
    .where('tenant_id', '=', ctx.tenant.id)
    .where('account_id', '=', accountId)
    .where('deleted', '=', 0)
    .where('status', '!=', 'Scrubbed')
    .orderBy('seq')
    .execute();
  return rows.map((r) => norm(r)!);
}

export async function update(ctx: Ctx, id: string, patch: Partial<PaymentMethodRow>): Promise<void> {
  await q(ctx).updateTable('payment_methods').set(patch).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}
