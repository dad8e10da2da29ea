/**
 * Order actions applied to a working copy of a subscription. Each function
 * changes `doc` in place; the caller stores the result as a new version.
 * Errors name the field (the caller adds which action it was).
 */
import { invalidValue, missingField, ruleViolation } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { billingPeriodsEnd, buildRatePlan, chargeEnd, changeFrom, endCharge, findRatePlan, readPricing, realignEnds, termEndOf } from './charges.js';
import { customFieldsOf, dateField, intField, isObj, periodTypeField, RES_ORDER, RES_SUBSCRIPTION, RES_TERM_TYPE, str, type ActionCtx } from './fields.js';
import type { PeriodType, SubscriptionDoc } from './model.js';
import { addDays, addPeriod, before, cmp, daysBetween, endAfter } from './terms.js';

type Obj = Record<string, unknown>;

export * from './charges.js';
export * from './fields.js';

// ---------------------------------------------------------------- the actions

function requireAmendable(doc: SubscriptionDoc, what: string): void {
  if (doc.status === 'Cancelled') throw ruleViolation(`Subscription ${doc.subscriptionNumber} is cancelled: it cannot take ${what}`, RES_SUBSCRIPTION);
  if (doc.status === 'Suspended') throw ruleViolation(`Subscription ${doc.subscriptionNumber} is suspended: resume it before ${what}`, RES_SUBSCRIPTION);
}

function requireInSubscription(doc: SubscriptionDoc, date: string, field: string): void {
  if (before(date, doc.contractEffectiveDate))
    throw invalidValue(`'${field}' (${date}) is before the subscription's contract effective date ${doc.contractEffectiveDate}`, RES_ORDER);
  if (doc.termType === 'TERMED' && doc.termEndDate && cmp(date, doc.termEndDate) > 0)
    throw invalidValue(`'${field}' (${date}) is after the subscription's term end date ${doc.termEndDate}`, RES_ORDER);
}

/** Zuora: no product is added or updated from a date earlier than the most recent resume date. */
function requireAfterResume(doc: SubscriptionDoc, date: string, field: string): void {
  if (doc.resumeDate && before(date, doc.resumeDate))
    throw invalidValue(`'${field}' (${date}) is earlier than the subscription's most recent resume date ${doc.resumeDate}`, RES_ORDER);
}

export async function addProduct(a: ActionCtx, doc: SubscriptionDoc, spec: unknown): Promise<void> {
  const f = `${a.path}.addProduct`;
  if (!isObj(spec)) throw missingField(`'${f}' is required for an AddProduct action`, RES_ORDER);
  requireAmendable(doc, 'AddProduct');
  requireInSubscription(doc, a.triggers.contractEffective, `${a.path}.triggerDates.ContractEffective`);
  requireAfterResume(doc, a.triggers.contractEffective, `${a.path}.triggerDates.ContractEffective`);
  const rp = await buildRatePlan(a, doc, spec, f);
  rp.lastChangeType = 'Add';
  doc.ratePlans.push(rp);
}

