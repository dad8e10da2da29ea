/** SQL of summary statements: runs and statements. */
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { isZuoraId } from '../../platform/ids.js';

export interface RunRow {
  id: string;
  tenant_id: string;
  number: string;
  run_type: string;
  target_account_category: string;
  account_key: string | null;
  account_id: string | null;
  batch_name: string | null;
  bill_cycle_day: string | null;
  date_range_type: string;
  start_date: string;
  end_date: string;
  auto_email_enabled: number;
  description: string | null;
  status: string;
  number_of_accounts: number | null;
  error_message: string | null;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}

export interface StatementRow {
  id: string;
  tenant_id: string;
  number: string;
  run_id: string;
  account_id: string;
  start_date: string;
  end_date: string;
  statement_date: string;
  status: string;
  email_status: string | null;
  file_id: string | null;
  currency: string | null;
  opening_balance: string | null;
  closing_balance: string | null;
  figures: string | null;
  error_category: string | null;
  error_message: string | null;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}

interface Tables {
  summary_statement_runs: RunRow;
  summary_statements: StatementRow;
}
const q = (ctx: Ctx) => ctx.db as unknown as Kysely<Tables>;
const num = (r: RunRow): RunRow => ({ ...r, auto_email_enabled: Number(r.auto_email_enabled), number_of_accounts: r.number_of_accounts === null ? null : Number(r.number_of_accounts) });

export async function insertRun(ctx: Ctx, row: RunRow): Promise<void> {
  await q(ctx).insertInto('summary_statement_runs').values(row).execute();
}

/** The run by id, else by number; locked (FOR UPDATE on PostgreSQL) when asked. */
export async function findRun(ctx: Ctx, key: string, lock = false): Promise<RunRow | undefined> {
  const base = () => {
    const s = q(ctx).selectFrom('summary_statement_runs').selectAll().where('tenant_id', '=', ctx.tenant.id);
    return lock && ctx.db.getExecutor().adapter instanceof PostgresAdapter ? s.forUpdate() : s;
  };
  const r = (isZuoraId(key) ? await base().where('id', '=', key).executeTakeFirst() : undefined) ?? (await base().where('number', '=', key).executeTakeFirst());
  return r && num(r);
}

export async function updateRun(ctx: Ctx, id: string, set: Partial<RunRow>): Promise<void> {
  await q(ctx).updateTable('summary_statement_runs').set(set).where('tenant_id', '=', ctx.tenant.id).where('id', '=', id).execute();
}

export async function insertStatement(ctx: Ctx, row: StatementRow): Promise<void> {
  await q(ctx).insertInto('summary_statements').values(row).execute();
}

export async function statementsOfRun(ctx: Ctx, runId: string): Promise<StatementRow[]> {
  return q(ctx).selectFrom('summary_statements').selectAll().where('tenant_id', '=', ctx.tenant.id).where('run_id', '=', runId).orderBy('number').execute();
}

export async function savepoint(ctx: Ctx, op: 'savepoint' | 'release' | 'rollback'): Promise<void> {
  if (op === 'savepoint') await sql`savepoint zbill_summary_statement`.execute(ctx.db);
  else if (op === 'release') await sql`release savepoint zbill_summary_statement`.execute(ctx.db);
  else await sql`rollback to savepoint zbill_summary_statement`.execute(ctx.db);
}
