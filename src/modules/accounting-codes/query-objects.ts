/** The AccountingCode object of the query model (ZOQL and describe; the object query tag has no route for it). */
import { qf, type QueryObject } from '../queries/contract.js';

const rw = { createable: true, updateable: true };

export const accountingCodeQueryObjects: QueryObject[] = [
  {
    name: 'AccountingCode',
    table: 'accounting_codes',
    customFields: 'custom_fields',
    fields: [
      qf.id('Id', 'id'),
      qf.text('Category', 'type', { filterable: false, read: (r) => categoryOf(String(r.type)) }),
      qf.datetime('CreatedDate', 'created_on'),
      qf.text('GLAccountName', 'gl_account_name', rw),
      qf.text('GLAccountNumber', 'gl_account_number', rw),
      qf.text('Name', 'name', rw),
      qf.text('Notes', 'notes', rw),
      qf.pick('Status', 'status', ['Active', 'Inactive']),
      qf.text('Type', 'type', rw),
      qf.datetime('UpdatedDate', 'updated_on'),
    ],
  },
];

/** Zuora's category of an accounting code type (Assets, Liabilities, Equity, Revenue, Expenses). */
function categoryOf(type: string): string | null {
  const t = type.toLowerCase();
  if (['cash', 'accountsreceivable', 'accounts receivable', 'otherassets', 'other assets'].includes(t)) return 'Assets';
  if (['accountspayable', 'accounts payable', 'deferredrevenue', 'deferred revenue', 'salestaxpayable', 'sales tax payable', 'otherliabilities', 'other liabilities'].includes(t)) return 'Liabilities';
  if (['otherequity', 'other equity'].includes(t)) return 'Equity';
  if (['salesrevenue', 'sales revenue', 'salesdiscounts', 'sales discounts', 'otherrevenue', 'other revenue'].includes(t)) return 'Revenue';
  if (['otherexpenses', 'other expenses'].includes(t)) return 'Expenses';
  return null;
}