export async function updateProduct(a: ActionCtx, doc: SubscriptionDoc, spec: unknown): Promise<void> {
  const f = `${a.path}.updateProduct`;
  if (!isObj(spec)) throw missingField(`'${f}' is required for an UpdateProduct action`, RES_ORDER);
  requireAmendable(doc, 'UpdateProduct');
  const rp = findRatePlan(doc, spec, f);
  const baseDate = dateField(spec.specificUpdateDate, `${f}.specificUpdateDate`) ?? a.triggers.contractEffective;
  if (spec.customFields !== undefined) rp.customFields = { ...rp.customFields, ...customFieldsOf(spec.customFields, `${f}.customFields`) };
  const updates = spec.chargeUpdates ?? [];
  if (!Array.isArray(updates)) throw invalidValue(`'${f}.chargeUpdates' must be an array`, RES_ORDER);
  for (const [i, u] of updates.entries()) {
    const uf = `${f}.chargeUpdates[${i}]`;
    if (!isObj(u)) throw invalidValue(`'${uf}' must be an object`, RES_ORDER);
    const key = str(u.chargeNumber) ?? str(u.productRatePlanChargeId) ?? str(u.productRatePlanChargeNumber);
    if (!key) throw missingField(`'${uf}.chargeNumber' is required`, RES_ORDER);
    const c = rp.charges.find((c) => c.number === key || c.productRatePlanChargeId === key || c.productRatePlanChargeNumber === key);
    if (!c) throw invalidValue(`'${uf}.chargeNumber': rate plan ${rp.id} has no charge '${key}'`, RES_ORDER);
    const eff = isObj(u.effectiveDate) ? u.effectiveDate : {};
    if (c.pending && c.triggerEvent === 'SpecificDate') {
      // Activating a pending charge: its specific trigger date, within the subscription term.
      const d = dateField(eff.specificTriggerDate, `${uf}.effectiveDate.specificTriggerDate`);
      if (!d) throw missingField(`'${uf}.effectiveDate.specificTriggerDate' is required to activate pending charge ${c.number}`, RES_ORDER);
      requireInSubscription(doc, d, `${uf}.effectiveDate.specificTriggerDate`);
      if (doc.termType === 'TERMED' && doc.termEndDate && !before(d, doc.termEndDate))
        throw invalidValue(`'${uf}.effectiveDate.specificTriggerDate' (${d}) must be within the subscription term (before ${doc.termEndDate})`, RES_ORDER);
      const seg = c.segments[0]!;
      seg.effectiveStartDate = d;
      seg.version = a.version;
      if (c.endDateCondition !== 'Subscription_End') seg.effectiveEndDate = chargeEnd(c, d, doc.termType === 'EVERGREEN' ? null : doc.termEndDate);
      c.specificTriggerDate = d;
      c.pending = false;
    }
    let date = baseDate;
    if (eff.triggerEvent === 'SpecificDate') {
      date = dateField(eff.specificTriggerDate, `${uf}.effectiveDate.specificTriggerDate`) ?? '';
      if (!date) throw missingField(`'${uf}.effectiveDate.specificTriggerDate' is required when triggerEvent is SpecificDate`, RES_ORDER);
    } else if (eff.triggerEvent === 'ServiceActivation' && a.triggers.serviceActivation) date = a.triggers.serviceActivation;
    else if (eff.triggerEvent === 'CustomerAcceptance' && a.triggers.customerAcceptance) date = a.triggers.customerAcceptance;
    requireInSubscription(doc, date, `${uf}.effectiveDate`);
    requireAfterResume(doc, date, `${uf}.effectiveDate`);
    if (u.customFields !== undefined) c.customFields = { ...c.customFields, ...customFieldsOf(u.customFields, `${uf}.customFields`) };
    const ov = readPricing(u.pricing, `${uf}.pricing`);
    const changes = Object.keys(ov).filter((k) => k !== 'listPriceBase');
    if (!changes.length) continue;
    if (ov.quantity !== undefined && c.model.startsWith('Discount')) throw invalidValue(`'${uf}.pricing': a discount charge has no quantity`, RES_ORDER);
    changeFrom(c, date, a.version, (s) => {
      if (ov.price !== undefined) s.price = ov.price;
      if (ov.quantity !== undefined) s.quantity = ov.quantity;
      if (ov.tiers !== undefined) s.tiers = ov.tiers;
      if (ov.discountAmount !== undefined) s.discountAmount = ov.discountAmount;
      if (ov.discountPercentage !== undefined) s.discountPercentage = ov.discountPercentage;
      if (ov.includedUnits !== undefined) s.includedUnits = ov.includedUnits;
      if (ov.overagePrice !== undefined) s.overagePrice = ov.overagePrice;
    });
  }
  rp.lastChangeType = 'Update';
}

export function removeProduct(a: ActionCtx, doc: SubscriptionDoc, spec: unknown): void {
  const f = `${a.path}.removeProduct`;
  if (!isObj(spec)) throw missingField(`'${f}' is required for a RemoveProduct action`, RES_ORDER);
  requireAmendable(doc, 'RemoveProduct');
  const rp = findRatePlan(doc, spec, f);
  const date = a.triggers.contractEffective;
  requireInSubscription(doc, date, `${a.path}.triggerDates.ContractEffective`);
  for (const c of rp.charges) endCharge(c, date);
  rp.removedDate = date;
  rp.lastChangeType = 'Remove';
}

