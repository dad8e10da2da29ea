/**
 * Stored credential profiles of a payment method (the pages of GET_StoredCredentialProfiles,
 * POST_CreateStoredCredentialProfile, POST_CancelStoredCredentialProfile, POST_ExpireStoredCredentialProfile):
 * a consent agreement numbered 1, 2, … within the payment method; Agreed or Active when created,
 * Cancelled or Expired for good after. Activating one sends a cardholder-initiated transaction (CIT)
 * through the test gateway: declined, nothing is created. The test gateway supports the stored credential
 * framework, so an activated profile is Active, and the CIT's transaction id is its network transaction id.
 */
import type { Ctx } from '../../platform/context.js';
import { invalidValue, missingField, notFound, ruleViolation } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { securityCodeValid } from './card.js';
import { testGatewayId } from './gateway.js';
import { onlyKeys, str, type Body } from './input.js';
import * as records from './records-store.js';
import type { ProfileRow } from './records-store.js';
import * as store from './store.js';
import type { PaymentMethodRow } from './store.js';
import { callGateway } from './transactions.js';
import { ts } from './views.js';

/** Payment method types that take stored credential profiles (cards, and the wallets holding cards). */
export const PROFILE_TYPES = ['CreditCard', 'CreditCardReferenceTransaction', 'AdyenApplePay', 'AdyenGooglePay', 'GooglePay'];

export async function mustFindMethod(ctx: Ctx, id: string): Promise<PaymentMethodRow> {
  const r = await store.findById(ctx, id);
  if (!r) throw notFound(`Cannot find the payment method with id ${id}`);
  return r;
}

function oneOf<T extends string>(b: Body, key: string, values: readonly T[], required: boolean): T | undefined {
  const v = str(b, key, key);
  if (v === undefined) {
    if (required) throw missingField(`'${key}' is required`);
    return undefined;
  }
  if (!(values as readonly string[]).includes(v)) throw invalidValue(`'${key}' must be ${values.length === 1 ? values[0] : `one of ${values.join(', ')}`}: ${v}`);
  return v as T;
}

export interface ProfileRequest {
  status: 'Agreed' | 'Active';
  action: 'Activate' | 'Persist';
  type: 'Recurring' | 'Unscheduled';
  consentAgreementSrc: 'External';
  consentAgreementRef: string | null;
  agreedOn: string | null;
  networkTransactionId: string | null;
  securityCode: string | null;
}

/** The request body of POST …/profiles, checked. */
export function parseProfileBody(b: Body): ProfileRequest {
  onlyKeys(b, ['action', 'agreedOn', 'authGateway', 'cardSecurityCode', 'consentAgreementRef', 'consentAgreementSrc', 'networkTransactionId', 'status', 'type'], '', { why: 'a stored credential profile' });
  const status = oneOf(b, 'status', ['Agreed', 'Active'] as const, true)!;
  const type = oneOf(b, 'type', ['Recurring', 'Unscheduled'] as const, true)!;
  const consentAgreementSrc = oneOf(b, 'consentAgreementSrc', ['External'] as const, true)!;
  const actionIn = oneOf(b, 'action', ['Activate', 'Persist'] as const, false);
  if (actionIn !== undefined && status !== 'Active') throw invalidValue(`'action' applies only when 'status' is Active`);
  const action = actionIn ?? 'Activate';
  const networkTransactionId = str(b, 'networkTransactionId', 'networkTransactionId', 128) ?? null;
  if (networkTransactionId !== null && !(status === 'Active' && action === 'Persist')) throw invalidValue(`'networkTransactionId' applies only when 'action' is Persist`);
  const agreedOn = str(b, 'agreedOn', 'agreedOn') ?? null;
  if (agreedOn !== null && (!/^\d{4}-\d{2}-\d{2}$/.test(agreedOn) || Number.isNaN(Date.parse(agreedOn)))) throw invalidValue(`'agreedOn' must be a date in yyyy-mm-dd format: ${agreedOn}`);
  return {
    status,
    action,
    type,
    consentAgreementSrc,
    consentAgreementRef: str(b, 'consentAgreementRef', 'consentAgreementRef', 128) ?? null,
    agreedOn,
    networkTransactionId,
    securityCode: str(b, 'cardSecurityCode', 'cardSecurityCode') ?? null,
  };
}

/** The test gateway is the only gateway of a tenant. */
export function checkAuthGateway(ctx: Ctx, b: Body, key: string): void {
  const gw = str(b, key, key, 32);
  if (gw !== undefined && gw !== testGatewayId(ctx.tenant.id)) throw invalidValue(`'${key}' does not name a payment gateway of this tenant (see GET /v1/paymentgateways): ${gw}`);
}

