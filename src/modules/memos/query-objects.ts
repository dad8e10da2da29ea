/**
 * The CreditMemo, CreditMemoItem, DebitMemo and DebitMemoItem objects of the query model (ZOQL, describe,
 * object query `credit-memos`, `credit-memo-items`, `debit-memos`, `debit-memo-items`), over the memos
 * module's tables. Fields with Zuora's names (ExpandedCreditMemo… schemas of the object query pages).
 */
import { qf, type QueryField, type QueryObject, type QueryRow } from '../queries/contract.js';

/** Zuora's Source of a memo: how the API made it (AdhocFromInvoice, AdhocFromPrpc) or BillRun/API. */
const source = (r: QueryRow) => (r.origin ?? r.source ?? null) as string | null;

function memoFields(): QueryField[] {
  return [
    qf.id('Id', 'id'),
    qf.id('AccountId', 'account_id'),
    qf.dec('Amount', 'amount'),
    qf.bool('AutoApplyUponPosting', 'auto_apply_upon_posting'),
    qf.id('BillToContactId', 'bill_to_contact_id'),
    qf.datetime('CancelledOn', 'cancelled_on'),
    qf.text('Comments', 'comment'),
    qf.datetime('CreatedDate', 'created_at'),
    qf.text('Currency', 'currency'),
    qf.bool('ExcludeFromAutoApplyRules', 'exclude_from_auto_apply_rules'),
    qf.datetime('PostedOn', 'posted_on'),
    qf.text('ReasonCode', 'reason_code'),
    qf.id('ReferredInvoiceId', 'referred_invoice_id'),
    qf.bool('Reversed', 'reversed'),
    qf.id('SequenceSetId', 'sequence_set_id'),
    qf.id('SoldToContactId', 'sold_to_contact_id'),
    qf.computed('Source', 'text', source),
    qf.text('SourceId', 'source_id'),
    qf.pick('Status', 'status', ['Draft', 'Posted', 'Canceled', 'Error', 'PendingForTax', 'Generating', 'CancelInProgress']),
    qf.date('TargetDate', 'target_date'),
    qf.dec('TaxAmount', 'tax_amount'),
    qf.pick('TransferredToAccounting', 'transferred_to_accounting', ['Processing', 'Yes', 'No', 'Error', 'Ignore']),
    qf.datetime('UpdatedDate', 'updated_at'),
  ];
}

function itemFields(documentField: string): QueryField[] {
  return [
    qf.id('Id', 'id'),
    qf.id('AccountId', 'account_id'),
    qf.dec('Amount', 'amount'),
    qf.id('AppliedToItemId', 'applied_to_item_id'),
    qf.dec('Balance', 'balance'),
    qf.datetime('ChargeDate', 'charge_date'),
    qf.text('ChargeName', 'charge_name'),
    qf.text('ChargeNumber', 'charge_number'),
    qf.text('Comment', 'comment'),
    qf.id(documentField, 'document_id'),
    qf.pick('ProcessingType', 'processing_type', ['Charge', 'Discount', 'Prepayment', 'Tax']),
    qf.id('ProductId', 'product_id'),
    qf.text('ProductName', 'product_name'),
    qf.id('ProductRatePlanChargeId', 'product_rate_plan_charge_id'),
    qf.id('ProductRatePlanId', 'product_rate_plan_id'),
    qf.dec('Quantity', 'quantity'),
    qf.id('RatePlanChargeId', 'charge_id'),
    qf.id('RatePlanId', 'rate_plan_id'),
    qf.date('ServiceEndDate', 'service_end_date'),
    qf.date('ServiceStartDate', 'service_start_date'),
    qf.text('SKU', 'sku_name'),
    qf.id('SourceItemId', 'source_item_id'),
    qf.text('SourceItemType', 'source_item_type'),
    qf.id('SubscriptionId', 'subscription_id'),
    qf.text('SubscriptionNumber', 'subscription_number'),
    qf.dec('TaxAmount', 'tax_amount'),
    qf.dec('UnitPrice', 'unit_price'),
    qf.text('UOM', 'uom'),
  ];
}

const account = { name: 'account', property: 'account', object: 'Account', cardinality: 'one' as const, localField: 'AccountId', remoteField: 'Id' };

export const memoQueryObjects: QueryObject[] = [
  {
    name: 'CreditMemo',
    label: 'Credit Memo',
    path: 'credit-memos',
    operationIds: ['queryCreditMemos', 'queryCreditMemoByKey'],
    table: 'credit_memos',
    numberField: 'MemoNumber',
    fields: [
      ...memoFields(),
      qf.dec('AppliedAmount', 'applied_amount'),
      qf.date('MemoDate', 'memo_date'),
      qf.text('MemoNumber', 'memo_number'),
      qf.dec('RefundAmount', 'refund_amount'),
      qf.dec('UnappliedAmount', 'unapplied_amount'),
    ],
    relations: [account, { name: 'creditmemoitems', property: 'creditMemoItems', object: 'CreditMemoItem', cardinality: 'many', localField: 'Id', remoteField: 'CreditMemoId', label: 'Credit Memo Items' }],
  },
  {
    name: 'CreditMemoItem',
    label: 'Credit Memo Item',
    path: 'credit-memo-items',
    operationIds: ['queryCreditMemoItems', 'queryCreditMemoItemByKey'],
    table: 'credit_memo_items',
    fields: [...itemFields('CreditMemoId'), qf.dec('AppliedAmount', 'applied_amount'), qf.dec('RefundAmount', 'refund_amount')],
    relations: [{ name: 'creditmemo', property: 'creditMemo', object: 'CreditMemo', cardinality: 'one', localField: 'CreditMemoId', remoteField: 'Id', label: 'Credit Memo' }],
  },
  {
    name: 'DebitMemo',
    label: 'Debit Memo',
    path: 'debit-memos',
    operationIds: ['queryDebitMemos', 'queryDebitMemoByKey'],
    table: 'debit_memos',
    numberField: 'MemoNumber',
    fields: [
      ...memoFields(),
      qf.bool('AutoPay', 'auto_pay'),
      qf.dec('Balance', 'balance'),
      qf.date('DueDate', 'due_date'),
      qf.date('MemoDate', 'memo_date'),
      qf.text('MemoNumber', 'memo_number'),
      qf.text('PaymentTerm', 'payment_term'),
    ],
    relations: [account, { name: 'debitmemoitems', property: 'debitMemoItems', object: 'DebitMemoItem', cardinality: 'many', localField: 'Id', remoteField: 'DebitMemoId', label: 'Debit Memo Items' }],
  },
  {
    name: 'DebitMemoItem',
    label: 'Debit Memo Item',
    path: 'debit-memo-items',
    operationIds: ['queryDebitMemoItems', 'queryDebitMemoItemByKey'],
    table: 'debit_memo_items',
    fields: itemFields('DebitMemoId'),
    relations: [{ name: 'debitmemo', property: 'debitMemo', object: 'DebitMemo', cardinality: 'one', localField: 'DebitMemoId', remoteField: 'Id', label: 'Debit Memo' }],
  },
];