export function readTerm(v: unknown, field: string): { period?: number; periodType: PeriodType; termType?: 'TERMED' | 'EVERGREEN'; startDate?: string } {
  if (!isObj(v)) throw invalidValue(`'${field}' must be an object`, RES_ORDER);
  const termType = v.termType;
  if (termType !== undefined && termType !== 'TERMED' && termType !== 'EVERGREEN') throw invalidValue(`'${field}.termType' must be TERMED or EVERGREEN, got '${String(termType)}'`, RES_TERM_TYPE);
  return {
    period: intField(v.period, `${field}.period`, 1),
    periodType: periodTypeField(v.periodType, `${field}.periodType`, 'Month'),
    termType: termType as 'TERMED' | 'EVERGREEN' | undefined,
    startDate: dateField(v.startDate, `${field}.startDate`),
  };
}

export function readRenewal(terms: Obj, field: string, doc: Pick<SubscriptionDoc, 'renewalSetting' | 'renewalTerm' | 'renewalTermPeriodType' | 'autoRenew'>): void {
  if (terms.autoRenew !== undefined) {
    if (typeof terms.autoRenew !== 'boolean') throw invalidValue(`'${field}.autoRenew' must be true or false`, RES_ORDER);
    doc.autoRenew = terms.autoRenew;
  }
  if (terms.renewalSetting !== undefined) {
    if (terms.renewalSetting !== 'RENEW_WITH_SPECIFIC_TERM' && terms.renewalSetting !== 'RENEW_TO_EVERGREEN')
      throw invalidValue(`'${field}.renewalSetting' must be RENEW_WITH_SPECIFIC_TERM or RENEW_TO_EVERGREEN, got '${String(terms.renewalSetting)}'`, RES_ORDER);
    doc.renewalSetting = terms.renewalSetting;
  }
  if (terms.renewalTerms !== undefined) {
    const list = Array.isArray(terms.renewalTerms) ? terms.renewalTerms : [terms.renewalTerms];
    const t = list[0];
    if (t !== undefined) {
      const r = readTerm(t, `${field}.renewalTerms[0]`);
      if (r.period !== undefined) doc.renewalTerm = r.period;
      doc.renewalTermPeriodType = r.periodType;
    }
  }
}

export function termsAndConditions(a: ActionCtx, doc: SubscriptionDoc, spec: unknown): void {
  const f = `${a.path}.termsAndConditions`;
  if (!isObj(spec)) throw missingField(`'${f}' is required for a TermsAndConditions action`, RES_ORDER);
  if (doc.status === 'Cancelled') throw ruleViolation(`Subscription ${doc.subscriptionNumber} is cancelled: its terms cannot change`, RES_SUBSCRIPTION);
  readRenewal(spec, f, doc);
  const oldEnd = doc.termType === 'EVERGREEN' ? null : doc.termEndDate;
  const termSpec = spec.lastTerm ?? spec.initialTerm;
  if (termSpec !== undefined) {
    const t = readTerm(termSpec, `${f}.lastTerm`);
    const termType = t.termType ?? doc.termType;
    if (t.startDate) doc.termStartDate = t.startDate;
    if (termType === 'EVERGREEN') {
      doc.termType = 'EVERGREEN';
      doc.termEndDate = null;
      doc.currentTerm = null;
    } else {
      const period = t.period ?? doc.currentTerm;
      if (!period) throw missingField(`'${f}.lastTerm.period' is required for a TERMED term`, RES_ORDER);
      doc.termType = 'TERMED';
      doc.currentTerm = period;
      doc.currentTermPeriodType = t.periodType;
      doc.termEndDate = termEndOf(doc.termStartDate, period, t.periodType);
      if (doc.termStartDate === doc.subscriptionStartDate) {
        doc.initialTerm = period;
        doc.initialTermPeriodType = t.periodType;
      }
    }
    realignEnds(doc, oldEnd, doc.termEndDate);
  }
  for (const k of ['paymentTerm', 'invoiceTemplateId', 'invoiceGroupNumber', 'sequenceSetId', 'billToContactId', 'soldToContactId', 'shipToContactId'] as const)
    if (typeof spec[k] === 'string') doc[k] = spec[k] as string;
  if (typeof spec.invoiceSeparately === 'boolean') doc.invoiceSeparately = spec.invoiceSeparately;
}

