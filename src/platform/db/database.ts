import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type LogEvent, type Transaction } from 'kysely';
import pg from 'pg';

/**
 * Tables are typed per module (each store declares its own row types), so the
 * shared handle is untyped and a store narrows it with `as Kysely<MyTables>`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = Kysely<any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Tx = Transaction<any>;
export type Dialect = 'sqlite' | 'postgres';

/** ZBILL_LOG_SQL=1 prints every statement with its duration (for developers). */
const log = process.env.ZBILL_LOG_SQL
  ? (e: LogEvent) => console.error(`[sql ${e.queryDurationMillis.toFixed(2)}ms] ${e.query.sql}`)
  : undefined;

export interface Database {
  db: Db;
  dialect: Dialect;
  close(): Promise<void>;
}

/**
 * Kysely prepares every query afresh; preparing is a quarter of the CPU of a
 * read on SQLite. The same SQL text gets the same prepared statement back
 * (statements are reusable in better-sqlite3), up to a bound.
 */
function withStatementCache(sqlite: SQLite.Database, max = 1000): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = (sql: string): SQLite.Statement => {
    let stmt = cache.get(sql);
    if (stmt) return stmt;
    stmt = sqlite.prepare(sql);
    if (cache.size >= max) cache.delete(cache.keys().next().value!);
    cache.set(sql, stmt);
    return stmt;
  };
  return new Proxy(sqlite, {
    get(target, prop, receiver) {
      if (prop === 'prepare') return prepare;
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

/** `sqlite:./file.db`, `sqlite::memory:`, `postgres://…` or `postgresql://…`; `poolSize` is the PostgreSQL pool's size. */
export function openDatabase(url: string, opts: { poolSize?: number } = {}): Database {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    // numeric and bigint come back as strings; we never let pg turn money into floats.
    const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10 });
    const db: Db = new Kysely({ dialect: new PostgresDialect({ pool }), log });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length) || ':memory:';
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const db: Db = new Kysely({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), log });
    return { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  throw new Error(`DATABASE_URL must start with sqlite: or postgres://, got "${url}"`);
}
