/**
 * The API-version switches of the memo operations (docs/api-versions.md lists them all). Route-layer only.
 */
import { atLeast, type HasVersion } from '../../platform/api-version.js';
import { unknownField } from '../../platform/errors.js';

type Obj = Record<string, unknown>;

/**
 * A credit memo item (GET /v1/credit-memos/{key}/items and …/items/{id}) holds its taxes in
 * `taxationItems` ({ data: [...] }) from 239.0 on, and in `creditTaxItems` (the list itself) up to 238.0,
 * as Zuora's older generated clients still model it (GETCreditMemoItemTypewithSuccess.creditTaxItems).
 */
export function creditMemoItemResponse(v: HasVersion, item: Obj): Obj {
  if (atLeast(v, '239.0') || !('taxationItems' in item)) return item;
  const { taxationItems, ...rest } = item;
  const data = taxationItems !== null && typeof taxationItems === 'object' && Array.isArray((taxationItems as Obj).data) ? ((taxationItems as Obj).data as unknown[]) : [];
  return { ...rest, creditTaxItems: data };
}

/**
 * Create a credit or debit memo from charges (POST /v1/credit-memos, POST /v1/debit-memos): each charge's
 * amount is `amount` from 224.0 on and `memoItemAmount` up to 223.0. The name the request's version does
 * not have is refused (category 21, nothing is made); the body the service sees says `amount`.
 */
export function memoFromChargesRequest(v: HasVersion, body: unknown, resource: number): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body) || !Array.isArray((body as Obj).charges)) return body;
  const newer = atLeast(v, '224.0');
  const charges = ((body as Obj).charges as unknown[]).map((c, n) => {
    if (c === null || typeof c !== 'object' || Array.isArray(c)) return c;
    const o = c as Obj;
    if (newer && o.memoItemAmount !== undefined)
      throw unknownField(`'charges[${n}].memoItemAmount' is the name before Zuora-Version 224.0; from 224.0 on the field is 'amount'`, resource);
    if (!newer && o.amount !== undefined) throw unknownField(`'charges[${n}].amount' is available from Zuora-Version 224.0; on this version the field is 'memoItemAmount'`, resource);
    if (newer || o.memoItemAmount === undefined) return o;
    const { memoItemAmount, ...rest } = o;
    return { ...rest, amount: memoItemAmount };
  });
  return { ...(body as Obj), charges };
}
