/**
 * Omnichannel subscriptions: subscriptions sold through an app store (Apple,
 * Google, Roku, …) and mirrored in Zuora. POST creates one or, when a
 * subscription with the same `externalSubscriptionId` exists, updates it. The
 * account is given by `accountId`, or found or created from `accountData`
 * (found through `accountIdentifierField` when set). Each create or update is
 * a version in the subscription's change history, of type OmniChannel.
 */
import type { Ctx } from '../../platform/context.js';
import { nextCounter } from '../../platform/counters.js';
import { parseCustomFields, pickCustomFields } from '../../platform/custom-fields.js';
import { formatDateTime, parseDate } from '../../platform/dates.js';
import { invalidValue, missingField, notFound } from '../../platform/errors.js';
import { formatNumber, newId } from '../../platform/ids.js';
import { D, toDbAmount, toJsonNumber } from '../../platform/money.js';
import { diffFields, saveEntry } from './change-logs.js';
import { accounts, type AccountRef } from './deps.js';
import { stamp } from './stamp.js';
import * as store from './store.js';
import type { OmniRow } from './store.js';
import { str } from './fields.js';

type Body = Record<string, unknown>;

const TEXT = [
  'externalTransactionReason',
  'externalSourceSystem',
  'externalState',
  'state',
  'externalProductId',
  'externalReplaceByProductId',
  'externalInAppOwnershipType',
  'externalApplicationId',
  'externalBundleId',
  'externalSubscriberId',
  'externalPurchaseType',
] as const;
const DATETIMES = ['externalPurchaseDate', 'externalActivationDate', 'externalExpirationDate', 'externalLastRenewalDate', 'externalNextRenewalDate'] as const;
const DATETIME_RE = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z?$/;

/** Accepts `yyyy-mm-dd hh:mm:ss` (UTC) and answers in that form. */
export function parseDateTime(v: unknown, field: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw invalidValue(`'${field}' must be a string in yyyy-mm-dd hh:mm:ss format`);
  const m = DATETIME_RE.exec(v.trim());
  if (!m || Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4]) > 59 || !parseDate(m[1])) {
    throw invalidValue(`'${field}' must be a date and time in yyyy-mm-dd hh:mm:ss format: ${v}`);
  }
  return `${m[1]} ${m[2]}:${m[3]}:${m[4]}`;
}

/** The account: by id, else found through the identifier field or number, else created from accountData. */
async function resolveAccount(ctx: Ctx, body: Body): Promise<AccountRef> {
  const api = await accounts();
  const accountId = str(body.accountId, 'accountId');
  if (accountId) {
    const acc = await api.getAccountByKey(ctx, accountId);
    if (!acc) throw invalidValue(`'accountId': account ${accountId} does not exist`);
    return acc;
  }
  const data = body.accountData as Body | undefined;
  if (!data) throw missingField(`'accountId' or 'accountData' is required`);
  if (typeof data !== 'object' || Array.isArray(data)) throw invalidValue(`'accountData' must be an object`);
  return findOrCreateAccount(ctx, data, str(body.accountIdentifierField, 'accountIdentifierField'), 'accountData');
}

/** Shared with sign-up: finds the account named by `identifierField` (or its number), or creates it. */
export async function findOrCreateAccount(ctx: Ctx, data: Body, identifierField: string | null, where: string): Promise<AccountRef & { created: boolean }> {
  const api = await accounts();
  const custom = { ...pickCustomFields(data), ...pickCustomFields((data.customFields ?? {}) as Body) };
  let identValue: string | null = null;
  if (identifierField) {
    const v = identifierField.endsWith('__c') ? custom[identifierField] : data[identifierField];
    if (v === undefined || v === null || v === '') throw missingField(`'${where}.${identifierField}' is required: it is the account identifier field`);
    identValue = String(v);
    if (identifierField === 'accountNumber') {
      const acc = await api.getAccountByKey(ctx, identValue);
      if (acc) return { ...acc, created: false };
    } else {
      const known = await store.findAccountIdentifier(ctx, identifierField, identValue);
      const acc = known ? await api.getAccountByKey(ctx, known) : undefined;
      if (acc) return { ...acc, created: false };
    }
  } else if (typeof data.accountNumber === 'string') {
    const acc = await api.getAccountByKey(ctx, data.accountNumber);
    if (acc) return { ...acc, created: false };
  }
  for (const f of ['name', 'currency', 'billToContact'] as const) {
    if (data[f] === undefined || data[f] === null || data[f] === '') throw missingField(`'${where}.${f}' is required to create the account`);
  }
  const { customFields: _cf, paymentMethod: _pm, ...rest } = data;
  const body: Body = { billCycleDay: 1, autoPay: false, ...rest, ...custom };
  const made = await api.createAccount(ctx, body);
  if (identifierField && identValue !== null) {
    await store.insertAccountIdentifier(ctx, { id: newId(), tenant_id: ctx.tenant.id, field: identifierField, value: identValue, account_id: made.id });
  }
  const acc = await api.getAccountByKey(ctx, made.id);
  return {
    id: made.id,
    accountNumber: made.accountNumber,
    name: acc?.name ?? String(data.name),
    currency: acc?.currency ?? String(data.currency),
    customFields: acc?.customFields ?? custom,
    created: true,
  };
}

