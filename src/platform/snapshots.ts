import { CompiledQuery, sql } from 'kysely';
import type { Db } from './db/database.js';
import { invalidValue, notFound, ruleViolation } from './errors.js';
import type { ZModule } from './module.js';

/**
 * Tenant snapshots: a tenant's whole state saved under a name and put back on
 * demand, so that a test suite can build a catalog and accounts once and return
 * to them before each test.
 *
 * A snapshot holds, per table, every row of the tenant as one text document,
 * plus the tenant's settings and clock. On SQLite the document is JSON
 * `{columns, rows}` (rows as arrays) that the server writes and reads itself,
 * restoring with multi-row inserts. On PostgreSQL it is the text of an array of
 * the table's row type (`array_agg(row)::text`), built and read back
 * (`unnest(data::table[])`) by the database, so rows never leave it; that is
 * about twice as fast as JSON there.
 *
 * The tables are every module's tenant tables and the platform's per-tenant
 * tables that reset empties (counters, so numbering continues exactly where it
 * was, and idempotency records). Credentials are not part of a snapshot.
 * Restoring deletes the tenant's rows and inserts the saved ones, all in one
 * transaction. A snapshot that no longer fits a table (on SQLite a column it
 * names is gone; on PostgreSQL any change of the table's columns) is refused
 * with a rule error, changing nothing: take it again.
 */

/** Per-tenant platform tables that belong to a tenant's state (reset empties them too). */
export const PLATFORM_TENANT_TABLES = ['counters', 'idempotency_keys', 'jobs'];

/** The tenant settings a snapshot carries (the `tenants` columns that are state, not identity). */
const SETTING_COLUMNS = ['name', 'default_api_version', 'timezone', 'currency', 'rate_limit', 'clock'] as const;

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export interface SnapshotInfo {
  name: string;
  createdAt: string;
  /** The tenant clock saved with the snapshot (null: it followed real time). */
  clock: string | null;
  tables: number;
  rows: number;
}

interface TableDoc {
  columns: string[];
  rows: unknown[][];
}

/** Bound parameters per INSERT statement on SQLite (its limit is 32766). */
const MAX_PARAMS = 30000;

export function checkSnapshotName(name: unknown): string {
  if (typeof name !== 'string' || !NAME_RE.test(name))
    throw invalidValue(`'name' must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit`);
  return name;
}

/** Every table holding tenant state, parents first (modules list their tables children first). */
export function stateTables(modules: ZModule[]): string[] {
  return [...PLATFORM_TENANT_TABLES, ...modules.flatMap((m) => [...(m.tenantTables ?? [])].reverse())];
}

function quote(ident: string): string {
  return `"${ident.replace(/"/g, '""')}"`;
}

/** PostgreSQL numbers its parameters ($1); SQLite's are `?`. */
function onPostgres(db: Db): boolean {
  return db.selectFrom('tenants').select('id').where('id', '=', '').compile().sql.includes('$1');
}


export class Snapshots {
  constructor(
    private readonly db: Db,
    private readonly modules: ZModule[],
  ) {}

  async list(tenantId: string): Promise<SnapshotInfo[]> {
    const rows = await this.db.selectFrom('tenant_snapshots').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('name').execute();
    return rows.map(toInfo);
  }

  async get(tenantId: string, name: string): Promise<SnapshotInfo> {
    const row = await this.db.selectFrom('tenant_snapshots').selectAll().where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
    if (!row) throw notFound(`Snapshot '${name}' of tenant '${tenantId}' does not exist`);
    return toInfo(row);
  }

