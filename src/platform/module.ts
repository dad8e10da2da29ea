import type { FastifyInstance } from 'fastify';
import type { Migration } from 'kysely';
import type { Ctx } from './context.js';
import type { Temporal } from './dates.js';

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
  routes?: (app: FastifyInstance) => Promise<void> | void;
  dueWork?: DueWork[];
}
