import type { Ctx } from '../../platform/context.js';
import { customFieldRules, parseCustomFields, pickCustomFields, type CustomFieldRules, type CustomFields } from '../../platform/custom-fields.js';
import { invalidValue, missingField, notFound, ruleViolation } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { findCountry, findSubregion, hasSubregions } from './geo.js';
import * as store from './store.js';
import type { ContactRow, ContactValues, SnapshotRow } from './store.js';

/** Zuora allows at most this many contacts on one account. */
export const MAX_CONTACTS_PER_ACCOUNT = 2000;

type Kind = 'text' | 'email' | 'phoneType';
interface FieldSpec {
  key: string;
  col: Exclude<keyof ContactValues, 'as_bill_to' | 'as_sold_to' | 'as_ship_to' | 'custom_fields'>;
  max: number;
  kind: Kind;
}

/** Every standard text field of a contact: API name, column, length limit (POST /v1/contacts). */
export const CONTACT_FIELDS: FieldSpec[] = [
  { key: 'firstName', col: 'first_name', max: 100, kind: 'text' },
  { key: 'lastName', col: 'last_name', max: 100, kind: 'text' },
  { key: 'nickname', col: 'nickname', max: 100, kind: 'text' },
  { key: 'workEmail', col: 'work_email', max: 80, kind: 'email' },
  { key: 'personalEmail', col: 'personal_email', max: 80, kind: 'email' },
  { key: 'address1', col: 'address1', max: 255, kind: 'text' },
  { key: 'address2', col: 'address2', max: 255, kind: 'text' },
  { key: 'city', col: 'city', max: 100, kind: 'text' },
  { key: 'county', col: 'county', max: 100, kind: 'text' },
  { key: 'state', col: 'state', max: 100, kind: 'text' },
  { key: 'country', col: 'country', max: 64, kind: 'text' },
  { key: 'zipCode', col: 'zip_code', max: 20, kind: 'text' },
  { key: 'taxRegion', col: 'tax_region', max: 100, kind: 'text' },
  { key: 'workPhone', col: 'work_phone', max: 40, kind: 'text' },
  { key: 'homePhone', col: 'home_phone', max: 40, kind: 'text' },
  { key: 'mobilePhone', col: 'mobile_phone', max: 100, kind: 'text' },
  { key: 'otherPhone', col: 'other_phone', max: 40, kind: 'text' },
  { key: 'otherPhoneType', col: 'other_phone_type', max: 20, kind: 'phoneType' },
  { key: 'fax', col: 'fax', max: 40, kind: 'text' },
  { key: 'contactDescription', col: 'description', max: 100, kind: 'text' },
];

const FLAG_FIELDS = [
  { key: 'asBillTo', col: 'as_bill_to' },
  { key: 'asSoldTo', col: 'as_sold_to' },
  { key: 'asShipTo', col: 'as_ship_to' },
] as const;

const PHONE_TYPES = ['Work', 'Mobile', 'Home', 'Other'];
/** Zuora does not support 4-byte UTF-8 characters (outside the BMP, e.g. emoji) in contact names. */
export const FOUR_BYTE_CHAR = /[\u{10000}-\u{10FFFF}]/u;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A contact as the rest of zbill sees it (API field names; unset fields are null). */
export interface ContactRecord {
  id: string;
  accountId: string;
  firstName: string;
  lastName: string;
  nickname: string | null;
  workEmail: string | null;
  personalEmail: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  county: string | null;
  state: string | null;
  country: string | null;
  zipCode: string | null;
  taxRegion: string | null;
  workPhone: string | null;
  homePhone: string | null;
  mobilePhone: string | null;
  otherPhone: string | null;
  otherPhoneType: string | null;
  fax: string | null;
  contactDescription: string | null;
  asBillTo: boolean | null;
  asSoldTo: boolean | null;
  asShipTo: boolean | null;
  customFields: CustomFields;
}

// ---------------------------------------------------------------------------
// The accounts module sits above contacts; it tells contacts how to find an
// account (POST /v1/contacts names one, delete and transfer check its roles).

export interface ContactAccountInfo {
  id: string;
  accountNumber: string;
  parentId: string | null;
  billToContactId: string | null;
  soldToContactId: string | null;
  shipToContactId: string | null;
}

