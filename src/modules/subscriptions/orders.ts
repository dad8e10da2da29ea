/**
 * POST /v1/orders: resolves the accounts, applies every order action to a
 * working copy of each subscription, stores one new version per subscription,
 * the order and its actions, then runs the order-processed hooks. Everything
 * happens in the caller's transaction: one failing action keeps nothing.
 */
import type { Ctx } from '../../platform/context.js';
import { nextCounter } from '../../platform/counters.js';
import { customFieldRules, pickCustomFields } from '../../platform/custom-fields.js';
import { formatDateTime } from '../../platform/dates.js';
import { Category, errorCode, invalidValue, missingField, notFound, ruleViolation, ZuoraError } from '../../platform/errors.js';
import { formatNumber, newId } from '../../platform/ids.js';
import { orderProcessedHooks, type OrderProcessedEvent } from './contract.js';
import { createAccount, getAccount, setBillCycleDayIfAuto, type AccountInfo } from './deps.js';
import * as E from './engine.js';
import type { SubscriptionDoc } from './model.js';
import * as store from './store.js';
import { assignVersionIds } from './version-parts.js';
import { before, pd } from './terms.js';

type Obj = Record<string, unknown>;
const { isObj, RES_ORDER, RES_SUBSCRIPTION } = E;

export const ACTION_TYPES = ['CreateSubscription', 'TermsAndConditions', 'AddProduct', 'UpdateProduct', 'RemoveProduct', 'RenewSubscription', 'CancelSubscription', 'OwnerTransfer', 'Suspend', 'Resume', 'ChangePlan'];
/** Each order action type and the request field that carries its details. */
export const ACTION_FIELD: Record<string, string> = {
  CreateSubscription: 'createSubscription',
  TermsAndConditions: 'termsAndConditions',
  AddProduct: 'addProduct',
  UpdateProduct: 'updateProduct',
  RemoveProduct: 'removeProduct',
  RenewSubscription: 'renewSubscription',
  CancelSubscription: 'cancelSubscription',
  OwnerTransfer: 'ownerTransfer',
  Suspend: 'suspend',
  Resume: 'resume',
  ChangePlan: 'changePlan',
};
export const ORDER_STATUSES = ['Draft', 'Pending', 'Completed', 'Scheduled', 'Executing', 'Failed', 'Cancelled'];

export const nowStamp = (ctx: Ctx) => formatDateTime(ctx.now(), ctx.tenant.timezone);

async function resolveAccount(ctx: Ctx, key: string, field: string): Promise<AccountInfo> {
  const acc = await getAccount(ctx, key);
  if (!acc) throw invalidValue(`'${field}': no account '${key}'`, RES_ORDER);
  return acc;
}

/** Clones the latest version into the next one: new ids (derived from the original ones, version-parts.ts), the old ones remembered. */
function nextVersionOf(prev: SubscriptionDoc, ctx: Ctx): SubscriptionDoc {
  const doc = structuredClone(prev);
  doc.previousSubscriptionId = prev.id;
  doc.id = newId();
  doc.version = prev.version + 1;
  doc.updatedDate = nowStamp(ctx);
  assignVersionIds(doc);
  for (const rp of doc.ratePlans) if (rp.lastChangeType !== 'Remove') rp.lastChangeType = null;
  return doc;
}

export async function loadDoc(ctx: Ctx, key: string, version?: number): Promise<SubscriptionDoc | undefined> {
  let row: store.VersionRow | undefined;
  if (version !== undefined) row = await store.versionByNumber(ctx, key, version);
  else row = await store.latestByNumber(ctx, key);
  if (!row && version === undefined) {
    row = await store.versionById(ctx, key);
  } else if (!row && version !== undefined) {
    const byId = await store.versionById(ctx, key);
    if (byId) row = await store.versionByNumber(ctx, byId.subscription_number, version);
  }
  return row?.doc;
}

