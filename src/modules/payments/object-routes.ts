/**
 * The CRUD object API of payments and refunds (/v1/object/payment, /v1/object/refund): PascalCase
 * fields, `{Success, Id}` on create and update, `{id, success}` on delete; errors take the object
 * API form from the platform. Bodies are translated into the REST operations' bodies, so the rules
 * are the same ("CRUD: Create a payment", "CRUD: Update a payment", the Payment and Refund objects'
 * field descriptions). Invoice Settlement keeps no credit balance: AppliedCreditBalanceAmount and a
 * refund from the credit balance are refused.
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { inTransaction, type Ctx } from '../../platform/context.js';
import { CUSTOM_FIELD_RE, parseCustomFields } from '../../platform/custom-fields.js';
import { formatIsoDateTime, Temporal } from '../../platform/dates.js';
import { invalidValue, missingField, notImplemented, unknownField } from '../../platform/errors.js';
import { toJsonNumber } from '../../platform/money.js';
import { getAccountByKey } from '../accounts/service.js';
import { NS_FIELD_RE, type Body } from './input.js';
import * as refunds from './refunds.js';
import * as svc from './service.js';
import type { PaymentRow, RefundRow } from './store.js';
import { unappliedOf, type Finance } from './views.js';

const IdParams = Type.Object({ id: Type.String() });
const AnyBody = Type.Object({}, { additionalProperties: true });
const Fields = Type.Object({ fields: Type.Optional(Type.String()) });
const route = <S extends object>(operationId: string, tag: string, extra: S) => ({ config: { operationId }, schema: { operationId, tags: [tag], ...extra } });

const extras = (b: Body): Body => Object.fromEntries(Object.entries(b).filter(([k]) => CUSTOM_FIELD_RE.test(k) || NS_FIELD_RE.test(k)));

function refuseOthers(b: Body, allowed: string[], what: string): void {
  for (const k of Object.keys(b)) if (!allowed.includes(k) && !CUSTOM_FIELD_RE.test(k) && !NS_FIELD_RE.test(k)) throw unknownField(`'${k}' is not a field of ${what}`);
}

const iso = (ctx: Ctx, s: string | null) => (s ? formatIsoDateTime(Temporal.Instant.from(s), ctx.tenant.timezone) : null);
const compact = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

/** `fields=a,b`: only those fields (names compared case-insensitively). */
function select(view: Record<string, unknown>, fields: string | undefined): Record<string, unknown> {
  if (!fields) return view;
  const want = new Set(fields.split(',').map((f) => f.trim().toLowerCase()).filter(Boolean));
  return Object.fromEntries(Object.entries(view).filter(([k]) => want.has(k.toLowerCase())));
}

// ---------------------------------------------------------------- payment

const PAYMENT_CREATE = [
  'AccountId', 'AccountingCode', 'Amount', 'AppliedCreditBalanceAmount', 'AppliedInvoiceAmount', 'AuthTransactionId', 'Comment', 'Currency', 'EffectiveDate',
  'GatewayId', 'GatewayOrderId', 'InvoiceId', 'InvoiceNumber', 'PaymentMethodId', 'ReferenceId', 'SoftDescriptor', 'SoftDescriptorPhone', 'Status', 'Type',
];

async function paymentCreateBody(ctx: Ctx, o: Body): Promise<Body> {
  refuseOthers(o, PAYMENT_CREATE, 'a payment');
  for (const k of ['AccountId', 'Amount', 'EffectiveDate', 'PaymentMethodId', 'Type', 'Status']) if (o[k] === undefined || o[k] === null || o[k] === '') throw missingField(`'${k}' is required`);
  if (o.Status !== 'Processed') throw invalidValue(`'Status' of a new payment must be Processed: ${String(o.Status)}`);
  if (o.AppliedCreditBalanceAmount !== undefined && o.AppliedCreditBalanceAmount !== null) throw invalidValue(`'AppliedCreditBalanceAmount': with Invoice Settlement there is no credit balance; an overpayment stays unapplied on the payment`);
  if (o.AccountingCode !== undefined) throw notImplemented(`'AccountingCode' on payments`);
  if (typeof o.AccountId !== 'string') throw invalidValue(`'AccountId' must be a string`);
  const account = await getAccountByKey(ctx, o.AccountId);
  const b: Body = {
    ...extras(o),
    accountId: o.AccountId,
    amount: o.Amount,
    currency: o.Currency ?? account?.currency ?? ctx.tenant.currency,
    effectiveDate: o.EffectiveDate,
    paymentMethodId: o.PaymentMethodId,
    type: o.Type,
    comment: o.Comment,
    referenceId: o.ReferenceId,
    gatewayId: o.GatewayId,
    gatewayOrderId: o.GatewayOrderId,
    authTransactionId: o.AuthTransactionId,
    softDescriptor: o.SoftDescriptor,
    softDescriptorPhone: o.SoftDescriptorPhone,
  };
  const inv = o.InvoiceId ?? o.InvoiceNumber;
  if (inv !== undefined && inv !== null) {
    if (o.AppliedInvoiceAmount === undefined || o.AppliedInvoiceAmount === null) throw missingField(`'AppliedInvoiceAmount' is required with an invoice`);
    b.invoices = [{ [o.InvoiceId !== undefined ? 'invoiceId' : 'invoiceNumber']: inv, amount: o.AppliedInvoiceAmount }];
  } else if (o.AppliedInvoiceAmount !== undefined && o.AppliedInvoiceAmount !== null) throw missingField(`'InvoiceId' is required with AppliedInvoiceAmount`);
  for (const k of Object.keys(b)) if (b[k] === undefined) delete b[k];
  return b;
}

