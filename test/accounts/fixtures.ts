import type { Client, TestApp } from '../helpers.js';

/** The request sample of POST /v1/accounts, with overrides. */
export function accountBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Amy Lawrence',
    billToContact: { firstName: 'Amy', lastName: 'Lawrence', country: 'United States', state: 'CA' },
    autoPay: false,
    currency: 'USD',
    billCycleDay: 1,
    ...over,
  };
}

export async function createAccount(c: Client, over: Record<string, unknown> = {}) {
  const res = await c.post('/v1/accounts', accountBody(over));
  if (res.body?.success !== true) throw new Error(`account create failed: ${JSON.stringify(res.body)}`);
  return res.body as { accountId: string; accountNumber: string; billToContactId: string; soldToContactId: string; shipToContactId?: string };
}

/** Rows of a table for one tenant (to prove a failed request left nothing behind). */
export async function countRows(t: TestApp, table: string, tenantId: string): Promise<number> {
  const r = await t.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export const V2024 = { defaultApiVersion: '2024-05-20' };
