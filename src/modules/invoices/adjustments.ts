/**
 * Invoice item adjustments through the legacy CRUD object API (POST /v1/object/invoice-item-adjustment,
 * GET/PUT/DELETE /v1/object/invoice-item-adjustment/{id}), which the 2025-12-12 spec no longer lists.
 *
 * zbill's tenants run with Invoice Settlement (credit and debit memos, unapplied payments; see the
 * account balance rule and the bill run's net negative rule). Zuora's InvoiceItemAdjustment object page
 * says the object is deprecated once Invoice Settlement is enabled, and its workflow CRUD tasks leave
 * InvoiceItemAdjustment out on such tenants: an item is adjusted with a credit memo (Credit) or a debit
 * memo (Charge) from the invoice instead. So a create is refused with a rule error naming those
 * operations, and changes nothing; no adjustment ever exists, so a read, update or delete of one is
 * not found. The request's shape is still checked first, so a malformed body gets its own error.
 */
import type { Ctx } from '../../platform/context.js';
import { invalidValue, missingField, notFound, ruleViolation } from '../../platform/errors.js';
import { requireInvoice } from './service.js';

type Obj = Record<string, unknown>;

/** The InvoiceItemAdjustment object's fields that a create may carry (its field descriptions). */
const CREATE_FIELDS = [
  'AccountingCode', 'AdjustmentDate', 'AdjustmentNumber', 'Amount', 'Comment', 'DeferredRevenueAccount', 'ExcludeItemBillingFromRevenueAccounting', 'InvoiceId',
  'InvoiceItemName', 'InvoiceNumber', 'ReasonCode', 'RecognizedRevenueAccount', 'ReferenceId', 'ServiceEndDate', 'ServiceStartDate', 'SourceId', 'SourceType', 'Status', 'Type',
];

export async function createInvoiceItemAdjustment(ctx: Ctx, body: unknown): Promise<never> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalidValue('The request body must be a JSON object');
  const b = body as Obj;
  for (const k of Object.keys(b)) if (!CREATE_FIELDS.includes(k) && !k.endsWith('__c')) throw invalidValue(`'${k}' is not a field of an invoice item adjustment`);
  for (const k of ['AdjustmentDate', 'Amount', 'SourceId', 'SourceType', 'Type']) if (b[k] === undefined || b[k] === null || b[k] === '') throw missingField(`'${k}' is required`);
  if (!['InvoiceDetail', 'Tax'].includes(b.SourceType as string)) throw invalidValue(`'SourceType' must be InvoiceDetail or Tax`);
  if (!['Credit', 'Charge'].includes(b.Type as string)) throw invalidValue(`'Type' must be Credit or Charge`);
  const key = b.InvoiceId ?? b.InvoiceNumber;
  if (key === undefined || key === null || key === '') throw missingField(`'InvoiceId' or 'InvoiceNumber' is required`);
  if (typeof key !== 'string') throw invalidValue(`'${b.InvoiceId !== undefined ? 'InvoiceId' : 'InvoiceNumber'}' must be a string`);
  const inv = await requireInvoice(ctx, key);
  const memo = b.Type === 'Credit' ? 'credit memo (POST /v1/credit-memos/invoice/{invoiceKey})' : 'debit memo (POST /v1/debit-memos/invoice/{invoiceKey})';
  throw ruleViolation(
    `Invoice item adjustments are not available with Invoice Settlement, which this tenant uses: adjust ${inv.invoice_number}'s item with a ${memo} instead`,
  );
}

/** No adjustment exists (see above): Zuora's object API not-found. */
export function invoiceItemAdjustmentNotFound(id: string): never {
  throw notFound(`Cannot find the invoice item adjustment ${id}`);
}
