/** SQL of Configurable Payment Retry: the only file that knows its tables. */
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';

export interface CycleRow {
  id: string;
  tenant_id: string;
  seq: number;
  account_id: string;
  document_kind: 'invoice' | 'debitMemo';
  document_id: string;
  payment_method_id: string | null;
  currency: string;
  active: number;
  current_attempt_number: number;
  next_attempt: string | null;
  customer_group_id: number;
  customer_group: string;
  started_at: string;
  outcome: string | null;
  ended_at: string | null;
}

export interface AttemptRow {
  id: string;
  tenant_id: string;
  cycle_id: string;
  attempt_number: number;
  payment_id: string;
  payment_number: string;
  time_of_execution: string;
  cpr_generated: number;
  success: number;
  amount_collected: string;
  action: string | null;
  retry_next: string | null;
  retry_criteria: string | null;
  label: string | null;
  customer_group_id: number;
  gateway_id: string | null;
  gateway_code: string | null;
  gateway_response: string | null;
}

interface FailedRow {
  payment_id: string;
  tenant_id: string;
  account_id: string;
  documents: string;
  created_at: string;
}

interface Tables {
  retry_settings: { tenant_id: string; config: string; updated_at: string };
  retry_failed_payments: FailedRow;
  retry_cycles: CycleRow;
  retry_attempts: AttemptRow;
}
const q = (ctx: Ctx) => ctx.db as unknown as Kysely<Tables>;
const T = (ctx: Ctx) => ctx.tenant.id;
const normC = (r: CycleRow): CycleRow => ({ ...r, seq: Number(r.seq), active: Number(r.active), current_attempt_number: Number(r.current_attempt_number), customer_group_id: Number(r.customer_group_id) });
const normA = (r: AttemptRow): AttemptRow => ({ ...r, attempt_number: Number(r.attempt_number), cpr_generated: Number(r.cpr_generated), success: Number(r.success), customer_group_id: Number(r.customer_group_id) });

export async function readConfig(ctx: Ctx): Promise<string | undefined> {
  return (await q(ctx).selectFrom('retry_settings').select('config').where('tenant_id', '=', T(ctx)).executeTakeFirst())?.config;
}

export async function writeConfig(ctx: Ctx, config: string): Promise<void> {
  const at = ctx.now().toString();
  const done = await q(ctx).updateTable('retry_settings').set({ config, updated_at: at }).where('tenant_id', '=', T(ctx)).executeTakeFirst();
  if (!Number(done.numUpdatedRows)) await q(ctx).insertInto('retry_settings').values({ tenant_id: T(ctx), config, updated_at: at }).execute();
}

export async function recordFailedPayment(ctx: Ctx, paymentId: string, accountId: string, documents: unknown): Promise<void> {
  await q(ctx).insertInto('retry_failed_payments').values({ payment_id: paymentId, tenant_id: T(ctx), account_id: accountId, documents: JSON.stringify(documents), created_at: ctx.now().toString() }).execute();
}

export async function failedPayment(ctx: Ctx, paymentId: string): Promise<{ accountId: string; documents: Array<{ kind: 'invoice' | 'debitMemo'; id: string }> } | undefined> {
  const r = await q(ctx).selectFrom('retry_failed_payments').selectAll().where('tenant_id', '=', T(ctx)).where('payment_id', '=', paymentId).executeTakeFirst();
  return r ? { accountId: r.account_id, documents: JSON.parse(r.documents) } : undefined;
}

export async function insertCycle(ctx: Ctx, row: CycleRow): Promise<void> {
  await q(ctx).insertInto('retry_cycles').values(row).execute();
}

export async function updateCycle(ctx: Ctx, id: string, set: Partial<CycleRow>): Promise<void> {
  await q(ctx).updateTable('retry_cycles').set(set).where('tenant_id', '=', T(ctx)).where('id', '=', id).execute();
}

/** A cycle by id, locked for the rest of the transaction when asked (a no-op UPDATE works on both databases). */
export async function findCycle(ctx: Ctx, id: string, lock = false): Promise<CycleRow | undefined> {
  if (lock) await q(ctx).updateTable('retry_cycles').set((eb) => ({ id: eb.ref('id') })).where('tenant_id', '=', T(ctx)).where('id', '=', id).execute();
  const r = await q(ctx).selectFrom('retry_cycles').selectAll().where('tenant_id', '=', T(ctx)).where('id', '=', id).executeTakeFirst();
  return r ? normC(r) : undefined;
}

/** Cycles of a document or an account (active ones only when asked), newest first. */
export async function cycles(ctx: Ctx, by: { documentId?: string; accountId?: string; kind?: 'invoice' | 'debitMemo'; activeOnly?: boolean }): Promise<CycleRow[]> {
  let s = q(ctx).selectFrom('retry_cycles').selectAll().where('tenant_id', '=', T(ctx));
  if (by.documentId) s = s.where('document_id', '=', by.documentId);
  if (by.accountId) s = s.where('account_id', '=', by.accountId);
  if (by.kind) s = s.where('document_kind', '=', by.kind);
  if (by.activeOnly) s = s.where('active', '=', 1);
  return (await s.orderBy('seq', 'desc').execute()).map(normC);
}

export async function allCycles(ctx: Ctx): Promise<CycleRow[]> {
  return (await q(ctx).selectFrom('retry_cycles').selectAll().where('tenant_id', '=', T(ctx)).orderBy('seq').execute()).map(normC);
}

export async function insertAttempt(ctx: Ctx, row: AttemptRow): Promise<void> {
  await q(ctx).insertInto('retry_attempts').values(row).execute();
}

export async function attemptsOf(ctx: Ctx, cycleIds: string[]): Promise<AttemptRow[]> {
  if (!cycleIds.length) return [];
  return (await q(ctx).selectFrom('retry_attempts').selectAll().where('tenant_id', '=', T(ctx)).where('cycle_id', 'in', cycleIds).orderBy('attempt_number').execute()).map(normA);
}

export async function allAttempts(ctx: Ctx): Promise<AttemptRow[]> {
  return (await q(ctx).selectFrom('retry_attempts').selectAll().where('tenant_id', '=', T(ctx)).orderBy('time_of_execution').execute()).map(normA);
}