function readTriggers(v: unknown, field: string, orderDate: string) {
  let ce: string | undefined;
  let sa: string | undefined;
  let ca: string | undefined;
  if (v !== undefined && v !== null) {
    if (!Array.isArray(v)) throw invalidValue(`'${field}' must be an array`, RES_ORDER);
    v.forEach((t: unknown, i) => {
      const f = `${field}[${i}]`;
      if (!isObj(t)) throw invalidValue(`'${f}' must be an object`, RES_ORDER);
      const d = E.dateField(t.triggerDate, `${f}.triggerDate`);
      if (!d) throw missingField(`'${f}.triggerDate' is required`, RES_ORDER);
      if (t.name === 'ContractEffective') ce = d;
      else if (t.name === 'ServiceActivation') sa = d;
      else if (t.name === 'CustomerAcceptance') ca = d;
      else throw invalidValue(`'${f}.name' must be ContractEffective, ServiceActivation or CustomerAcceptance, got '${String(t.name)}'`, RES_ORDER);
    });
  }
  const contractEffective = ce ?? orderDate;
  if (sa && before(sa, contractEffective)) throw invalidValue(`'${field}': ServiceActivation (${sa}) must not be before ContractEffective (${contractEffective})`, RES_ORDER);
  if (ca && sa && before(ca, sa)) throw invalidValue(`'${field}': CustomerAcceptance (${ca}) must not be before ServiceActivation (${sa})`, RES_ORDER);
  return { contractEffective, serviceActivation: sa ?? null, customerAcceptance: ca ?? null };
}

/** Status from trigger dates: a missing date a charge waits for keeps the subscription pending. */
export function settleTriggers(doc: SubscriptionDoc): void {
  const charges = doc.ratePlans.flatMap((r) => r.charges);
  const needs = (ev: string) => charges.some((c) => c.triggerEvent === ev);
  if (!doc.serviceActivationDate && !needs('ServiceActivation')) doc.serviceActivationDate = doc.contractEffectiveDate;
  if (!doc.customerAcceptanceDate && !needs('CustomerAcceptance') && doc.serviceActivationDate) doc.customerAcceptanceDate = doc.serviceActivationDate;
  for (const c of charges) {
    if (!c.pending) continue;
    const d = c.triggerEvent === 'ServiceActivation' ? doc.serviceActivationDate : c.triggerEvent === 'CustomerAcceptance' ? doc.customerAcceptanceDate : null;
    if (!d) continue;
    const seg = c.segments[0]!;
    seg.effectiveStartDate = d;
    c.pending = false;
  }
  if (doc.status.startsWith('Pending')) {
    doc.status = !doc.serviceActivationDate ? 'Pending Activation' : !doc.customerAcceptanceDate ? 'Pending Acceptance' : 'Active';
  }
}

interface Working {
  doc: SubscriptionDoc;
  prevVersion: number | null;
  created: boolean;
}

interface ActionRecord {
  id: string;
  sequence: number;
  type: string;
  subscriptionNumber: string;
  triggers: E.TriggerDates;
  customFields: string;
  changeReason: string | null;
  json: string;
}

