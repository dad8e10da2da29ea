import type { Compilable, CompiledQuery } from 'kysely';
import type { Db } from './database.js';

/**
 * Hot-path queries built and compiled once (per database, i.e. per dialect), then run with new
 * parameters: Kysely's building and compiling is a large share of a simple request's CPU.
 * On SQLite the compiled SQL text also finds its prepared statement in the statement cache
 * (database.ts); on PostgreSQL it is sent as a named prepared statement (database.ts).
 *
 *   const byId = prepared((db, p) => db.selectFrom('accounts').select(['id', 'name']).where('tenant_id', '=', p(0)).where('id', '=', p(1)));
 *   const row = (await byId(ctx.db, [ctx.tenant.id, id]))[0];
 *
 * `p(i)` stands for the i-th parameter. Only values may be parameters (never a column, a table or a
 * list whose length varies: use one prepared query per length). Constants written in the builder
 * stay constants. The query runs on whatever handle it is given (a transaction included).
 */
const MARK = '\u0000zbill-param:';

export function prepared<R = Record<string, unknown>>(build: (db: Db, p: (i: number) => string) => Compilable): (db: Db, params: readonly unknown[]) => Promise<R[]> {
  const compiled = new WeakMap<object, { q: CompiledQuery; slots: Array<number | undefined> }>();
  return async (db, params) => {
    const key = db.getExecutor().adapter;
    let c = compiled.get(key);
    if (!c) {
      const q = build(db, (i) => `${MARK}${i}`).compile();
      const slots = q.parameters.map((v) => (typeof v === 'string' && v.startsWith(MARK) ? Number(v.slice(MARK.length)) : undefined));
      c = { q, slots };
      compiled.set(key, c);
    }
    const { q, slots } = c;
    const parameters = q.parameters.map((v, i) => (slots[i] === undefined ? v : params[slots[i]!]));
    const res = await db.executeQuery({ ...q, parameters });
    return res.rows as R[];
  };
}

/**
 * An insert of one row into `table` with exactly `columns` (in that order), compiled once; the row's
 * values are read by column name, so a row object built in any key order inserts the same statement.
 * A column the row leaves undefined is inserted as null (not left to the column's default).
 */
export function preparedInsert(table: string, columns: readonly string[]): (db: Db, row: Record<string, unknown>) => Promise<void> {
  const run = prepared((db, p) => db.insertInto(table).values(Object.fromEntries(columns.map((c, i) => [c, p(i)]))));
  const known = new Set(columns);
  return async (db, row) => {
    // A column the list lacks would be dropped silently: refuse it loudly instead.
    for (const k in row) if (!known.has(k) && row[k] !== undefined) throw new Error(`preparedInsert(${table}): column ${k} is not in the statement`);
    await run(
      db,
      columns.map((c) => row[c] ?? null),
    );
  };
}