/** The fields this subscription reports, from the request merged over what was stored. */
function fieldsFrom(body: Body, prev: Record<string, unknown>): Record<string, unknown> {
  const f: Record<string, unknown> = { ...prev };
  for (const k of TEXT) if (body[k] !== undefined) f[k] = str(body[k], k);
  for (const k of DATETIMES) if (body[k] !== undefined) f[k] = parseDateTime(body[k], k);
  if (body.externalQuantity !== undefined) {
    const q = body.externalQuantity;
    if (typeof q !== 'number' || !Number.isInteger(q) || q <= 0) throw invalidValue(`'externalQuantity' must be an integer greater than 0`);
    f.externalQuantity = q;
  }
  f.externalQuantity ??= 1;
  if (body.externalPrice !== undefined && body.externalPrice !== null) {
    let p;
    try {
      p = new D(body.externalPrice as number);
    } catch {
      throw invalidValue(`'externalPrice' must be a number`);
    }
    if (!p.isFinite()) throw invalidValue(`'externalPrice' must be a number`);
    f.externalPrice = toDbAmount(p);
  } else if (body.externalPrice === null) f.externalPrice = null;
  if (body.autoRenew !== undefined) {
    if (typeof body.autoRenew !== 'boolean') throw invalidValue(`'autoRenew' must be a boolean`);
    f.autoRenew = body.autoRenew;
  }
  f.autoRenew ??= false;
  if (body.currency !== undefined) f.currency = str(body.currency, 'currency');
  // The first purchase date stays the original purchase date.
  f.originalPurchaseDate ??= f.externalPurchaseDate ?? null;
  return f;
}

function json(row: OmniRow): Record<string, unknown> {
  const f = JSON.parse(row.fields) as Record<string, unknown>;
  const out: Record<string, unknown> = {
    id: row.id,
    subscriptionNumber: row.subscription_number,
    accountId: row.account_id,
    externalSubscriptionId: row.external_subscription_id,
  };
  for (const k of ['externalTransactionReason', 'externalSourceSystem', 'externalState', 'state', 'externalProductId', 'externalReplaceByProductId', 'externalInAppOwnershipType'])
    out[k] = f[k] ?? null;
  out.externalQuantity = f.externalQuantity ?? 1;
  out.currency = f.currency ?? null;
  out.autoRenew = f.autoRenew ?? false;
  out.originalPurchaseDate = f.originalPurchaseDate ?? null;
  for (const k of ['externalPurchaseDate', 'externalActivationDate', 'externalExpirationDate', 'externalApplicationId', 'externalBundleId', 'externalSubscriberId'])
    out[k] = f[k] ?? null;
  out.externalPrice = f.externalPrice === undefined || f.externalPrice === null ? null : toJsonNumber(f.externalPrice as string);
  out.externalPurchaseType = f.externalPurchaseType ?? null;
  out.externalLastRenewalDate = f.externalLastRenewalDate ?? null;
  out.externalNextRenewalDate = f.externalNextRenewalDate ?? null;
  return { ...out, ...parseCustomFields(row.custom_fields) };
}