function paymentObjectView(ctx: Ctx, p: PaymentRow): Record<string, unknown> {
  const f = JSON.parse(p.finance) as Finance;
  return compact({
    Id: p.id,
    AccountId: p.account_id,
    Amount: toJsonNumber(p.amount),
    AppliedAmount: toJsonNumber(p.applied_amount),
    UnappliedAmount: toJsonNumber(unappliedOf(p)),
    RefundAmount: toJsonNumber(p.refund_amount),
    Currency: p.currency,
    EffectiveDate: p.effective_date,
    PaymentNumber: p.number,
    Status: p.status,
    Type: p.type,
    PaymentMethodId: p.payment_method_id,
    GatewayId: p.gateway_id,
    GatewayOrderId: p.gateway_order_id,
    GatewayResponse: p.gateway_response,
    GatewayResponseCode: p.gateway_response_code,
    GatewayState: p.gateway_state,
    AuthTransactionId: p.auth_transaction_id,
    ReferenceId: p.reference_id,
    SecondPaymentReferenceId: p.second_reference_id,
    SoftDescriptor: p.soft_descriptor,
    SoftDescriptorPhone: p.soft_descriptor_phone,
    Comment: p.comment,
    SubmittedOn: iso(ctx, p.submitted_on),
    SettledOn: iso(ctx, p.settled_on),
    CancelledOn: iso(ctx, p.cancelled_on),
    TransferredToAccounting: f.transferredToAccounting ?? 'No',
    BankAccountAccountingCode: f.bankAccountAccountingCode,
    UnappliedPaymentAccountingCode: f.unappliedPaymentAccountingCode,
    CreatedById: p.created_by,
    CreatedDate: iso(ctx, p.created_at),
    UpdatedById: p.updated_by,
    UpdatedDate: iso(ctx, p.updated_at),
    ...parseCustomFields(p.custom_fields),
  });
}

// ---------------------------------------------------------------- refund

const REFUND_CREATE = ['AccountId', 'Amount', 'Comment', 'MethodType', 'PaymentId', 'ReasonCode', 'ReferenceID', 'ReferenceId', 'RefundDate', 'SoftDescriptor', 'SoftDescriptorPhone', 'SourceType', 'Type', 'RefundTransactionType'];

function refundCreateBody(o: Body): { paymentId: string; body: Body } {
  refuseOthers(o, REFUND_CREATE, 'a refund');
  for (const k of ['Amount', 'Type']) if (o[k] === undefined || o[k] === null || o[k] === '') throw missingField(`'${k}' is required`);
  const source = o.SourceType ?? 'Payment';
  if (source === 'CreditBalance') throw invalidValue(`'SourceType' CreditBalance: with Invoice Settlement there is no credit balance to refund`);
  if (source !== 'Payment') throw invalidValue(`'SourceType' must be Payment: ${String(source)}`);
  if (typeof o.PaymentId !== 'string' || !o.PaymentId) throw missingField(`'PaymentId' is required`);
  const body: Body = {
    ...extras(o),
    type: o.Type,
    totalAmount: o.Amount,
    methodType: o.MethodType,
    comment: o.Comment,
    reasonCode: o.ReasonCode,
    referenceId: o.ReferenceId ?? o.ReferenceID,
    refundDate: o.RefundDate,
    softDescriptor: o.SoftDescriptor,
    softDescriptorPhone: o.SoftDescriptorPhone,
    refundTransactionType: o.RefundTransactionType,
  };
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
  return { paymentId: o.PaymentId, body };
}

function refundObjectView(ctx: Ctx, r: RefundRow): Record<string, unknown> {
  const f = JSON.parse(r.finance) as Finance;
  return compact({
    Id: r.id,
    AccountId: r.account_id,
    Amount: toJsonNumber(r.amount),
    PaymentId: r.payment_id,
    RefundNumber: r.number,
    Status: r.status,
    Type: r.type,
    MethodType: r.method_type,
    SourceType: 'Payment',
    RefundDate: r.refund_date,
    ReasonCode: r.reason_code,
    Comment: r.comment,
    ReferenceID: r.reference_id,
    PaymentMethodId: r.payment_method_id,
    GatewayId: r.gateway_id,
    GatewayResponse: r.gateway_response,
    GatewayResponseCode: r.gateway_response_code,
    GatewayState: r.gateway_state,
    RefundTransactionType: r.refund_transaction_type,
    SoftDescriptor: r.soft_descriptor,
    SoftDescriptorPhone: r.soft_descriptor_phone,
    SubmittedOn: iso(ctx, r.submitted_on),
    SettledOn: iso(ctx, r.settled_on),
    CancelledOn: iso(ctx, r.cancelled_on),
    RefundTransactionTime: iso(ctx, r.transaction_at),
    TransferredToAccounting: f.transferredToAccounting ?? 'No',
    CreatedById: r.created_by,
    CreatedDate: iso(ctx, r.created_at),
    UpdatedById: r.updated_by,
    UpdatedDate: iso(ctx, r.updated_at),
    ...parseCustomFields(r.custom_fields),
  });
}

