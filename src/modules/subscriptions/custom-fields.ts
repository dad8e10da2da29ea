import type { Ctx } from '../../platform/context.js';
import { customFieldRules } from '../../platform/custom-fields.js';
import type { SubscriptionDoc } from './model.js';

/**
 * The tenant's custom field definitions of Subscription, RatePlan and RatePlanCharge, applied to a
 * subscription version as it is saved (every order, legacy call and custom field update saves one):
 * an undefined field or a wrong value is refused, and the version stores every defined field (null
 * when unset), so reads list them. A new subscription (version 1) takes the defaults and must have
 * the required fields. Without definitions nothing changes.
 */
export async function applyCustomFieldDefinitions(ctx: Ctx, doc: SubscriptionDoc): Promise<void> {
  const [sub, plan, charge] = await Promise.all([
    customFieldRules(ctx, 'Subscription'),
    customFieldRules(ctx, 'RatePlan'),
    customFieldRules(ctx, 'RatePlanCharge'),
  ]);
  if (!sub.defined && !plan.defined && !charge.defined) return;
  const create = doc.version === 1;
  if (sub.defined) doc.customFields = sub.read(sub.check(doc.customFields ?? {}, { create }));
  for (const rp of doc.ratePlans) {
    if (plan.defined) rp.customFields = plan.read(plan.check(rp.customFields ?? {}, { create }));
    if (charge.defined) for (const c of rp.charges) c.customFields = charge.read(charge.check(c.customFields ?? {}, { create }));
  }
}
