/**
 * An account's bill cycle day changes (Zuora's "Changing bill cycle day": a change does not touch periods
 * already billed; the current or coming periods follow the new day). Billing keeps each change (the
 * accounts module tells it, `billCycleDayChangedHooks`); the engine lays a charge's grid on the old day up
 * to the change and on the new day from the first period the charge had not billed when the day changed.
 */
import type { Ctx } from '../../platform/context.js';
import { newId } from '../../platform/ids.js';
import type { BillCycleDayChange } from '../accounts/contract.js';
import * as store from './store.js';

export async function recordBillCycleDayChange(ctx: Ctx, e: BillCycleDayChange): Promise<void> {
  const seq = (await store.billCycleDayChanges(ctx, e.accountId)).length + 1;
  await store.insertBillCycleDayChange(ctx, {
    id: newId(),
    tenant_id: ctx.tenant.id,
    account_id: e.accountId,
    change_date: e.date,
    from_day: e.fromDay,
    to_day: e.toDay,
    seq,
    created_at: ctx.now().toString({ fractionalSecondDigits: 3 }),
  });
}

/** The account's changes, oldest first, as the engine reads them. */
export async function billCycleDayChanges(ctx: Ctx, accountId: string): Promise<Array<{ date: string; fromDay: number; billCycleDay: number }>> {
  return (await store.billCycleDayChanges(ctx, accountId)).map((r) => ({ date: r.change_date, fromDay: r.from_day, billCycleDay: r.to_day }));
}

/** The changes of many accounts (a bill run's), oldest first per account, in one statement per 500 accounts. */
export async function billCycleDayChangesOf(ctx: Ctx, accountIds: string[]): Promise<Map<string, Array<{ date: string; fromDay: number; billCycleDay: number }>>> {
  const out = new Map<string, Array<{ date: string; fromDay: number; billCycleDay: number }>>(accountIds.map((id) => [id, []]));
  for (let i = 0; i < accountIds.length; i += 500)
    for (const r of await store.billCycleDayChangesOf(ctx, accountIds.slice(i, i + 500))) out.get(r.account_id)!.push({ date: r.change_date, fromDay: r.from_day, billCycleDay: r.to_day });
  return out;
}
