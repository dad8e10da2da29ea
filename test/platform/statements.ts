// Counting what an operation costs in SQL (statements, rows) and checking that each statement reads by
// an index that narrows below the tenant, on SQLite (EXPLAIN QUERY PLAN) and PostgreSQL (EXPLAIN with
// sequential scans disabled, after ANALYZE). Used by the hot-path and tenant-size tests.
import { CompiledQuery } from 'kysely';
import type { ObservedStatement } from '../../src/platform/db/database.js';
import { onPostgres, setupApp, type TestApp } from '../helpers.js';

export interface Counted<T> {
  value: T;
  stmts: ObservedStatement[];
}

/** A test app whose statements can be counted: `measure(fn)` answers every statement fn ran. */
export async function countingApp(overrides: Parameters<typeof setupApp>[0] = {}) {
  let capture: ObservedStatement[] | null = null;
  const t = await setupApp(overrides, { observe: (s) => capture?.push(s) });
  async function measure<T>(fn: () => Promise<T>): Promise<Counted<T>> {
    capture = [];
    try {
      const value = await fn();
      // the bearer token's lookup is left out: its cache (TOKEN_CACHE_MS, auth.ts, tested in token-cache.test.ts)
      // expires on a slow machine between two requests, which says nothing about the path measured
      return { value, stmts: capture.filter((s) => !/ from "oauth_tokens" /.test(s.sql)) };
    } finally {
      capture = null;
    }
  }
  return { t, measure };
}

/** A statement's text with the ids and numbers of one tenant taken out (the shape two runs compare by). */
export const shape = (s: ObservedStatement) => `${s.sql} [${s.rows} rows]`;
export const rowsOf = (stmts: ObservedStatement[]) => stmts.reduce((n, s) => n + s.rows, 0);

/**
 * Tables whose rows a tenant has a bounded few of (configuration, not business data): reading all of a
 * tenant's rows there does not grow with the tenant's accounts, subscriptions or documents.
 */
export const CONFIG_TABLES = new Set(['settings_payment_terms', 'sequence_sets', 'custom_object_definitions', 'settings_values', 'tenants']);

/** The plan lines of a statement that walk a tenant's rows (or the whole table) of a non-configuration table. */
export async function tenantWalks(t: TestApp, s: ObservedStatement, tenantId: string): Promise<string[]> {
  if (!/^\s*(select|update|delete|with)\b/i.test(s.sql)) return [];
  const db = t.database.db;
  if (onPostgres()) {
    const lines = await db.connection().execute(async (c) => {
      await c.executeQuery(CompiledQuery.raw('set enable_seqscan = off'));
      try {
        return (await c.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${s.sql}`, [...s.parameters]))).rows.map((r) => r['QUERY PLAN']);
      } finally {
        await c.executeQuery(CompiledQuery.raw('set enable_seqscan = on'));
      }
    });
    const bad: string[] = [];
    let heap = '';
    for (let i = 0; i < lines.length; i++) {
      const h = /Bitmap Heap Scan on (\w+)/.exec(lines[i]!);
      if (h) heap = h[1]!;
      const m = /(Seq Scan|Index Scan|Index Only Scan|Bitmap Index Scan)(?: Backward)?(?: using (\S+))? on (\w+)/.exec(lines[i]!);
      if (!m) continue;
      const table = m[1] === 'Bitmap Index Scan' ? heap : m[3]!;
      // where the tenant has a handful of rows any index is as good as another: the planner's choice says nothing
      if (CONFIG_TABLES.has(table) || (await tenantRows(t, table, tenantId)) < 50) continue;
      if (m[1] === 'Seq Scan') {
        bad.push(lines[i]!.trim());
        continue;
      }
      const cond = lines[i + 1]?.trim() ?? '';
      // an index read by the tenant alone (everything else a filter) walks the tenant's rows
      if (/^Index Cond: \(\(tenant_id\)::text = '[^']*'::text\)$/.test(cond)) bad.push(`${lines[i]!.trim()} ${cond}`);
    }
    return bad;
  }
  const plan = (await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${s.sql}`, [...s.parameters]))).rows.map((r) => r.detail);
  return plan.filter((d) => {
    const m = /^(SCAN|SEARCH) (\w+)/.exec(d);
    if (!m || CONFIG_TABLES.has(m[2]!)) return false;
    if (m[1] === 'SCAN') return true;
    return /\(tenant_id=\?\)$/.test(d);
  });
}

async function tenantRows(t: TestApp, table: string, tenantId: string): Promise<number> {
  const r = await t.database.db.executeQuery<{ n: string | number }>(CompiledQuery.raw(`select count(*) as n from "${table}" where tenant_id = $1`, [tenantId]));
  return Number(r.rows[0]?.n ?? 0);
}

/** ANALYZE on PostgreSQL, so that its plans are the ones a tenant of that size gets (SQLite plans without statistics). */
export async function analyze(t: TestApp): Promise<void> {
  if (onPostgres()) await t.database.db.executeQuery(CompiledQuery.raw('analyze'));
}