export interface AccountDirectory {
  /** An active (not deleted) account by id or number. */
  findAccount(ctx: Ctx, key: string): Promise<ContactAccountInfo | undefined>;
}

let directory: AccountDirectory | undefined;

/** Called once by the accounts module when it loads. */
export function registerAccountDirectory(d: AccountDirectory): void {
  directory = d;
}

async function findAccount(ctx: Ctx, key: string): Promise<ContactAccountInfo | undefined> {
  return directory ? directory.findAccount(ctx, key) : undefined;
}

// ---------------------------------------------------------------------------
// Input

function fieldText(body: Record<string, unknown>, key: string, label: string): string | null | undefined {
  if (!(key in body)) return undefined;
  const v = body[key];
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v !== 'string') throw invalidValue(`'${label}' must be a string`);
  return v;
}

/**
 * Validates a contact body and returns the column values it sets. On create,
 * firstName and lastName are required; on update (`existing` given), only the
 * fields present change, and an empty string empties a field.
 * `prefix` names nested fields in messages (`billToContact.`).
 */
export function parseContactInput(body: unknown, opts: { prefix?: string; existing?: ContactRow; rules?: CustomFieldRules } = {}): Partial<ContactValues> {
  const prefix = opts.prefix ?? '';
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalidValue(`'${prefix.replace(/\.$/, '') || 'body'}' must be an object`);
  const b = body as Record<string, unknown>;
  const out: Partial<ContactValues> = {};
  for (const f of CONTACT_FIELDS) {
    const label = prefix + f.key;
    let v = fieldText(b, f.key, label);
    if (v === undefined) continue;
    if (v !== null) v = v.trim();
    if (v === '') v = null;
    if (v !== null) {
      if (v.length > f.max) throw invalidValue(`'${label}' must be at most ${f.max} characters`);
      if (f.kind === 'email' && !EMAIL_RE.test(v)) throw invalidValue(`'${label}' is not a valid email address: ${v}`);
      if ((f.key === 'firstName' || f.key === 'lastName') && FOUR_BYTE_CHAR.test(v)) throw invalidValue(`'${label}' cannot contain 4-byte UTF-8 characters`);
      if (f.kind === 'phoneType' && !PHONE_TYPES.includes(v)) throw invalidValue(`'${label}' value should be one of: ${PHONE_TYPES.join(', ')}`);
    }
    out[f.col] = v;
  }
  for (const f of FLAG_FIELDS) {
    if (!(f.key in b) || b[f.key] === null || b[f.key] === undefined) continue;
    const v = b[f.key];
    if (typeof v !== 'boolean') throw invalidValue(`'${prefix}${f.key}' must be a boolean`);
    out[f.col] = v ? 1 : 0;
  }
  // Names are required on create and can never be emptied.
  for (const [key, col] of [['firstName', 'first_name'], ['lastName', 'last_name']] as const) {
    if (opts.existing) {
      if (col in out && out[col] === null) throw invalidValue(`'${prefix}${key}' cannot be empty`);
    } else if (!out[col]) {
      throw missingField(`'${prefix}${key}' is required`);
    }
  }
  // Country: a name or an ISO code; stored as the country name.
  if (out.country) {
    const c = findCountry(out.country);
    if (!c) throw invalidValue(`'${prefix}country' is not a valid country name or ISO code: ${out.country}`);
    out.country = c.name;
  }
  // State: for a country with subregions (United States, Canada), a valid name or code.
  const country = 'country' in out ? out.country : opts.existing?.country;
  const state = 'state' in out ? out.state : opts.existing?.state;
  if (country && state && ('state' in out || 'country' in out)) {
    const c = findCountry(country);
    if (c && hasSubregions(c.code) && !findSubregion(c.code, state)) {
      throw invalidValue(`'${prefix}state' is not a valid state or province of ${c.name}: ${state}`);
    }
  }
  const nested = b.customFields;
  if (nested !== undefined && nested !== null && (typeof nested !== 'object' || Array.isArray(nested))) throw invalidValue(`'${prefix}customFields' must be an object`);
  // Orders nest custom fields in `customFields`; the contact APIs put them on the body.
  const picked = { ...pickCustomFields(nested as Record<string, unknown> | undefined), ...pickCustomFields(b) };
  // checked against the tenant's Contact custom field definitions, if any (defaults filled on create)
  const custom = opts.rules ? opts.rules.check(picked, { create: !opts.existing }) : picked;
  if (Object.keys(custom).length) out.custom_fields = JSON.stringify({ ...parseCustomFields(opts.existing?.custom_fields), ...custom });
  return out;
}

