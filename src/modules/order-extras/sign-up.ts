/**
 * POST /v1/sign-up: one call that finds or creates the customer account and
 * subscribes it to catalog rate plans, through an order (CreateSubscription).
 * Sign-up's own rules: the account may be found through an external
 * identifier field (`accountIdentifierField`, account upsert), and
 * `options.maxSubscriptionsPerAccount` refuses an account that already has that
 * many live subscriptions.
 */
import type { Ctx } from '../../platform/context.js';
import { pickCustomFields } from '../../platform/custom-fields.js';
import { parseDate } from '../../platform/dates.js';
import { invalidValue, missingField, ruleViolation, ZuoraError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { accounts, orders, subscriptions, type AccountRef } from './deps.js';
import * as store from './store.js';

type Body = Record<string, unknown>;

const LIVE = (status: string) => !['Cancelled', 'Expired'].includes(status);

function obj(v: unknown, field: string): Body | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw invalidValue(`'${field}' must be an object`);
  return v as Body;
}

async function findExisting(ctx: Ctx, data: Body, identifierField: string | null): Promise<AccountRef | undefined> {
  const api = await accounts();
  if (identifierField) {
    const custom = { ...pickCustomFields(data), ...pickCustomFields((data.customFields ?? {}) as Body) };
    const v = identifierField.endsWith('__c') ? custom[identifierField] : data[identifierField];
    if (v === undefined || v === null || v === '') throw missingField(`'accountData.${identifierField}' is required: it is the account identifier field`);
    if (identifierField === 'accountNumber') return api.getAccountByKey(ctx, String(v));
    const id = await store.findAccountIdentifier(ctx, identifierField, String(v));
    return id ? api.getAccountByKey(ctx, id) : undefined;
  }
  return undefined;
}

function terms(t: Body | undefined, startDate: string | undefined): Body | undefined {
  if (!t) return undefined;
  const initial = obj(t.initialTerm, 'subscriptionData.terms.initialTerm');
  if (!initial) throw missingField(`'subscriptionData.terms.initialTerm' is required`);
  if (!initial.termType) throw missingField(`'subscriptionData.terms.initialTerm.termType' is required`);
  const renewal = t.renewalTerms === undefined || t.renewalTerms === null ? undefined : Array.isArray(t.renewalTerms) ? t.renewalTerms : [t.renewalTerms];
  const out: Body = { initialTerm: { ...initial, startDate: initial.startDate ?? startDate } };
  if (t.autoRenew !== undefined) out.autoRenew = t.autoRenew;
  if (t.renewalSetting !== undefined) out.renewalSetting = t.renewalSetting;
  if (renewal) out.renewalTerms = renewal;
  return out;
}

const RENAMES: Array<[RegExp, string]> = [
  [/^Order action subscriptions\[0\]\.orderActions\[0\] \(CreateSubscription\): /, ''],
  [/^newAccount: /, 'accountData: '],
  [/\bnewAccount\./g, 'accountData.'],
  [/\bsubscriptions\[0\]\.orderActions\[0\]\.createSubscription\.subscribeToRatePlans/g, 'subscriptionData.ratePlans'],
  [/\bsubscriptions\[0\]\.orderActions\[0\]\.createSubscription\./g, 'subscriptionData.'],
  [/\bsubscriptions\[0\]\./g, 'subscriptionData.'],
];

export function signUpFieldNames(message: string): string {
  return RENAMES.reduce((m, [re, to]) => m.replace(re, to), message);
}