async function createSubscription(a: E.ActionCtx, entry: Obj, spec: unknown, order: { account: AccountInfo | null }, working: Map<string, Working>): Promise<SubscriptionDoc> {
  const f = `${a.path}.createSubscription`;
  if (!isObj(spec)) throw missingField(`'${f}' is required for a CreateSubscription action`, RES_ORDER);
  const ctx = a.ctx;
  const ownerKey = typeof spec.subscriptionOwnerAccountNumber === 'string' ? spec.subscriptionOwnerAccountNumber : undefined;
  let owner = ownerKey ? await resolveAccount(ctx, ownerKey, `${f}.subscriptionOwnerAccountNumber`) : order.account;
  if (isObj(spec.newSubscriptionOwnerAccount)) {
    const created = await createAccount(ctx, spec.newSubscriptionOwnerAccount);
    owner = await resolveAccount(ctx, created.id, `${f}.newSubscriptionOwnerAccount`);
  }
  if (!owner) throw missingField(`'existingAccountNumber' is required: the order has no account for ${f}`, RES_ORDER);
  // Zuora: the order's account (existingAccountNumber) is the invoice owner of the subscriptions it creates.
  const invoiceOwner =
    typeof spec.invoiceOwnerAccountNumber === 'string' ? await resolveAccount(ctx, spec.invoiceOwnerAccountNumber, `${f}.invoiceOwnerAccountNumber`) : (order.account ?? owner);
  if (!isObj(spec.terms)) throw missingField(`'${f}.terms' is required`, RES_ORDER);
  const terms = spec.terms;
  if (!isObj(terms.initialTerm)) throw missingField(`'${f}.terms.initialTerm' is required`, RES_ORDER);
  const it = E.readTerm(terms.initialTerm, `${f}.terms.initialTerm`);
  if (!it.termType) throw missingField(`'${f}.terms.initialTerm.termType' is required`, E.RES_TERM_TYPE);
  if (it.termType === 'TERMED' && it.period === undefined) throw missingField(`'${f}.terms.initialTerm.period' is required for a TERMED subscription`, RES_ORDER);
  const number =
    (typeof spec.subscriptionNumber === 'string' && spec.subscriptionNumber) ||
    (typeof entry.subscriptionNumber === 'string' && entry.subscriptionNumber) ||
    formatNumber('A-S', await nextCounter(ctx, 'subscription'));
  if (working.has(number) || (await store.latestByNumber(ctx, number))) throw invalidValue(`'${f}.subscriptionNumber': subscription ${number} already exists`, RES_ORDER);
  const currency = typeof spec.currency === 'string' ? spec.currency : owner.currency;
  const start = it.startDate ?? a.triggers.contractEffective;
  const id = newId();
  const stamp = nowStamp(ctx);
  const doc: SubscriptionDoc = {
    id,
    originalId: id,
    previousSubscriptionId: null,
    subscriptionNumber: number,
    version: 1,
    accountId: owner.id,
    accountNumber: owner.accountNumber,
    accountName: owner.name,
    invoiceOwnerAccountId: invoiceOwner.id,
    invoiceOwnerAccountNumber: invoiceOwner.accountNumber,
    invoiceOwnerAccountName: invoiceOwner.name,
    status: 'Pending Activation',
    termType: it.termType,
    initialTerm: it.termType === 'TERMED' ? it.period! : null,
    initialTermPeriodType: it.periodType,
    currentTerm: it.termType === 'TERMED' ? it.period! : null,
    currentTermPeriodType: it.periodType,
    renewalTerm: null,
    renewalTermPeriodType: 'Month',
    renewalSetting: 'RENEW_WITH_SPECIFIC_TERM',
    autoRenew: false,
    termStartDate: start,
    termEndDate: it.termType === 'TERMED' ? E.termEndOf(start, it.period!, it.periodType) : null,
    contractEffectiveDate: a.triggers.contractEffective,
    serviceActivationDate: a.triggers.serviceActivation,
    customerAcceptanceDate: a.triggers.customerAcceptance,
    subscriptionStartDate: a.triggers.contractEffective,
    subscriptionEndDate: null,
    cancelledDate: null,
    suspendDate: null,
    resumeDate: null,
    orderDate: a.orderDate,
    currency,
    notes: typeof spec.notes === 'string' ? spec.notes : typeof entry.notes === 'string' ? entry.notes : '',
    invoiceSeparately: spec.invoiceSeparately === true,
    paymentTerm: typeof spec.paymentTerm === 'string' ? spec.paymentTerm : null,
    invoiceTemplateId: typeof spec.invoiceTemplateId === 'string' ? spec.invoiceTemplateId : null,
    invoiceGroupNumber: typeof spec.invoiceGroupNumber === 'string' ? spec.invoiceGroupNumber : null,
    sequenceSetId: typeof spec.sequenceSetId === 'string' ? spec.sequenceSetId : null,
    billToContactId: typeof spec.billToContactId === 'string' ? spec.billToContactId : null,
    soldToContactId: typeof spec.soldToContactId === 'string' ? spec.soldToContactId : null,
    shipToContactId: typeof spec.shipToContactId === 'string' ? spec.shipToContactId : null,
    orderNumber: null,
    externallyManagedBy: null,
    createdDate: stamp,
    updatedDate: stamp,
    customFields: pickCustomFields(isObj(spec.customFields) ? spec.customFields : {}),
    ratePlans: [],
  };
  E.readRenewal(terms, `${f}.terms`, doc);
  if (doc.renewalTerm === null && doc.termType === 'TERMED') {
    doc.renewalTerm = doc.initialTerm;
    doc.renewalTermPeriodType = doc.initialTermPeriodType;
  }
  doc.subscriptionEndDate = doc.termEndDate;
  const plans = spec.subscribeToRatePlans ?? [];
  if (!Array.isArray(plans)) throw invalidValue(`'${f}.subscribeToRatePlans' must be an array`, RES_ORDER);
  for (const [i, p] of plans.entries()) {
    if (!isObj(p)) throw invalidValue(`'${f}.subscribeToRatePlans[${i}]' must be an object`, RES_ORDER);
    doc.ratePlans.push(await E.buildRatePlan(a, doc, p, `${f}.subscribeToRatePlans[${i}]`));
  }
  settleTriggers(doc);
  return doc;
}