/** Renews a termed subscription by its renewal term (to evergreen when so set). */
export function renew(_a: Pick<ActionCtx, 'version'>, doc: SubscriptionDoc): void {
  if (doc.termType !== 'TERMED' || !doc.termEndDate) throw ruleViolation(`Subscription ${doc.subscriptionNumber} is evergreen: only termed subscriptions renew`, RES_SUBSCRIPTION);
  if (doc.status === 'Cancelled') throw ruleViolation(`Subscription ${doc.subscriptionNumber} is cancelled: it cannot be renewed`, RES_SUBSCRIPTION);
  if (doc.status === 'Suspended') throw ruleViolation(`Subscription ${doc.subscriptionNumber} is suspended: resume it before renewing`, RES_SUBSCRIPTION);
  const oldEnd = doc.termEndDate;
  doc.termStartDate = oldEnd;
  if (doc.renewalSetting === 'RENEW_TO_EVERGREEN') {
    doc.termType = 'EVERGREEN';
    doc.termEndDate = null;
    doc.currentTerm = null;
  } else {
    const period = doc.renewalTerm ?? doc.initialTerm ?? 12;
    doc.currentTerm = period;
    doc.currentTermPeriodType = doc.renewalTermPeriodType;
    doc.termEndDate = termEndOf(oldEnd, period, doc.renewalTermPeriodType);
  }
  realignEnds(doc, oldEnd, doc.termEndDate);
  if (doc.status === 'Expired') doc.status = 'Active';
}

export function renewSubscription(a: ActionCtx, doc: SubscriptionDoc, spec: unknown): void {
  renew(a, doc);
  if (isObj(spec)) {
    for (const k of ['paymentTerm', 'invoiceTemplateId', 'invoiceGroupNumber', 'sequenceSetId', 'billToContactId', 'soldToContactId', 'shipToContactId'] as const)
      if (typeof spec[k] === 'string') doc[k] = spec[k] as string;
  }
}

/** End of the last invoiced period. Nothing is invoiced before billing exists, so it is the subscription start. */
function endOfLastInvoicePeriod(doc: SubscriptionDoc): string {
  return doc.subscriptionStartDate;
}

export const CANCELLATION_POLICIES = ['EndOfCurrentTerm', 'EndOfLastInvoicePeriod', 'SpecificDate'];

export function cancelSubscription(a: ActionCtx, doc: SubscriptionDoc, spec: unknown): string {
  const f = `${a.path}.cancelSubscription`;
  if (!isObj(spec)) throw missingField(`'${f}' is required for a CancelSubscription action`, RES_ORDER);
  if (doc.status === 'Cancelled') throw ruleViolation(`Subscription ${doc.subscriptionNumber} is already cancelled`, RES_SUBSCRIPTION);
  if (doc.status === 'Suspended') throw ruleViolation(`Subscription ${doc.subscriptionNumber} is suspended: resume it before cancelling`, RES_SUBSCRIPTION);
  const policy = spec.cancellationPolicy;
  if (policy === undefined) throw missingField(`'${f}.cancellationPolicy' is required`, RES_ORDER);
  if (!CANCELLATION_POLICIES.includes(policy as string))
    throw invalidValue(`'${f}.cancellationPolicy' must be one of ${CANCELLATION_POLICIES.join(', ')}, got '${String(policy)}'`, RES_ORDER);
  let date: string;
  if (policy === 'SpecificDate') {
    const d = dateField(spec.cancellationEffectiveDate, `${f}.cancellationEffectiveDate`);
    if (!d) throw missingField(`'${f}.cancellationEffectiveDate' is required when cancellationPolicy is SpecificDate`, RES_ORDER);
    date = d;
  } else if (policy === 'EndOfCurrentTerm') {
    if (doc.termType === 'EVERGREEN' || !doc.termEndDate) throw invalidValue(`'${f}.cancellationPolicy': an evergreen subscription has no end of term`, RES_ORDER);
    date = doc.termEndDate;
  } else date = endOfLastInvoicePeriod(doc);
  requireInSubscription(doc, date, `${f}.cancellationEffectiveDate`);
  for (const rp of doc.ratePlans) for (const c of rp.charges) endCharge(c, date);
  doc.status = 'Cancelled';
  doc.cancelledDate = date;
  doc.subscriptionEndDate = date;
  return date;
}