export async function signUp(ctx: Ctx, body: Body): Promise<Record<string, unknown>> {
  const accountData = obj(body.accountData, 'accountData');
  const subData = obj(body.subscriptionData, 'subscriptionData');
  const options = obj(body.options, 'options') ?? {};
  if (body.accountIdentifierField !== undefined && body.accountIdentifierField !== null && typeof body.accountIdentifierField !== 'string') {
    throw invalidValue(`'accountIdentifierField' must be a string`);
  }
  const identifierField = (body.accountIdentifierField as string | undefined) ?? null;
  if (!accountData) throw missingField(`'accountData' is required`);
  if (!subData) throw missingField(`'subscriptionData' is required`);
  const ratePlans = subData.ratePlans;
  if (!Array.isArray(ratePlans) || ratePlans.length === 0) throw missingField(`'subscriptionData.ratePlans' is required`);
  ratePlans.forEach((rp, i) => {
    if (!rp || typeof (rp as Body).productRatePlanId !== 'string') throw missingField(`'subscriptionData.ratePlans[${i}].productRatePlanId' is required`);
  });
  const startDate = subData.startDate as string | undefined;
  if (startDate !== undefined && (typeof startDate !== 'string' || !parseDate(startDate))) throw invalidValue(`'subscriptionData.startDate' must be a date in yyyy-MM-dd format`);
  const max = options.maxSubscriptionsPerAccount;
  if (max !== undefined && max !== null && (typeof max !== 'number' || max < 0)) throw invalidValue(`'options.maxSubscriptionsPerAccount' must be a number at least 0`);

  const existing = await findExisting(ctx, accountData, identifierField);
  if (existing && typeof max === 'number' && max > 0) {
    const live = (await (await subscriptions()).listByAccount(ctx, existing.id)).filter((s) => LIVE(s.status));
    if (live.length >= max) {
      throw ruleViolation(`Account ${existing.accountNumber} already has ${live.length} subscriptions; the maximum per account is ${max}`);
    }
  }

  const orderDate = startDate ?? ctx.today().toString();
  const order: Body = { orderDate };
  if (existing) order.existingAccountNumber = existing.accountNumber;
  else {
    for (const f of ['name', 'currency', 'billToContact'] as const) {
      if (accountData[f] === undefined || accountData[f] === null || accountData[f] === '') throw missingField(`'accountData.${f}' is required`);
    }
    if (accountData.billCycleDay === undefined || accountData.billCycleDay === null) throw missingField(`'accountData.billCycleDay' is required`);
    const { customFields, taxInfo, ...rest } = accountData;
    const custom = { ...pickCustomFields(rest), ...pickCustomFields((customFields ?? {}) as Body) };
    order.newAccount = { ...Object.fromEntries(Object.entries(rest).filter(([k]) => !k.endsWith('__c'))), ...(taxInfo ? { taxInfo } : {}), customFields: custom };
  }
  const dates = ['ContractEffective', 'ServiceActivation', 'CustomerAcceptance'].map((name) => ({ name, triggerDate: orderDate }));
  const createSubscription: Body = {
    subscribeToRatePlans: (ratePlans as Body[]).map((rp) => ({
      productRatePlanId: rp.productRatePlanId,
      ...(rp.customFields ? { customFields: rp.customFields } : {}),
    })),
  };
  if (subData.subscriptionNumber !== undefined) createSubscription.subscriptionNumber = subData.subscriptionNumber;
  if (subData.invoiceSeparately !== undefined) createSubscription.invoiceSeparately = subData.invoiceSeparately;
  if (subData.notes !== undefined) createSubscription.notes = subData.notes;
  const t = terms(obj(subData.terms, 'subscriptionData.terms'), startDate);
  if (t) createSubscription.terms = t;
  const subEntry: Body = { orderActions: [{ type: 'CreateSubscription', triggerDates: dates, createSubscription }] };
  if (subData.customFields) subEntry.customFields = subData.customFields;
  order.subscriptions = [subEntry];
  if (body.customFields) order.customFields = body.customFields;
  if (options.runBilling !== undefined || options.collectPayment !== undefined) {
    order.processingOptions = {
      runBilling: options.runBilling ?? false,
      collectPayment: options.collectPayment ?? false,
      ...(options.billingTargetDate ? { billingOptions: { targetDate: options.billingTargetDate } } : {}),
    };
  }

  let result: Record<string, unknown>;
  try {
    result = await (await orders()).createOrder(ctx, order);
  } catch (e) {
    // The order's field names mean nothing to a sign-up client: name the sign-up's own fields.
    if (e instanceof ZuoraError) throw new ZuoraError(e.code, signUpFieldNames(e.message), { fixedStatus: e.fixedStatus, headers: e.headers, more: e.reasons.slice(1) });
    throw e;
  }
  const accountNumber = String(result.accountNumber ?? existing?.accountNumber ?? '');
  const subs = (result.subscriptions as Body[] | undefined) ?? [];
  const subscriptionNumber = (subs[0]?.subscriptionNumber as string | undefined) ?? ((result.subscriptionNumbers as string[] | undefined) ?? [])[0];
  const account = existing ?? (await (await accounts()).getAccountByKey(ctx, accountNumber));
  if (!existing && account && identifierField && identifierField !== 'accountNumber') {
    const custom = { ...pickCustomFields(accountData), ...pickCustomFields((accountData.customFields ?? {}) as Body) };
    const v = identifierField.endsWith('__c') ? custom[identifierField] : accountData[identifierField];
    await store.insertAccountIdentifier(ctx, { id: newId(), tenant_id: ctx.tenant.id, field: identifierField, value: String(v), account_id: account.id });
  }
  const sub = subscriptionNumber ? await (await subscriptions()).getSubscription(ctx, subscriptionNumber) : undefined;
  const out: Record<string, unknown> = {
    success: true,
    accountId: account?.id ?? null,
    accountNumber,
    orderNumber: result.orderNumber,
    status: result.status === 'Pending' ? 'Pending' : 'Completed',
    subscriptionId: sub?.id ?? null,
    subscriptionNumber: subscriptionNumber ?? null,
  };
  // Billing documents and payments come from the order's processing, when it makes them.
  const invoices = result.invoiceNumbers as string[] | undefined;
  if (invoices?.length) out.invoiceNumber = invoices[0];
  if (result.invoiceId) out.invoiceId = result.invoiceId;
  if (result.paymentNumber) out.paymentNumber = result.paymentNumber;
  if (result.paymentId) out.paymentId = result.paymentId;
  if (result.paidAmount !== undefined) out.paidAmount = result.paidAmount;
  return out;
}
