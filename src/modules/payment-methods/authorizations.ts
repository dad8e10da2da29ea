/**
 * Delayed capture through the test gateway (pages POST_CreateAuthorization, POST_CancelAuthorization):
 * an authorization holds an amount on a card payment method of the account, answered with the gateway's
 * transaction id (capture it with a payment's authTransactionId); a void releases it. The card number decides
 * the outcome (README): a declined or failed authorization is logged (PaymentMethodTransactionLog) and
 * answered with an error. Also the bank account balance of an ACH payment method (getBankAccountBalance).
 */
import type { Ctx } from '../../platform/context.js';
import { invalidValue, missingField, ruleViolation, type ZuoraError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { currencyPlaces, D, toJsonNumber } from '../../platform/money.js';
import { getAccountByKey, type AccountRecord } from '../accounts/service.js';
import { onlyKeys, obj, str, type Body } from './input.js';
import { mustFindMethod, PROFILE_TYPES } from './profiles.js';
import * as records from './records-store.js';
import * as store from './store.js';
import type { PaymentMethodRow } from './store.js';
import { callGateway } from './transactions.js';
import { checkNotExpired } from './types.js';
import { refusalMessage, testGatewayId } from './gateway.js';

export interface AuthorizationAnswer {
  gatewayOrderId: string;
  resultCode: number;
  resultMessage: string;
  success: true;
  transactionId: string;
}

/** The account named by accountId and/or accountNumber (both must name the same one). */
async function namedAccount(ctx: Ctx, b: Body): Promise<AccountRecord | undefined> {
  const id = str(b, 'accountId', 'accountId', 32);
  const num = str(b, 'accountNumber', 'accountNumber', 70);
  const byId = id !== undefined ? await getAccountByKey(ctx, id) : undefined;
  if (id !== undefined && (!byId || byId.id !== id)) throw invalidValue(`'accountId': the account ${id} does not exist`);
  const byNum = num !== undefined ? await getAccountByKey(ctx, num) : undefined;
  if (num !== undefined && (!byNum || byNum.accountNumber !== num)) throw invalidValue(`'accountNumber': the account ${num} does not exist`);
  if (byId && byNum && byId.id !== byNum.id) throw invalidValue(`'accountId' and 'accountNumber' name different accounts`);
  return byId ?? byNum;
}

function gatewayOptions(b: Body): Record<string, unknown> {
  const g = obj(b, 'gatewayOptions', 'gatewayOptions') ?? {};
  for (const [k, v] of Object.entries(g)) if (v !== null && typeof v === 'object') throw invalidValue(`'gatewayOptions.${k}' must be a string`);
  return g;
}

function checkGatewayId(ctx: Ctx, b: Body): void {
  const gw = str(b, 'paymentGatewayId', 'paymentGatewayId', 64);
  if (gw !== undefined && gw !== testGatewayId(ctx.tenant.id)) throw invalidValue(`'paymentGatewayId' does not name a payment gateway of this tenant (see GET /v1/paymentgateways): ${gw}`);
}

/** `gatewayOrderId`: required; an empty value gets one made by zbill. */
function gatewayOrderId(b: Body): string {
  if (!('gatewayOrderId' in b) || b.gatewayOrderId === undefined || b.gatewayOrderId === null) throw missingField(`'gatewayOrderId' is required`);
  return str(b, 'gatewayOrderId', 'gatewayOrderId', 50) ?? newId().slice(0, 20);
}

function amountOf(b: Body, currency: string): string {
  const v = b.amount;
  if (v === undefined || v === null || v === '') throw missingField(`'amount' is required`);
  if ((typeof v !== 'number' && typeof v !== 'string') || (typeof v === 'string' && !/^\s*-?\d+(\.\d+)?\s*$/.test(v)) || (typeof v === 'number' && !Number.isFinite(v))) throw invalidValue(`'amount' must be a number`);
  const a = new D(typeof v === 'number' ? String(v) : v.trim());
  if (a.lte(0)) throw invalidValue(`'amount' must be greater than 0`);
  if (a.decimalPlaces() > currencyPlaces(currency)) throw invalidValue(`'amount' has more decimal places than the currency ${currency} allows (${currencyPlaces(currency)})`);
  return a.toFixed();
}

function authorizable(ctx: Ctx, pm: PaymentMethodRow, what: string): void {
  if (pm.status !== 'Active') throw ruleViolation(`The payment method ${pm.id} is ${pm.status}: ${what} needs an active payment method`);
  if (!PROFILE_TYPES.includes(pm.type)) throw ruleViolation(`The test gateway supports delayed capture for card payment methods (${PROFILE_TYPES.join(', ')}), not ${pm.type}`);
  if (pm.type === 'CreditCard') {
    const d = JSON.parse(pm.details) as { expirationMonth: number; expirationYear: number };
    const today = ctx.today();
    checkNotExpired(d.expirationMonth, d.expirationYear, '', { year: today.year, month: today.month });
  }
}

/**
 * POST /v1/payment-methods/{id}/authorize. Answers the authorization, or (declined, gateway error) the
 * error to answer once the caller's transaction has kept the log.
 */
export async function authorize(ctx: Ctx, methodId: string, body: Body): Promise<{ answer?: AuthorizationAnswer; failure?: ZuoraError }> {
  const pm = await mustFindMethod(ctx, methodId);
  const b = body ?? {};
  onlyKeys(b, ['accountId', 'accountNumber', 'amount', 'gatewayOptions', 'gatewayOrderId', 'mitTransactionSource', 'paymentGatewayId', 'softDescriptor', 'softDescriptorPhone'], '', { why: 'an authorization' });
  const account = await namedAccount(ctx, b);
  if (!account) throw missingField(`'accountId' or 'accountNumber' is required`);
  if (pm.account_id !== account.id) throw invalidValue(`The payment method ${pm.id} is not a payment method of the account ${account.accountNumber}`);
  const amount = amountOf(b, account.currency);
  const orderId = gatewayOrderId(b);
  const options = gatewayOptions(b);
  checkGatewayId(ctx, b);
  const mit = str(b, 'mitTransactionSource', 'mitTransactionSource');
  if (mit !== undefined && !['C_Unscheduled', 'M_Recurring', 'M_Unscheduled', 'M_MOTO'].includes(mit)) throw invalidValue(`'mitTransactionSource' must be one of C_Unscheduled, M_Recurring, M_Unscheduled, M_MOTO: ${mit}`);
  if (mit === 'M_MOTO' && pm.type !== 'CreditCard') throw invalidValue(`'mitTransactionSource' M_MOTO applies only to credit card payment methods`);
  const softDescriptor = str(b, 'softDescriptor', 'softDescriptor', 35) ?? null;
  const softDescriptorPhone = str(b, 'softDescriptorPhone', 'softDescriptorPhone', 20) ?? null;
  authorizable(ctx, pm, 'an authorization');

  const at = ctx.now().toString();
  const call = await callGateway(ctx, pm, 'Authorization', { amount, currency: account.currency, gatewayOrderId: orderId, mitTransactionSource: mit ?? null, softDescriptor, softDescriptorPhone, gatewayOptions: options }, { at });
  const o = call.outcome;
  if (o.status !== 'Approved') {
    return { failure: ruleViolation(refusalMessage(o, `The authorization of ${amount} ${account.currency}`)) };
  }
  await records.insertAuthorization(ctx, {
    id: newId(),
    tenant_id: ctx.tenant.id,
    payment_method_id: pm.id,
    account_id: account.id,
    transaction_id: call.transactionId!,
    gateway_order_id: orderId,
    amount,
    currency: account.currency,
    status: 'Authorized',
    created_at: at,
    voided_at: null,
  });
  await store.update(ctx, pm.id, { last_transaction: 'Approved', last_transaction_at: at });
  return { answer: { gatewayOrderId: orderId, resultCode: 0, resultMessage: o.message, success: true, transactionId: call.transactionId! } };
}

/** POST /v1/payment-methods/{id}/voidAuthorize: the authorization named by transactionId, once. */
export async function voidAuthorization(ctx: Ctx, methodId: string, body: Body): Promise<AuthorizationAnswer> {
  const pm = await mustFindMethod(ctx, methodId);
  const b = body ?? {};
  onlyKeys(b, ['accountId', 'accountNumber', 'gatewayOptions', 'gatewayOrderId', 'paymentGatewayId', 'transactionId'], '', { why: 'a cancellation of an authorization' });
  const orderIdIn = (() => {
    if (!('gatewayOrderId' in b) || b.gatewayOrderId === undefined || b.gatewayOrderId === null) throw missingField(`'gatewayOrderId' is required`);
    return str(b, 'gatewayOrderId', 'gatewayOrderId', 50);
  })();
  const transactionId = str(b, 'transactionId', 'transactionId', 100);
  if (transactionId === undefined) throw missingField(`'transactionId' is required`);
  const account = await namedAccount(ctx, b);
  const options = gatewayOptions(b);
  checkGatewayId(ctx, b);
  const auth = await records.findAuthorization(ctx, pm.id, transactionId);
  if (!auth) throw invalidValue(`'transactionId' ${transactionId} does not name an authorization of the payment method ${pm.id}`);
  if (account && account.id !== auth.account_id) throw invalidValue(`The authorization ${transactionId} was not made for the account ${account.accountNumber}`);
  if (orderIdIn !== undefined && orderIdIn !== auth.gateway_order_id) throw invalidValue(`'gatewayOrderId' ${orderIdIn} is not the gateway order id of the authorization ${transactionId} (${auth.gateway_order_id})`);
  if (auth.status === 'Voided') throw ruleViolation(`The authorization ${transactionId} has already been cancelled`);
  const at = ctx.now().toString();
  // The test gateway voids every authorization it approved.
  const call = await callGateway(ctx, pm, 'Void', { amount: auth.amount, currency: auth.currency, gatewayOrderId: auth.gateway_order_id, authorizationTransactionId: auth.transaction_id, gatewayOptions: options }, { at, outcome: { status: 'Approved', code: '00', message: 'Approved' } });
  await records.updateAuthorization(ctx, auth.id, { status: 'Voided', voided_at: at });
  return { gatewayOrderId: auth.gateway_order_id, resultCode: 0, resultMessage: call.outcome.message, success: true, transactionId: call.transactionId! };
}

/**
 * GET /v1/payment-methods/{id}/balance: what the test bank answers for an ACH payment method, as Plaid's
 * sandbox does for its test accounts: available 100, current 110, in the payment method's currency (else
 * the account's, else the tenant's).
 */
export async function bankAccountBalance(ctx: Ctx, methodId: string): Promise<{ currency: string; availableBalance: number; currentBalance: number }> {
  const pm = await mustFindMethod(ctx, methodId);
  if (pm.type !== 'ACH') throw ruleViolation(`The balance can be retrieved only for ACH payment methods, not ${pm.type}`);
  if (pm.status !== 'Active') throw ruleViolation(`The payment method ${pm.id} is ${pm.status}: the balance can be retrieved only for an active payment method`);
  const account = pm.account_id ? await getAccountByKey(ctx, pm.account_id) : undefined;
  const currency = pm.currency_code ?? account?.currency ?? ctx.tenant.currency;
  return { currency, availableBalance: toJsonNumber(TEST_BANK_BALANCE.available)!, currentBalance: toJsonNumber(TEST_BANK_BALANCE.current)! };
}

/** The test bank's balances of every ACH account (Plaid's sandbox values). */
export const TEST_BANK_BALANCE = { available: '100', current: '110' };
