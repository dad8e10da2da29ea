/**
 * The subscription API before orders (POST/PUT /v1/subscriptions, renew,
 * cancel, suspend, resume, preview): each call becomes an order with the
 * matching order actions and runs on the same machinery.
 */
import type { Ctx } from '../../platform/context.js';
import { pickCustomFields } from '../../platform/custom-fields.js';
import { invalidValue, missingField, notImplemented, ruleViolation } from '../../platform/errors.js';
import { getAccountByKey } from '../accounts/service.js';
import { getAccount } from './deps.js';
import { dateField, isObj, RES_SUBSCRIPTION, RES_TERM_TYPE } from './engine.js';
import type { SubscriptionDoc } from './model.js';
import { previewOrder } from './order-service.js';
import { processOrder } from './orders.js';
import { orderPreviewBuilders } from './contract.js';
import { requireSubscription, toRecord } from './service.js';
import { legacyBillingOptions } from './versions.js';
import { subscriptionMetrics } from './view.js';

type Obj = Record<string, unknown>;

function legacyPricing(o: Obj): Obj {
  const p: Obj = {};
  for (const k of ['price', 'quantity', 'tiers', 'discountAmount', 'discountPercentage', 'includedUnits', 'overagePrice']) if (o[k] !== undefined) p[k === 'price' ? 'listPrice' : k] = o[k];
  return Object.keys(p).length ? { legacy: p } : {};
}

function legacyChargeOverride(o: unknown, field: string): Obj {
  if (!isObj(o)) throw invalidValue(`'${field}' must be an object`, RES_SUBSCRIPTION);
  const out: Obj = { productRatePlanChargeId: o.productRatePlanChargeId, pricing: legacyPricing(o), customFields: pickCustomFields(o) };
  if (o.triggerEvent !== undefined || o.triggerDate !== undefined) out.startDate = { triggerEvent: o.triggerEvent ?? 'SpecificDate', specificTriggerDate: o.triggerDate };
  if (o.endDateCondition !== undefined) out.endDate = { endDateCondition: o.endDateCondition, upToPeriods: o.upToPeriods, upToPeriodsType: o.upToPeriodsType, specificEndDate: o.specificEndDate };
  const billing: Obj = {};
  for (const k of ['billCycleDay', 'billCycleType', 'billingPeriod', 'billingPeriodAlignment', 'billingTiming', 'specificBillingPeriod', 'weeklyBillCycleDay']) if (o[k] !== undefined) billing[k] = o[k];
  if (o.billCycleType === undefined && o.billingDay !== undefined) billing.billCycleType = o.billingDay;
  if (Object.keys(billing).length) out.billing = billing;
  return out;
}

function legacyRatePlan(p: unknown, field: string): Obj {
  if (!isObj(p)) throw invalidValue(`'${field}' must be an object`, RES_SUBSCRIPTION);
  const co = p.chargeOverrides ?? [];
  if (!Array.isArray(co)) throw invalidValue(`'${field}.chargeOverrides' must be an array`, RES_SUBSCRIPTION);
  return {
    productRatePlanId: p.productRatePlanId,
    productRatePlanNumber: p.productRatePlanNumber,
    customFields: pickCustomFields(p),
    chargeOverrides: co.map((o, i) => legacyChargeOverride(o, `${field}.chargeOverrides[${i}]`)),
  };
}

function triggers(ce: string, sa?: string, ca?: string) {
  const t = [{ name: 'ContractEffective', triggerDate: ce }];
  if (sa) t.push({ name: 'ServiceActivation', triggerDate: sa });
  if (ca) t.push({ name: 'CustomerAcceptance', triggerDate: ca });
  return t;
}

function termPeriodType(v: unknown, field: string): string {
  if (v === undefined || v === null) return 'Month';
  if (!['Month', 'Year', 'Day', 'Week'].includes(v as string)) throw invalidValue(`'${field}' must be Month, Year, Day or Week, got '${String(v)}'`, RES_SUBSCRIPTION);
  return v as string;
}

