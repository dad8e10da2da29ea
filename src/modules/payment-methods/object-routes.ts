/**
 * The CRUD object API of payment methods (/v1/object/payment-method): PascalCase fields, `{Success, Id}`
 * on create and update, `{id, success}` on delete; errors take the object API form from the platform.
 * Bodies are translated into the REST operations' bodies, so the rules are the same.
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Ctx } from '../../platform/context.js';
import { inTransaction } from '../../platform/context.js';
import { CUSTOM_FIELD_RE } from '../../platform/custom-fields.js';
import { formatIsoDateTime, Temporal } from '../../platform/dates.js';
import { invalidValue, missingField, unknownField } from '../../platform/errors.js';
import * as service from './service.js';
import { isBankTransfer } from './types.js';

type Body = Record<string, unknown>;
const IdParams = Type.Object({ id: Type.String() });
const AnyBody = Type.Object({}, { additionalProperties: true });
/** Route options: the operation id, its tag, its schemas. */
function route<S extends object>(operationId: string, extra: S) {
  return { config: { operationId }, schema: { operationId, tags: ['Payment Methods'], ...extra } };
}

const HOLDER_MAP: Record<string, string> = {
  CreditCardHolderName: 'cardHolderName',
  CreditCardAddress1: 'addressLine1',
  CreditCardAddress2: 'addressLine2',
  CreditCardCity: 'city',
  CreditCardState: 'state',
  CreditCardPostalCode: 'zipCode',
  CreditCardCountry: 'country',
  Email: 'email',
  Phone: 'phone',
};
const ACH_MAP: Record<string, string> = {
  AchAbaCode: 'bankABACode',
  AchAccountName: 'bankAccountName',
  AchAccountNumber: 'bankAccountNumber',
  AchAccountType: 'bankAccountType',
  AchBankName: 'bankName',
  AchAddress1: 'addressLine1',
  AchAddress2: 'addressLine2',
  AchCity: 'city',
  AchState: 'state',
  AchPostalCode: 'zipCode',
  AchCountry: 'country',
  Phone: 'phone',
};
const RETRY = ['UseDefaultRetryRule', 'MaxConsecutivePaymentFailures', 'PaymentRetryWindow'];

function customOf(b: Body): Body {
  return Object.fromEntries(Object.entries(b).filter(([k]) => CUSTOM_FIELD_RE.test(k)));
}

function refuseOthers(b: Body, allowed: string[], what: string): void {
  for (const k of Object.keys(b)) if (!allowed.includes(k) && !CUSTOM_FIELD_RE.test(k)) throw unknownField(`'${k}' is not a field of ${what}`);
}

/** An object API create body as a POST /v1/payment-methods body (and the retry fields the REST create does not take). */
function createBody(o: Body): { rest: Body; retry: Body } {
  const type = o.Type;
  if (type === undefined || type === null || type === '') throw missingField(`'Type' is required`);
  const common = ['Type', 'AccountId', 'SkipValidation', 'IPAddress', ...RETRY];
  const rest: Body = { ...customOf(o) };
  if (o.AccountId !== undefined && o.AccountId !== null) rest.accountKey = o.AccountId;
  if (o.SkipValidation !== undefined) rest.skipValidation = o.SkipValidation;
  if (o.IPAddress !== undefined) rest.ipAddress = o.IPAddress;
  if (type === 'CreditCard') {
    refuseOthers(o, [...common, 'CreditCardNumber', 'CreditCardType', 'CreditCardExpirationMonth', 'CreditCardExpirationYear', 'CreditCardSecurityCode', ...Object.keys(HOLDER_MAP)], 'a CreditCard payment method');
    Object.assign(rest, { type, cardNumber: o.CreditCardNumber, cardType: o.CreditCardType, expirationMonth: o.CreditCardExpirationMonth, expirationYear: o.CreditCardExpirationYear, securityCode: o.CreditCardSecurityCode });
    const holder: Body = {};
    for (const [k, v] of Object.entries(HOLDER_MAP)) if (o[k] !== undefined) holder[v] = o[k];
    rest.cardHolderInfo = holder;
    if (o.CreditCardHolderName === undefined || o.CreditCardHolderName === null || o.CreditCardHolderName === '') throw missingField(`'CreditCardHolderName' is required`);
  } else if (type === 'ACH') {
    refuseOthers(o, [...common, ...Object.keys(ACH_MAP)], 'an ACH payment method');
    rest.type = 'ACH';
    for (const [k, v] of Object.entries(ACH_MAP)) if (o[k] !== undefined) rest[v] = o[k];
  } else if (type === 'CreditCardReferenceTransaction') {
    refuseOthers(o, [...common, 'TokenId', 'SecondTokenId', 'CreditCardMaskNumber'], 'a CreditCardReferenceTransaction payment method');
    Object.assign(rest, { type, tokenId: o.TokenId, secondTokenId: o.SecondTokenId, creditCardMaskNumber: o.CreditCardMaskNumber });
  } else if (type === 'PayPal') {
    refuseOthers(o, [...common, 'PaypalBaid', 'PaypalEmail', 'PaypalPreapprovalKey', 'PaypalType'], 'a PayPal payment method');
    const pt = o.PaypalType ?? 'ExpressCheckout';
    if (pt === 'ExpressCheckout') Object.assign(rest, { type: 'PayPalEC', BAID: o.PaypalBaid, email: o.PaypalEmail });
    else if (pt === 'AdaptivePayments') Object.assign(rest, { type: 'PayPalAdaptive', preapprovalKey: o.PaypalPreapprovalKey, email: o.PaypalEmail });
    else throw invalidValue(`'PaypalType' must be ExpressCheckout or AdaptivePayments`);
  } else {
    throw invalidValue(`'Type' must be one of CreditCard, ACH, CreditCardReferenceTransaction, PayPal through the object API (use POST /v1/payment-methods for the other types): ${String(type)}`);
  }
  for (const k of Object.keys(rest)) if (rest[k] === undefined) delete rest[k];
  return { rest, retry: retryBody(o) };
}

