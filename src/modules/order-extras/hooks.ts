/**
 * What this module does when an order succeeds (inside the order's transaction;
 * a throw fails the order): create the order's line items, set its ramps, and
 * record a change history entry for each subscription version it made.
 */
import type { Ctx } from '../../platform/context.js';
import type { OrderProcessedEvent, SubscriptionChangedEvent } from '../subscriptions/contract.js';
import { recordOrderChanges, recordSubscriptionChange } from './change-logs.js';
import { accounts } from './deps.js';
import { createLineItems } from './line-items.js';
import { applyOrderRamps } from './ramps.js';
import * as store from './store.js';

type Body = Record<string, unknown>;

/** The order's account for its line items: from the event when it says, else from the request. */
async function orderAccount(ctx: Ctx, event: OrderProcessedEvent): Promise<{ id: string | null; number: string | null; currency: string | null }> {
  const e = event;
  const req = event.request;
  const key =
    e.accountId ??
    e.accountNumber ??
    (typeof req.existingAccountNumber === 'string' ? req.existingAccountNumber : undefined) ??
    (typeof req.existingAccountId === 'string' ? req.existingAccountId : undefined) ??
    (typeof (req.newAccount as Body | undefined)?.accountNumber === 'string' ? ((req.newAccount as Body).accountNumber as string) : undefined);
  if (!key) return { id: null, number: null, currency: ((req.newAccount as Body | undefined)?.currency as string | undefined) ?? null };
  const acc = await (await accounts()).getAccountByKey(ctx, key);
  return { id: acc?.id ?? e.accountId ?? null, number: acc?.accountNumber ?? e.accountNumber ?? null, currency: acc?.currency ?? null };
}

export async function onOrderProcessed(ctx: Ctx, event: OrderProcessedEvent): Promise<void> {
  const req = event.request;
  const items = req.orderLineItems ?? req.lineItems;
  if (Array.isArray(items) && items.length) {
    const acc = await orderAccount(ctx, event);
    const created = await createLineItems(
      ctx,
      {
        orderId: event.orderId,
        orderNumber: event.orderNumber,
        orderDate: typeof req.orderDate === 'string' ? req.orderDate : null,
        accountId: acc.id,
        accountNumber: acc.number,
        currency: acc.currency,
      },
      items,
    );
    if (event.responseExtras) event.responseExtras.orderLineItems = created.map((c) => ({ id: c.id, itemNumber: c.itemNumber }));
  }
  if (event.subscriptions.length) {
    await applyOrderRamps(ctx, event);
    await recordOrderChanges(ctx, event);
  }
}

/** Deleting an order takes its line items (with their fulfillments), its ramp records and its change history with it. */
export async function onOrderDeleted(ctx: Ctx, order: { orderNumber: string; orderId: string }): Promise<void> {
  await store.deleteLineItemsOfOrder(ctx, order.orderNumber);
  await store.deleteRampOrdersOfOrder(ctx, order.orderNumber);
  await store.deleteChangeLogsOfOrder(ctx, order.orderNumber);
}

/** An order whose line items are billed (Complete) cannot be deleted. */
export async function orderDeletionGuard(ctx: Ctx, order: { orderNumber: string }): Promise<string | null> {
  const billed = (await store.lineItemsByOrder(ctx, order.orderNumber)).find((r) => r.item_state === 'Complete');
  return billed ? `order line item ${billed.item_number} of order ${order.orderNumber} is billed (Complete)` : null;
}

export async function onSubscriptionChanged(ctx: Ctx, event: SubscriptionChangedEvent): Promise<void> {
  await recordSubscriptionChange(ctx, event);
}