// ---------------------------------------------------------------------------
// Reading

const bool = (v: number | null | undefined) => (v === null || v === undefined ? null : v === 1 || (v as unknown) === '1' || (v as unknown) === true);

function toRecord(r: ContactRow, rules?: CustomFieldRules): ContactRecord {
  const rec: Record<string, unknown> = { id: r.id, accountId: r.account_id };
  for (const f of CONTACT_FIELDS) rec[f.key] = r[f.col];
  for (const f of FLAG_FIELDS) rec[f.key] = bool(r[f.col]);
  rec.customFields = rules ? rules.read(r.custom_fields) : parseCustomFields(r.custom_fields);
  return rec as unknown as ContactRecord;
}

export async function getContact(ctx: Ctx, id: string): Promise<ContactRecord | undefined> {
  const r = await store.findContact(ctx, id);
  return r ? toRecord(r, await customFieldRules(ctx, 'Contact')) : undefined;
}

/** Several contacts in one query, by id (missing ids are left out). */
export async function getContacts(ctx: Ctx, ids: Array<string | null>): Promise<Map<string, ContactRecord>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  const rows = await store.findContacts(ctx, wanted);
  const rules = await customFieldRules(ctx, 'Contact');
  return new Map(rows.map((r) => [r.id, toRecord(r, rules)]));
}

/** The contact as GET /v1/accounts shows billToContact / soldToContact: every standard field, null when unset (never ""), custom fields spread in. */
export function contactView(c: ContactRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { id: c.id };
  const rec = c as unknown as Record<string, unknown>;
  for (const f of CONTACT_FIELDS) {
    if (f.key === 'contactDescription') continue;
    out[f.key] = rec[f.key] ?? null;
  }
  for (const f of FLAG_FIELDS) if (c[f.key] !== null) out[f.key] = c[f.key];
  return { ...out, ...c.customFields };
}

async function contactResponse(ctx: Ctx, c: ContactRecord): Promise<Record<string, unknown>> {
  const acct = await findAccount(ctx, c.accountId);
  const out: Record<string, unknown> = { id: c.id, accountId: c.accountId, accountNumber: acct?.accountNumber ?? null };
  for (const f of CONTACT_FIELDS) out[f.key] = (c as unknown as Record<string, unknown>)[f.key];
  for (const f of FLAG_FIELDS) if (c[f.key] !== null) out[f.key] = c[f.key];
  return { ...out, ...c.customFields, success: true };
}

async function mustGet(ctx: Ctx, id: string): Promise<ContactRow> {
  const r = await store.findContact(ctx, id);
  if (!r) throw notFound(`Cannot find the contact with ID ${id}`);
  return r;
}

export async function getContactResponse(ctx: Ctx, id: string): Promise<Record<string, unknown>> {
  return contactResponse(ctx, toRecord(await mustGet(ctx, id), await customFieldRules(ctx, 'Contact')));
}

// ---------------------------------------------------------------------------
// Writing (callers run these inside their transaction)

function emptyValues(): ContactValues {
  const v: Record<string, unknown> = { as_bill_to: null, as_sold_to: null, as_ship_to: null, custom_fields: '{}' };
  for (const f of CONTACT_FIELDS) v[f.col] = null;
  return v as ContactValues;
}

/**
 * Creates a contact on an account (the caller has checked the account). Returns its id.
 * `known.contacts`: how many contacts the account has, when the caller knows it (an account it is
 * creating): the count query is then not run. `known.now`: the request's one clock reading.
 */