function retryBody(o: Body): Body {
  const out: Body = {};
  if (o.UseDefaultRetryRule !== undefined) out.useDefaultRetryRule = o.UseDefaultRetryRule;
  if (o.MaxConsecutivePaymentFailures !== undefined) out.maxConsecutivePaymentFailures = o.MaxConsecutivePaymentFailures;
  if (o.PaymentRetryWindow !== undefined) out.paymentRetryWindow = o.PaymentRetryWindow;
  return out;
}

/** An object API update body as a PUT /v1/payment-methods/{id} body. */
function updateBody(o: Body): Body {
  refuseOthers(o, ['AccountId', 'IPAddress', 'CreditCardExpirationMonth', 'CreditCardExpirationYear', 'CreditCardSecurityCode', ...Object.keys(HOLDER_MAP), ...RETRY], 'an update of a payment method through the object API');
  const rest: Body = { ...customOf(o), ...retryBody(o) };
  if (o.AccountId !== undefined) rest.accountKey = o.AccountId;
  if (o.IPAddress !== undefined) rest.ipAddress = o.IPAddress;
  if (o.CreditCardExpirationMonth !== undefined) rest.expirationMonth = o.CreditCardExpirationMonth;
  if (o.CreditCardExpirationYear !== undefined) rest.expirationYear = o.CreditCardExpirationYear;
  if (o.CreditCardSecurityCode !== undefined) rest.securityCode = o.CreditCardSecurityCode;
  const holder: Body = {};
  for (const [k, v] of Object.entries(HOLDER_MAP)) if (o[k] !== undefined) holder[v === 'cardHolderName' ? 'accountHolderName' : v] = o[k];
  if (Object.keys(holder).length) rest.accountHolderInfo = holder;
  return rest;
}

const iso = (ctx: Ctx, s: string | null) => (s ? formatIsoDateTime(Temporal.Instant.from(s), ctx.tenant.timezone) : null);