/** POST /v1/subscriptions as an order with one CreateSubscription action. */
export async function createOrderBody(ctx: Ctx, body: Obj): Promise<Obj> {
  if (typeof body.accountKey !== 'string' || !body.accountKey) throw missingField(`'accountKey' is required`, RES_SUBSCRIPTION);
  const acc = await getAccount(ctx, body.accountKey);
  if (!acc) throw invalidValue(`'accountKey': no account '${body.accountKey}'`, RES_SUBSCRIPTION);
  const ce = dateField(body.contractEffectiveDate, 'contractEffectiveDate');
  if (!ce) throw missingField(`'contractEffectiveDate' is required`, RES_SUBSCRIPTION);
  const sa = dateField(body.serviceActivationDate, 'serviceActivationDate');
  const ca = dateField(body.customerAcceptanceDate, 'customerAcceptanceDate');
  if (body.termType === undefined) throw missingField(`'termType' is required`, RES_TERM_TYPE);
  if (body.termType !== 'TERMED' && body.termType !== 'EVERGREEN') throw invalidValue(`'termType' must be TERMED or EVERGREEN, got '${String(body.termType)}'`, RES_TERM_TYPE);
  if (body.termType === 'TERMED' && body.initialTerm === undefined) throw missingField(`'initialTerm' is required for a TERMED subscription`, RES_SUBSCRIPTION);
  const plans = body.subscribeToRatePlans ?? [];
  if (!Array.isArray(plans)) throw invalidValue(`'subscribeToRatePlans' must be an array`, RES_SUBSCRIPTION);
  let invoiceOwner: string | undefined;
  if (typeof body.invoiceOwnerAccountKey === 'string') {
    const inv = await getAccount(ctx, body.invoiceOwnerAccountKey);
    if (!inv) throw invalidValue(`'invoiceOwnerAccountKey': no account '${body.invoiceOwnerAccountKey}'`, RES_SUBSCRIPTION);
    invoiceOwner = inv.accountNumber;
  }
  const terms: Obj = {
    initialTerm: { termType: body.termType, period: body.initialTerm, periodType: termPeriodType(body.initialTermPeriodType, 'initialTermPeriodType'), startDate: dateField(body.termStartDate, 'termStartDate') },
    autoRenew: body.autoRenew ?? false,
    renewalSetting: body.renewalSetting ?? 'RENEW_WITH_SPECIFIC_TERM',
  };
  if (body.renewalTerm !== undefined) terms.renewalTerms = [{ period: body.renewalTerm, periodType: termPeriodType(body.renewalTermPeriodType, 'renewalTermPeriodType') }];
  return {
    existingAccountNumber: acc.accountNumber,
    orderDate: ce,
    subscriptions: [
      {
        orderActions: [
          {
            type: 'CreateSubscription',
            triggerDates: triggers(ce, sa, ca),
            createSubscription: {
              subscriptionNumber: body.subscriptionNumber,
              invoiceOwnerAccountNumber: invoiceOwner,
              notes: body.notes,
              invoiceSeparately: body.invoiceSeparately,
              terms,
              customFields: pickCustomFields(body),
              subscribeToRatePlans: plans.map((p, i) => legacyRatePlan(p, `subscribeToRatePlans[${i}]`)),
            },
          },
        ],
      },
    ],
  };
}

/** The billing options of a legacy call, read by versions.ts `legacyBillingOptions` under the request's version's names. */
export interface LegacyBilling {
  runBilling?: boolean;
  targetDate?: string;
  collect?: boolean;
}

/**
 * The order's processingOptions for a legacy call's billing options: `runBilling` (invoice, invoiceCollect)
 * bills the subscription at once through `targetDate` (today by default), as an order's runBilling does;
 * `collect` asks for a payment, which the order refuses as not implemented until payments are collected.
 */
function processing(b: LegacyBilling): Obj {
  if (!b.runBilling && !b.collect) return {};
  return { processingOptions: { runBilling: b.runBilling === true, ...(b.collect ? { collectPayment: true } : {}), ...(b.targetDate ? { billingOptions: { targetDate: b.targetDate } } : {}) } };
}

