import type { Ctx } from '../../platform/context.js';
import { invalidValue, missingField } from '../../platform/errors.js';
import { bool, int, optStr } from './input.js';
import { MAX_CASCADING_PRIORITIES, mustFind, paymentMethodIds } from './service.js';
import * as store from './store.js';

/** GET /v1/accounts/{key}/payment-methods/cascading */
export async function getCascading(ctx: Ctx, key: string): Promise<Record<string, unknown>> {
  const r = await mustFind(ctx, key);
  return { consent: r.cascading_consent === 1, priorities: JSON.parse(r.cascading_priorities) as unknown[], success: true };
}

/**
 * PUT /v1/accounts/{key}/payment-methods/cascading: priorities only with
 * consent, required with consent, at most three, each a payment method of the account.
 */
export async function putCascading(ctx: Ctx, key: string, body: Record<string, unknown>): Promise<void> {
  const r = await mustFind(ctx, key);
  const b = body ?? {};
  const consent = bool(b, 'consent');
  const given = b.priorities !== undefined && b.priorities !== null;
  const effectiveConsent = consent ?? r.cascading_consent === 1;
  if (consent === undefined && !given) throw missingField(`'consent' is required`);
  if (given && !effectiveConsent) throw invalidValue(`'priorities' can be given only when 'consent' is true`);
  if (consent === true && !given) throw missingField(`'priorities' is required when 'consent' is true`);
  let priorities: Array<{ paymentMethodId: string; order: number }> = effectiveConsent ? (JSON.parse(r.cascading_priorities) as Array<{ paymentMethodId: string; order: number }>) : [];
  if (given) {
    if (!Array.isArray(b.priorities)) throw invalidValue(`'priorities' must be a list`);
    if (b.priorities.length === 0) throw missingField(`'priorities' must name at least one payment method when 'consent' is true`);
    if (b.priorities.length > MAX_CASCADING_PRIORITIES) throw invalidValue(`'priorities' can have at most ${MAX_CASCADING_PRIORITIES} payment methods`);
    const pms = await paymentMethodIds(ctx, r.id);
    const seenIds = new Set<string>();
    const seenOrders = new Set<number>();
    priorities = [];
    b.priorities.forEach((p: unknown, i: number) => {
      const label = `priorities[${i}]`;
      if (!p || typeof p !== 'object') throw invalidValue(`'${label}' must be an object`);
      const e = p as Record<string, unknown>;
      const pmId = optStr(e, 'paymentMethodId');
      if (!pmId) throw missingField(`'${label}.paymentMethodId' is required`);
      const order = int(e, 'order');
      if (order === undefined) throw missingField(`'${label}.order' is required`);
      if (order < 1 || order > MAX_CASCADING_PRIORITIES) throw invalidValue(`'${label}.order' must be between 1 and ${MAX_CASCADING_PRIORITIES}`);
      if (seenIds.has(pmId)) throw invalidValue(`'${label}.paymentMethodId' appears twice: ${pmId}`);
      if (seenOrders.has(order)) throw invalidValue(`'${label}.order' appears twice: ${order}`);
      if (!pms.has(pmId)) throw invalidValue(`'${label}.paymentMethodId' does not name a payment method of this account: ${pmId}`);
      seenIds.add(pmId);
      seenOrders.add(order);
      priorities.push({ paymentMethodId: pmId, order });
    });
    priorities.sort((x, y) => x.order - y.order);
  }
  await store.updateAccountRow(ctx, r.id, {
    cascading_consent: effectiveConsent ? 1 : 0,
    cascading_priorities: JSON.stringify(priorities),
    updated_at: ctx.now().toString(),
  });
}
