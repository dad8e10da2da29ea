import { sql } from 'kysely';
import type { Ctx } from './context.js';
import { prepared } from './db/prepared.js';

// Every create that numbers something runs this: compiled once (db/prepared.ts).
const increment = prepared<{ value: number | string }>((db, p) =>
  db
    .insertInto('counters')
    .values({ tenant_id: p(0), name: p(1), value: p(2) })
    .onConflict((oc) => oc.columns(['tenant_id', 'name']).doUpdateSet({ value: sql`counters.value + 1` }))
    .returning('value'),
);

/**
 * Per-tenant counters for numbers like A00000001, A-S00000001, O-00000001.
 * One atomic statement: concurrent requests never get the same value (the row
 * lock holds until the surrounding transaction ends).
 */
export async function nextCounter(ctx: Ctx, name: string, start = 1): Promise<number> {
  const row = (await increment(ctx.db, [ctx.tenant.id, name, start]))[0];
  if (!row) throw new Error(`counter ${name}: no value returned`);
  return Number(row.value);
}

/** Moves a counter so that the next value handed out is `next` (never backwards over used values is the caller's rule). */
export async function setCounter(ctx: Ctx, name: string, next: number): Promise<void> {
  await ctx.db
    .insertInto('counters')
    .values({ tenant_id: ctx.tenant.id, name, value: next - 1 })
    .onConflict((oc) => oc.columns(['tenant_id', 'name']).doUpdateSet({ value: next - 1 }))
    .execute();
}

export async function peekCounter(ctx: Ctx, name: string): Promise<number | undefined> {
  const row = await ctx.db.selectFrom('counters').select('value').where('tenant_id', '=', ctx.tenant.id).where('name', '=', name).executeTakeFirst();
  return row ? Number(row.value) : undefined;
}
