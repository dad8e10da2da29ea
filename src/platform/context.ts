import type { Db } from './db/database.js';
import { Temporal } from './dates.js';

/** The tenant settings every rule may read. */
export interface TenantSettings {
  id: string;
  name: string;
  /** Small integer shown in OAuth scopes (`tenant.N`). */
  tenantNumber: number;
  entityId: string;
  defaultApiVersion: string;
  timezone: string;
  currency: string;
  rateLimit: number | null;
  /** The tenant's default invoice template: an account without one of its own reads this as its invoiceTemplateId. */
  defaultInvoiceTemplateId?: string | null;
  /** The frozen tenant clock (ISO instant), or null while it follows real time. */
  clock: string | null;
  /** True while an admin reset empties the tenant: its API requests answer a lock error meanwhile. */
  resetting?: boolean;
}

/**
 * What a service gets instead of an HTTP request: who is asking and a database
 * handle (inside a write, the transaction). Services never see Fastify.
 */
export interface Ctx {
  tenant: TenantSettings;
  db: Db;
  /** The instant "now" for business rules: the tenant clock. */
  now(): Temporal.Instant;
  /** Today's date in the tenant's time zone, by the tenant clock. */
  today(): Temporal.PlainDate;
  /** Base URL of the request (scheme://host), for `nextPage` links. */
  baseUrl: string;
}

export function tenantNow(tenant: TenantSettings): Temporal.Instant {
  return tenant.clock ? Temporal.Instant.from(tenant.clock) : Temporal.Now.instant();
}

export function makeCtx(tenant: TenantSettings, db: Db, baseUrl = ''): Ctx {
  return {
    tenant,
    db,
    baseUrl,
    now: () => tenantNow(tenant),
    today: () => tenantNow(tenant).toZonedDateTimeISO(tenant.timezone).toPlainDate(),
  };
}

/**
 * Runs `fn` in one database transaction: it lands whole or not at all.
 * Nested calls join the outer transaction.
 */
export async function inTransaction<T>(ctx: Ctx, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx);
  const marks = transactionWatchers.map((w) => w.started());
  try {
    return await ctx.db.transaction().execute((trx) => fn({ ...ctx, db: trx }));
  } finally {
    transactionWatchers.forEach((w, i) => w.ended(marks[i]));
  }
}

/**
 * Told when a transaction of inTransaction starts and when it has ended (committed or rolled back), with
 * what `started` answered: a cache of rows (custom-fields.ts) learns that a write it saw is now visible
 * to every reader, so that a read made while the write was not yet committed is not kept.
 */
export interface TransactionWatcher {
  started(): unknown;
  ended(mark: unknown): void;
}
const transactionWatchers: TransactionWatcher[] = [];
export function watchTransactions(w: TransactionWatcher): void {
  if (!transactionWatchers.includes(w)) transactionWatchers.push(w);
}