/** The payment method as the object API shows it: PascalCase, fields without a value left out. */
export function objectView(ctx: Ctx, v: service.PaymentMethodView): Record<string, unknown> {
  const r = v.row;
  const d = v.details;
  const h = v.holder;
  const t = r.type;
  const out: Record<string, unknown> = {
    Id: r.id,
    AccountId: r.account_id,
    Type: t.startsWith('PayPal') ? 'PayPal' : isBankTransfer(t) ? 'BankTransfer' : t,
    PaymentMethodStatus: r.status,
    IPAddress: r.ip_address,
    UseDefaultRetryRule: r.use_default_retry_rule === 1,
    MaxConsecutivePaymentFailures: r.max_consecutive_payment_failures,
    PaymentRetryWindow: r.payment_retry_window,
    NumConsecutiveFailures: r.num_consecutive_failures,
    TotalNumberOfProcessedPayments: r.total_processed_payments,
    TotalNumberOfErrorPayments: r.total_error_payments,
    LastTransactionStatus: r.last_transaction,
    LastTransactionDateTime: iso(ctx, r.last_transaction_at),
    LastFailedSaleTransactionDate: iso(ctx, r.last_failed_sale_at),
    CreatedById: r.created_by,
    CreatedDate: iso(ctx, r.created_at),
    UpdatedById: r.updated_by,
    UpdatedDate: iso(ctx, r.updated_at),
    ...v.custom,
  };
  if (t === 'CreditCard' || t === 'CreditCardReferenceTransaction') {
    Object.assign(out, {
      CreditCardMaskNumber: t === 'CreditCard' ? d.cardNumber : d.creditCardMaskNumber,
      CreditCardType: d.creditCardType,
      CreditCardExpirationMonth: d.expirationMonth,
      CreditCardExpirationYear: d.expirationYear,
      BankIdentificationNumber: d.bankIdentificationNumber,
      CreditCardHolderName: h.accountHolderName,
      CreditCardAddress1: h.addressLine1,
      CreditCardAddress2: h.addressLine2,
      CreditCardCity: h.city,
      CreditCardState: h.state,
      CreditCardPostalCode: h.zipCode,
      CreditCardCountry: h.country,
      Email: h.email,
      Phone: h.phone,
      TokenId: d.tokenId,
      SecondTokenId: d.secondTokenId,
    });
  } else if (t === 'ACH') {
    Object.assign(out, {
      AchAbaCode: d.bankABACode,
      AchAccountName: d.bankAccountName,
      AchAccountNumberMask: d.bankAccountNumber,
      AchAccountType: d.bankAccountType,
      AchBankName: d.bankName,
      AchAddress1: h.addressLine1,
      AchAddress2: h.addressLine2,
      AchCity: h.city,
      AchState: h.state,
      AchPostalCode: h.zipCode,
      AchCountry: h.country,
      Phone: h.phone,
    });
  } else if (isBankTransfer(t)) {
    Object.assign(out, {
      BankTransferType: d.bankTransferType,
      BankTransferAccountNumberMask: d.accountNumber ?? d.IBAN,
      BankCode: d.bankCode,
      BranchCode: d.branchCode,
      BusinessIdentificationCode: d.businessIdentificationCode,
      IdentityNumber: d.identityNumber,
      BankTransferAccountName: h.accountHolderName,
      Email: h.email,
      Phone: h.phone,
    });
  } else if (t.startsWith('PayPal')) {
    Object.assign(out, { PaypalBaid: d.BAID, PaypalEmail: d.email, PaypalPreapprovalKey: d.preapprovalKey, PaypalType: t === 'PayPalAdaptive' ? 'AdaptivePayments' : 'ExpressCheckout' });
  } else if (d.email) out.Email = d.email;
  return Object.fromEntries(Object.entries(out).filter(([, x]) => x !== null && x !== undefined));
}

/** `fields=a,b`: only those fields (names compared case-insensitively). */
export function select(view: Record<string, unknown>, fields: string | undefined): Record<string, unknown> {
  if (!fields) return view;
  const want = new Set(fields.split(',').map((f) => f.trim().toLowerCase()).filter(Boolean));
  return Object.fromEntries(Object.entries(view).filter(([k]) => want.has(k.toLowerCase())));
}

/** The object API's create, update and delete (the routes below and POST /v1/action/create, update, delete). */
export const paymentMethodObjectActions = {
  async create(ctx: Ctx, body: Body): Promise<string> {
    const { rest, retry } = createBody(body);
    const id = await service.createPaymentMethod(ctx, rest);
    if (Object.keys(retry).length) await service.updatePaymentMethod(ctx, id, retry);
    return id;
  },
  update: (ctx: Ctx, id: string, body: Body): Promise<void> => service.updatePaymentMethod(ctx, id, updateBody(body)),
  delete: (ctx: Ctx, id: string): Promise<void> => service.deletePaymentMethod(ctx, id),
};

export function registerObjectRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post('/v1/object/payment-method', route('Object_POSTPaymentMethod', { body: AnyBody }), async (req) =>
    inTransaction(req.ctx, async (ctx) => ({ Success: true, Id: await paymentMethodObjectActions.create(ctx, (req.body ?? {}) as Body) })),
  );

  r.get('/v1/object/payment-method/:id', route('Object_GETPaymentMethod', { params: IdParams, querystring: Type.Object({ fields: Type.Optional(Type.String()) }) }), async (req) =>
    select(objectView(req.ctx, await service.readPaymentMethod(req.ctx, req.params.id)), req.query.fields),
  );

  r.put('/v1/object/payment-method/:id', route('Object_PUTPaymentMethod', { params: IdParams, body: AnyBody }), async (req) =>
    inTransaction(req.ctx, async (ctx) => {
      await paymentMethodObjectActions.update(ctx, req.params.id, (req.body ?? {}) as Body);
      return { Success: true, Id: req.params.id };
    }),
  );

  r.delete('/v1/object/payment-method/:id', route('Object_DELETEPaymentMethod', { params: IdParams }), async (req) =>
    inTransaction(req.ctx, async (ctx) => {
      await paymentMethodObjectActions.delete(ctx, req.params.id);
      return { id: req.params.id, success: true };
    }),
  );
}
