/**
 * Payment methods: create (every type of POST /v1/payment-methods), read, update, delete, verify,
 * scrub; an account's list and default; the tenant's test gateway. Every write runs in the
 * caller's transaction. Accounts are read through the accounts service.
 */
import type { Ctx } from '../../platform/context.js';
import { customFieldRules, parseCustomFields, type CustomFieldRules, type CustomFields } from '../../platform/custom-fields.js';
import { invalidValue, missingField, notFound, ruleViolation, unknownField, ZuoraError } from '../../platform/errors.js';
import { nextCounter } from '../../platform/counters.js';
import { newId } from '../../platform/ids.js';
import { getAccountByKey, setDefaultPaymentMethod, type AccountRecord } from '../accounts/service.js';
import { securityCodeValid } from './card.js';
import { outcomeOf, refusalMessage, TEST_GATEWAY_NAME, TEST_GATEWAY_TYPE, testGatewayId, type GatewayOutcome, type TestBehaviour } from './gateway.js';
import { bool, int, obj, onlyKeys, reqStr, str, type Body } from './input.js';
import { createProfile, PROFILE_TYPES } from './profiles.js';
import * as store from './store.js';
import type { PaymentMethodRow } from './store.js';
import { callGateway } from './transactions.js';
import { checkNotExpired, emptyHolder, parseExpiry, parseHolder, parseTypeFields, PAYMENT_METHOD_TYPES, type Holder } from './types.js';

const actor = (ctx: Ctx) => ctx.tenant.id;
const todayYm = (ctx: Ctx) => {
  const d = ctx.today();
  return { year: d.year, month: d.month };
};

const MANDATE_FIELDS = ['existingMandateStatus', 'mandateCreationDate', 'mandateId', 'mandateReason', 'mandateReceivedStatus', 'mandateStatus', 'mandateUpdateDate'] as const;
const MANDATE_INPUT: Record<string, number> = { mandateId: 36, mandateReason: 64, mandateStatus: 64 };
/** Types whose mandateInfo can be updated (PUT page): cards, card reference transactions, ACH and bank transfers. */
const MANDATE_UPDATABLE = (type: string) => !['PayPalCP', 'PayPalEC', 'PayPalNativeEC', 'PayPalAdaptive', 'AdyenApplePay', 'AdyenGooglePay', 'GooglePay', 'AmazonPay'].includes(type);

function parseMandate(b: Body, p: string, stored: Record<string, string | null>, today: string): Record<string, string | null> {
  const m = obj(b, 'mandateInfo', `${p}mandateInfo`);
  if (!m) return stored;
  onlyKeys(m, Object.keys(MANDATE_INPUT), `${p}mandateInfo.`);
  const out = { ...stored };
  let changed = false;
  for (const [k, max] of Object.entries(MANDATE_INPUT)) {
    const v = str(m, k, `${p}mandateInfo.${k}`, max);
    if (v !== undefined && v !== out[k]) {
      out[k] = v;
      changed = true;
    }
  }
  if (out.mandateId && !out.mandateCreationDate) out.mandateCreationDate = today;
  if (changed) out.mandateUpdateDate = today;
  return out;
}

function checkGateway(ctx: Ctx, id: string | undefined, path: string): string | null {
  if (id === undefined) return null;
  if (id !== testGatewayId(ctx.tenant.id)) throw invalidValue(`'${path}' does not name a payment gateway of this tenant (see GET /v1/paymentgateways): ${id}`);
  return id;
}

function checkCurrency(v: string | undefined, path: string): string | null {
  if (v === undefined) return null;
  const c = v.toUpperCase();
  if (!/^[A-Z]{3}$/.test(c) || !Intl.supportedValuesOf('currency').includes(c)) throw invalidValue(`'${path}' is not a valid ISO 4217 currency code: ${v}`);
  return c;
}