function policyDate(a: ActionCtx, doc: SubscriptionDoc, policy: unknown, spec: Obj, f: string, kind: 'suspend' | 'resume'): string {
  const periods = intField(spec[`${kind}Periods`], `${f}.${kind}Periods`, 1);
  const periodsType = spec[`${kind}PeriodsType`];
  const fixed = (from: string) => {
    if (periods === undefined) throw missingField(`'${f}.${kind}Periods' is required when ${kind}Policy is ${String(policy)}`, RES_ORDER);
    if (periodsType === undefined) throw missingField(`'${f}.${kind}PeriodsType' is required when ${kind}Policy is ${String(policy)}`, RES_ORDER);
    return addPeriod(from, periods, periodTypeField(periodsType, `${f}.${kind}PeriodsType`, 'Day'));
  };
  switch (policy) {
    case 'Today':
      return a.today;
    case 'SpecificDate': {
      const d = dateField(spec[`${kind}SpecificDate`], `${f}.${kind}SpecificDate`);
      if (!d) throw missingField(`'${f}.${kind}SpecificDate' is required when ${kind}Policy is SpecificDate`, RES_ORDER);
      return d;
    }
    case 'FixedPeriodsFromToday':
      return fixed(a.today);
    case 'EndOfLastInvoicePeriod':
      if (kind === 'suspend') return endOfLastInvoicePeriod(doc);
      break;
    case 'SuspendDate':
      if (kind === 'resume') return doc.suspendDate!;
      break;
    case 'FixedPeriodsFromSuspendDate':
      if (kind === 'resume') return fixed(doc.suspendDate!);
      break;
    case undefined:
      throw missingField(`'${f}.${kind}Policy' is required`, RES_ORDER);
  }
  const allowed =
    kind === 'suspend' ? 'Today, EndOfLastInvoicePeriod, FixedPeriodsFromToday, SpecificDate' : 'Today, FixedPeriodsFromSuspendDate, FixedPeriodsFromToday, SpecificDate, SuspendDate';
  throw invalidValue(`'${f}.${kind}Policy' must be one of ${allowed}, got '${String(policy)}'`, RES_ORDER);
}

export function suspend(a: ActionCtx, doc: SubscriptionDoc, spec: unknown): string {
  const f = `${a.path}.suspend`;
  if (!isObj(spec)) throw missingField(`'${f}' is required for a Suspend action`, RES_ORDER);
  if (doc.status !== 'Active') throw ruleViolation(`Subscription ${doc.subscriptionNumber} is ${doc.status}: only an active subscription can be suspended`, RES_SUBSCRIPTION);
  const date = policyDate(a, doc, spec.suspendPolicy, spec, f, 'suspend');
  requireInSubscription(doc, date, `${f}.suspendSpecificDate`);
  if (doc.termEndDate && !before(date, doc.termEndDate)) throw invalidValue(`'${f}.suspendSpecificDate' (${date}) must be before the term end date ${doc.termEndDate}`, RES_ORDER);
  for (const rp of doc.ratePlans) {
    if (rp.removedDate) continue;
    for (const c of rp.charges) {
      if (c.type === 'OneTime') continue;
      const last = c.segments[c.segments.length - 1];
      if (!last || !endAfter(last.effectiveEndDate, date)) continue;
      c.suspendedEnd = last.effectiveEndDate;
      endCharge(c, date);
    }
  }
  doc.status = 'Suspended';
  doc.suspendDate = date;
  doc.resumeDate = null;
  return date;
}

export function resume(a: ActionCtx, doc: SubscriptionDoc, spec: unknown): string {
  const f = `${a.path}.resume`;
  if (!isObj(spec)) throw missingField(`'${f}' is required for a Resume action`, RES_ORDER);
  if (doc.status !== 'Suspended' || !doc.suspendDate) throw ruleViolation(`Subscription ${doc.subscriptionNumber} is ${doc.status}: only a suspended subscription can be resumed`, RES_SUBSCRIPTION);
  const date = policyDate(a, doc, spec.resumePolicy, spec, f, 'resume');
  if (before(date, doc.suspendDate)) throw invalidValue(`'${f}.resumeSpecificDate' (${date}) must be on or after the suspend date ${doc.suspendDate}`, RES_ORDER);
  if (spec.extendsTerm !== undefined && typeof spec.extendsTerm !== 'boolean') throw invalidValue(`'${f}.extendsTerm' must be true or false`, RES_ORDER);
  const extend = spec.extendsTerm === true;
  const gap = daysBetween(doc.suspendDate, date);
  const oldEnd = doc.termType === 'EVERGREEN' ? null : doc.termEndDate;
  if (extend && oldEnd && gap > 0) {
    doc.termEndDate = addDays(oldEnd, gap);
    if (doc.currentTermPeriodType !== 'Day' || doc.currentTerm === null) {
      /* the term keeps its stated length; only its end moves */
    }
    if (doc.subscriptionEndDate === oldEnd) doc.subscriptionEndDate = doc.termEndDate;
  }
  for (const rp of doc.ratePlans) {
    if (rp.removedDate) continue;
    for (const c of rp.charges) {
      if (c.suspendedEnd === undefined) continue;
      const last = c.segments[c.segments.length - 1]!;
      let end = c.suspendedEnd;
      if (extend && end && gap > 0) end = addDays(end, gap);
      delete c.suspendedEnd;
      if (end !== null && !before(date, end)) continue;
      c.segments.push({ ...structuredClone(last), id: newId(), segment: c.segments.length + 1, effectiveStartDate: date, effectiveEndDate: end, version: a.version });
    }
  }
  doc.status = 'Active';
  doc.resumeDate = date;
  return date;
}

