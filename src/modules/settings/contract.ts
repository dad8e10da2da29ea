/**
 * What other modules read from the settings module. The invoice builder asks `billingRules(ctx)` (a superset
 * of the rating engine's `BillingRules`, so it can be passed to the engine as is) and turns an account's
 * `paymentTerm` into a due date with `paymentTerm(ctx, name)` and the pure `dueDate(invoiceDate, term)`.
 */
import type { Ctx } from '../../platform/context.js';
import { invalidValue } from '../../platform/errors.js';
import { perRequestMemo } from '../../platform/request-memo.js';
import type { TenantBillingRules } from './billing-rules.js';
import type { PaymentTerm } from './payment-terms.js';
import * as service from './service.js';

export { dueDate, DEFAULT_PAYMENT_TERM_NAME, type PaymentTerm } from './payment-terms.js';
export type { TenantBillingRules } from './billing-rules.js';

// Read once per request (a bill run reads them once, not per account): platform/request-memo.ts.
const rulesOfRequest = perRequestMemo(['settings_values'], service.getBillingRules);
const termsOfRequest = perRequestMemo(['settings_payment_terms'], service.listPaymentTerms);

export async function billingRules(ctx: Ctx): Promise<TenantBillingRules> {
  return { ...(await rulesOfRequest(ctx)) };
}

/** The term an account's `paymentTerm` names (any case), or undefined. */
export async function paymentTerm(ctx: Ctx, name: string): Promise<PaymentTerm | undefined> {
  const key = name.trim().toLowerCase();
  const t = (await termsOfRequest(ctx)).find((x) => x.name.toLowerCase() === key);
  return t ? { ...t } : undefined;
}

/** An account's `paymentTerm` must name an active term of the tenant; answers the term's own spelling. */
export async function checkAccountPaymentTerm(ctx: Ctx, name: string): Promise<string> {
  const term = await service.findPaymentTermByName(ctx, name);
  if (!term) throw invalidValue(`'paymentTerm' ${name} is not a payment term of this tenant (see GET /settings/payment-terms)`);
  if (!term.active) throw invalidValue(`'paymentTerm' ${term.name} is not active`);
  return term.name;
}
