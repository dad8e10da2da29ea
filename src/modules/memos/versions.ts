/**
 * The API-version switches of the memo operations (docs/api-versions.md lists them all). Route-layer only.
 */
import { atLeast, type HasVersion } from '../../platform/api-version.js';

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