/** The invoice and credit memo the billing made (their ids), as the legacy responses name them. */
function billed(r: { response: Obj }): Obj {
  const out: Obj = {};
  const inv = r.response.invoiceIds;
  const cm = r.response.creditMemoIds;
  if (Array.isArray(inv) && inv.length) out.invoiceId = inv[0];
  if (Array.isArray(cm) && cm.length) out.creditMemoId = cm[0];
  return out;
}

/**
 * Zuora's defaults of POST /v1/subscriptions (and of the subscription of POST /v1/accounts): it bills unless
 * told not to (`runBilling`/`invoice` default true), and `collect` defaults to true. zbill's decision for
 * the collection: by default it is asked for only when the account pays automatically (`autoPay`);
 * `collect: true` given asks for it whatever the account. A payment asked for answers 501 (these calls
 * do not collect payments yet) and nothing is made.
 */
export function creationBilling(b: LegacyBilling, autoPay: boolean): LegacyBilling {
  const runBilling = b.runBilling ?? true;
  return { ...b, runBilling, collect: b.collect ?? (runBilling && autoPay) };
}

/** POST /v1/subscriptions: with Zuora's billing defaults (`creationBilling`). */
export async function createNewSubscription(ctx: Ctx, body: Obj, options: LegacyBilling) {
  const acct = typeof body.accountKey === 'string' && body.accountKey ? await getAccountByKey(ctx, body.accountKey) : undefined;
  return createSubscription(ctx, body, creationBilling(options, acct?.autoPay === true));
}

export async function createSubscription(ctx: Ctx, body: Obj, billing: LegacyBilling = {}) {
  const r = await processOrder(ctx, { ...(await createOrderBody(ctx, body)), ...processing(billing) });
  const doc = r.docs[0]!;
  const m = subscriptionMetrics(doc, ctx.today().toString());
  return { success: true, subscriptionId: doc.id, subscriptionNumber: doc.subscriptionNumber, contractedMrr: m.contractedMrr, totalContractedValue: m.totalContractedValue, ...billed(r) };
}

/** An order preview's document item in the subscription preview's item shape (POSTSubscriptionPreviewInvoiceItemsType). */
function previewItem(i: unknown): Obj {
  const x = (isObj(i) ? i : {}) as Obj;
  const info = (isObj(x.additionalInfo) ? x.additionalInfo : {}) as Obj;
  return {
    serviceStartDate: x.serviceStartDate,
    serviceEndDate: x.serviceEndDate,
    chargeAmount: x.amountWithoutTax,
    taxAmount: x.taxAmount ?? 0,
    chargeDescription: x.chargeDescription ?? null,
    chargeName: x.chargeName,
    productName: x.productName,
    productRatePlanChargeId: x.productRatePlanChargeId,
    quantity: info.quantity ?? null,
    unitOfMeasure: info.unitOfMeasure ?? null,
  };
}

/**
 * The billing documents of an order preview as one `invoice` and one `creditMemo` in the legacy
 * subscription calls' shape (the latest version's; routes switch it by version). `undefined` when the
 * preview bills nothing.
 */
function previewDocuments(result: Obj): { invoice?: Obj; creditMemo?: Obj } {
  const inv = Array.isArray(result.invoices) ? (result.invoices[0] as Obj | undefined) : undefined;
  const cm = Array.isArray(result.creditMemos) ? (result.creditMemos[0] as Obj | undefined) : undefined;
  const out: { invoice?: Obj; creditMemo?: Obj } = {};
  if (inv)
    out.invoice = { amount: inv.amount, amountWithoutTax: inv.amountWithoutTax, taxAmount: inv.taxAmount, targetDate: inv.targetDate, invoiceItems: (inv.invoiceItems as unknown[] ?? []).map(previewItem) };
  if (cm)
    out.creditMemo = {
      amount: cm.amount,
      amountWithoutTax: cm.amountWithoutTax,
      taxAmount: cm.taxAmount,
      creditMemoItems: ((cm.creditMemoItems as unknown[]) ?? []).map((i) => ({ ...previewItem(i), amountWithoutTax: previewItem(i).chargeAmount })),
    };
  return out;
}