function checkGatewayOptions(b: Body, p: string): void {
  // Zuora passes gateway options through and ignores the ones a gateway does not know; the test gateway knows none.
  const g = obj(b, 'gatewayOptions', `${p}gatewayOptions`);
  if (!g) return;
  for (const [k, v] of Object.entries(g)) if (v !== null && typeof v === 'object') throw invalidValue(`'${p}gatewayOptions.${k}' must be a string`);
}

function ipAddress(b: Body, p: string): string | undefined {
  return str(b, 'ipAddress', `${p}ipAddress`, 45);
}

/** Runs one transaction through the test gateway and refuses on a decline or gateway error. */
function throwUnlessApproved(o: GatewayOutcome, what: string): void {
  if (o.status !== 'Approved') throw ruleViolation(refusalMessage(o, what));
}

// ---------------------------------------------------------------- create

export interface CreateOptions {
  /** Set when the payment method comes with POST /v1/accounts: the new account (not stored yet). */
  newAccount?: { id: string; currency: string };
  /** Prefix of field names in messages (`paymentMethod.`). */
  prefix?: string;
}

/** POST /v1/payment-methods: answers the new payment method's id. */
export async function createPaymentMethod(ctx: Ctx, body: Body, opts: CreateOptions = {}): Promise<string> {
  const b = body ?? {};
  const p = opts.prefix ?? '';
  const type = reqStr(b, 'type', `${p}type`);
  if (!PAYMENT_METHOD_TYPES.includes(type)) throw invalidValue(`'${p}type' must be one of ${PAYMENT_METHOD_TYPES.join(', ')}: ${type}`);
  const parsed = parseTypeFields(type, b, { today: todayYm(ctx), prefix: p });

  let account: Pick<AccountRecord, 'id' | 'currency'> | undefined;
  const accountKey = str(b, 'accountKey', `${p}accountKey`, 50);
  if (opts.newAccount) {
    if (accountKey !== undefined) throw invalidValue(`'${p}accountKey' cannot be given: the payment method belongs to the account being created`);
    account = opts.newAccount;
  } else if (accountKey !== undefined) {
    account = await getAccountByKey(ctx, accountKey);
    if (!account) throw invalidValue(`'${p}accountKey' does not name an account: ${accountKey}`);
  }
  const makeDefault = bool(b, 'makeDefault', `${p}makeDefault`) ?? false;
  if (makeDefault && !account) throw invalidValue(`'${p}makeDefault' can be true only when '${p}accountKey' is given`);
  const skipValidation = bool(b, 'skipValidation', `${p}skipValidation`) ?? false;
  const authGateway = checkGateway(ctx, str(b, 'authGateway', `${p}authGateway`, 32), `${p}authGateway`);
  const currencyCode = checkCurrency(str(b, 'currencyCode', `${p}currencyCode`), `${p}currencyCode`);
  checkGatewayOptions(b, p);
  const ip = ipAddress(b, p) ?? null;
  const processing = obj(b, 'processingOptions', `${p}processingOptions`);
  if (processing) onlyKeys(processing, ['checkDuplicated'], `${p}processingOptions.`);
  const checkDuplicated = (processing ? bool(processing, 'checkDuplicated', `${p}processingOptions.checkDuplicated`) : undefined) ?? bool(b, 'checkDuplicated', `${p}checkDuplicated`) ?? false;
  const now = ctx.now().toString();
  const today = ctx.today().toString();
  const mandate = parseMandate(b, p, Object.fromEntries(MANDATE_FIELDS.map((k) => [k, null])), today);
  // checked against the tenant's PaymentMethod custom field definitions, if any (defaults filled in)
  const custom = (await customFieldRules(ctx, 'PaymentMethod')).pick(b, { create: true });

  if (checkDuplicated && type === 'CreditCard' && account) {
    for (const other of await store.listOfAccount(ctx, account.id)) {
      if (other.type !== 'CreditCard') continue;
      const d = JSON.parse(other.details) as Record<string, unknown>;
      const h = JSON.parse(other.holder) as Holder;
      if (d.cardNumber === parsed.details.cardNumber && d.expirationMonth === parsed.details.expirationMonth && d.expirationYear === parsed.details.expirationYear && h.accountHolderName === parsed.holder.accountHolderName) {
        throw invalidValue(`A duplicate credit card payment method already exists on the account: ${other.id}`);
      }
    }
  }

  // The gateway validates a card unless told not to; a decline creates nothing.
  let lastTransaction: string | null = null;
  if (parsed.gatewayValidated && !skipValidation) {
    throwUnlessApproved(outcomeOf(parsed.behaviour), 'The card validation');
    lastTransaction = 'Approved';
  }

  const id = newId();
  const row: PaymentMethodRow = {
    id,
    tenant_id: ctx.tenant.id,
    account_id: account?.id ?? null,
    seq: await nextCounter(ctx, 'payment_method'),
    type,
    status: 'Active',
    details: JSON.stringify(parsed.details),
    holder: JSON.stringify(parsed.holder),
    mandate: JSON.stringify({ ...mandate, ...parsed.mit }),
    test_behaviour: parsed.behaviour,
    auth_gateway: authGateway,
    currency_code: currencyCode,
    ip_address: ip,
    use_default_retry_rule: 1,
    max_consecutive_payment_failures: null,
    payment_retry_window: null,
    num_consecutive_failures: 0,
    total_processed_payments: 0,
    total_error_payments: 0,
    last_transaction: lastTransaction,
    last_transaction_at: lastTransaction ? now : null,
    last_failed_sale_at: null,
    custom_fields: JSON.stringify(custom),
    deleted: 0,
    created_by: actor(ctx),
    created_at: now,
    updated_by: actor(ctx),
    updated_at: now,
  };
  await store.insert(ctx, row);
  // the validation the gateway approved (PaymentMethodTransactionLog)
  if (lastTransaction) await callGateway(ctx, row, 'Authorization', { amount: '0', reason: 'Validation' }, { at: now });
  // mitProfileAction: the payment method's first stored credential profile; a declined activation creates none
  if (parsed.mit.mitProfileAction) await firstProfile(ctx, row, parsed.mit);
  if (makeDefault && account && !opts.newAccount) await setDefaultPaymentMethod(ctx, account.id, id);
  return id;
}

