/**
 * What a subscription read adds from outside the version's own doc: the
 * bill-to, sold-to and ship-to contacts (nested, as Zuora sends them), the
 * sequence set's name and the status history across versions.
 */
import type { Ctx } from '../../platform/context.js';
import * as contacts from '../contacts/service.js';
import { getSequenceSet } from '../sequence-sets/service.js';
import * as accountsService from '../accounts/service.js';
import type { SubscriptionDoc } from './model.js';
import { statusHistoryOf } from './store.js';
import { statusHistoryOf as statusHistoryView, type SubscriptionRelated } from './view.js';

/**
 * A subscription without contacts of its own shows its account's: the
 * subscription-level contact takes precedence, the account's is the default.
 */
async function contactsOf(ctx: Ctx, doc: SubscriptionDoc) {
  let billToId = doc.billToContactId;
  let soldToId = doc.soldToContactId;
  let shipToId = doc.shipToContactId;
  if (!billToId || !soldToId || !shipToId) {
    const a = await accountsService.getAccountByKey(ctx, doc.accountId);
    billToId ??= a?.billToContactId ?? null;
    soldToId ??= a?.soldToContactId ?? null;
    shipToId ??= a?.shipToContactId ?? null;
  }
  const found = await contacts.getContacts(ctx, [billToId, soldToId, shipToId]);
  const view = (cid: string | null) => {
    const c = cid ? found.get(cid) : undefined;
    return c ? contacts.contactView(c) : null;
  };
  return { billToContact: view(billToId), soldToContact: view(soldToId), shipToContact: view(shipToId) };
}

/** The status history up to the version read: stored with the version (one row, whatever its number). */
async function historyUpTo(ctx: Ctx, doc: SubscriptionDoc) {
  return (await statusHistoryOf(ctx, doc.subscriptionNumber, doc.version)) ?? statusHistoryView([doc]);
}

export async function subscriptionRelated(ctx: Ctx, doc: SubscriptionDoc): Promise<SubscriptionRelated> {
  const [c, statusHistory, set] = await Promise.all([
    contactsOf(ctx, doc),
    historyUpTo(ctx, doc),
    doc.sequenceSetId ? getSequenceSet(ctx, doc.sequenceSetId) : Promise.resolve(undefined),
  ]);
  const out: SubscriptionRelated = { billToContact: c.billToContact, soldToContact: c.soldToContact, sequenceSetName: set?.name ?? null, statusHistory };
  if (c.shipToContact) out.shipToContact = c.shipToContact;
  return out;
}
