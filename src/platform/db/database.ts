import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  Kysely,
  PostgresDialect,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect as KyselyDialect,
  type Driver,
  SqliteDialect,
  type KyselyPlugin,
  type LogEvent,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type Transaction,
  type UnknownRow,
} from 'kysely';
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

/**
 * Writes this process makes to a table, announced to whoever caches rows of it (the token cache
 * of auth.ts listens to `tenants`, `oauth_clients` and `oauth_tokens`). A listener is called when
 * the statement is built and again when it has run, so that a read racing the write cannot keep
 * the old row (the caches compare a generation before and after their read).
 */
export type TableWriteListener = (table: string) => void;
const writeListeners: TableWriteListener[] = [];
export function onTableWrite(fn: TableWriteListener): void {
  if (!writeListeners.includes(fn)) writeListeners.push(fn);
}

function tableName(n: OperationNode | undefined): string | undefined {
  if (!n) return undefined;
  const x = n as unknown as { kind: string; node?: OperationNode; table?: { identifier?: { name?: string } } };
  if (x.kind === 'AliasNode') return tableName(x.node);
  if (x.kind === 'TableNode') return x.table?.identifier?.name;
  return undefined;
}

/** The table an insert, update or delete writes (undefined for anything else). */
function writtenTable(node: RootOperationNode): string | undefined {
  switch (node.kind) {
    case 'InsertQueryNode':
      return tableName(node.into);
    case 'UpdateQueryNode':
      return tableName(node.table);
    case 'DeleteQueryNode':
      return tableName(node.from.froms[0]);
    default:
      return undefined;
  }
}

const watchedWrites = new WeakMap<object, string>();
const tableWrites: KyselyPlugin = {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (writeListeners.length) {
      const table = writtenTable(args.node);
      if (table) {
        watchedWrites.set(args.queryId, table);
        for (const l of writeListeners) l(table);
      }
    }
    return args.node;
  },
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const table = watchedWrites.get(args.queryId);
    if (table) for (const l of writeListeners) l(table);
    return args.result;
  },
};

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

/**
 * PostgreSQL parses and plans every unnamed statement afresh. A statement with parameters is sent
 * as a named prepared statement instead (the name derived from its SQL text), which each connection
 * parses once and then only binds and executes: the same round trip, less work for the server. The
 * SQL texts of a process are few (hot paths compile their queries once, see prepared.ts); past
 * MAX_NAMED texts, new ones go unnamed so that no connection holds an unbounded set of statements.
 */
const MAX_NAMED = 2000;
const statementNames = new Map<string, string>();
const NAMED = Symbol('zbill.namedStatements');
function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_NAMED) {
    // (an empty name marks a text that must go unnamed)
    name = `z${statementNames.size.toString(36)}`;
    statementNames.set(text, name);
  }
  return name;
}
function withNamedStatements(pool: pg.Pool): pg.Pool {
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  (pool as unknown as { connect: () => Promise<pg.PoolClient> }).connect = async () => {
    const client = await connect();
    const c = client as pg.PoolClient & { [NAMED]?: true };
    if (!c[NAMED]) {
      c[NAMED] = true;
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (text: unknown, values?: unknown, ...rest: unknown[]) => {
        if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && rest.length === 0) {
          const name = statementName(text);
          if (name) {
            const r = query({ name, text, values }) as Promise<unknown>;
            // Another process changed a table under the statement ("cached plan must not change result
            // type"): that one request fails, and the text goes unnamed from now on.
            r.catch((err: { code?: string }) => {
              if (err?.code === '0A000') statementNames.set(text, '');
            });
            return r;
          }
        }
        return query(text, values, ...rest);
      };
    }
    return client;
  };
  return pool;
}

/** One statement a connection ran: its SQL, parameters and how many rows it answered (or changed). */
export interface ObservedStatement {
  sql: string;
  parameters: readonly unknown[];
  rows: number;
}
export type StatementObserver = (s: ObservedStatement) => void;

/**
 * A dialect whose connections tell `observe` every statement they run (begin, commit and savepoints
 * included: each is a round trip). For tests and scripts that count what an operation costs
 * (test/platform/hot-paths.test.ts); a database opened without an observer has no wrapper at all.
 */
function observedDialect(d: KyselyDialect, observe: StatementObserver): KyselyDialect {
  const wrapDriver = (driver: Driver): Driver => {
    const wrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();
    const wrap = (c: DatabaseConnection): DatabaseConnection => {
      let w = wrapped.get(c);
      if (!w) {
        w = new Proxy(c, {
          get(target, prop) {
            if (prop === 'executeQuery')
              return async (q: CompiledQuery) => {
                const r = await target.executeQuery(q);
                observe({ sql: q.sql, parameters: q.parameters, rows: r.rows.length || Number(r.numAffectedRows ?? 0) });
                return r;
              };
            const v = Reflect.get(target, prop, target);
            return typeof v === 'function' ? v.bind(target) : v;
          },
        });
        wrapped.set(c, w);
      }
      return w;
    };
    const unwrap = new Map<DatabaseConnection, DatabaseConnection>();
    return new Proxy(driver, {
      get(target, prop) {
        if (prop === 'acquireConnection')
          return async () => {
            const c = await target.acquireConnection();
            const w = wrap(c);
            unwrap.set(w, c);
            return w;
          };
        if (prop === 'releaseConnection')
          return async (w: DatabaseConnection) => {
            const c = unwrap.get(w) ?? w;
            unwrap.delete(w);
            return target.releaseConnection(c);
          };
        const v = Reflect.get(target, prop, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  };
  return {
    createAdapter: () => d.createAdapter(),
    createDriver: () => wrapDriver(d.createDriver()),
    createQueryCompiler: () => d.createQueryCompiler(),
    createIntrospector: (db) => d.createIntrospector(db),
  };
}

/**
 * `sqlite:./file.db`, `sqlite::memory:`, `postgres://…` or `postgresql://…`; `poolSize` is the PostgreSQL
 * pool's size; `observe` hears every statement run (tests that count round trips).
 */
export function openDatabase(url: string, opts: { poolSize?: number; observe?: StatementObserver } = {}): Database {
  const dialect = (d: KyselyDialect) => (opts.observe ? observedDialect(d, opts.observe) : d);
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    // numeric and bigint come back as strings; we never let pg turn money into floats.
    const pool = withNamedStatements(new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10 }));
    const db: Db = new Kysely({ dialect: dialect(new PostgresDialect({ pool })), log, plugins: [tableWrites] });
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
    const db: Db = new Kysely({ dialect: dialect(new SqliteDialect({ database: withStatementCache(sqlite) })), log, plugins: [tableWrites] });
    return { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  throw new Error(`DATABASE_URL must start with sqlite: or postgres://, got "${url}"`);
}