async function firstProfile(ctx: Ctx, row: PaymentMethodRow, mit: Record<string, string | null>): Promise<void> {
  if (!PROFILE_TYPES.includes(row.type)) return;
  try {
    await createProfile(ctx, row, {
      status: 'Active',
      action: mit.mitProfileAction === 'Persist' ? 'Persist' : 'Activate',
      type: mit.mitProfileType === 'Unscheduled' ? 'Unscheduled' : 'Recurring',
      consentAgreementSrc: 'External',
      consentAgreementRef: mit.mitConsentAgreementRef ?? null,
      agreedOn: mit.mitProfileAgreedOn ?? null,
      networkTransactionId: mit.mitTransactionId ?? null,
      securityCode: null,
    });
  } catch (e) {
    // the declined cardholder-initiated transaction stays logged; the payment method is created without a profile
    if (!(e instanceof ZuoraError)) throw e;
  }
}

/** The legacy `creditCard` block of POST /v1/accounts, as a CreditCard payment method body. */
export function creditCardBody(cc: Body): Body {
  onlyKeys(cc, ['cardHolderInfo', 'cardNumber', 'cardType', 'expirationMonth', 'expirationYear', 'securityCode'], 'creditCard.');
  const holder = obj(cc, 'cardHolderInfo', 'creditCard.cardHolderInfo');
  if (!holder) throw missingField(`'creditCard.cardHolderInfo' is required`);
  // The legacy block requires the address too.
  for (const k of ['addressLine1', 'city', 'country', 'state', 'zipCode']) reqStr(holder, k, `creditCard.cardHolderInfo.${k}`);
  return { ...cc, type: 'CreditCard' };
}

