/**
 * POST /v1/accounts/{key}/billing-documents/generate (POST_GenerateBillingDocuments): bills one account
 * now, as a bill run for it would, through the billing module's engine (its contract): the account's
 * subscriptions (or the given subscriptionIds) through targetDate, one document dated effectiveDate, an
 * invoice or, for a net negative result, a credit memo (the tenant's generation rule). autoPost posts it;
 * the request runs in one transaction, so a document that cannot be made or posted leaves nothing behind,
 * as the page says of autoPost. Answers the made documents' ids ({ invoices, creditMemos, success }).
 *
 * Not built (501): autoRenew. Order line items are not billed by zbill's engine, so
 * includeOrderLineItems changes nothing; includeSubscriptions false leaves nothing to bill.
 */
import type { Ctx } from '../../platform/context.js';
import { parseDate } from '../../platform/dates.js';
import { entityNotFound, invalidValue, notImplemented } from '../../platform/errors.js';
import { getAccountByKey } from '../accounts/service.js';
import { billingEngine, type BillingChargeType } from '../billing/contract.js';
import { subscriptionReader } from '../subscriptions/service.js';
import { makeDocuments } from './service.js';

type Obj = Record<string, unknown>;

const FIELDS = ['autoPost', 'autoRenew', 'chargeTypeToExclude', 'creditMemoReasonCode', 'effectiveDate', 'includeSubscriptions', 'includeOrderLineItems', 'subscriptionIds', 'targetDate'];
const CHARGE_TYPES: Record<string, BillingChargeType> = { onetime: 'OneTime', recurring: 'Recurring', usage: 'Usage' };

function flag(b: Obj, k: string, dflt: boolean): boolean {
  const v = b[k];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'boolean') throw invalidValue(`'${k}' must be true or false`);
  return v;
}
function date(b: Obj, k: string): string | undefined {
  const v = b[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || !parseDate(v)) throw invalidValue(`'${k}' must be a date in yyyy-mm-dd format, got ${JSON.stringify(v)}`);
  return v;
}

export async function generateBillingDocuments(ctx: Ctx, accountKey: string, body: unknown): Promise<Obj> {
  const b = (body ?? {}) as Obj;
  if (typeof b !== 'object' || Array.isArray(b)) throw invalidValue('The request body must be a JSON object');
  for (const k of Object.keys(b)) if (!FIELDS.includes(k)) throw invalidValue(`'${k}' is not a field of a billing document generation`);
  const account = await getAccountByKey(ctx, accountKey);
  if (!account) throw entityNotFound(accountKey);
  if (flag(b, 'autoRenew', false)) throw notImplemented(`'autoRenew' (renewing subscriptions while generating billing documents)`);
  const autoPost = flag(b, 'autoPost', false);
  const includeSubscriptions = flag(b, 'includeSubscriptions', true);
  flag(b, 'includeOrderLineItems', true);
  const effectiveDate = date(b, 'effectiveDate') ?? ctx.today().toString();
  // no target date: what is due by the document date
  const targetDate = date(b, 'targetDate') ?? effectiveDate;
  let exclude: BillingChargeType[] | undefined;
  if (b.chargeTypeToExclude !== undefined && b.chargeTypeToExclude !== null) {
    const x = b.chargeTypeToExclude;
    if (!Array.isArray(x)) throw invalidValue(`'chargeTypeToExclude' must be a list of OneTime, Recurring, Usage`);
    exclude = [...new Set(x.map((t) => {
      const v = typeof t === 'string' ? CHARGE_TYPES[t.toLowerCase()] : undefined;
      if (!v) throw invalidValue(`'chargeTypeToExclude': ${JSON.stringify(t)} is not one of OneTime, Recurring, Usage`);
      return v;
    }))];
  }
  const reason = b.creditMemoReasonCode;
  if (reason !== undefined && reason !== null && typeof reason !== 'string') throw invalidValue(`'creditMemoReasonCode' must be a string`);
  let subscriptionNumbers: string[] | undefined;
  if (b.subscriptionIds !== undefined && b.subscriptionIds !== null) {
    if (!Array.isArray(b.subscriptionIds) || b.subscriptionIds.some((s) => typeof s !== 'string')) throw invalidValue(`'subscriptionIds' must be a list of subscription ids`);
    subscriptionNumbers = [];
    for (const id of b.subscriptionIds as string[]) {
      const sub = await subscriptionReader.getSubscription(ctx, id);
      if (!sub || sub.id !== id) throw invalidValue(`'subscriptionIds': ${id} is not the id of a subscription's latest version`);
      if (sub.invoiceOwnerAccountId !== account.id) throw invalidValue(`'subscriptionIds': the subscription ${sub.subscriptionNumber} is not billed to the account ${account.accountNumber}`);
      if (sub.status !== 'Active') throw invalidValue(`'subscriptionIds': the subscription ${sub.subscriptionNumber} is ${sub.status}, not Active`);
      subscriptionNumbers.push(sub.subscriptionNumber);
    }
  }
  const invoices: Obj[] = [];
  const creditMemos: Obj[] = [];
  if (includeSubscriptions && (subscriptionNumbers === undefined || subscriptionNumbers.length)) {
    const items = await billingEngine.proposeItems(ctx, { accountId: account.id, targetDate, subscriptionNumbers, excludeChargeTypes: exclude });
    const doc = await makeDocuments(ctx, {
      accountId: account.id,
      items,
      invoiceDate: effectiveDate,
      targetDate,
      source: 'API',
      sourceId: null,
      billRunId: null,
      post: autoPost,
      creditMemoReasonCode: (reason as string | null | undefined) || null,
    });
    if (doc) (doc.kind === 'invoice' ? invoices : creditMemos).push({ id: doc.id });
  }
  return { creditMemos, invoices, success: true };
}