export async function ownerTransfer(a: ActionCtx, doc: SubscriptionDoc, spec: unknown, resolve: (key: string, field: string) => Promise<{ id: string; accountNumber: string; name: string }>): Promise<void> {
  const f = `${a.path}.ownerTransfer`;
  if (!isObj(spec)) throw missingField(`'${f}' is required for an OwnerTransfer action`, RES_ORDER);
  if (doc.status === 'Cancelled') throw ruleViolation(`Subscription ${doc.subscriptionNumber} is cancelled: its owner cannot change`, RES_SUBSCRIPTION);
  const dest = str(spec.destinationAccountNumber);
  const inv = str(spec.destinationInvoiceAccountNumber);
  if (!dest && !inv) throw missingField(`'${f}.destinationAccountNumber' or '${f}.destinationInvoiceAccountNumber' is required`, RES_ORDER);
  if (dest) {
    const acc = await resolve(dest, `${f}.destinationAccountNumber`);
    doc.accountId = acc.id;
    doc.accountNumber = acc.accountNumber;
    doc.accountName = acc.name;
  }
  if (inv) {
    const acc = await resolve(inv, `${f}.destinationInvoiceAccountNumber`);
    doc.invoiceOwnerAccountId = acc.id;
    doc.invoiceOwnerAccountNumber = acc.accountNumber;
    doc.invoiceOwnerAccountName = acc.name;
  }
}

export async function changePlan(a: ActionCtx, doc: SubscriptionDoc, spec: unknown): Promise<void> {
  const f = `${a.path}.changePlan`;
  if (!isObj(spec)) throw missingField(`'${f}' is required for a ChangePlan action`, RES_ORDER);
  requireAmendable(doc, 'ChangePlan');
  const old = findRatePlan(doc, spec, f);
  if (!isObj(spec.newProductRatePlan)) throw missingField(`'${f}.newProductRatePlan' is required`, RES_ORDER);
  const policy = spec.effectivePolicy ?? 'EffectiveImmediately';
  if (!['EffectiveImmediately', 'EffectiveEndOfBillingPeriod', 'SpecificDate'].includes(policy as string))
    throw invalidValue(`'${f}.effectivePolicy' must be EffectiveImmediately, EffectiveEndOfBillingPeriod or SpecificDate, got '${String(policy)}'`, RES_ORDER);
  let date = a.triggers.contractEffective;
  if (policy === 'EffectiveEndOfBillingPeriod') {
    const c = old.charges.find((c) => c.type === 'Recurring');
    if (c) {
      let n = 1;
      let end = billingPeriodsEnd(c, c.segments[0]!.effectiveStartDate, n);
      while (!before(date, end)) end = billingPeriodsEnd(c, c.segments[0]!.effectiveStartDate, ++n);
      date = end;
    }
  }
  requireInSubscription(doc, date, `${a.path}.triggerDates.ContractEffective`);
  for (const c of old.charges) endCharge(c, date);
  old.removedDate = date;
  old.lastChangeType = 'Remove';
  const sub: ActionCtx = { ...a, triggers: { contractEffective: date, serviceActivation: date, customerAcceptance: date } };
  const rp = await buildRatePlan(sub, doc, spec.newProductRatePlan, `${f}.newProductRatePlan`);
  rp.lastChangeType = 'Add';
  doc.ratePlans.push(rp);
}
