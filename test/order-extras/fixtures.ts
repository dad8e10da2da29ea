import { inTransaction, makeCtx, type Ctx } from '../../src/platform/context.js';
import { newId } from '../../src/platform/ids.js';
import type { OrderProcessedEvent } from '../../src/modules/subscriptions/contract.js';
import { setDeps, type AccountRef } from '../../src/modules/order-extras/deps.js';
import { onOrderProcessed } from '../../src/modules/order-extras/hooks.js';
import type { Client, TestApp } from '../helpers.js';

/** A ctx for a test client's tenant, to drive the order hook as the engine would. */
export function ctxFor(t: TestApp, c: Client): Ctx {
  return makeCtx(c.tenant, t.database.db);
}

/** An in-memory accounts service (for tests that run without the accounts module). */
export function fakeAccounts(): { accounts: AccountRef[]; install(): void } {
  const list: AccountRef[] = [];
  return {
    accounts: list,
    install() {
      setDeps({
        accounts: {
          getAccountByKey: async (_ctx, key) => list.find((a) => a.id === key || a.accountNumber === key),
          createAccount: async (_ctx, body) => {
            const a: AccountRef = {
              id: newId(),
              accountNumber: (body.accountNumber as string) ?? `A${String(list.length + 1).padStart(8, '0')}`,
              name: String(body.name),
              currency: String(body.currency),
              customFields: Object.fromEntries(Object.entries(body).filter(([k]) => k.endsWith('__c'))),
            };
            list.push(a);
            return { id: a.id, accountNumber: a.accountNumber };
          },
        },
      });
    },
  };
}

let orderSeq = 0;

/** Runs the order hook for an order that carries only line items; returns the event's response extras. */
export async function orderWithLineItems(ctx: Ctx, lineItems: unknown[], extra: Record<string, unknown> = {}): Promise<{ orderNumber: string; orderLineItems: Array<{ id: string; itemNumber: string }> }> {
  const orderNumber = `O-T${String(++orderSeq).padStart(7, '0')}`;
  const response: Record<string, unknown> = {};
  const event: OrderProcessedEvent = {
    orderNumber,
    orderId: newId(),
    status: 'Completed',
    request: { orderDate: '2024-01-15', existingAccountNumber: 'A00000001', orderLineItems: lineItems, ...extra },
    subscriptions: [],
    responseExtras: response,
  };
  await inTransaction(ctx, (tx) => onOrderProcessed(tx, event));
  return { orderNumber, orderLineItems: response.orderLineItems as Array<{ id: string; itemNumber: string }> };
}