export interface OrderOutcome {
  orderId: string;
  orderNumber: string;
  status: string;
  accountNumber: string | null;
  docs: SubscriptionDoc[];
  actions: Array<{ sequence: number; type: string; subscriptionNumber: string }>;
  response: Record<string, unknown>;
}

function wrapActionError(e: unknown, path: string, type: string, number: string | undefined): never {
  if (e instanceof ZuoraError) {
    const where = `Order action ${path} (${type}${number ? ` on ${number}` : ''})`;
    const err = new ZuoraError(e.code, `${where}: ${e.message}`, { more: e.reasons.slice(1), fixedStatus: e.fixedStatus, headers: e.headers });
    throw err;
  }
  throw e;
}

export interface ProcessOptions {
  /** Number an order already has (activating a draft or scheduled order). */
  existing?: store.OrderRow;
  /** Zuora's limit of subscriptions and of order actions in one order: 50, or 300 asynchronously. */
  limit?: number;
}

export async function processOrder(ctx: Ctx, body: Record<string, unknown>, opts: ProcessOptions = {}): Promise<OrderOutcome> {
  if (!isObj(body)) throw invalidValue('The request body must be a JSON object', RES_ORDER);
  const orderDate = E.dateField(body.orderDate, 'orderDate');
  if (!orderDate) throw missingField(`'orderDate' is required`, RES_ORDER);
  const requested = body.status ?? 'Completed';
  if (!['Draft', 'Scheduled', 'Completed', 'Pending'].includes(requested as string))
    throw invalidValue(`'status' must be Draft, Scheduled, Completed or Pending, got '${String(requested)}'`, RES_ORDER);
  if (body.category !== undefined && body.category !== 'NewSales' && body.category !== 'Return') throw invalidValue(`'category' must be NewSales or Return, got '${String(body.category)}'`, RES_ORDER);
  const subs = body.subscriptions ?? [];
  if (!Array.isArray(subs)) throw invalidValue(`'subscriptions' must be an array`, RES_ORDER);
  // checked against the tenant's Order custom field definitions, if any (defaults filled in)
  const customFields = (await customFieldRules(ctx, 'Order')).pick(isObj(body.customFields) ? body.customFields : {}, { create: true });
  const limit = opts.limit ?? 50;
  if (subs.length > limit) throw new ZuoraError(errorCode(RES_ORDER, Category.LIMIT), `An order takes at most ${limit} subscriptions; 'subscriptions' has ${subs.length}`);
  const actionCount = (subs as unknown[]).reduce((n: number, x) => n + (isObj(x) && Array.isArray(x.orderActions) ? x.orderActions.length : 0), 0);
  if (actionCount > limit) throw new ZuoraError(errorCode(RES_ORDER, Category.LIMIT), `An order takes at most ${limit} order actions; this one has ${actionCount}`);

  let account: AccountInfo | null = null;
  if (typeof body.existingAccountNumber === 'string') account = await resolveAccount(ctx, body.existingAccountNumber, 'existingAccountNumber');
  else if (typeof body.existingAccountId === 'string') account = await resolveAccount(ctx, body.existingAccountId, 'existingAccountId');
  else if (isObj(body.newAccount)) {
    if (requested === 'Draft' || requested === 'Scheduled') account = null;
    else {
      try {
        const created = await createAccount(ctx, body.newAccount);
        account = await resolveAccount(ctx, created.id, 'newAccount');
      } catch (e) {
        if (e instanceof ZuoraError) throw new ZuoraError(e.code, `newAccount: ${e.message}`, { more: e.reasons.slice(1), fixedStatus: e.fixedStatus, headers: e.headers });
        throw e;
      }
    }
  } else if (body.newAccount !== undefined) throw invalidValue(`'newAccount' must be an object`, RES_ORDER);
  else if (!subs.length || (subs as unknown[]).some((s) => isObj(s) && Array.isArray(s.orderActions) && s.orderActions.some((x: unknown) => isObj(x) && x.type === 'CreateSubscription')))
    throw missingField(`'existingAccountNumber' or 'newAccount' is required`, RES_ORDER);

  let scheduledDate: string | null = null;
  if (requested === 'Scheduled') {
    const so = isObj(body.schedulingOptions) ? body.schedulingOptions : {};
    scheduledDate = E.dateField(so.scheduledDate, 'schedulingOptions.scheduledDate') ?? null;
    if (!scheduledDate) throw missingField(`'schedulingOptions.scheduledDate' is required for a Scheduled order`, RES_ORDER);
  }

  const orderId = opts.existing?.id ?? newId();
  let orderNumber = opts.existing?.order_number;
  if (!orderNumber) {
    if (typeof body.orderNumber === 'string' && body.orderNumber) {
      if (await store.getOrder(ctx, body.orderNumber)) throw invalidValue(`'orderNumber': order ${body.orderNumber} already exists`, RES_ORDER);
      orderNumber = body.orderNumber;
    } else orderNumber = formatNumber('O-', await nextCounter(ctx, 'order'));
  }
  const stamp = nowStamp(ctx);
  const baseRow = {
    id: orderId,
    order_number: orderNumber,
    order_date: orderDate,
    account_id: account?.id ?? null,
    account_number: account?.accountNumber ?? null,
    description: typeof body.description === 'string' ? body.description : null,
    category: (body.category as string | undefined) ?? 'NewSales',
    reason_code: typeof body.reasonCode === 'string' ? body.reasonCode : null,
    scheduled_date: scheduledDate,
    currency: account?.currency ?? null,
    request_json: JSON.stringify(body),
    custom_fields: JSON.stringify(customFields),
    created_date: opts.existing?.created_date ?? stamp,
    updated_date: stamp,
  };

  if (requested === 'Draft' || requested === 'Scheduled') {
    validateShape(subs);
    if (opts.existing) await store.updateOrder(ctx, orderId, { ...baseRow, status: requested, subscriptions_json: '[]' });
    else await store.insertOrder(ctx, { ...baseRow, status: requested, subscriptions_json: '[]' });
    const response = { success: true, orderNumber, accountNumber: account?.accountNumber ?? null, status: requested };
    return { orderId, orderNumber, status: requested, accountNumber: account?.accountNumber ?? null, docs: [], actions: [], response };
  }

  const today = ctx.today().toString();
  const working = new Map<string, Working>();
  let orderCurrency: string | undefined;
  const actions: ActionRecord[] = [];
  let seq = 0;
  for (const [i, entry] of subs.entries()) {
    const sp = `subscriptions[${i}]`;
    if (!isObj(entry)) throw invalidValue(`'${sp}' must be an object`, RES_ORDER);
    const list = entry.orderActions;
    if (!Array.isArray(list) || !list.length) throw missingField(`'${sp}.orderActions' is required`, RES_ORDER);
    let number = typeof entry.subscriptionNumber === 'string' ? entry.subscriptionNumber : undefined;
    for (const [j, act] of list.entries()) {
      const path = `${sp}.orderActions[${j}]`;
      if (!isObj(act)) throw invalidValue(`'${path}' must be an object`, RES_ORDER);
      const type = act.type;
      try {
        if (type === undefined) throw missingField(`'${path}.type' is required`, RES_ORDER);
        if (!ACTION_TYPES.includes(type as string)) throw invalidValue(`'${path}.type' must be one of ${ACTION_TYPES.join(', ')}, got '${String(type)}'`, RES_ORDER);
        const triggers = readTriggers(act.triggerDates, `${path}.triggerDates`, orderDate);
        let w = number ? working.get(number) : undefined;
        const version = type === 'CreateSubscription' ? 1 : (w?.doc.version ?? 0) + (w ? 0 : 1);
        const a: E.ActionCtx = { ctx, path, orderDate, today, triggers, version, given: { serviceActivation: !!triggers.serviceActivation, customerAcceptance: !!triggers.customerAcceptance } };
        const spec = act[ACTION_FIELD[type as string]!];
        if (type === 'CreateSubscription') {
          if (w) throw ruleViolation(`'${path}': subscription ${number} is created once per order`, RES_ORDER);
          const doc = await createSubscription(a, entry, spec, { account }, working);
          // Zuora: all subscriptions in the same order use the same currency.
          if (orderCurrency && doc.currency !== orderCurrency)
            throw invalidValue(`'${path}.createSubscription.currency': the subscriptions of one order share one currency (${orderCurrency}); this one is ${doc.currency}`, RES_ORDER);
          orderCurrency ??= doc.currency;
          number = doc.subscriptionNumber;
          w = { doc, prevVersion: null, created: true };
          working.set(number, w);
        } else {
          if (!number) throw missingField(`'${sp}.subscriptionNumber' is required for a ${String(type)} action`, RES_ORDER);
          if (!w) {
            const prev = await loadDoc(ctx, number);
            if (!prev) throw invalidValue(`'${sp}.subscriptionNumber': no subscription '${number}'`, RES_SUBSCRIPTION);
            number = prev.subscriptionNumber;
            w = { doc: nextVersionOf(prev, ctx), prevVersion: prev.version, created: false };
            working.set(number, w);
            a.version = w.doc.version;
          }
          if (!a.triggers.serviceActivation) a.triggers.serviceActivation = a.triggers.contractEffective;
          if (!a.triggers.customerAcceptance) a.triggers.customerAcceptance = a.triggers.serviceActivation;
          await applyAction(a, w.doc, type as string, spec);
        }
        actions.push({
          id: newId(),
          sequence: seq++,
          type: type as string,
          subscriptionNumber: number!,
          triggers: a.triggers,
          customFields: JSON.stringify((await customFieldRules(ctx, 'OrderAction')).pick(isObj(act.customFields) ? act.customFields : {}, { create: true })),
          changeReason: typeof act.changeReason === 'string' ? act.changeReason : null,
          json: JSON.stringify(act),
        });
      } catch (e) {
        wrapActionError(e, path, String(type), number);
      }
    }
    const w = working.get(number!)!;
    if (isObj(entry.customFields)) w.doc.customFields = { ...w.doc.customFields, ...pickCustomFields(entry.customFields) };
    if (typeof entry.notes === 'string') w.doc.notes = entry.notes;
  }

  const docs = [...working.values()];
  let orderStatus = requested === 'Pending' ? 'Pending' : 'Completed';
  for (const w of docs) {
    w.doc.orderNumber = orderNumber;
    if (w.created && w.doc.status.startsWith('Pending')) orderStatus = 'Pending';
    // Only charges this order added can keep it pending (a pending charge of an earlier version belongs to its own order).
    if (w.doc.ratePlans.some((r) => r.charges.some((c) => c.pending && c.segments[0]!.version === w.doc.version))) orderStatus = 'Pending';
  }
  for (const w of docs) await store.insertVersion(ctx, w.doc, orderId, stamp);
  const subsOut = docs.map((w) => ({
    subscriptionNumber: w.doc.subscriptionNumber,
    subscriptionId: w.doc.id,
    subscriptionOwnerId: w.doc.accountId,
    subscriptionOwnerNumber: w.doc.accountNumber,
    status: w.doc.status,
  }));
  const row = { ...baseRow, status: orderStatus, subscriptions_json: JSON.stringify(subsOut.map((s, k) => ({ ...s, version: docs[k]!.doc.version }))) };
  if (opts.existing) await store.updateOrder(ctx, orderId, row);
  else await store.insertOrder(ctx, row);
  for (const r of actions)
    await store.insertAction(ctx, {
      id: r.id,
      order_id: orderId,
      sequence: r.sequence,
      type: r.type,
      subscription_number: r.subscriptionNumber,
      subscription_version: working.get(r.subscriptionNumber)?.doc.version ?? null,
      contract_effective_date: r.triggers.contractEffective,
      service_activation_date: r.triggers.serviceActivation,
      customer_acceptance_date: r.triggers.customerAcceptance,
      change_reason: r.changeReason,
      action_json: r.json,
      custom_fields: r.customFields,
    });

  for (const w of docs) {
    if (!w.created) continue;
    const starts = w.doc.ratePlans.flatMap((r) => r.charges.filter((c) => !c.pending).map((c) => c.segments[0]!.effectiveStartDate)).sort();
    if (starts.length) await setBillCycleDayIfAuto(ctx, w.doc.accountId, pd(starts[0]!).day);
  }

  for (const w of docs) if (!w.created && !isPending(w.doc)) await completeSettledOrders(ctx, w.doc.subscriptionNumber, orderId);

  const event: OrderProcessedEvent = {
    orderNumber,
    orderId,
    status: orderStatus,
    request: body,
    subscriptions: docs.map((w) => ({ subscriptionNumber: w.doc.subscriptionNumber, subscriptionId: w.doc.id, version: w.doc.version, previousVersion: w.prevVersion })),
    accountId: account?.id ?? docs[0]?.doc.invoiceOwnerAccountId ?? null,
    accountNumber: account?.accountNumber ?? docs[0]?.doc.invoiceOwnerAccountNumber ?? null,
    responseExtras: {},
  };
  for (const hook of orderProcessedHooks) await hook(ctx, event);

  const response: Record<string, unknown> = {
    success: true,
    orderNumber,
    accountNumber: account?.accountNumber ?? docs[0]?.doc.accountNumber ?? null,
    status: orderStatus,
    subscriptions: subsOut.map(({ subscriptionNumber, subscriptionOwnerId, subscriptionOwnerNumber, status }) => ({ subscriptionNumber, subscriptionOwnerId, subscriptionOwnerNumber, status })),
    ...event.responseExtras,
  };
  return {
    orderId,
    orderNumber,
    status: orderStatus,
    accountNumber: response.accountNumber as string | null,
    docs: docs.map((w) => w.doc),
    actions: actions.map((a) => ({ sequence: a.sequence, type: a.type, subscriptionNumber: a.subscriptionNumber })),
    response,
  };
}

