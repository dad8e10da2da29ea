/** Payments, parts and refunds in the v1 API's shape (the GET operations' schemas and samples). */
import type { Ctx } from '../../platform/context.js';
import { parseCustomFields } from '../../platform/custom-fields.js';
import { formatDateTime, Temporal } from '../../platform/dates.js';
import { D, toJsonNumber } from '../../platform/money.js';
import type { ItemPartRow, PartRow, PaymentRow, RefundRow } from './store.js';

type Obj = Record<string, unknown>;

export const stamp = (ctx: Ctx, iso: string | null) => (iso ? formatDateTime(Temporal.Instant.from(iso), ctx.tenant.timezone) : null);

export function unappliedOf(p: Pick<PaymentRow, 'amount' | 'applied_amount' | 'refund_amount'>) {
  return new D(p.amount).minus(p.applied_amount).minus(p.refund_amount);
}

export interface Finance {
  bankAccountAccountingCode: string | null;
  unappliedPaymentAccountingCode: string | null;
  transferredToAccounting: string | null;
}

function financeView(json: string): Obj {
  const f = JSON.parse(json) as Finance;
  return {
    bankAccountAccountingCode: f.bankAccountAccountingCode ?? null,
    bankAccountAccountingCodeType: null,
    transferredToAccounting: f.transferredToAccounting ?? 'No',
    unappliedPaymentAccountingCode: f.unappliedPaymentAccountingCode ?? null,
    unappliedPaymentAccountingCodeType: null,
  };
}

export function paymentView(ctx: Ctx, p: PaymentRow, accountNumber: string | null): Obj {
  return {
    id: p.id,
    number: p.number,
    status: p.status,
    type: p.type,
    accountId: p.account_id,
    accountNumber,
    amount: toJsonNumber(p.amount),
    appliedAmount: toJsonNumber(p.applied_amount),
    unappliedAmount: toJsonNumber(unappliedOf(p)),
    refundAmount: toJsonNumber(p.refund_amount),
    // Invoice Settlement keeps no credit balance: overpayments stay unapplied
    creditBalanceAmount: 0,
    currency: p.currency,
    effectiveDate: p.effective_date,
    comment: p.comment,
    paymentMethodId: p.payment_method_id,
    paymentMethodSnapshotId: p.payment_method_snapshot_id ?? null,
    authTransactionId: p.auth_transaction_id,
    bankIdentificationNumber: null,
    gatewayId: p.gateway_id,
    paymentGatewayNumber: null,
    gatewayOrderId: p.gateway_order_id,
    gatewayResponse: p.gateway_response,
    gatewayResponseCode: p.gateway_response_code,
    gatewayState: p.gateway_state,
    markedForSubmissionOn: null,
    referenceId: p.reference_id,
    secondPaymentReferenceId: p.second_reference_id,
    softDescriptor: p.soft_descriptor,
    softDescriptorPhone: p.soft_descriptor_phone,
    submittedOn: stamp(ctx, p.submitted_on),
    settledOn: stamp(ctx, p.settled_on),
    cancelledOn: stamp(ctx, p.cancelled_on),
    createdDate: stamp(ctx, p.created_at),
    createdById: p.created_by,
    updatedDate: stamp(ctx, p.updated_at),
    updatedById: p.updated_by,
    financeInformation: financeView(p.finance),
    gatewayReconciliationStatus: p.gateway_reconciliation_status,
    gatewayReconciliationReason: p.gateway_reconciliation_reason,
    payoutId: null,
    prepayment: false,
    standalone: false,
    paymentScheduleKey: null,
    ...parseCustomFields(p.custom_fields),
  };
}

/** A payment in GET /v1/payments' list: the payment and its paymentOption (the list's schema has it). */
export function paymentListView(ctx: Ctx, p: PaymentRow, accountNumber: string | null): Obj {
  return { ...paymentView(ctx, p, accountNumber), paymentOption: p.payment_option ? (JSON.parse(p.payment_option) as unknown[]) : null };
}

export function partView(ctx: Ctx, r: PartRow): Obj {
  return {
    id: r.id,
    amount: toJsonNumber(r.amount),
    invoiceId: r.document_kind === 'invoice' ? r.document_id : null,
    debitMemoId: r.document_kind === 'debitMemo' ? r.document_id : null,
    createdById: r.created_by,
    createdDate: stamp(ctx, r.created_at),
    updatedById: r.updated_by,
    updatedDate: stamp(ctx, r.updated_at),
  };
}

export function itemPartView(ctx: Ctx, part: PartRow, r: ItemPartRow): Obj {
  return {
    id: r.id,
    amount: toJsonNumber(r.amount),
    invoiceItemId: part.document_kind === 'invoice' ? r.item_id : null,
    debitMemoItemId: part.document_kind === 'debitMemo' ? r.item_id : null,
    taxItemId: r.tax_item_id,
    createdById: r.created_by,
    createdDate: stamp(ctx, r.created_at),
    updatedById: r.updated_by,
    updatedDate: stamp(ctx, r.updated_at),
  };
}

export function refundView(ctx: Ctx, r: RefundRow, paymentNumber: string | null): Obj {
  return {
    id: r.id,
    number: r.number,
    status: r.status,
    type: r.type,
    methodType: r.method_type,
    accountId: r.account_id,
    amount: toJsonNumber(r.amount),
    refundDate: r.refund_date,
    comment: r.comment,
    paymentMethodId: r.payment_method_id,
    paymentMethodSnapshotId: r.payment_method_snapshot_id ?? null,
    paymentId: r.payment_id,
    paymentNumber,
    creditMemoId: null,
    reasonCode: r.reason_code,
    gatewayId: r.gateway_id,
    paymentGatewayNumber: null,
    gatewayResponse: r.gateway_response,
    gatewayResponseCode: r.gateway_response_code,
    gatewayState: r.gateway_state,
    markedForSubmissionOn: null,
    referenceId: r.reference_id,
    secondRefundReferenceId: r.second_reference_id,
    softDescriptor: r.soft_descriptor,
    softDescriptorPhone: r.soft_descriptor_phone,
    submittedOn: stamp(ctx, r.submitted_on),
    settledOn: stamp(ctx, r.settled_on),
    cancelledOn: stamp(ctx, r.cancelled_on),
    createdDate: stamp(ctx, r.created_at),
    createdById: r.created_by,
    updatedDate: stamp(ctx, r.updated_at),
    updatedById: r.updated_by,
    refundTransactionTime: stamp(ctx, r.transaction_at),
    financeInformation: financeView(r.finance),
    gatewayReconciliationStatus: r.gateway_reconciliation_status,
    gatewayReconciliationReason: r.gateway_reconciliation_reason,
    payoutId: null,
    ...parseCustomFields(r.custom_fields),
  };
}

export function refundPartView(ctx: Ctx, r: RefundRow): Obj {
  return {
    id: r.part_id,
    amount: toJsonNumber(r.amount),
    paymentId: r.payment_id,
    creditMemoId: null,
    createdById: r.created_by,
    createdDate: stamp(ctx, r.created_at),
    updatedById: r.updated_by,
    updatedDate: stamp(ctx, r.updated_at),
  };
}