/** An existing payment method for a new account (hpmCreditCardPaymentMethodId): it must be an orphan. */
export async function attachToNewAccount(ctx: Ctx, accountId: string, id: string): Promise<string> {
  const r = await store.findById(ctx, id);
  if (!r || r.status === 'Scrubbed') throw invalidValue(`'hpmCreditCardPaymentMethodId' does not name an existing payment method: ${id}`);
  if (r.account_id) throw invalidValue(`'hpmCreditCardPaymentMethodId': the payment method ${id} already belongs to another account`);
  await store.update(ctx, id, { account_id: accountId, updated_at: ctx.now().toString(), updated_by: actor(ctx) });
  return id;
}

// ---------------------------------------------------------------- reads

async function mustFind(ctx: Ctx, id: string): Promise<PaymentMethodRow> {
  const r = await store.findById(ctx, id);
  if (!r) throw notFound(`Cannot find the payment method with id ${id}`);
  return r;
}

async function mustBeLive(ctx: Ctx, id: string): Promise<PaymentMethodRow> {
  const r = await mustFind(ctx, id);
  if (r.status === 'Scrubbed') throw ruleViolation(`The payment method ${id} has been scrubbed`);
  return r;
}

/** The account's default payment method id (null for an orphan or without a default). */
async function defaultOf(ctx: Ctx, accountId: string | null): Promise<string | null> {
  if (!accountId) return null;
  return (await getAccountByKey(ctx, accountId))?.defaultPaymentMethodId ?? null;
}

export interface PaymentMethodView {
  row: PaymentMethodRow;
  details: Record<string, unknown>;
  holder: Holder;
  mandate: Record<string, string | null>;
  custom: CustomFields;
  isDefault: boolean;
}

export function unpack(row: PaymentMethodRow, defaultId: string | null, rules?: CustomFieldRules): PaymentMethodView {
  return {
    row,
    details: JSON.parse(row.details) as Record<string, unknown>,
    holder: { ...emptyHolder(), ...(JSON.parse(row.holder) as Holder) },
    mandate: JSON.parse(row.mandate) as Record<string, string | null>,
    custom: rules ? rules.read(row.custom_fields) : parseCustomFields(row.custom_fields),
    isDefault: defaultId !== null && defaultId === row.id,
  };
}

export async function readPaymentMethod(ctx: Ctx, id: string): Promise<PaymentMethodView> {
  const r = await mustFind(ctx, id);
  return unpack(r, await defaultOf(ctx, r.account_id), await customFieldRules(ctx, 'PaymentMethod'));
}

export async function accountPaymentMethods(ctx: Ctx, key: string): Promise<{ account: AccountRecord; methods: PaymentMethodView[] }> {
  const account = await getAccountByKey(ctx, key);
  if (!account) throw notFound(`Cannot find the account with key ${key}`);
  const rows = await store.listOfAccount(ctx, account.id);
  const rules = await customFieldRules(ctx, 'PaymentMethod');
  return { account, methods: rows.map((r) => unpack(r, account.defaultPaymentMethodId, rules)) };
}

/** The live payment methods of an account (the accounts module's lookup for cascading and the default). */
export async function liveIdsOfAccount(ctx: Ctx, accountId: string): Promise<Array<{ id: string }>> {
  return (await store.listOfAccount(ctx, accountId)).map((r) => ({ id: r.id }));
}

// ---------------------------------------------------------------- update

const PUT_FIELDS = [
  'accountHolderInfo', 'accountKey', 'authGateway', 'currencyCode', 'gatewayOptions', 'ipAddress', 'mandateInfo', 'processingOptions',
  'maxConsecutivePaymentFailures', 'paymentRetryWindow', 'useDefaultRetryRule', 'expirationMonth', 'expirationYear', 'securityCode',
];

