/**
 * GET /v1/billing-documents (GET_BillingDocuments): an account's invoices, credit memos and debit memos
 * in one list, with the page's filters (documentDate, status) and sort (documentDate, documentType; at
 * most two fields; "-" ascending, "+" or no operator descending, as the page gives it; by default
 * documentDate descending). Invoices are this module's; the memos module adds its documents as a source
 * when it joins (addOnce). The lists are merged and paged here. Re-exported by contract.ts.
 */
import type { Ctx } from '../../platform/context.js';
import { entityNotFound, invalidValue, missingField } from '../../platform/errors.js';
import { parseDate } from '../../platform/dates.js';
import { toJsonNumber } from '../../platform/money.js';
import { getAccountByKey } from '../accounts/service.js';
import * as store from './store.js';

/** One billing document as the page lists it (amounts as decimal strings here). */
export interface BillingDocument {
  id: string;
  documentType: 'Invoice' | 'CreditMemo' | 'DebitMemo';
  documentNumber: string;
  documentDate: string;
  accountId: string;
  accountNumber: string;
  amount: string;
  balance: string;
  status: string;
  currency: string;
}
export interface BillingDocumentFilter {
  documentDate?: string;
  status?: string;
}
export type BillingDocumentSource = (ctx: Ctx, accountId: string, filter: BillingDocumentFilter) => Promise<BillingDocument[]>;
export const billingDocumentSources: BillingDocumentSource[] = [];

const STATUSES = ['Draft', 'Posted', 'Canceled', 'Error'];
const SORTABLE = ['documentDate', 'documentType'];

type Sort = Array<{ field: 'documentDate' | 'documentType'; dir: 1 | -1 }>;

/** "+documentDate,-documentType" → fields with their order ("-" ascending, "+" or none descending). */
export function parseBillingDocumentSort(sort: string | undefined): Sort {
  if (sort === undefined || sort.trim() === '') return [{ field: 'documentDate', dir: -1 }];
  const parts = sort.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length > 2) throw invalidValue(`'sort' takes at most two fields, got ${parts.length}`);
  return parts.map((p) => {
    const op = p[0] === '-' || p[0] === '+' ? p[0] : '';
    const field = p.slice(op.length).trim();
    if (!SORTABLE.includes(field)) throw invalidValue(`'sort': ${field} is not a sortable field (documentDate, documentType)`);
    return { field: field as 'documentDate' | 'documentType', dir: op === '-' ? 1 : -1 };
  });
}

async function invoiceDocuments(ctx: Ctx, accountId: string, f: BillingDocumentFilter): Promise<BillingDocument[]> {
  const rows = await store.invoiceDocumentsOfAccount(ctx, accountId, f);
  return rows.map((r) => ({
    id: r.id,
    documentType: 'Invoice',
    documentNumber: r.invoice_number,
    documentDate: r.invoice_date,
    accountId: r.account_id,
    accountNumber: r.account_number,
    amount: r.amount,
    balance: r.balance,
    status: r.status,
    currency: r.currency,
  }));
}

/** Every billing document of the account, whatever its status or date (invoices, then what the sources add), unordered. */
export async function accountBillingDocuments(ctx: Ctx, accountId: string): Promise<BillingDocument[]> {
  const docs = await invoiceDocuments(ctx, accountId, {});
  for (const src of billingDocumentSources) docs.push(...(await src(ctx, accountId, {})));
  return docs;
}

export async function billingDocuments(ctx: Ctx, q: { accountId?: string; accountNumber?: string; documentDate?: string; status?: string; sort?: string }, page: { limit: number; offset: number }): Promise<Array<Record<string, unknown>>> {
  const key = q.accountId || q.accountNumber;
  if (!key) throw missingField(`'accountId' or 'accountNumber' is required`);
  const account = await getAccountByKey(ctx, key);
  if (!account) throw entityNotFound(key);
  if (q.accountId && account.id !== q.accountId && account.accountNumber !== q.accountId) throw entityNotFound(q.accountId);
  if (q.accountId && q.accountNumber && account.accountNumber !== q.accountNumber) throw invalidValue(`'accountId' (${q.accountId}) and 'accountNumber' (${q.accountNumber}) name different accounts`);
  if (q.documentDate !== undefined && !parseDate(q.documentDate)) throw invalidValue(`'documentDate' must be a date in yyyy-mm-dd format, got ${JSON.stringify(q.documentDate)}`);
  if (q.status !== undefined && !STATUSES.includes(q.status)) throw invalidValue(`'status' must be one of ${STATUSES.join(', ')}`);
  const sort = parseBillingDocumentSort(q.sort);
  const filter: BillingDocumentFilter = { documentDate: q.documentDate, status: q.status };
  const docs = await invoiceDocuments(ctx, account.id, filter);
  for (const src of billingDocumentSources) docs.push(...(await src(ctx, account.id, filter)));
  docs.sort((a, b) => {
    for (const s of sort) {
      const c = a[s.field].localeCompare(b[s.field]);
      if (c) return c * s.dir;
    }
    // the same date and type: the newest number first
    return b.documentNumber.localeCompare(a.documentNumber);
  });
  return docs.slice(page.offset, page.offset + page.limit).map((d) => ({
    accountId: d.accountId,
    accountNumber: d.accountNumber,
    amount: toJsonNumber(d.amount),
    balance: toJsonNumber(d.balance),
    documentDate: d.documentDate,
    documentNumber: d.documentNumber,
    documentType: d.documentType,
    id: d.id,
    status: d.status,
    currency: d.currency,
  }));
}
