/**
 * The CreditMemoApplication object of the query model (object query `credit-memo-applications`,
 * ExpandedCreditMemoApplication), over memo_applications: one row per application of a credit memo to an
 * invoice or a debit memo, an unapplication being a row of its own with a negative amount. Rows never
 * change, so UpdatedDate is CreatedDate; zbill does not record who applied (CreatedById absent) nor
 * application groups.
 */
import { qf, type QueryObject } from '../queries/contract.js';

export const memoApplicationQueryObjects: QueryObject[] = [
  {
    name: 'CreditMemoApplication',
    path: 'credit-memo-applications',
    operationIds: ['queryCreditMemoApplications', 'queryCreditMemoApplicationByKey'],
    table: 'memo_applications',
    fields: [
      qf.id('Id', 'id'),
      qf.id('AccountId', 'account_id'),
      qf.dec('Amount', 'amount'),
      qf.datetime('CreatedDate', 'created_at'),
      qf.id('CreditMemoId', 'credit_memo_id'),
      qf.when('DebitMemoId', 'target_id', ['target_kind', 'debitMemo']),
      qf.date('EffectiveDate', 'effective_date'),
      qf.when('InvoiceId', 'target_id', ['target_kind', 'invoice']),
      qf.datetime('UpdatedDate', 'created_at'),
    ],
    relations: [{ name: 'creditmemo', property: 'creditMemo', object: 'CreditMemo', cardinality: 'one', localField: 'CreditMemoId', remoteField: 'Id', label: 'Credit Memo' }],
  },
];