/** PUT /v1/payment-methods/{id}: the fields the page allows for the payment method's type. */
export async function updatePaymentMethod(ctx: Ctx, id: string, body: Body): Promise<void> {
  const b = body ?? {};
  onlyKeys(b, PUT_FIELDS, '', { customFields: true, why: 'an update of a payment method' });
  const r = await mustBeLive(ctx, id);
  const isCCRT = r.type === 'CreditCardReferenceTransaction';
  const patch: Partial<PaymentMethodRow> = {};
  const refuse = (k: string, types: string) => {
    throw invalidValue(`'${k}' can be updated only for ${types} payment methods, not ${r.type}`);
  };

  // Retry rule: the two numbers apply only without the default retry rule.
  const useDefault = bool(b, 'useDefaultRetryRule', 'useDefaultRetryRule');
  const effectiveDefault = useDefault ?? r.use_default_retry_rule === 1;
  if (useDefault !== undefined) patch.use_default_retry_rule = useDefault ? 1 : 0;
  for (const [k, col, min, max] of [
    ['maxConsecutivePaymentFailures', 'max_consecutive_payment_failures', 1, 100],
    ['paymentRetryWindow', 'payment_retry_window', 1, 1000],
  ] as const) {
    if (!(k in b) || b[k] === undefined) continue;
    const v = b[k] === null ? null : int(b, k, k)!;
    if (v !== null && (v < min || v > max)) throw invalidValue(`'${k}' must be between ${min} and ${max}`);
    if (v !== null && effectiveDefault) throw invalidValue(`'${k}' applies only when 'useDefaultRetryRule' is false`);
    patch[col] = v;
  }
  if (useDefault === true) {
    patch.max_consecutive_payment_failures = null;
    patch.payment_retry_window = null;
  }

  // Not for card reference transactions: gateway, holder, options, IP address, custom fields.
  const custom = (await customFieldRules(ctx, 'PaymentMethod')).pick(b);
  for (const k of ['authGateway', 'accountHolderInfo', 'gatewayOptions', 'ipAddress']) if (isCCRT && b[k] !== undefined) refuse(k, 'non-reference-transaction');
  if (isCCRT && Object.keys(custom).length) throw invalidValue(`Custom fields cannot be updated on CreditCardReferenceTransaction payment methods`);
  const gw = str(b, 'authGateway', 'authGateway', 32);
  if (gw !== undefined) patch.auth_gateway = checkGateway(ctx, gw, 'authGateway');
  checkGatewayOptions(b, '');
  const ip = ipAddress(b, '');
  if (ip !== undefined) patch.ip_address = ip;
  const cur = str(b, 'currencyCode', 'currencyCode');
  if (cur !== undefined) patch.currency_code = checkCurrency(cur, 'currencyCode');
  const processing = obj(b, 'processingOptions', 'processingOptions');
  if (processing) {
    onlyKeys(processing, ['checkDuplicated'], 'processingOptions.');
    bool(processing, 'checkDuplicated', 'processingOptions.checkDuplicated');
  }
  const holderIn = obj(b, 'accountHolderInfo', 'accountHolderInfo');
  if (holderIn) {
    const stored = JSON.parse(r.holder) as Holder;
    const given = parseHolder(holderIn, 'accountHolderInfo', 'accountHolderName', r.type === 'CreditCard' ? 50 : 60, { nameRequired: false });
    const merged = { ...stored };
    for (const k of Object.keys(holderIn)) if (k in given) (merged as Record<string, string | null>)[k] = given[k as keyof Holder];
    patch.holder = JSON.stringify(merged);
  }
  if (Object.keys(custom).length) patch.custom_fields = JSON.stringify({ ...parseCustomFields(r.custom_fields), ...custom });

  // Cards only: expiry and security code; with a security code the card is validated again.
  const details = JSON.parse(r.details) as Record<string, unknown>;
  const { month, year } = parseExpiry(b, '', todayYm(ctx), false);
  const cvv = str(b, 'securityCode', 'securityCode');
  if ((month !== undefined || year !== undefined || cvv !== undefined) && r.type !== 'CreditCard') refuse(month !== undefined ? 'expirationMonth' : year !== undefined ? 'expirationYear' : 'securityCode', 'CreditCard');
  if (month !== undefined || year !== undefined) {
    const m = month ?? (details.expirationMonth as number);
    const y = year ?? (details.expirationYear as number);
    checkNotExpired(m, y, '', todayYm(ctx));
    patch.details = JSON.stringify({ ...details, expirationMonth: m, expirationYear: y });
  }
  if (cvv !== undefined) {
    if (!securityCodeValid(cvv, String(details.creditCardType))) throw invalidValue(`'securityCode' must be ${details.creditCardType === 'AmericanExpress' ? 4 : 3} digits`);
    throwUnlessApproved(outcomeOf(r.test_behaviour as TestBehaviour), 'The card validation');
    patch.last_transaction = 'Approved';
    patch.last_transaction_at = ctx.now().toString();
    await callGateway(ctx, r, 'Authorization', { amount: '0', reason: 'Validation' }, { at: patch.last_transaction_at });
  }

  if (b.mandateInfo !== undefined && b.mandateInfo !== null) {
    if (!MANDATE_UPDATABLE(r.type)) refuse('mandateInfo', 'CreditCard, CreditCardReferenceTransaction, ACH and bank transfer');
    patch.mandate = JSON.stringify(parseMandate(b, '', JSON.parse(r.mandate) as Record<string, string | null>, ctx.today().toString()));
  }

  // An orphan can be associated with an account; an associated one cannot move or lose it.
  const accountKey = str(b, 'accountKey', 'accountKey', 50);
  if ('accountKey' in b && b.accountKey !== undefined && accountKey === undefined && r.account_id) throw invalidValue(`'accountKey' cannot be removed from a payment method that belongs to an account`);
  if (accountKey !== undefined) {
    const a = await getAccountByKey(ctx, accountKey);
    if (!a) throw invalidValue(`'accountKey' does not name an account: ${accountKey}`);
    if (r.account_id && r.account_id !== a.id) throw invalidValue(`'accountKey': the payment method already belongs to another account and cannot be moved`);
    patch.account_id = a.id;
  }

  if (Object.keys(patch).length) await store.update(ctx, id, { ...patch, updated_at: ctx.now().toString(), updated_by: actor(ctx) });
}