/**
 * POST /v1/accounts with `subscription`: the subscription of the new account, made as POST
 * /v1/subscriptions makes it, with the call's billing options read under the request's version's names
 * (versions.ts `legacyBillingOptions`: runBilling/targetDate from 211.0, invoice/invoiceTargetDate and
 * collect from 196.0, invoiceCollect before), with the defaults of `creationBilling`.
 */
export async function subscriptionForNewAccount(ctx: Ctx, account: { id: string; accountNumber: string }, request: Obj, apiVersion: string | undefined): Promise<Obj> {
  const { options } = legacyBillingOptions(apiVersion, request);
  const sub = request.subscription as Obj;
  if (sub.accountKey !== undefined) throw invalidValue(`'subscription.accountKey' is not a field of the subscription: it is the new account`, RES_SUBSCRIPTION);
  const r = await createSubscription(ctx, { ...sub, accountKey: account.accountNumber }, creationBilling(options, request.autoPay === true));
  const { success: _s, ...fields } = r;
  return fields;
}

/**
 * POST /v1/subscriptions/preview: the subscription's metrics and the invoice (and credit memo) it would
 * make through the target date (today by default), in the latest version's shape; the route switches
 * the shape by version (versions.ts `subscriptionPreviewResponse`).
 */
export async function previewNewSubscription(ctx: Ctx, body: Obj) {
  refuseChargeMetricsPreview(body);
  const orderBody = await createOrderBody(ctx, body);
  // The invoice is previewed through targetDate (invoiceTargetDate before 207.0), today by default.
  const thru = [body.targetDate, body.invoiceTargetDate].find((d) => typeof d === 'string' && d !== '') ?? ctx.today().toString();
  const r = await previewOrder(ctx, { ...orderBody, previewOptions: { previewTypes: ['BillingDocs', 'OrderMetrics'], previewThruType: 'SpecificDate', specificPreviewThruDate: thru } });
  const result = (r.previewResult ?? {}) as Obj;
  const metrics = (Array.isArray(result.subscriptions) ? result.subscriptions[0] : {}) as Obj;
  const docs = previewDocuments(result);
  const out: Obj = { success: true, contractedMrr: metrics.contractedMrr ?? 0, totalContractedValue: metrics.totalContractedValue ?? 0, ...docs };
  if (docs.invoice || docs.creditMemo) Object.assign(out, { targetDate: thru, documentDate: dateField(body.documentDate, 'documentDate') ?? thru });
  return out;
}

