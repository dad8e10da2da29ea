/**
 * The PaymentApplication, RefundApplication and RefundApplicationItem objects of the query model (object
 * query `payment-applications`, `refund-applications`, `refund-application-items`; the Expanded… schemas).
 *
 * - PaymentApplication: one per payment part (what a payment applies to one invoice or debit memo; the
 *   part holds the amount applied now, an unapplication lowers it), its account and effective date the
 *   payment's (read by a subquery on payments: still one statement). Status is always Processed (zbill
 *   applies at once).
 * - RefundApplication / RefundApplicationItem: a payment refund's one part and one item part (refunds
 *   columns part_id and item_part_id, the ids GET /v1/refunds/{id}/parts answers). Credit memo refunds
 *   are not in them yet (the Refund object leaves them out too).
 */
import { qf, type QueryObject } from '../queries/contract.js';

const fromPayment = (column: string) => ({ table: 'payments', key: 'id', from: 'payment_parts.payment_id', column });

export const paymentApplicationQueryObjects: QueryObject[] = [
  {
    name: 'PaymentApplication',
    path: 'payment-applications',
    operationIds: ['queryPaymentApplications', 'queryPaymentApplicationByKey'],
    table: 'payment_parts',
    fields: [
      qf.id('Id', 'id'),
      qf.via('AccountId', 'text', fromPayment('account_id')),
      qf.dec('ApplyAmount', 'amount'),
      qf.text('CreatedById', 'created_by', { exact: true }),
      qf.datetime('CreatedDate', 'created_at'),
      qf.when('DebitMemoId', 'document_id', ['document_kind', 'debitMemo']),
      qf.via('EffectiveDate', 'date', fromPayment('effective_date')),
      qf.when('InvoiceId', 'document_id', ['document_kind', 'invoice']),
      qf.computed('PaymentApplicationStatus', 'picklist', () => 'Processed', { values: ['Processing', 'Processed', 'Cancelled'] }),
      qf.id('PaymentId', 'payment_id'),
      qf.text('UpdatedById', 'updated_by', { exact: true }),
      qf.datetime('UpdatedDate', 'updated_at'),
    ],
    relations: [{ name: 'payment', property: 'payment', object: 'Payment', cardinality: 'one', localField: 'PaymentId', remoteField: 'Id' }],
  },
  {
    name: 'RefundApplication',
    path: 'refund-applications',
    operationIds: ['queryRefundApplications', 'queryRefundApplicationByKey'],
    table: 'refunds',
    fixed: { deleted: 0 },
    fields: [
      qf.id('Id', 'part_id'),
      qf.id('AccountId', 'account_id'),
      qf.dec('ApplyAmount', 'amount'),
      qf.text('CreatedById', 'created_by', { exact: true }),
      qf.datetime('CreatedDate', 'created_at'),
      qf.date('EffectiveDate', 'refund_date'),
      qf.id('PaymentId', 'payment_id'),
      qf.id('RefundId', 'id'),
      qf.text('UpdatedById', 'updated_by', { exact: true }),
      qf.datetime('UpdatedDate', 'updated_at'),
    ],
    relations: [
      { name: 'refund', property: 'refund', object: 'Refund', cardinality: 'one', localField: 'RefundId', remoteField: 'Id' },
      { name: 'payment', property: 'payment', object: 'Payment', cardinality: 'one', localField: 'PaymentId', remoteField: 'Id' },
      { name: 'refundapplicationitems', property: 'refundApplicationItems', object: 'RefundApplicationItem', cardinality: 'many', localField: 'Id', remoteField: 'RefundApplicationId' },
    ],
  },
  {
    name: 'RefundApplicationItem',
    path: 'refund-application-items',
    operationIds: ['queryRefundApplicationItems', 'queryRefundApplicationItemByKey'],
    table: 'refunds',
    fixed: { deleted: 0 },
    fields: [
      qf.id('Id', 'item_part_id'),
      qf.dec('Amount', 'amount'),
      qf.text('CreatedById', 'created_by', { exact: true }),
      qf.datetime('CreatedDate', 'created_at'),
      qf.date('EffectiveDate', 'refund_date'),
      qf.id('RefundApplicationId', 'part_id'),
      qf.text('UpdatedById', 'updated_by', { exact: true }),
      qf.datetime('UpdatedDate', 'updated_at'),
    ],
    relations: [{ name: 'refundapplication', property: 'refundApplication', object: 'RefundApplication', cardinality: 'one', localField: 'RefundApplicationId', remoteField: 'Id', label: 'Refund Application' }],
  },
];
