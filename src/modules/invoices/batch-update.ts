/**
 * PUT /v1/invoices (PUT_BatchUpdateInvoices): up to 50 invoices updated in one call, each entry an
 * invoice `id` and the fields of the single update (PUT /v1/invoices/{key}), checked by the same rules.
 *
 * Zuora answers this operation with a bare CommonResponse ({ success: true }): there are no per-invoice
 * results to report a partial outcome in, so the call is all or nothing. Every entry's shape is checked
 * before anything changes, and the updates then run in the caller's one transaction: the first invoice
 * that cannot be updated fails the request (its reason names the entry) and none of the others change.
 */
import type { Ctx } from '../../platform/context.js';
import { Category, errorCode, invalidValue, missingField, ZuoraError } from '../../platform/errors.js';
import { RES_INVOICE, UPDATE_FIELDS, updateInvoice } from './service.js';

type Obj = Record<string, unknown>;

/** "You can update a maximum of 50 invoices by one call." (the operation's page, Limitations). */
export const MAX_BATCH_UPDATE = 50;

export async function batchUpdateInvoices(ctx: Ctx, body: unknown): Promise<Obj> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalidValue('The request body must be a JSON object', RES_INVOICE);
  const b = body as Obj;
  const unknown = Object.keys(b).find((k) => k !== 'invoices');
  if (unknown) throw invalidValue(`'${unknown}' is not a field of a batch invoice update`, RES_INVOICE);
  const list = b.invoices;
  if (list === undefined || list === null) throw missingField(`'invoices' is required`, RES_INVOICE);
  if (!Array.isArray(list)) throw invalidValue(`'invoices' must be an array`, RES_INVOICE);
  if (!list.length) throw missingField(`'invoices' must name at least one invoice`, RES_INVOICE);
  if (list.length > MAX_BATCH_UPDATE) throw new ZuoraError(errorCode(RES_INVOICE, Category.LIMIT), `At most ${MAX_BATCH_UPDATE} invoices can be updated in one request; 'invoices' has ${list.length}`);
  const seen = new Set<string>();
  const entries = list.map((e: unknown, i: number) => {
    if (e === null || typeof e !== 'object' || Array.isArray(e)) throw invalidValue(`'invoices[${i}]' must be an object`, RES_INVOICE);
    const { id, ...fields } = e as Obj;
    if (id === undefined || id === null || id === '') throw missingField(`'invoices[${i}].id' is required`, RES_INVOICE);
    if (typeof id !== 'string') throw invalidValue(`'invoices[${i}].id' must be a string`, RES_INVOICE);
    if (seen.has(id)) throw invalidValue(`'invoices[${i}].id': the invoice ${id} is named more than once`, RES_INVOICE);
    seen.add(id);
    const field = Object.keys(fields).find((k) => !UPDATE_FIELDS.has(k) && !k.endsWith('__c') && !k.endsWith('__NS'));
    if (field) throw invalidValue(`'invoices[${i}].${field}' is not a field of an invoice update`, RES_INVOICE);
    return { id, fields };
  });
  for (const [i, e] of entries.entries()) {
    try {
      await updateInvoice(ctx, e.id, e.fields);
    } catch (err) {
      if (!(err instanceof ZuoraError)) throw err;
      // the entry's reason, said of which entry it is; the transaction rolls the others back
      const [first, ...more] = err.reasons;
      throw new ZuoraError(first!.code, `invoices[${i}] (${e.id}): ${first!.message}`, { more, fixedStatus: err.fixedStatus });
    }
  }
  return { success: true };
}