/** PUT /v1/subscriptions/{key}: terms, add, update, remove, as order actions of one order. */
async function updateOrderBody(ctx: Ctx, doc: SubscriptionDoc, body: Obj): Promise<Obj> {
  const today = ctx.today().toString();
  const actions: Obj[] = [];
  const terms: Obj = {};
  for (const k of ['autoRenew', 'renewalSetting']) if (body[k] !== undefined) terms[k] = body[k];
  if (body.renewalTerm !== undefined || body.renewalTermPeriodType !== undefined)
    terms.renewalTerms = [{ period: body.renewalTerm ?? doc.renewalTerm, periodType: termPeriodType(body.renewalTermPeriodType ?? doc.renewalTermPeriodType, 'renewalTermPeriodType') }];
  if (body.termType !== undefined || body.currentTerm !== undefined || body.currentTermPeriodType !== undefined) {
    if (body.termType !== undefined && body.termType !== 'TERMED' && body.termType !== 'EVERGREEN') throw invalidValue(`'termType' must be TERMED or EVERGREEN, got '${String(body.termType)}'`, RES_SUBSCRIPTION);
    terms.lastTerm = {
      termType: body.termType ?? doc.termType,
      period: body.currentTerm ?? doc.currentTerm ?? undefined,
      periodType: termPeriodType(body.currentTermPeriodType ?? doc.currentTermPeriodType, 'currentTermPeriodType'),
      startDate: dateField(body.termStartDate, 'termStartDate'),
    };
  }
  if (Object.keys(terms).length) actions.push({ type: 'TermsAndConditions', triggerDates: triggers(today), termsAndConditions: terms });
  const list = (k: string) => {
    const v = body[k] ?? [];
    if (!Array.isArray(v)) throw invalidValue(`'${k}' must be an array`, RES_SUBSCRIPTION);
    return v as unknown[];
  };
  for (const [i, a] of list('remove').entries()) {
    const f = `remove[${i}]`;
    if (!isObj(a)) throw invalidValue(`'${f}' must be an object`, RES_SUBSCRIPTION);
    const ce = dateField(a.contractEffectiveDate, `${f}.contractEffectiveDate`);
    if (!ce) throw missingField(`'${f}.contractEffectiveDate' is required`, RES_SUBSCRIPTION);
    actions.push({ type: 'RemoveProduct', triggerDates: triggers(ce, dateField(a.serviceActivationDate, `${f}.serviceActivationDate`), dateField(a.customerAcceptanceDate, `${f}.customerAcceptanceDate`)), removeProduct: { ratePlanId: a.ratePlanId } });
  }
  for (const [i, a] of list('add').entries()) {
    const f = `add[${i}]`;
    if (!isObj(a)) throw invalidValue(`'${f}' must be an object`, RES_SUBSCRIPTION);
    const ce = dateField(a.contractEffectiveDate, `${f}.contractEffectiveDate`);
    if (!ce) throw missingField(`'${f}.contractEffectiveDate' is required`, RES_SUBSCRIPTION);
    actions.push({ type: 'AddProduct', triggerDates: triggers(ce, dateField(a.serviceActivationDate, `${f}.serviceActivationDate`), dateField(a.customerAcceptanceDate, `${f}.customerAcceptanceDate`)), addProduct: legacyRatePlan(a, f) });
  }
  for (const [i, u] of list('update').entries()) {
    const f = `update[${i}]`;
    if (!isObj(u)) throw invalidValue(`'${f}' must be an object`, RES_SUBSCRIPTION);
    const ce = dateField(u.contractEffectiveDate, `${f}.contractEffectiveDate`);
    if (!ce) throw missingField(`'${f}.contractEffectiveDate' is required`, RES_SUBSCRIPTION);
    const rp = doc.ratePlans.find((r) => r.id === u.ratePlanId || r.originalRatePlanId === u.ratePlanId);
    const details = u.chargeUpdateDetails ?? [];
    if (!Array.isArray(details)) throw invalidValue(`'${f}.chargeUpdateDetails' must be an array`, RES_SUBSCRIPTION);
    actions.push({
      type: 'UpdateProduct',
      triggerDates: triggers(ce, dateField(u.serviceActivationDate, `${f}.serviceActivationDate`), dateField(u.customerAcceptanceDate, `${f}.customerAcceptanceDate`)),
      updateProduct: {
        ratePlanId: u.ratePlanId,
        specificUpdateDate: u.specificUpdateDate,
        customFields: pickCustomFields(u),
        chargeUpdates: details.map((d, j) => {
          if (!isObj(d)) throw invalidValue(`'${f}.chargeUpdateDetails[${j}]' must be an object`, RES_SUBSCRIPTION);
          const c = rp?.charges.find((c) => c.id === d.ratePlanChargeId || c.originalChargeId === d.ratePlanChargeId || c.number === d.ratePlanChargeId);
          if (rp && !c) throw invalidValue(`'${f}.chargeUpdateDetails[${j}].ratePlanChargeId': no charge '${String(d.ratePlanChargeId)}' in rate plan ${rp.id}`, RES_SUBSCRIPTION);
          return { chargeNumber: c?.number ?? d.ratePlanChargeId, pricing: legacyPricing(d), customFields: pickCustomFields(d) };
        }),
      },
    });
  }
  const entry: Obj = { subscriptionNumber: doc.subscriptionNumber, orderActions: actions, customFields: pickCustomFields(body) };
  if (typeof body.notes === 'string') entry.notes = body.notes;
  if (!actions.length) {
    // Only notes or custom fields: a terms action that changes nothing carries them into a new version.
    actions.push({ type: 'TermsAndConditions', triggerDates: triggers(today), termsAndConditions: {} });
  }
  return { existingAccountNumber: doc.accountNumber, orderDate: today, subscriptions: [entry] };
}