export function registerObjectRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post('/v1/object/payment', route('Object_POSTPayment', 'Payments', { body: AnyBody }), async (req) => {
    const out = await inTransaction(req.ctx, async (ctx) => svc.createPayment(ctx, await paymentCreateBody(ctx, (req.body ?? {}) as Body)));
    if (out.failure) throw out.failure;
    return { Success: true, Id: out.payment.id };
  });

  r.get('/v1/object/payment/:id', route('Object_GETPayment', 'Payments', { params: IdParams, querystring: Fields }), async (req) =>
    select(paymentObjectView(req.ctx, await svc.mustFindPayment(req.ctx, req.params.id)), req.query.fields),
  );

  r.put('/v1/object/payment/:id', route('Object_PUTPayment', 'Payments', { params: IdParams, body: AnyBody }), async (req) =>
    inTransaction(req.ctx, async (ctx) => {
      const o = (req.body ?? {}) as Body;
      refuseOthers(o, ['AccountingCode', 'Status', 'TransferredToAccounting', 'Comment', 'ReferenceId'], 'an update of a payment through the object API');
      if (o.AccountingCode !== undefined) throw notImplemented(`'AccountingCode' on payments`);
      const p = await svc.mustFindPayment(ctx, req.params.id);
      const rest: Body = { ...extras(o) };
      if (o.TransferredToAccounting !== undefined) rest.financeInformation = { transferredToAccounting: o.TransferredToAccounting };
      if (o.Comment !== undefined) rest.comment = o.Comment;
      if (o.ReferenceId !== undefined) rest.referenceId = o.ReferenceId;
      if (Object.keys(rest).length) await svc.updatePayment(ctx, p.id, rest);
      if (o.Status !== undefined && o.Status !== p.status) {
        if (o.Status !== 'Canceled') throw invalidValue(`'Status' can only be changed to Canceled: ${String(o.Status)}`);
        await svc.cancelPayment(ctx, p.id);
      }
      return { Success: true, Id: p.id };
    }),
  );

  r.delete('/v1/object/payment/:id', route('Object_DELETEPayment', 'Payments', { params: IdParams }), async (req) =>
    inTransaction(req.ctx, async (ctx) => {
      await svc.deletePayment(ctx, req.params.id);
      return { id: req.params.id, success: true };
    }),
  );

  r.post('/v1/object/refund', route('Object_POSTRefund', 'Refunds', { body: AnyBody }), async (req) => {
    const out = await inTransaction(req.ctx, async (ctx) => {
      const { paymentId, body } = refundCreateBody((req.body ?? {}) as Body);
      return refunds.refundPayment(ctx, paymentId, body);
    });
    if (out.failure) throw out.failure;
    return { Success: true, Id: out.refund.id };
  });

  r.get('/v1/object/refund/:id', route('Object_GETRefund', 'Refunds', { params: IdParams, querystring: Fields }), async (req) =>
    select(refundObjectView(req.ctx, await refunds.mustFindRefund(req.ctx, req.params.id)), req.query.fields),
  );

  r.put('/v1/object/refund/:id', route('Object_PUTRefund', 'Refunds', { params: IdParams, body: AnyBody }), async (req) =>
    inTransaction(req.ctx, async (ctx) => {
      const o = (req.body ?? {}) as Body;
      refuseOthers(o, ['Comment', 'ReasonCode', 'ReferenceID', 'Status', 'TransferredToAccounting'], 'an update of a refund through the object API');
      const ref = await refunds.mustFindRefund(ctx, req.params.id);
      const rest: Body = { ...extras(o) };
      if (o.Comment !== undefined) rest.comment = o.Comment;
      if (o.ReasonCode !== undefined) rest.reasonCode = o.ReasonCode;
      if (o.ReferenceID !== undefined) rest.referenceId = o.ReferenceID;
      if (o.TransferredToAccounting !== undefined) rest.financeInformation = { transferredToAccounting: o.TransferredToAccounting };
      if (Object.keys(rest).length) await refunds.updateRefund(ctx, ref.id, rest);
      if (o.Status !== undefined && o.Status !== ref.status) {
        if (o.Status !== 'Canceled') throw invalidValue(`'Status' can only be changed to Canceled: ${String(o.Status)}`);
        await refunds.cancelRefund(ctx, ref.id);
      }
      return { Success: true, Id: ref.id };
    }),
  );

  r.delete('/v1/object/refund/:id', route('Object_DELETERefund', 'Refunds', { params: IdParams }), async (req) =>
    inTransaction(req.ctx, async (ctx) => {
      await refunds.deleteRefund(ctx, req.params.id);
      return { id: req.params.id, success: true };
    }),
  );
}
