/**
 * SQL of what hangs off a payment method (migration 0710): stored credential profiles, authorizations,
 * the payment method transaction logs, snapshots, and the tenant's Apple Pay domains.
 */
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { PaymentMethodRow } from './store.js';

export interface ProfileRow {
  id: string;
  tenant_id: string;
  payment_method_id: string;
  number: number;
  status: string;
  type: string;
  brand: string | null;
  consent_agreement_ref: string | null;
  consent_agreement_src: string;
  network_transaction_id: string | null;
  agreed_on: string | null;
  activated_on: string | null;
  cancelled_on: string | null;
  expired_on: string | null;
  created_at: string;
  updated_at: string;
}

export interface AuthorizationRow {
  id: string;
  tenant_id: string;
  payment_method_id: string;
  account_id: string;
  transaction_id: string;
  gateway_order_id: string;
  amount: string;
  currency: string;
  status: string;
  created_at: string;
  voided_at: string | null;
}

export interface TransactionLogRow {
  id: string;
  tenant_id: string;
  payment_method_id: string;
  payment_method_type: string;
  gateway: string;
  transaction_type: string;
  reason_code: string;
  reason_description: string;
  transaction_id: string | null;
  transaction_date: string;
  request_string: string;
  response_string: string;
}

export type SnapshotRow = Omit<PaymentMethodRow, 'test_behaviour' | 'auth_gateway' | 'currency_code' | 'deleted' | 'updated_by' | 'updated_at'> & { payment_method_id: string };

export interface ApplePayDomainRow {
  id: string;
  tenant_id: string;
  domain_name: string;
  verified: number;
  seq: number;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}

interface Tables {
  stored_credential_profiles: ProfileRow;
  payment_authorizations: AuthorizationRow;
  payment_method_transaction_logs: TransactionLogRow;
  payment_method_snapshots: SnapshotRow;
  apple_pay_domains: ApplePayDomainRow;
}

const q = (ctx: Ctx) => ctx.db as unknown as Kysely<Tables>;
/** Ids are 32 characters: a longer key cannot match (and must not reach a varchar(32) comparison). */
const tooLong = (id: string) => id.length > 32;

// ---------------------------------------------------------------- stored credential profiles

export async function profilesOf(ctx: Ctx, methodId: string): Promise<ProfileRow[]> {
  const rows = await q(ctx).selectFrom('stored_credential_profiles').selectAll().where('tenant_id', '=', ctx.tenant.id).where('payment_method_id', '=', methodId).orderBy('number').execute();
  return rows.map((r) => ({ ...r, number: Number(r.number) }));
}

export async function insertProfile(ctx: Ctx, row: ProfileRow): Promise<void> {
  await q(ctx).insertInto('stored_credential_profiles').values(row).execute();
}

export async function updateProfile(ctx: Ctx, id: string, patch: Partial<ProfileRow>): Promise<void> {
  await q(ctx).updateTable('stored_credential_profiles').set(patch).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

// ---------------------------------------------------------------- authorizations

export async function insertAuthorization(ctx: Ctx, row: AuthorizationRow): Promise<void> {
  await q(ctx).insertInto('payment_authorizations').values(row).execute();
}

export async function findAuthorization(ctx: Ctx, methodId: string, transactionId: string): Promise<AuthorizationRow | undefined> {
  if (transactionId.length > 40) return undefined;
  return q(ctx)
    .selectFrom('payment_authorizations')
    .selectAll()
    .where('tenant_id', '=', ctx.tenant.id)
    .where('payment_method_id', '=', methodId)
    .where('transaction_id', '=', transactionId)
    .executeTakeFirst();
}

export async function updateAuthorization(ctx: Ctx, id: string, patch: Partial<AuthorizationRow>): Promise<void> {
  await q(ctx).updateTable('payment_authorizations').set(patch).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

// ---------------------------------------------------------------- transaction logs

export async function insertTransactionLog(ctx: Ctx, row: TransactionLogRow): Promise<void> {
  await q(ctx).insertInto('payment_method_transaction_logs').values(row).execute();
}

export async function findTransactionLog(ctx: Ctx, id: string): Promise<TransactionLogRow | undefined> {
  if (tooLong(id)) return undefined;
  return q(ctx).selectFrom('payment_method_transaction_logs').selectAll().where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).executeTakeFirst();
}

// ---------------------------------------------------------------- snapshots

export async function insertSnapshot(ctx: Ctx, row: SnapshotRow): Promise<void> {
  await q(ctx).insertInto('payment_method_snapshots').values(row).execute();
}

const SNAPSHOT_INTS = ['seq', 'use_default_retry_rule', 'num_consecutive_failures', 'total_processed_payments', 'total_error_payments'] as const;

export async function findSnapshot(ctx: Ctx, id: string): Promise<SnapshotRow | undefined> {
  if (tooLong(id)) return undefined;
  const r = await q(ctx).selectFrom('payment_method_snapshots').selectAll().where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).executeTakeFirst();
  if (!r) return r;
  for (const k of SNAPSHOT_INTS) r[k] = Number(r[k]);
  if (r.max_consecutive_payment_failures !== null) r.max_consecutive_payment_failures = Number(r.max_consecutive_payment_failures);
  if (r.payment_retry_window !== null) r.payment_retry_window = Number(r.payment_retry_window);
  return r;
}

// ---------------------------------------------------------------- Apple Pay domains

export async function listApplePayDomains(ctx: Ctx): Promise<ApplePayDomainRow[]> {
  return q(ctx).selectFrom('apple_pay_domains').selectAll().where('tenant_id', '=', ctx.tenant.id).orderBy('seq').execute();
}

export async function findApplePayDomainByName(ctx: Ctx, name: string): Promise<ApplePayDomainRow | undefined> {
  return q(ctx).selectFrom('apple_pay_domains').selectAll().where('tenant_id', '=', ctx.tenant.id).where('domain_name', '=', name).executeTakeFirst();
}

export async function findApplePayDomain(ctx: Ctx, id: string): Promise<ApplePayDomainRow | undefined> {
  if (tooLong(id)) return undefined;
  return q(ctx).selectFrom('apple_pay_domains').selectAll().where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).executeTakeFirst();
}

export async function insertApplePayDomain(ctx: Ctx, row: ApplePayDomainRow): Promise<void> {
  await q(ctx).insertInto('apple_pay_domains').values(row).execute();
}

export async function deleteApplePayDomain(ctx: Ctx, id: string): Promise<void> {
  await q(ctx).deleteFrom('apple_pay_domains').where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}