/** A change history entry for one version of an omnichannel subscription. */
async function logVersion(ctx: Ctx, before: OmniRow | undefined, after: OmniRow, accountNumber: string | null): Promise<void> {
  const a = json(after);
  const b = before ? json(before) : undefined;
  const datePart = (v: unknown) => (typeof v === 'string' ? v.slice(0, 10) : null);
  const flat = (o: Record<string, unknown> | undefined) => {
    if (!o) return undefined;
    const { id: _id, subscriptionNumber: _n, ...rest } = o;
    return { ...rest, customFields: Object.fromEntries(Object.entries(o).filter(([k]) => k.endsWith('__c'))) };
  };
  const noCf = (o: Record<string, unknown> | undefined) => o && Object.fromEntries(Object.entries(o).filter(([k]) => !k.endsWith('__c')));
  await saveEntry(ctx, {
    subscriptionNumber: after.subscription_number,
    version: after.version,
    subscriptionStartDate: datePart(a.externalActivationDate ?? a.originalPurchaseDate),
    subscriptionEndDate: datePart(a.externalExpirationDate),
    termStartDate: datePart(a.externalLastRenewalDate ?? a.externalActivationDate ?? a.originalPurchaseDate),
    termEndDate: datePart(a.externalNextRenewalDate ?? a.externalExpirationDate),
    accountNumber,
    invoiceOwnerAccountNumber: accountNumber,
    currency: a.currency ?? null,
    orderNumber: null,
    type: 'OmniChannel',
    externalSubscriptionId: after.external_subscription_id,
    changedTime: formatDateTime(ctx.now(), ctx.tenant.timezone),
    ratePlans: [],
    fields: diffFields(noCf(flat(b)), noCf(flat(a)), new Set()).concat(
      diffFields({ customFields: flat(b)?.customFields ?? {} }, { customFields: flat(a)!.customFields }, new Set(['customFields'])),
    ),
  });
}

export async function upsert(ctx: Ctx, body: Body): Promise<Record<string, unknown>> {
  const externalId = str(body.externalSubscriptionId, 'externalSubscriptionId');
  if (!externalId) throw missingField(`'externalSubscriptionId' is required`);
  const existing = await store.omniByExternalId(ctx, externalId);
  const custom = pickCustomFields(body);
  const now = stamp(ctx);
  if (existing) {
    let accountId = existing.account_id;
    let account: AccountRef | undefined;
    if (body.accountId !== undefined || body.accountData !== undefined) {
      account = await resolveAccount(ctx, body);
      accountId = account.id;
    } else account = await (await accounts()).getAccountByKey(ctx, accountId);
    const fields = fieldsFrom(body, JSON.parse(existing.fields) as Record<string, unknown>);
    fields.currency ??= account?.currency ?? null;
    const patch = {
      account_id: accountId,
      fields: JSON.stringify(fields),
      custom_fields: JSON.stringify({ ...parseCustomFields(existing.custom_fields), ...custom }),
      version: existing.version + 1,
      updated_time: now,
    };
    await store.updateOmni(ctx, existing.id, patch);
    await logVersion(ctx, existing, { ...existing, ...patch }, account?.accountNumber ?? null);
    return { success: true, subscriptionId: existing.id, subscriptionNumber: existing.subscription_number, accountId, accountNumber: account?.accountNumber ?? null };
  }
  const account = await resolveAccount(ctx, body);
  const fields = fieldsFrom(body, {});
  fields.currency ??= account.currency;
  const row: OmniRow = {
    id: newId(),
    tenant_id: ctx.tenant.id,
    subscription_number: formatNumber('A-S', await nextCounter(ctx, 'subscription')),
    external_subscription_id: externalId,
    account_id: account.id,
    fields: JSON.stringify(fields),
    custom_fields: JSON.stringify(custom),
    version: 1,
    created_time: now,
    updated_time: now,
  };
  await store.insertOmni(ctx, row);
  await logVersion(ctx, undefined, row, account.accountNumber);
  return { success: true, subscriptionId: row.id, subscriptionNumber: row.subscription_number, accountId: account.id, accountNumber: account.accountNumber };
}

async function mustFind(ctx: Ctx, key: string): Promise<OmniRow> {
  const row = await store.findOmni(ctx, key);
  if (!row) throw notFound(`Omnichannel subscription ${key} does not exist`);
  return row;
}

export async function get(ctx: Ctx, key: string, withAccount: boolean): Promise<Record<string, unknown>> {
  const row = await mustFind(ctx, key);
  const out: Record<string, unknown> = { success: true, ...json(row) };
  if (withAccount) {
    const acc = await (await accounts()).getAccountByKey(ctx, row.account_id);
    if (acc) out.accountData = { accountNumber: acc.accountNumber, name: acc.name, currency: acc.currency, customFields: acc.customFields };
  }
  return out;
}

export async function remove(ctx: Ctx, key: string): Promise<Record<string, unknown>> {
  const row = await mustFind(ctx, key);
  await store.deleteOmni(ctx, row.id);
  await store.deleteChangeLogs(ctx, row.subscription_number);
  return { success: true };
}