  /** Saves the tenant's state under `name`, replacing a snapshot of that name. */
  async save(tenantId: string, rawName: unknown): Promise<SnapshotInfo> {
    const name = checkSnapshotName(rawName);
    const createdAt = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const tenant = await trx.selectFrom('tenants').select([...SETTING_COLUMNS]).where('id', '=', tenantId).executeTakeFirst();
      if (!tenant) throw notFound(`Tenant '${tenantId}' does not exist`);
      await trx.deleteFrom('tenant_snapshot_tables').where('tenant_id', '=', tenantId).where('snapshot', '=', name).execute();
      await trx.deleteFrom('tenant_snapshots').where('tenant_id', '=', tenantId).where('name', '=', name).execute();
      const tables = stateTables(this.modules);
      let total = 0;
      if (onPostgres(trx)) {
        for (const table of tables) {
          const res = await trx.executeQuery<{ n: string | number }>(
            CompiledQuery.raw(
              `insert into tenant_snapshot_tables (tenant_id, snapshot, table_name, row_count, data) ` +
                `select $1::varchar, $2::varchar, $3::varchar, count(*), coalesce(array_agg(x)::text, '{}') ` +
                `from ${quote(table)} x where x.tenant_id = $1::varchar returning row_count as n`,
              [tenantId, name, table],
            ),
          );
          total += Number(res.rows[0]?.n ?? 0);
        }
      } else {
        for (const table of tables) {
          const rows = (await trx.selectFrom(table).selectAll().where('tenant_id', '=', tenantId).execute()) as Record<string, unknown>[];
          const columns = rows.length ? Object.keys(rows[0]!) : [];
          const doc: TableDoc = { columns, rows: rows.map((r) => columns.map((c) => r[c])) };
          await trx
            .insertInto('tenant_snapshot_tables')
            .values({ tenant_id: tenantId, snapshot: name, table_name: table, row_count: rows.length, data: JSON.stringify(doc) })
            .execute();
          total += rows.length;
        }
      }
      await trx
        .insertInto('tenant_snapshots')
        .values({ tenant_id: tenantId, name, created_at: createdAt, settings: JSON.stringify(tenant), clock: tenant.clock ?? null, table_count: tables.length, row_count: total })
        .execute();
    });
    return this.get(tenantId, name);
  }

  async delete(tenantId: string, name: string): Promise<void> {
    await this.get(tenantId, name);
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('tenant_snapshot_tables').where('tenant_id', '=', tenantId).where('snapshot', '=', name).execute();
      await trx.deleteFrom('tenant_snapshots').where('tenant_id', '=', tenantId).where('name', '=', name).execute();
    });
  }

  /**
   * Puts the tenant back exactly as it was when `name` was saved: rows of every
   * state table, counters, settings and clock. One transaction; other tenants'
   * rows are never touched.
   */
  async restore(tenantId: string, name: string, emptyTenant: (trx: Db, id: string) => Promise<void>): Promise<SnapshotInfo> {
    const info = await this.get(tenantId, name);
    const pg = onPostgres(this.db);
    const known = new Set(stateTables(this.modules));
    await this.db.transaction().execute(async (trx) => {
      const head = await trx.selectFrom('tenant_snapshots').select('settings').where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
      if (!head) throw notFound(`Snapshot '${name}' of tenant '${tenantId}' does not exist`);
      // On PostgreSQL the rows stay in the database: only the table names come back here.
      const parts = await trx
        .selectFrom('tenant_snapshot_tables')
        .select(['table_name', 'row_count', (pg ? sql<string | null>`null` : sql<string | null>`data`).as('data')])
        .where('tenant_id', '=', tenantId)
        .where('snapshot', '=', name)
        .execute();
      const byTable = new Map(parts.map((p) => [p.table_name as string, { rows: Number(p.row_count), data: p.data as string | null }]));
      for (const table of byTable.keys())
        if (!known.has(table)) throw ruleViolation(`Snapshot '${name}' holds table '${table}', which this server no longer has; take the snapshot again`);
      await emptyTenant(trx, tenantId);
      for (const table of stateTables(this.modules)) {
        const part = byTable.get(table);
        if (part === undefined || part.rows === 0) continue;
        try {
          if (pg) await copyRowsBack(trx, tenantId, name, table);
          else await insertRows(trx, table, JSON.parse(part.data ?? '{}') as TableDoc);
        } catch (e) {
          throw ruleViolation(`Snapshot '${name}' no longer fits table '${table}' (${(e as Error).message}); take the snapshot again`);
        }
      }
      const settings = JSON.parse(head.settings as string) as Record<string, unknown>;
      const set: Record<string, unknown> = {};
      for (const c of SETTING_COLUMNS) set[c] = settings[c] ?? null;
      await trx.updateTable('tenants').set(set).where('id', '=', tenantId).execute();
    });
    return info;
  }
}

/** PostgreSQL: one statement per table, from the stored document straight into the table. */
async function copyRowsBack(trx: Db, tenantId: string, name: string, table: string): Promise<void> {
  await trx.executeQuery(
    CompiledQuery.raw(
      `insert into ${quote(table)} select * from unnest((select data from tenant_snapshot_tables where tenant_id = $1 and snapshot = $2 and table_name = $3)::${quote(table)}[])`,
      [tenantId, name, table],
    ),
  );
}

/** SQLite: multi-row inserts in chunks; a full chunk repeats the same SQL text, so its prepared statement is reused. */
async function insertRows(trx: Db, table: string, doc: TableDoc): Promise<void> {
  const width = doc.columns.length;
  if (!width || !doc.rows.length) return;
  const per = Math.max(1, Math.floor(MAX_PARAMS / width));
  const head = `insert into ${quote(table)} (${doc.columns.map(quote).join(', ')}) values `;
  const tuple = `(${doc.columns.map(() => '?').join(', ')})`;
  const full = head + Array.from({ length: per }, () => tuple).join(', ');
  for (let at = 0; at < doc.rows.length; at += per) {
    const chunk = doc.rows.slice(at, at + per);
    const params: unknown[] = [];
    for (const r of chunk) for (const v of r) params.push(v);
    await trx.executeQuery(CompiledQuery.raw(chunk.length === per ? full : head + chunk.map(() => tuple).join(', '), params));
  }
}

function toInfo(r: Record<string, unknown>): SnapshotInfo {
  return {
    name: r.name as string,
    createdAt: r.created_at as string,
    clock: (r.clock as string | null) ?? null,
    tables: Number(r.table_count),
    rows: Number(r.row_count),
  };
}