function delta(before: SubscriptionDoc, after: SubscriptionDoc, asOf: string) {
  const a = subscriptionMetrics(before, asOf);
  const b = subscriptionMetrics(after, asOf);
  const r = (x: number | null, y: number | null) => Math.round(((y ?? 0) - (x ?? 0)) * 1e9) / 1e9;
  return { totalDeltaMrr: r(a.contractedMrr, b.contractedMrr), totalDeltaTcv: r(a.totalContractedValue, b.totalContractedValue) };
}

export async function updateSubscription(ctx: Ctx, key: string, body: Obj, billing: LegacyBilling = {}) {
  const prev = await requireSubscription(ctx, key);
  const r = await processOrder(ctx, { ...(await updateOrderBody(ctx, prev, body)), ...processing(billing) });
  const doc = r.docs[0]!;
  return { success: true, subscriptionId: doc.id, ...delta(prev, doc, ctx.today().toString()), ...billed(r) };
}

/** Charge metrics previews (previewType ChargeMetrics, LegalDocChargeMetrics, InvoiceItemChargeMetrics) are not built: 501, never a silent LegalDoc. */
export function refuseChargeMetricsPreview(body: Obj): void {
  if (typeof body.previewType === 'string' && body.previewType.includes('ChargeMetrics')) throw notImplemented(`'previewType' ${body.previewType} (charge metrics previews)`);
}

/**
 * PUT /v1/subscriptions/{key} with `preview: true`: the update is run as an order preview (nothing is
 * saved) and answers the delta of the metrics and the invoice (and credit memo) the updated
 * subscription would make through `targetDate` (the billing option; today by default), in the latest
 * version's shape (the route switches it by version). Runs outside any transaction, as order previews do.
 */
export async function previewSubscriptionUpdate(ctx: Ctx, key: string, body: Obj, targetDate?: string) {
  refuseChargeMetricsPreview(body);
  const prev = await requireSubscription(ctx, key);
  const today = ctx.today().toString();
  const thru = targetDate ?? today;
  const orderBody = await updateOrderBody(ctx, prev, body);
  const r = await previewOrder(ctx, { ...orderBody, previewOptions: { previewTypes: ['BillingDocs'], previewThruType: 'SpecificDate', specificPreviewThruDate: thru } });
  const result = (r.previewResult ?? {}) as Obj;
  const after = (Array.isArray(result.subscriptions) ? result.subscriptions[0] : {}) as Obj;
  const before = subscriptionMetrics(prev, today);
  const d = (x: number | null, y: unknown) => Math.round(((typeof y === 'number' ? y : 0) - (x ?? 0)) * 1e9) / 1e9;
  const docs = previewDocuments(result);
  // The update's invoice items have no taxAmount of their own (PUTSubscriptionPreviewInvoiceItemsType), and the answer no documentDate.
  if (docs.invoice) docs.invoice.invoiceItems = (docs.invoice.invoiceItems as Obj[]).map(({ taxAmount: _t, ...i }) => i);
  const out: Obj = { success: true, totalDeltaMrr: d(before.contractedMrr, after.contractedMrr), totalDeltaTcv: d(before.totalContractedValue, after.totalContractedValue), ...docs };
  if (docs.invoice || docs.creditMemo) out.targetDate = thru;
  return out;
}

/**
 * POST /v1/subscriptions/{key}/preview: the billing documents the subscription
 * as it stands would make. They come from the rating engine's preview builder;
 * until it exists the lists are empty.
 */
export async function previewExistingSubscription(ctx: Ctx, key: string, body: Obj) {
  const doc = await requireSubscription(ctx, key);
  const out: Obj = { success: true, invoices: [], creditMemos: [] };
  for (const b of orderPreviewBuilders) Object.assign(out, await b(ctx, { request: body, subscriptions: [toRecord(doc)], previewTypes: ['BillingDocs'] }));
  return out;
}

