// Counts every row a tenant holds in the module tables (the tenantTables of each module), in one query,
// so that a test can show that a refused request changed nothing.
import { sql } from 'kysely';
import type { TestApp } from '../helpers.js';
import { modulesWithWidgets } from './fixture-module.js';

export const TENANT_TABLES = modulesWithWidgets.flatMap((m) => m.tenantTables ?? []);

export async function tenantRowCounts(t: TestApp, tenantId: string): Promise<Record<string, number>> {
  const parts = TENANT_TABLES.map((table) => sql`select ${table} as t, count(*) as n from ${sql.table(table)} where tenant_id = ${tenantId}`);
  const r = await sql<{ t: string; n: number | string }>`${sql.join(parts, sql` union all `)}`.execute(t.database.db);
  const out: Record<string, number> = {};
  for (const row of r.rows) if (Number(row.n)) out[row.t] = Number(row.n);
  return out;
}