export async function createAccountContact(ctx: Ctx, accountId: string, body: unknown, prefix = '', known: { contacts?: number; now?: string } = {}): Promise<string> {
  const values = parseContactInput(body, { prefix, rules: await customFieldRules(ctx, 'Contact') });
  if ((known.contacts ?? (await store.countContactsOfAccount(ctx, accountId))) >= MAX_CONTACTS_PER_ACCOUNT) {
    throw ruleViolation(`An account can have at most ${MAX_CONTACTS_PER_ACCOUNT} contacts`);
  }
  const now = known.now ?? ctx.now().toString();
  const id = newId();
  await store.insertContact(ctx, { ...emptyValues(), ...values, id, tenant_id: ctx.tenant.id, account_id: accountId, created_at: now, updated_at: now });
  return id;
}

/** Updates a contact in place with the fields of `body`. */
export async function updateContact(ctx: Ctx, id: string, body: unknown, prefix = ''): Promise<void> {
  const existing = await mustGet(ctx, id);
  const values = parseContactInput(body, { prefix, existing, rules: await customFieldRules(ctx, 'Contact') });
  if (Object.keys(values).length) await store.updateContactRow(ctx, id, { ...values, updated_at: ctx.now().toString() });
}

/** Removes every contact of an account (account deletion); snapshots stay. */
export async function deleteContactsOfAccount(ctx: Ctx, accountId: string): Promise<void> {
  await store.deleteContactsOfAccountRows(ctx, accountId);
}

/** POST /v1/contacts */
export async function createContact(ctx: Ctx, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const accountId = typeof body.accountId === 'string' && body.accountId ? body.accountId : undefined;
  const accountNumber = typeof body.accountNumber === 'string' && body.accountNumber ? body.accountNumber : undefined;
  if (!accountId && !accountNumber) throw missingField(`'accountId' or 'accountNumber' is required`);
  const byId = accountId ? await findAccount(ctx, accountId) : undefined;
  if (accountId && (!byId || byId.id !== accountId)) throw invalidValue(`'accountId' does not name an existing account: ${accountId}`);
  const byNumber = accountNumber ? await findAccount(ctx, accountNumber) : undefined;
  if (accountNumber && (!byNumber || byNumber.accountNumber !== accountNumber)) throw invalidValue(`'accountNumber' does not name an existing account: ${accountNumber}`);
  if (byId && byNumber && byId.id !== byNumber.id) throw invalidValue(`'accountId' and 'accountNumber' must refer to the same account`);
  const account = (byId ?? byNumber)!;
  const id = await createAccountContact(ctx, account.id, body);
  return getContactResponse(ctx, id);
}

/** PUT /v1/contacts/{id} */
export async function updateContactById(ctx: Ctx, id: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  await updateContact(ctx, id, body);
  return getContactResponse(ctx, id);
}

function roleOf(account: ContactAccountInfo | undefined, contactId: string): string | undefined {
  if (!account) return undefined;
  if (account.billToContactId === contactId) return 'bill-to';
  if (account.soldToContactId === contactId) return 'sold-to';
  if (account.shipToContactId === contactId) return 'ship-to';
  return undefined;
}

/** DELETE /v1/contacts/{id}: the bill-to, sold-to or ship-to contact of an account cannot be deleted. */
export async function deleteContact(ctx: Ctx, id: string): Promise<void> {
  const row = await mustGet(ctx, id);
  const role = roleOf(await findAccount(ctx, row.account_id), id);
  if (role) throw ruleViolation(`The contact ${id} is the ${role} contact of its account and cannot be deleted`);
  await store.deleteContactRow(ctx, id);
}

async function hierarchyRoot(ctx: Ctx, account: ContactAccountInfo): Promise<string> {
  let cur = account;
  for (let i = 0; i < 10 && cur.parentId; i++) {
    const parent = await findAccount(ctx, cur.parentId);
    if (!parent) break;
    cur = parent;
  }
  return cur.id;
}

/**
 * PUT /v1/contacts/{id}/transfer: moves a contact to another account of the
 * same customer hierarchy. A contact that is still the bill-to, sold-to or
 * ship-to contact of its account cannot leave it.
 */