const isPending = (d: SubscriptionDoc) => d.status.startsWith('Pending') || d.ratePlans.some((r) => r.charges.some((c) => c.pending));

/** Earlier Pending orders of a subscription complete once none of their subscriptions waits for anything. */
async function completeSettledOrders(ctx: Ctx, number: string, exceptOrderId: string): Promise<void> {
  const ids = (await store.orderIdsBySubscription(ctx, number)).filter((id) => id !== exceptOrderId);
  for (const o of await store.listOrders(ctx, { ids, status: 'Pending' }, 1000, 0)) {
    const infos = JSON.parse(o.subscriptions_json) as Array<{ subscriptionNumber: string; status: string }>;
    let settled = true;
    for (const i of infos) {
      const latest = await loadDoc(ctx, i.subscriptionNumber);
      if (!latest || isPending(latest)) settled = false;
      else i.status = latest.status;
    }
    if (settled) await store.updateOrder(ctx, o.id, { status: 'Completed', subscriptions_json: JSON.stringify(infos), updated_date: nowStamp(ctx) });
  }
}

function validateShape(subs: unknown[]): void {
  subs.forEach((entry, i) => {
    if (!isObj(entry)) throw invalidValue(`'subscriptions[${i}]' must be an object`, RES_ORDER);
    const list = entry.orderActions;
    if (!Array.isArray(list) || !list.length) throw missingField(`'subscriptions[${i}].orderActions' is required`, RES_ORDER);
    list.forEach((act: unknown, j: number) => {
      const path = `subscriptions[${i}].orderActions[${j}]`;
      if (!isObj(act) || !ACTION_TYPES.includes(act.type as string))
        throw invalidValue(`'${path}.type' must be one of ${ACTION_TYPES.join(', ')}, got '${String(isObj(act) ? act.type : act)}'`, RES_ORDER);
    });
  });
}

async function applyAction(a: E.ActionCtx, doc: SubscriptionDoc, type: string, spec: unknown): Promise<void> {
  switch (type) {
    case 'AddProduct':
      return E.addProduct(a, doc, spec);
    case 'UpdateProduct':
      return E.updateProduct(a, doc, spec);
    case 'RemoveProduct':
      return E.removeProduct(a, doc, spec);
    case 'TermsAndConditions':
      return E.termsAndConditions(a, doc, spec);
    case 'RenewSubscription':
      return E.renewSubscription(a, doc, spec);
    case 'CancelSubscription':
      E.cancelSubscription(a, doc, spec);
      return;
    case 'Suspend':
      E.suspend(a, doc, spec);
      return;
    case 'Resume':
      E.resume(a, doc, spec);
      return;
    case 'OwnerTransfer':
      return E.ownerTransfer(a, doc, spec, async (key, field) => resolveAccount(a.ctx, key, field));
    case 'ChangePlan':
      return E.changePlan(a, doc, spec);
  }
}

export async function requireOrder(ctx: Ctx, number: string): Promise<store.OrderRow> {
  const o = await store.getOrder(ctx, number);
  if (!o) throw notFound(`Order ${number} does not exist`);
  return o;
}

