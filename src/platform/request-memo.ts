import { watchTransactions, type Ctx, type TenantSettings } from './context.js';
import { onTableWrite } from './db/database.js';

/**
 * A read of a tenant's configuration kept for the rest of one request: its TenantSettings object is built
 * per request (and per job, per clock day), so a bill run reads the billing rules and the payment terms
 * once instead of once per account, and nothing outlives the request (another process's change is seen
 * by the next one). A write of this process to one of `tables` drops every kept value (onTableWrite, when
 * the statement is built and when it has run), and so does the end of a transaction that saw such a write
 * (a rollback undoes what was read after it). The value is shared by the request's callers: they must not
 * change it.
 */
export function perRequestMemo<T>(tables: readonly string[], load: (ctx: Ctx) => Promise<T>): (ctx: Ctx) => Promise<T> {
  const watched = new Set(tables);
  let generation = 0;
  let writes = 0;
  const kept = new WeakMap<TenantSettings, { generation: number; value: Promise<T> }>();
  onTableWrite((table) => {
    if (!watched.has(table)) return;
    writes++;
    generation++;
  });
  watchTransactions({
    started: () => writes,
    ended: (mark) => {
      if (mark !== writes) generation++;
    },
  });
  return (ctx) => {
    const hit = kept.get(ctx.tenant);
    if (hit && hit.generation === generation) return hit.value;
    const before = generation;
    const value = load(ctx);
    kept.set(ctx.tenant, { generation: before, value });
    value.catch(() => kept.delete(ctx.tenant));
    return value;
  };
}