// ---------------------------------------------------------------- delete, scrub, verify

async function refuseIfDefault(ctx: Ctx, r: PaymentMethodRow, what: string): Promise<void> {
  if (!r.account_id) return;
  const a = await getAccountByKey(ctx, r.account_id);
  if (a?.defaultPaymentMethodId === r.id) {
    throw ruleViolation(`The payment method ${r.id} is the default payment method of account ${a.accountNumber} and cannot be ${what}; make another payment method the default first`);
  }
}

/** DELETE /v1/payment-methods/{id}: not the account's default payment method. */
export async function deletePaymentMethod(ctx: Ctx, id: string): Promise<void> {
  const r = await mustFind(ctx, id);
  await refuseIfDefault(ctx, r, 'deleted');
  await store.update(ctx, id, { deleted: 1, updated_at: ctx.now().toString(), updated_by: actor(ctx) });
}

const SCRUBBED = 'Record Scrubbed';

/**
 * PUT /v1/payment-methods/{id}/scrub: sensitive data replaced with dummy values (the values of
 * Zuora's scrubbed-fields tables), and the payment method soft-deleted (status Scrubbed).
 */
export async function scrubPaymentMethod(ctx: Ctx, id: string): Promise<void> {
  const r = await mustBeLive(ctx, id);
  await refuseIfDefault(ctx, r, 'scrubbed');
  const details = JSON.parse(r.details) as Record<string, unknown>;
  const scrub: Record<string, unknown> = {};
  for (const k of Object.keys(details)) {
    if (['cardNumber', 'creditCardMaskNumber', 'bankAccountNumber', 'bankAccountName', 'IBAN', 'accountNumber', 'BAID', 'email', 'preapprovalKey', 'identityNumber', 'tokenId', 'secondTokenId', 'bankName'].includes(k)) scrub[k] = details[k] === null ? null : SCRUBBED;
    else if (k === 'expirationYear') scrub[k] = 2000;
    else if (k === 'expirationMonth') scrub[k] = 12;
    else if (['bankABACode', 'bankCode', 'branchCode', 'bankIdentificationNumber', 'businessIdentificationCode'].includes(k)) scrub[k] = details[k] === null ? null : '0';
    else scrub[k] = details[k];
  }
  const holder = JSON.parse(r.holder) as Holder;
  const scrubbedHolder = Object.fromEntries(Object.entries(holder).map(([k, v]) => [k, v === null ? null : k === 'country' ? '0' : SCRUBBED]));
  await store.update(ctx, id, {
    status: 'Scrubbed',
    details: JSON.stringify(scrub),
    holder: JSON.stringify(scrubbedHolder),
    ip_address: r.ip_address === null ? null : '0',
    updated_at: ctx.now().toString(),
    updated_by: actor(ctx),
  });
}

