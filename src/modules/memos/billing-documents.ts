/**
 * The account's credit and debit memos in GET /v1/billing-documents (the invoices contract's source,
 * added in join()): a credit memo's balance is its unapplied amount, a debit memo's its balance.
 */
import type { Ctx } from '../../platform/context.js';
import type { BillingDocument, BillingDocumentFilter } from '../invoices/contract.js';
import { listMemos, type ListFilter } from './store.js';

export async function memoBillingDocuments(ctx: Ctx, accountId: string, f: BillingDocumentFilter): Promise<BillingDocument[]> {
  const filters: ListFilter[] = [{ field: 'account_id', op: '=', value: accountId }];
  if (f.documentDate) filters.push({ field: 'memo_date', op: '=', value: f.documentDate });
  if (f.status) filters.push({ field: 'status', op: '=', value: f.status });
  const out: BillingDocument[] = [];
  for (const kind of ['creditMemo', 'debitMemo'] as const) {
    const rows = await listMemos(ctx, kind, filters, [], 1_000_000, 0);
    for (const r of rows) {
      out.push({
        id: r.id,
        documentType: kind === 'creditMemo' ? 'CreditMemo' : 'DebitMemo',
        documentNumber: r.memo_number,
        documentDate: r.memo_date,
        accountId: r.account_id,
        accountNumber: r.account_number,
        amount: r.amount,
        balance: 'unapplied_amount' in r ? r.unapplied_amount : r.balance,
        status: r.status,
        currency: r.currency,
      });
    }
  }
  return out;
}
