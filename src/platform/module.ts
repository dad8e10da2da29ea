import type { FastifyInstance } from 'fastify';
import type { Migration } from 'kysely';
import type { Ctx } from './context.js';
import type { Temporal } from './dates.js';
import type { JobHandler } from './jobs.js';

/**
 * Work that falls due on a date of the tenant clock (renewals, scheduled bill
 * runs, payment runs, ...). When the clock advances, each day's work runs in
 * date order, in the order modules were registered.
 */
export interface DueWork {
  name: string;
  run(ctx: Ctx, date: Temporal.PlainDate): Promise<void>;
}

/** A business area: its tables, its routes, the work it schedules. */
export interface ZModule {
  name: string;
  /** Globally unique, sortable names: `0100_accounts_init`. */
  migrations?: Record<string, Migration>;
  /** Tables holding tenant data (a `tenant_id` column), emptied on reset, children first. */
  tenantTables?: string[];
  /**
   * Those of `tenantTables` that hold configuration, not business data (billing
   * rules, payment terms): a tenant that only changed them may still move its
   * clock back (see hasBusinessData in platform/tenants.ts). Reset empties them too.
   */
  configTables?: string[];
  /**
   * Called once per app, before any module's routes, when the module joins the
   * app: where it registers its hooks and guards in other modules' contracts.
   * Must be idempotent (tests build many apps in one process).
   */
  join?: () => void;
  routes?: (app: FastifyInstance) => Promise<void> | void;
  dueWork?: DueWork[];
  /** Handlers of the job kinds the module enqueues (src/platform/jobs.ts), by kind: globally unique names. */
  jobs?: Record<string, JobHandler>;
}

/** Adds `item` to a hook list once (a module joining a second app adds nothing). */
export function addOnce<T>(list: T[], item: T): void {
  if (!list.includes(item)) list.push(item);
}