/** One order action on one subscription; the order date and contract effective date come from the body or today. */
async function single(ctx: Ctx, key: string, body: Obj, billing: LegacyBilling, type: string, field: string, spec: Obj, extra: Obj[] = []) {
  const prev = await requireSubscription(ctx, key);
  const orderDate = dateField(body.orderDate, 'orderDate') ?? ctx.today().toString();
  const ce = dateField(body.contractEffectiveDate, 'contractEffectiveDate') ?? orderDate;
  const r = await processOrder(ctx, {
    existingAccountNumber: prev.accountNumber,
    orderDate,
    subscriptions: [{ subscriptionNumber: prev.subscriptionNumber, orderActions: [{ type, triggerDates: triggers(ce), [field]: spec }, ...extra.map((x) => ({ ...x, triggerDates: triggers(ce) }))] }],
    ...processing(billing),
  });
  return { prev, doc: r.docs[0]!, billed: billed(r) };
}

export async function renewSubscription(ctx: Ctx, key: string, body: Obj, billing: LegacyBilling = {}) {
  const { doc, billed } = await single(ctx, key, body, billing, 'RenewSubscription', 'renewSubscription', {});
  return { success: true, subscriptionId: doc.id, termStartDate: doc.termStartDate, termEndDate: doc.termEndDate, ...billed };
}

export async function cancelSubscription(ctx: Ctx, key: string, body: Obj, billing: LegacyBilling = {}) {
  const { prev, doc, billed } = await single(ctx, key, body, billing, 'CancelSubscription', 'cancelSubscription', {
    cancellationPolicy: body.cancellationPolicy,
    cancellationEffectiveDate: body.cancellationEffectiveDate,
  });
  return { success: true, subscriptionId: doc.id, cancelledDate: doc.cancelledDate, ...delta(prev, doc, ctx.today().toString()), ...billed };
}

export async function suspendSubscription(ctx: Ctx, key: string, body: Obj, billing: LegacyBilling = {}) {
  const today = ctx.today().toString();
  const extra: Obj[] = [];
  if (body.resume === true) {
    if (body.resumePolicy === undefined) throw missingField(`'resumePolicy' is required when 'resume' is true`, RES_SUBSCRIPTION);
    extra.push({ type: 'Resume', triggerDates: triggers(today), resume: pick(body, ['resumePolicy', 'resumeSpecificDate', 'resumePeriods', 'resumePeriodsType', 'extendsTerm']) });
  } else if (body.resume !== undefined && typeof body.resume !== 'boolean') throw invalidValue(`'resume' must be true or false`, RES_SUBSCRIPTION);
  const { prev, doc, billed } = await single(ctx, key, body, billing, 'Suspend', 'suspend', pick(body, ['suspendPolicy', 'suspendSpecificDate', 'suspendPeriods', 'suspendPeriodsType']), extra);
  return { success: true, subscriptionId: doc.id, suspendDate: doc.suspendDate, resumeDate: doc.resumeDate, termEndDate: doc.termEndDate, totalDeltaTcv: delta(prev, doc, today).totalDeltaTcv, ...billed };
}

export async function resumeSubscription(ctx: Ctx, key: string, body: Obj, billing: LegacyBilling = {}) {
  const prev = await requireSubscription(ctx, key);
  if (prev.status !== 'Suspended') throw ruleViolation(`Subscription ${prev.subscriptionNumber} is ${prev.status}: only a suspended subscription can be resumed`, RES_SUBSCRIPTION);
  const { doc, billed } = await single(ctx, key, body, billing, 'Resume', 'resume', pick(body, ['resumePolicy', 'resumeSpecificDate', 'resumePeriods', 'resumePeriodsType', 'extendsTerm']));
  return { success: true, subscriptionId: doc.id, resumeDate: doc.resumeDate, termEndDate: doc.termEndDate, totalDeltaTcv: delta(prev, doc, ctx.today().toString()).totalDeltaTcv, ...billed };
}

function pick(o: Obj, keys: string[]): Obj {
  const out: Obj = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