/** Creates the payment method's next profile; answers its number. A declined activation creates nothing. */
export async function createProfile(ctx: Ctx, pm: PaymentMethodRow, r: ProfileRequest): Promise<number> {
  if (pm.status !== 'Active') throw ruleViolation(`The payment method ${pm.id} is ${pm.status}: stored credential profiles can be created only for an active payment method`);
  if (!PROFILE_TYPES.includes(pm.type)) throw ruleViolation(`Stored credential profiles apply to card payment methods (${PROFILE_TYPES.join(', ')}), not ${pm.type}`);
  const details = JSON.parse(pm.details) as Record<string, unknown>;
  if (r.securityCode !== null) {
    if (pm.type !== 'CreditCard') throw invalidValue(`'cardSecurityCode' applies only to CreditCard payment methods`);
    if (!securityCodeValid(r.securityCode, String(details.creditCardType))) throw invalidValue(`'cardSecurityCode' must be ${details.creditCardType === 'AmericanExpress' ? 4 : 3} digits`);
  }
  const now = ctx.now().toString();
  let networkTransactionId = r.networkTransactionId;
  if (r.status === 'Active' && r.action === 'Activate') {
    const call = await callGateway(ctx, pm, 'Authorization', { amount: '0', reason: 'StoredCredentialProfileActivation', mitProfileType: r.type });
    if (call.outcome.status === 'Declined') throw ruleViolation(`The stored credential profile could not be activated: the payment gateway declined the cardholder-initiated transaction, response code ${call.outcome.code}, ${call.outcome.message}`);
    if (call.outcome.status === 'Error') throw ruleViolation(`The stored credential profile could not be activated: payment gateway error, response code ${call.outcome.code}, ${call.outcome.message}`);
    networkTransactionId = call.transactionId;
  }
  const existing = await records.profilesOf(ctx, pm.id);
  const number = existing.reduce((m, p) => Math.max(m, p.number), 0) + 1;
  const agreedOn = r.agreedOn ?? now;
  await records.insertProfile(ctx, {
    id: newId(),
    tenant_id: ctx.tenant.id,
    payment_method_id: pm.id,
    number,
    status: r.status,
    type: r.type,
    brand: typeof details.creditCardType === 'string' ? details.creditCardType : null,
    consent_agreement_ref: r.consentAgreementRef,
    consent_agreement_src: r.consentAgreementSrc,
    network_transaction_id: networkTransactionId,
    agreed_on: agreedOn,
    activated_on: r.status === 'Active' ? now : null,
    cancelled_on: null,
    expired_on: null,
    created_at: now,
    updated_at: now,
  });
  return number;
}

/** POST /v1/payment-methods/{id}/profiles. */
export async function createProfileFor(ctx: Ctx, methodId: string, body: Body): Promise<number> {
  const pm = await mustFindMethod(ctx, methodId);
  const b = body ?? {};
  const r = parseProfileBody(b);
  checkAuthGateway(ctx, b, 'authGateway');
  return createProfile(ctx, pm, r);
}

/** POST …/profiles/{number}/cancel or …/expire: an Agreed or Active profile ends for good. */
export async function endProfile(ctx: Ctx, methodId: string, numberParam: string, how: 'Cancelled' | 'Expired'): Promise<number> {
  const pm = await mustFindMethod(ctx, methodId);
  const number = /^\d{1,9}$/.test(numberParam) ? Number(numberParam) : NaN;
  const p = (await records.profilesOf(ctx, pm.id)).find((x) => x.number === number);
  if (!p) throw notFound(`Cannot find the stored credential profile ${numberParam} of the payment method ${methodId}`);
  if (p.status === 'Cancelled' || p.status === 'Expired') throw ruleViolation(`The stored credential profile ${p.number} of the payment method ${methodId} is ${p.status} and cannot be ${how === 'Cancelled' ? 'cancelled' : 'expired'}`);
  const now = ctx.now().toString();
  await records.updateProfile(ctx, p.id, { status: how, ...(how === 'Cancelled' ? { cancelled_on: now } : { expired_on: now }), updated_at: now });
  return p.number;
}

/** A profile time: an instant in the tenant's time zone, or a date given by the client (agreedOn) at midnight. */
const when = (ctx: Ctx, v: string | null) => (v === null ? null : /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v} 00:00:00` : ts(ctx, v));

export function profileView(ctx: Ctx, p: ProfileRow): Record<string, unknown> {
  return {
    activatedOn: when(ctx, p.activated_on),
    agreedOn: when(ctx, p.agreed_on),
    brand: p.brand,
    cancelledOn: when(ctx, p.cancelled_on),
    consentAgreementRef: p.consent_agreement_ref,
    consentAgreementSrc: p.consent_agreement_src,
    expiredOn: when(ctx, p.expired_on),
    number: p.number,
    paymentMethodId: p.payment_method_id,
    status: p.status,
    type: p.type,
  };
}

/** GET /v1/payment-methods/{id}/profiles: Agreed and Active ones unless includeAll. */
export async function listProfiles(ctx: Ctx, methodId: string, includeAll: boolean): Promise<Array<Record<string, unknown>>> {
  const pm = await mustFindMethod(ctx, methodId);
  const all = await records.profilesOf(ctx, pm.id);
  return all.filter((p) => includeAll || p.status === 'Agreed' || p.status === 'Active').map((p) => profileView(ctx, p));
}