const VERIFIABLE = ['CreditCard', 'PayPalCP', 'PayPalEC', 'PayPalNativeEC', 'PayPalAdaptive'];

/** PUT /v1/payment-methods/{id}/verify: a zero-amount authorization through the test gateway (cards and PayPal). */
export async function verifyPaymentMethod(ctx: Ctx, id: string, body: Body): Promise<void> {
  const b = body ?? {};
  onlyKeys(b, ['currencyCode', 'gatewayOptions', 'paymentGatewayName', 'securityCode'], '', { why: 'a verification' });
  const r = await mustBeLive(ctx, id);
  if (!VERIFIABLE.includes(r.type)) throw ruleViolation(`Only credit card and PayPal payment methods can be verified, not ${r.type}`);
  checkCurrency(str(b, 'currencyCode', 'currencyCode'), 'currencyCode');
  checkGatewayOptions(b, '');
  const gw = str(b, 'paymentGatewayName', 'paymentGatewayName', 255);
  if (gw !== undefined && gw !== TEST_GATEWAY_NAME) throw invalidValue(`'paymentGatewayName' does not name a payment gateway of this tenant (see GET /v1/paymentgateways): ${gw}`);
  const details = JSON.parse(r.details) as Record<string, unknown>;
  const cvv = str(b, 'securityCode', 'securityCode');
  if (cvv !== undefined) {
    if (r.type !== 'CreditCard') throw invalidValue(`'securityCode' applies only to credit card payment methods`);
    if (!securityCodeValid(cvv, String(details.creditCardType))) throw invalidValue(`'securityCode' must be ${details.creditCardType === 'AmericanExpress' ? 4 : 3} digits`);
  }
  if (r.type === 'CreditCard') checkNotExpired(details.expirationMonth as number, details.expirationYear as number, '', todayYm(ctx));
  throwUnlessApproved(outcomeOf(r.test_behaviour as TestBehaviour), 'The verification');
  const now = ctx.now().toString();
  await callGateway(ctx, r, 'Authorization', { amount: '0', reason: 'Verification', currency: str(b, 'currencyCode', 'currencyCode') ?? null }, { at: now });
  await store.update(ctx, id, { last_transaction: 'Approved', last_transaction_at: now, updated_at: now, updated_by: actor(ctx) });
}

// ---------------------------------------------------------------- gateways

/** GET /v1/paymentgateways: the tenant's one test gateway, active and default. */
export function listGateways(ctx: Ctx): Array<{ id: string; isActive: boolean; isDefault: boolean; name: string; type: string }> {
  return [{ id: testGatewayId(ctx.tenant.id), isActive: true, isDefault: true, name: TEST_GATEWAY_NAME, type: TEST_GATEWAY_TYPE }];
}

/** For the object API: refuse a field the REST update does not take. */
export function refuseField(name: string, why: string): never {
  throw unknownField(`'${name}' ${why}`);
}
