/**
 * Usage records: the rules. A record names an account and, optionally, the subscription and the
 * usage charge it belongs to; the billing engine rates it later (contract.ts). A record is
 * Pending until billed, then Processed and frozen. File uploads (POST /v1/usage) are atomic:
 * one bad row fails the whole file and no record of it is kept.
 *
 * Other modules are read only through their readers: accounts (`getAccountByKey`), subscriptions
 * (`subscriptionReader`), catalog (`catalogReader`).
 */
import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import type { Ctx } from '../../platform/context.js';
import { customFieldRules, mergeCustomFields, parseCustomFields, pickCustomFields, type CustomFields } from '../../platform/custom-fields.js';
import { formatIsoDateTime, parseDate, Temporal } from '../../platform/dates.js';
import { invalidValue, missingField, notFound, ruleViolation, ZuoraError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { D, toDbAmount, toJsonNumber } from '../../platform/money.js';
import { getAccountByKey, type AccountRecord } from '../accounts/service.js';
import { catalogReader } from '../catalog/service.js';
import type { SubscriptionChargeRecord, SubscriptionRecord } from '../subscriptions/contract.js';
import { subscriptionReader } from '../subscriptions/service.js';
import type { RbeStatus, UsageRecord } from './contract.js';
import { CsvError, parseCsv } from './csv.js';
import * as store from './store.js';

type Body = Record<string, unknown>;

export const MAX_DESCRIPTION = 200;
/** Zuora refuses quantities with more than 13 digits before the decimal point. */
export const MAX_QUANTITY_INTEGER_DIGITS = 13;
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
export const MAX_FILE_NAME = 50;
/** How many row errors a failed import's status reason lists. */
const MAX_REPORTED_ROW_ERRORS = 20;
/** The X-Zuora-WSDL-Version from which a product rate plan charge number may be given. */
export const DYNAMIC_USAGE_WSDL = 146;
const SUBSCRIPTION_STATUSES_TAKING_USAGE = ['Active', 'Cancelled', 'Expired'];

// ---------------------------------------------------------------- input

/** What a record is made of, from the object API body or a CSV row. */
export interface UsageInput {
  accountId?: string;
  accountNumber?: string;
  subscriptionId?: string;
  subscriptionNumber?: string;
  chargeId?: string;
  chargeNumber?: string;
  productRatePlanChargeNumber?: string;
  uom?: string;
  quantity?: unknown;
  startDateTime?: Temporal.Instant;
  endDateTime?: Temporal.Instant;
  description?: string;
  uniqueKey?: string;
  customFields: CustomFields;
}

/** A string field: absent or null is unset; blank counts as unset too (unset fields are null, never ""). */
function optStr(b: Body, field: string): string | undefined {
  const v = b[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalidValue(`'${field}' must be a string`);
  const t = v.trim();
  return t === '' ? undefined : t;
}

const ISO_DT = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?(Z|z|[+-]\d{2}:?\d{2})?$/;

/**
 * A date-time as the object API takes it: `YYYY-MM-DDThh:mm[:ss[.fff]]` with an offset or `Z`, or
 * without one (the tenant's time zone), or a bare date (its start in the tenant's time zone).
 */
export function parseDateTime(ctx: Ctx, v: string, field: string): Temporal.Instant {
  const m = ISO_DT.exec(v.trim());
  const bad = () => invalidValue(`'${field}' must be a valid date-time (for example 2024-06-01T02:00:00.000+01:00); got '${v}'`);
  if (!m) throw bad();
  const date = parseDate(m[1]!);
  if (!date) throw bad();
  try {
    const time = m[2] ? Temporal.PlainTime.from(m[2], { overflow: 'reject' }) : Temporal.PlainTime.from('00:00');
    const local = date.toPlainDateTime(time);
    if (!m[3]) return local.toZonedDateTime(ctx.tenant.timezone).toInstant();
    let off = m[3].toUpperCase() === 'Z' ? '+00:00' : m[3];
    if (!off.includes(':')) off = `${off.slice(0, 3)}:${off.slice(3)}`;
    return Temporal.Instant.from(`${local.toString()}${off}`);
  } catch {
    throw bad();
  }
}

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** A date of an upload file: MM/DD/YYYY (the template's default), optionally with hh:mm[:ss], or an ISO date or date-time. */
export function parseFileDate(ctx: Ctx, v: string, column: string): Temporal.Instant {
  const m = US_DATE.exec(v.trim());
  if (!m) {
    try {
      return parseDateTime(ctx, v, column);
    } catch {
      throw invalidValue(`${column} must be a date in the MM/DD/YYYY format; got '${v}'`);
    }
  }
  const pad = (s: string) => s.padStart(2, '0');
  const iso = `${m[3]}-${pad(m[1]!)}-${pad(m[2]!)}${m[4] ? `T${pad(m[4])}:${m[5]}:${m[6] ?? '00'}` : ''}`;
  try {
    return parseDateTime(ctx, iso, column);
  } catch {
    throw invalidValue(`${column} must be a date in the MM/DD/YYYY format; got '${v}'`);
  }
}

function dateTimeField(ctx: Ctx, b: Body, field: string): Temporal.Instant | undefined {
  const s = optStr(b, field);
  return s === undefined ? undefined : parseDateTime(ctx, s, field);
}

/** A quantity: a JSON number or a decimal string, at least 0, at most 13 digits before the point. */
export function parseQuantity(v: unknown, field: string): InstanceType<typeof D> {
  if (v === undefined || v === null || v === '') throw missingField(`'${field}' is required`);
  let q: InstanceType<typeof D>;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw invalidValue(`'${field}' must be a decimal number`);
    q = new D(v);
  } else if (typeof v === 'string' && /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(v)) q = new D(v.trim());
  else throw invalidValue(`'${field}' must be a decimal number; got ${JSON.stringify(v)}`);
  if (q.isNegative()) throw invalidValue(`'${field}' cannot be less than 0`);
  if (q.trunc().toFixed().length > MAX_QUANTITY_INTEGER_DIGITS) throw invalidValue(`'${field}' has more than ${MAX_QUANTITY_INTEGER_DIGITS} digits before the decimal point`);
  return q;
}

export function inputFromObject(ctx: Ctx, b: Body): UsageInput {
  return {
    accountId: optStr(b, 'AccountId'),
    accountNumber: optStr(b, 'AccountNumber'),
    subscriptionId: optStr(b, 'SubscriptionId'),
    subscriptionNumber: optStr(b, 'SubscriptionNumber'),
    chargeId: optStr(b, 'ChargeId'),
    chargeNumber: optStr(b, 'ChargeNumber'),
    productRatePlanChargeNumber: optStr(b, 'ProductRatePlanChargeNumber'),
    uom: optStr(b, 'UOM'),
    quantity: b.Quantity,
    startDateTime: dateTimeField(ctx, b, 'StartDateTime'),
    endDateTime: dateTimeField(ctx, b, 'EndDateTime'),
    description: optStr(b, 'Description'),
    uniqueKey: optStr(b, 'UniqueKey'),
    customFields: pickCustomFields(b),
  };
}

// ---------------------------------------------------------------- references

interface ChargeRef {
  charge: SubscriptionChargeRecord;
  subscription: SubscriptionRecord;
  uom: string | null;
}

interface Refs {
  account: AccountRecord;
  subscription: SubscriptionRecord | null;
  charge: ChargeRef | null;
}

/** Reads of other modules, remembered for one request (an upload file names the same account many times). */
class Resolver {
  private accounts = new Map<string, Promise<AccountRecord | undefined>>();
  private subscriptions = new Map<string, Promise<SubscriptionRecord | undefined>>();
  private byAccount = new Map<string, Promise<SubscriptionRecord[]>>();
  private uoms = new Map<string, Promise<string | null>>();

  constructor(private readonly ctx: Ctx) {}

  account(key: string) {
    return memo(this.accounts, key, () => getAccountByKey(this.ctx, key));
  }
  subscription(key: string) {
    return memo(this.subscriptions, key, () => subscriptionReader.getSubscription(this.ctx, key));
  }
  subscriptionsOf(accountId: string) {
    return memo(this.byAccount, accountId, () => subscriptionReader.listByAccount(this.ctx, accountId));
  }
  /** The unit of measure of a product rate plan charge. */
  uomOf(productRatePlanChargeId: string) {
    return memo(this.uoms, productRatePlanChargeId, async () => (await catalogReader.getCharge(this.ctx, productRatePlanChargeId))?.uom ?? null);
  }
}

function memo<T>(m: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let p = m.get(key);
  if (!p) m.set(key, (p = load()));
  return p;
}

const allCharges = (s: SubscriptionRecord) => s.ratePlans.flatMap((rp) => rp.charges);
const originalChargeId = (c: SubscriptionChargeRecord) => c.originalChargeId ?? c.id;
const originalSubscriptionId = (s: SubscriptionRecord) => s.originalId ?? s.id;
const belongsTo = (s: SubscriptionRecord, a: AccountRecord) => s.accountId === a.id || s.invoiceOwnerAccountId === a.id;

async function resolveRefs(r: Resolver, input: UsageInput): Promise<Refs> {
  // The account
  if (!input.accountId && !input.accountNumber) throw missingField('AccountId or AccountNumber is required');
  let account: AccountRecord | undefined;
  if (input.accountId) {
    account = await r.account(input.accountId);
    if (!account || account.id !== input.accountId) throw invalidValue(`The account ${input.accountId} does not exist`);
  }
  if (input.accountNumber) {
    const byNumber = await r.account(input.accountNumber);
    if (!byNumber || byNumber.accountNumber !== input.accountNumber) throw invalidValue(`The account ${input.accountNumber} does not exist`);
    if (account && account.id !== byNumber.id) throw invalidValue(`AccountId ${input.accountId} and AccountNumber ${input.accountNumber} name different accounts`);
    account = byNumber;
  }
  if (!account) throw invalidValue('The account does not exist');
  if (account.status !== 'Active') throw ruleViolation(`The account ${account.accountNumber} is not active (its status is ${account.status})`);

  // The subscription
  let subscription: SubscriptionRecord | null = null;
  for (const [field, key] of [
    ['SubscriptionId', input.subscriptionId],
    ['SubscriptionNumber', input.subscriptionNumber],
  ] as const) {
    if (!key) continue;
    const hit = await r.subscription(key);
    const matches = hit && (field === 'SubscriptionNumber' ? hit.subscriptionNumber === key : hit.id === key || hit.originalId === key);
    if (!hit || !matches) throw invalidValue(`The subscription ${key} does not exist`);
    // An id may name an older version: the record belongs to the subscription as it is now.
    const s = (await r.subscription(hit.subscriptionNumber)) ?? hit;
    if (subscription && subscription.subscriptionNumber !== s.subscriptionNumber)
      throw invalidValue(`SubscriptionId ${input.subscriptionId} and SubscriptionNumber ${input.subscriptionNumber} name different subscriptions`);
    subscription = s;
  }
  if (subscription) {
    if (!belongsTo(subscription, account)) throw ruleViolation(`The subscription ${subscription.subscriptionNumber} does not belong to the account ${account.accountNumber}`);
    if (!SUBSCRIPTION_STATUSES_TAKING_USAGE.includes(subscription.status))
      throw ruleViolation(`The subscription ${subscription.subscriptionNumber} is not active (its status is ${subscription.status})`);
  }

  // The charge
  let charge: ChargeRef | null = null;
  if (input.chargeId || input.chargeNumber) {
    const candidates = subscription ? [subscription] : await r.subscriptionsOf(account.id);
    const find = (test: (c: SubscriptionChargeRecord) => boolean) => {
      for (const s of candidates) for (const c of allCharges(s)) if (test(c)) return { charge: c, subscription: s };
      return undefined;
    };
    const where = subscription ? `the subscription ${subscription.subscriptionNumber}` : `the account ${account.accountNumber}`;
    let found: { charge: SubscriptionChargeRecord; subscription: SubscriptionRecord } | undefined;
    if (input.chargeId) {
      found = find((c) => c.id === input.chargeId || c.originalChargeId === input.chargeId);
      if (!found) throw invalidValue(`The charge ${input.chargeId} is not a charge of ${where}`);
    }
    if (input.chargeNumber) {
      const byNumber = find((c) => c.chargeNumber === input.chargeNumber);
      if (!byNumber) throw invalidValue(`The charge ${input.chargeNumber} is not a charge of ${where}`);
      if (found && found.charge !== byNumber.charge) throw invalidValue(`ChargeId ${input.chargeId} and ChargeNumber ${input.chargeNumber} name different charges`);
      found = byNumber;
    }
    const f = found!;
    if (f.charge.chargeType !== 'Usage') throw ruleViolation(`The charge ${f.charge.chargeNumber} is a ${f.charge.chargeType} charge, not a usage charge`);
    if (!SUBSCRIPTION_STATUSES_TAKING_USAGE.includes(f.subscription.status))
      throw ruleViolation(`The subscription ${f.subscription.subscriptionNumber} is not active (its status is ${f.subscription.status})`);
    charge = { ...f, uom: await r.uomOf(f.charge.productRatePlanChargeId) };
    subscription = f.subscription;
  }
  return { account, subscription, charge };
}

/**
 * The unit of measure must be the charge's; without a charge, some usage charge of the
 * subscription (or of the account's subscriptions) must measure in it. zbill has no tenant list
 * of units of measure: the catalog's charges are the units that exist.
 */
async function checkUom(r: Resolver, refs: Refs, uom: string): Promise<void> {
  if (refs.charge) {
    if (refs.charge.uom !== uom) throw invalidValue(`The UOM '${uom}' does not match the unit of measure of the charge ${refs.charge.charge.chargeNumber} ('${refs.charge.uom ?? ''}')`);
    return;
  }
  const subs = refs.subscription ? [refs.subscription] : await r.subscriptionsOf(refs.account.id);
  for (const s of subs) for (const c of allCharges(s)) if (c.chargeType === 'Usage' && (await r.uomOf(c.productRatePlanChargeId)) === uom) return;
  const where = refs.subscription ? `the subscription ${refs.subscription.subscriptionNumber}` : `the account ${refs.account.accountNumber}`;
  throw invalidValue(`The UOM '${uom}' does not match any usage charge of ${where}`);
}

// ---------------------------------------------------------------- records

const isoNow = (ctx: Ctx) => ctx.now().toString();
const usageDate = (ctx: Ctx, i: Temporal.Instant) => i.toZonedDateTimeISO(ctx.tenant.timezone).toPlainDate().toString();

/** Validates an input and builds the row it makes (nothing is written). */
async function prepare(ctx: Ctx, r: Resolver, input: UsageInput, source: { type: 'API' | 'Import'; importId: string | null; wsdlVersion: number | null }): Promise<store.UsageRow> {
  if (!input.uom) throw missingField("'UOM' is required");
  const quantity = parseQuantity(input.quantity, 'Quantity');
  if (!input.startDateTime) throw missingField("'StartDateTime' is required");
  if (input.endDateTime && Temporal.Instant.compare(input.startDateTime, input.endDateTime) > 0) throw invalidValue('StartDateTime cannot be after EndDateTime');
  if (input.description && input.description.length > MAX_DESCRIPTION) throw invalidValue(`Description is longer than ${MAX_DESCRIPTION} characters`);
  if (input.productRatePlanChargeNumber) {
    if ((source.wsdlVersion ?? 0) < DYNAMIC_USAGE_WSDL) throw invalidValue(`ProductRatePlanChargeNumber needs the X-Zuora-WSDL-Version header ${DYNAMIC_USAGE_WSDL} or higher`);
    const prpc = await catalogReader.getCharge(ctx, input.productRatePlanChargeNumber);
    if (!prpc) throw invalidValue(`The product rate plan charge ${input.productRatePlanChargeNumber} does not exist`);
    if (prpc.chargeType !== 'Usage') throw ruleViolation(`The product rate plan charge ${input.productRatePlanChargeNumber} is not a usage charge`);
  }
  const refs = await resolveRefs(r, input);
  await checkUom(r, refs, input.uom);
  const now = isoNow(ctx);
  return {
    id: newId(),
    tenant_id: ctx.tenant.id,
    account_id: refs.account.id,
    account_number: refs.account.accountNumber,
    subscription_id: refs.subscription ? originalSubscriptionId(refs.subscription) : null,
    subscription_number: refs.subscription?.subscriptionNumber ?? null,
    charge_id: refs.charge ? originalChargeId(refs.charge.charge) : null,
    charge_number: refs.charge?.charge.chargeNumber ?? null,
    product_rate_plan_charge_number: input.productRatePlanChargeNumber ?? null,
    uom: input.uom,
    quantity: toDbAmount(quantity),
    start_date_time: input.startDateTime.toString(),
    start_date: usageDate(ctx, input.startDateTime),
    end_date_time: input.endDateTime?.toString() ?? null,
    description: input.description ?? null,
    unique_key: input.uniqueKey ?? null,
    rbe_status: 'Pending',
    source_type: source.type,
    import_id: source.importId,
    invoice_item_id: null,
    // checked against the tenant's Usage custom field definitions, if any (defaults filled in)
    custom_fields: JSON.stringify((await customFieldRules(ctx, 'Usage')).check(input.customFields, { create: true })),
    created_on: now,
    updated_on: now,
  };
}

export function toRecord(r: store.UsageRow): UsageRecord {
  return {
    id: r.id,
    accountId: r.account_id,
    accountNumber: r.account_number,
    subscriptionId: r.subscription_id,
    subscriptionNumber: r.subscription_number,
    chargeId: r.charge_id,
    chargeNumber: r.charge_number,
    uom: r.uom,
    quantity: r.quantity,
    startDateTime: r.start_date_time,
    startDate: r.start_date,
    endDateTime: r.end_date_time,
    description: r.description,
    uniqueKey: r.unique_key,
    rbeStatus: r.rbe_status as RbeStatus,
    sourceType: r.source_type as 'API' | 'Import',
    importId: r.import_id,
    invoiceItemId: r.invoice_item_id,
    customFields: parseCustomFields(r.custom_fields),
  };
}

export async function createUsage(ctx: Ctx, body: Body, opts: { wsdlVersion: number | null }): Promise<string> {
  const row = await prepare(ctx, new Resolver(ctx), inputFromObject(ctx, body), { type: 'API', importId: null, wsdlVersion: opts.wsdlVersion });
  await store.insert(ctx, [row]);
  return row.id;
}

async function mustFind(ctx: Ctx, id: string): Promise<store.UsageRow> {
  const row = await store.findById(ctx, id);
  if (!row) throw notFound(`No usage record with id ${id}`);
  return row;
}

export async function getUsage(ctx: Ctx, id: string): Promise<store.UsageRow> {
  return mustFind(ctx, id);
}

function refuseFrozen(row: store.UsageRow, verb: string): void {
  if (row.rbe_status === 'Processed') throw ruleViolation(`The usage record ${row.id} has been billed (RbeStatus Processed) and cannot be ${verb}`);
  if (row.rbe_status === 'Importing') throw ruleViolation(`The usage record ${row.id} is still importing and cannot be ${verb}`);
}

/** Fields a usage record keeps for life: an update may repeat them but not change them. */
const FIXED_FIELDS: Array<[string, keyof store.UsageRow]> = [
  ['AccountId', 'account_id'],
  ['AccountNumber', 'account_number'],
  ['SubscriptionId', 'subscription_id'],
  ['SubscriptionNumber', 'subscription_number'],
  ['ChargeId', 'charge_id'],
  ['ChargeNumber', 'charge_number'],
];

export async function updateUsage(ctx: Ctx, id: string, body: Body): Promise<void> {
  const row = await mustFind(ctx, id);
  refuseFrozen(row, 'updated');
  for (const [field, col] of FIXED_FIELDS) {
    const v = optStr(body, field);
    if (v !== undefined && v !== row[col]) throw ruleViolation(`${field} of a usage record cannot be changed`);
  }
  const status = optStr(body, 'RbeStatus');
  if (status !== undefined && status !== row.rbe_status) throw ruleViolation(`RbeStatus is set by the rating and billing engine and cannot be changed to '${status}'`);

  const patch: Partial<store.UsageRow> = {};
  let start = Temporal.Instant.from(row.start_date_time);
  let end = row.end_date_time ? Temporal.Instant.from(row.end_date_time) : null;
  if ('StartDateTime' in body) {
    const s = dateTimeField(ctx, body, 'StartDateTime');
    if (!s) throw missingField("'StartDateTime' cannot be cleared");
    start = s;
    patch.start_date_time = s.toString();
    patch.start_date = usageDate(ctx, s);
  }
  if ('EndDateTime' in body) {
    end = dateTimeField(ctx, body, 'EndDateTime') ?? null;
    patch.end_date_time = end?.toString() ?? null;
  }
  if (end && Temporal.Instant.compare(start, end) > 0) throw invalidValue('StartDateTime cannot be after EndDateTime');
  if ('Quantity' in body) patch.quantity = toDbAmount(parseQuantity(body.Quantity, 'Quantity'));
  if ('Description' in body) {
    const d = optStr(body, 'Description');
    if (d && d.length > MAX_DESCRIPTION) throw invalidValue(`Description is longer than ${MAX_DESCRIPTION} characters`);
    patch.description = d ?? null;
  }
  if ('UOM' in body) {
    const uom = optStr(body, 'UOM');
    if (!uom) throw missingField("'UOM' cannot be cleared");
    if (uom !== row.uom) {
      const r = new Resolver(ctx);
      const refs = await resolveRefs(r, { accountId: row.account_id, subscriptionId: row.subscription_id ?? undefined, chargeId: row.charge_id ?? undefined, customFields: {} });
      await checkUom(r, refs, uom);
    }
    patch.uom = uom;
  }
  const custom = (await customFieldRules(ctx, 'Usage')).pick(body);
  if (Object.keys(custom).length) patch.custom_fields = mergeCustomFields(row.custom_fields, custom);
  patch.updated_on = isoNow(ctx);
  await store.update(ctx, id, patch);
}

export async function deleteUsage(ctx: Ctx, id: string): Promise<void> {
  const row = await mustFind(ctx, id);
  refuseFrozen(row, 'deleted');
  await store.remove(ctx, id);
}

// ---------------------------------------------------------------- the object API view

function compact(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

const ts = (ctx: Ctx, iso: string) => formatIsoDateTime(Temporal.Instant.from(iso), ctx.tenant.timezone);

/** The object API's Usage: PascalCase; unset fields are left out, as the object API does. */
export function toObject(ctx: Ctx, r: store.UsageRow): Record<string, unknown> {
  return compact({
    Id: r.id,
    AccountId: r.account_id,
    AccountNumber: r.account_number,
    SubscriptionId: r.subscription_id,
    SubscriptionNumber: r.subscription_number,
    ChargeId: r.charge_id,
    ChargeNumber: r.charge_number,
    ProductRatePlanChargeNumber: r.product_rate_plan_charge_number,
    UOM: r.uom,
    Quantity: toJsonNumber(r.quantity),
    StartDateTime: ts(ctx, r.start_date_time),
    EndDateTime: r.end_date_time ? ts(ctx, r.end_date_time) : null,
    Description: r.description,
    UniqueKey: r.unique_key,
    RbeStatus: r.rbe_status,
    SourceType: r.source_type,
    SubmissionDateTime: ts(ctx, r.created_on),
    CreatedById: ctx.tenant.id,
    CreatedDate: ts(ctx, r.created_on),
    UpdatedById: ctx.tenant.id,
    UpdatedDate: ts(ctx, r.updated_on),
    ...parseCustomFields(r.custom_fields),
  });
}

// ---------------------------------------------------------------- file uploads

/** The template's columns. Those marked required must be present as headers, even when their values are empty. */
const COLUMNS: Record<string, { required: boolean }> = {
  ACCOUNT_ID: { required: true },
  UOM: { required: true },
  QTY: { required: true },
  STARTDATE: { required: true },
  ENDDATE: { required: true },
  SUBSCRIPTION_ID: { required: true },
  CHARGE_ID: { required: true },
  PRODUCT_RATE_PLAN_CHARGE_ID: { required: false },
  DESCRIPTION: { required: false },
  UNIQUE_KEY: { required: false },
};

/** Refusals of the upload itself (the file never becomes an import). */
export function checkUploadFile(fileName: string | undefined, data: Buffer): void {
  if (!fileName) throw missingField("The upload has no file name: give the 'file' part a filename");
  if (fileName.includes('\u0000')) throw invalidValue('The file name must not contain the NUL character');
  if (fileName.length > MAX_FILE_NAME) throw invalidValue(`The file name is longer than ${MAX_FILE_NAME} characters`);
  if (!/\.csv$/i.test(fileName)) throw invalidValue(`The file '${fileName}' is not a .csv file; zbill imports usage from CSV files`);
  if (data.length > MAX_FILE_BYTES) throw invalidValue(`The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
  if (!isUtf8(data)) throw invalidValue('The file is not encoded in UTF-8');
  // PostgreSQL cannot store U+0000: refused here as the platform refuses it in JSON bodies.
  if (data.includes(0)) throw invalidValue('The file must not contain the NUL character');
}

class ImportFailure extends Error {
  constructor(
    message: string,
    readonly total = 0,
  ) {
    super(message);
  }
}

/** Reads the file into inputs; a problem with the file as a whole or with any row fails the import. */
async function readFile(ctx: Ctx, text: string, r: Resolver, wsdlVersion: number | null, importId: string): Promise<{ total: number; rows: store.UsageRow[] }> {
  let parsed;
  try {
    parsed = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvError) throw new ImportFailure(e.message);
    throw e;
  }
  const [header, ...data] = parsed;
  if (!header) throw new ImportFailure('The file is empty');
  const names = header.cells.map((h) => h.trim());
  const index = new Map<string, number>();
  names.forEach((n, i) => {
    const key = n.endsWith('__c') ? n : n.toUpperCase();
    if (!key) throw new ImportFailure(`Column ${i + 1} has no heading`);
    if (!key.endsWith('__c') && !COLUMNS[key]) throw new ImportFailure(`Unknown column heading '${n}'`);
    if (index.has(key)) throw new ImportFailure(`The column heading '${n}' appears twice`);
    index.set(key, i);
  });
  const missing = Object.entries(COLUMNS).filter(([k, c]) => c.required && !index.has(k)).map(([k]) => k);
  if (missing.length) throw new ImportFailure(`The file lacks the column heading(s) ${missing.join(', ')}`);
  if (!data.length) throw new ImportFailure('The file has no usage records');

  const errors: string[] = [];
  const rows: store.UsageRow[] = [];
  for (const row of data) {
    const cell = (k: string) => {
      const i = index.get(k);
      const v = i === undefined ? undefined : row.cells[i]?.trim();
      return v === '' ? undefined : v;
    };
    try {
      if (row.cells.length > names.length) throw invalidValue(`the row has ${row.cells.length} fields but the file has ${names.length} columns`);
      const custom: CustomFields = {};
      for (const k of index.keys()) if (k.endsWith('__c')) custom[k] = cell(k) ?? null;
      const account = cell('ACCOUNT_ID');
      if (!account) throw missingField('ACCOUNT_ID is missing');
      const uom = cell('UOM');
      if (!uom) throw missingField('UOM is missing');
      const qty = cell('QTY');
      if (!qty) throw missingField('QTY is missing');
      const start = cell('STARTDATE');
      if (!start) throw missingField('STARTDATE is missing');
      const end = cell('ENDDATE');
      const input: UsageInput = {
        accountNumber: account,
        subscriptionNumber: cell('SUBSCRIPTION_ID'),
        chargeNumber: cell('CHARGE_ID'),
        productRatePlanChargeNumber: cell('PRODUCT_RATE_PLAN_CHARGE_ID'),
        uom,
        quantity: qty,
        startDateTime: parseFileDate(ctx, start, 'STARTDATE'),
        endDateTime: end ? parseFileDate(ctx, end, 'ENDDATE') : undefined,
        description: cell('DESCRIPTION'),
        uniqueKey: cell('UNIQUE_KEY'),
        customFields: custom,
      };
      rows.push(await prepare(ctx, r, input, { type: 'Import', importId, wsdlVersion }));
    } catch (e) {
      if (!(e instanceof ZuoraError)) throw e;
      errors.push(`Line ${row.line}: ${e.message.replace(/'Quantity'/g, 'QTY').replace(/StartDateTime/g, 'STARTDATE').replace(/EndDateTime/g, 'ENDDATE')}`);
    }
  }
  if (errors.length) {
    const shown = errors.slice(0, MAX_REPORTED_ROW_ERRORS);
    const more = errors.length > shown.length ? ` (and ${errors.length - shown.length} more)` : '';
    throw new ImportFailure(`${errors.length} of ${data.length} usage records failed; nothing was imported. ${shown.join('; ')}${more}`, data.length);
  }
  return { total: data.length, rows };
}

/**
 * POST /v1/usage: keeps the import with its outcome. A file that imports becomes Completed with
 * its records Pending; a file with any bad row becomes Failed, with the rows' errors as its reason,
 * and none of its records is kept. Returns the import's id.
 */
export async function importUsageFile(
  ctx: Ctx,
  file: { fileName: string | undefined; data: Buffer },
  opts: { wsdlVersion: number | null; /** the import's name when it is not the file's (the object API's Name) */ name?: string },
): Promise<{ id: string; size: number }> {
  checkUploadFile(file.fileName, file.data);
  const id = newId();
  const now = isoNow(ctx);
  const base: store.ImportRow = {
    id,
    tenant_id: ctx.tenant.id,
    file_name: opts.name ?? file.fileName!,
    size: file.data.length,
    md5: createHash('md5').update(file.data).digest('hex'),
    status: 'Completed',
    status_reason: null,
    total_count: 0,
    imported_count: 0,
    created_on: now,
    updated_on: now,
  };
  try {
    const { total, rows } = await readFile(ctx, file.data.toString('utf8'), new Resolver(ctx), opts.wsdlVersion, id);
    await store.insertImport(ctx, { ...base, total_count: total, imported_count: rows.length });
    await store.insert(ctx, rows);
  } catch (e) {
    if (!(e instanceof ImportFailure)) throw e;
    await store.insertImport(ctx, { ...base, status: 'Failed', status_reason: e.message, total_count: e.total });
  }
  return { id, size: file.data.length };
}

export async function getImport(ctx: Ctx, id: string): Promise<store.ImportRow> {
  const row = await store.findImport(ctx, id);
  if (!row) throw notFound(`No usage import with id ${id}`);
  return row;
}

/** GET /v1/usage/{import-id}/status: the v1 API's view of an import. */
export function importStatusView(ctx: Ctx, r: store.ImportRow): Record<string, unknown> {
  return {
    success: true,
    id: r.id,
    importType: 'Usage',
    name: r.file_name,
    importStatus: r.status,
    message: r.status_reason,
    size: Number(r.size),
    totalCount: r.total_count,
    importedCount: r.imported_count,
    md5: r.md5,
    uploadDate: ts(ctx, r.created_on),
    updatedDate: ts(ctx, r.updated_on),
  };
}

/** GET /v1/object/import/{id}: the object API's Import. */
export function importToObject(ctx: Ctx, r: store.ImportRow): Record<string, unknown> {
  return compact({
    Id: r.id,
    ImportType: 'Usage',
    Name: r.file_name,
    Status: r.status,
    StatusReason: r.status_reason,
    TotalCount: r.total_count,
    ImportedCount: r.imported_count,
    Md5: r.md5,
    CreatedById: ctx.tenant.id,
    CreatedDate: ts(ctx, r.created_on),
    UpdatedById: ctx.tenant.id,
    UpdatedDate: ts(ctx, r.updated_on),
  });
}

// ---------------------------------------------------------------- for the billing engine

export async function usageForCharge(ctx: Ctx, chargeId: string, from: string, to: string): Promise<UsageRecord[]> {
  return (await store.byCharge(ctx, chargeId, from, to)).map(toRecord);
}

export async function usageForAccount(ctx: Ctx, accountId: string, from: string, to: string): Promise<UsageRecord[]> {
  return (await store.byAccount(ctx, accountId, from, to)).map(toRecord);
}

export async function markProcessed(ctx: Ctx, ids: string[], invoiceItemId: string): Promise<void> {
  const unique = [...new Set(ids)];
  const now = isoNow(ctx);
  // the usual case in one statement: every record Pending, all marked (none when one is not: the check below names it)
  if (unique.length && unique.length <= 500 && (await store.markAllPendingProcessed(ctx, unique, invoiceItemId, now)) === unique.length) return;
  const rows = await store.findByIds(ctx, unique);
  const found = new Map(rows.map((r) => [r.id, r]));
  for (const id of unique) {
    const r = found.get(id);
    if (!r) throw ruleViolation(`No usage record with id ${id}`);
    if (r.rbe_status !== 'Pending') throw ruleViolation(`The usage record ${id} is ${r.rbe_status}, not Pending`);
  }
  await store.markProcessed(ctx, unique, invoiceItemId, now);
}

/**
 * The records billed by these invoice items become Pending again, free to change and billed by the next
 * run (Zuora: canceling or deleting an invoice puts its usage back to Pending). Answers how many.
 */
export async function releaseProcessed(ctx: Ctx, invoiceItemIds: string[]): Promise<number> {
  const unique = [...new Set(invoiceItemIds)];
  if (!unique.length) return 0;
  return store.releaseProcessed(ctx, unique, isoNow(ctx));
}