export async function transferContact(ctx: Ctx, id: string, body: Record<string, unknown>): Promise<void> {
  const row = await mustGet(ctx, id);
  const key = body.destinationAccountKey;
  if (key === undefined || key === null || key === '') throw missingField(`'destinationAccountKey' is required`);
  if (typeof key !== 'string') throw invalidValue(`'destinationAccountKey' must be a string`);
  const dest = await findAccount(ctx, key);
  if (!dest) throw notFound(`'destinationAccountKey' does not name an existing account: ${key}`);
  if (dest.id === row.account_id) return;
  const source = await findAccount(ctx, row.account_id);
  const role = roleOf(source, id);
  if (role) throw ruleViolation(`The contact ${id} is the ${role} contact of its account and cannot be transferred`);
  if (source && (await hierarchyRoot(ctx, source)) !== (await hierarchyRoot(ctx, dest))) {
    throw ruleViolation(`A contact can only be transferred to an account of the same customer hierarchy`);
  }
  if ((await store.countContactsOfAccount(ctx, dest.id)) >= MAX_CONTACTS_PER_ACCOUNT) {
    throw ruleViolation(`An account can have at most ${MAX_CONTACTS_PER_ACCOUNT} contacts`);
  }
  await store.updateContactRow(ctx, id, { account_id: dest.id, updated_at: ctx.now().toString() });
}

/** The dummy name scrubbed contacts keep (first and last name stay non-empty). */
export const SCRUBBED_NAME = 'Scrubbed';

/** Personal data a scrub replaces: names become SCRUBBED_NAME, the rest is emptied. */
function scrubbedValues(): Partial<ContactValues> {
  return {
    first_name: SCRUBBED_NAME,
    last_name: SCRUBBED_NAME,
    nickname: null,
    work_email: null,
    personal_email: null,
    address1: null,
    address2: null,
    city: null,
    county: null,
    state: null,
    country: null,
    zip_code: null,
    work_phone: null,
    home_phone: null,
    mobile_phone: null,
    other_phone: null,
    other_phone_type: null,
    fax: null,
  };
}

/** PUT /v1/contacts/{id}/scrub: anonymizes the contact and all its snapshots. */
export async function scrubContact(ctx: Ctx, id: string): Promise<void> {
  await mustGet(ctx, id);
  await store.updateContactRow(ctx, id, { ...scrubbedValues(), updated_at: ctx.now().toString() });
  await store.updateSnapshotsOfContact(ctx, id, scrubbedValues());
}

// ---------------------------------------------------------------------------
// Snapshots

/** Takes an immutable copy of a contact (for a billing document). Returns the snapshot id. */
export async function takeContactSnapshot(ctx: Ctx, contactId: string): Promise<string> {
  const c = await mustGet(ctx, contactId);
  const values = emptyValues();
  for (const k of Object.keys(values) as Array<keyof ContactValues>) (values as Record<string, unknown>)[k] = c[k];
  const id = newId();
  const row: SnapshotRow = { ...values, id, tenant_id: ctx.tenant.id, contact_id: c.id, account_id: c.account_id, created_at: ctx.now().toString() };
  await store.insertSnapshot(ctx, row);
  return id;
}

/** GET /v1/contact-snapshots/{id} */
export async function getContactSnapshot(ctx: Ctx, id: string): Promise<Record<string, unknown>> {
  const s = await store.findSnapshot(ctx, id);
  if (!s) throw notFound(`Cannot find the contact snapshot with ID ${id}`);
  const out: Record<string, unknown> = {
    id: s.id,
    contactId: s.contact_id,
    address1: s.address1,
    address2: s.address2,
    city: s.city,
    country: s.country,
    county: s.county,
    description: s.description,
    fax: s.fax,
    firstName: s.first_name,
    homePhone: s.home_phone,
    lastName: s.last_name,
    mobilePhone: s.mobile_phone,
    nickname: s.nickname,
    otherPhone: s.other_phone,
    otherPhoneType: s.other_phone_type,
    personalEmail: s.personal_email,
    postalCode: s.zip_code,
    state: s.state,
    taxRegion: s.tax_region,
    workEmail: s.work_email,
    workPhone: s.work_phone,
  };
  for (const f of FLAG_FIELDS) if (bool(s[f.col]) !== null) out[f.key] = bool(s[f.col]);
  return { ...out, ...parseCustomFields(s.custom_fields), success: true };
}
