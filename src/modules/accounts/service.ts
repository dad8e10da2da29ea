import { inTransaction, type Ctx } from '../../platform/context.js';
import { nextCounter } from '../../platform/counters.js';
import { customFieldRules, parseCustomFields, pickCustomFields, type CustomFieldRules, type CustomFields } from '../../platform/custom-fields.js';
import { entityNotFound, invalidValue, missingField, notFound, notImplemented, ruleViolation } from '../../platform/errors.js';
import { formatNumber, newId } from '../../platform/ids.js';
import * as contacts from '../contacts/service.js';
import { billCycleDayChangedHooks } from './contract.js';
import { getSequenceSet } from '../sequence-sets/service.js';
import { bool, date, int, obj, optStr, str } from './input.js';
import * as store from './store.js';
import { subscriptionsOfAccount } from './subscriptions-link.js';
import type { AccountRow } from './store.js';

// ---------------------------------------------------------------- rules and limits

/** Prefix of generated account numbers (A00000001); custom numbers may not look like them. */
export const ACCOUNT_NUMBER_PREFIX = 'A';
export const ACCOUNT_NUMBER_COUNTER = 'account';
export const MAX_ACCOUNT_NUMBER_LENGTH = 50;
export const MAX_NAME_LENGTH = 255;
/** Payment terms a tenant has out of the box; the default one applies when none is given. */
export const PAYMENT_TERMS = ['Due Upon Receipt', 'Net 30', 'Net 60', 'Net 90'];
export const DEFAULT_PAYMENT_TERM = 'Due Upon Receipt';
/** Account batches Batch1 .. Batch50; new accounts go to Batch1. */
export const MAX_BATCH = 50;
export const DEFAULT_BATCH = 'Batch1';
/** The additional email addresses are stored comma-separated, at most 1200 characters. */
export const MAX_ADDITIONAL_EMAILS_LENGTH = 1200;
/** A customer hierarchy has at most five levels. */
export const MAX_HIERARCHY_LEVELS = 5;
/** Cascading payment methods: at most three in the priority list. */
export const MAX_CASCADING_PRIORITIES = 3;
const TAX_EXEMPT_STATUSES = ['Yes', 'No', 'pendingVerification'];
const EINVOICE_CATEGORIES = ['B2B', 'B2C', 'B2G'];
const EMAIL_RE = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;

/** What other modules read about an account. */
export interface AccountRecord {
  id: string;
  accountNumber: string;
  name: string;
  status: string;
  currency: string;
  /** 0 while the bill cycle day is still to be set automatically by the first subscription. */
  billCycleDay: number;
  billToContactId: string;
  soldToContactId: string;
  shipToContactId: string | null;
  parentId: string | null;
  autoPay: boolean;
  paymentTerm: string;
  batch: string;
  invoiceTemplateId: string | null;
  creditMemoTemplateId: string | null;
  debitMemoTemplateId: string | null;
  communicationProfileId: string | null;
  sequenceSetId: string | null;
  paymentGateway: string | null;
  defaultPaymentMethodId: string | null;
  invoiceDeliveryPrefsEmail: boolean;
  invoiceDeliveryPrefsPrint: boolean;
  additionalEmailAddresses: string[];
  purchaseOrderNumber: string | null;
  crmId: string | null;
  customFields: CustomFields;
}

export function toRecord(r: AccountRow): AccountRecord {
  return {
    id: r.id,
    accountNumber: r.account_number,
    name: r.name,
    status: r.status,
    currency: r.currency,
    billCycleDay: r.bill_cycle_day,
    billToContactId: r.bill_to_contact_id,
    soldToContactId: r.sold_to_contact_id,
    shipToContactId: r.ship_to_contact_id,
    parentId: r.parent_id,
    autoPay: r.auto_pay === 1,
    paymentTerm: r.payment_term,
    batch: r.batch,
    invoiceTemplateId: r.invoice_template_id,
    creditMemoTemplateId: r.credit_memo_template_id,
    debitMemoTemplateId: r.debit_memo_template_id,
    communicationProfileId: r.communication_profile_id,
    sequenceSetId: r.sequence_set_id,
    paymentGateway: r.payment_gateway,
    defaultPaymentMethodId: r.default_payment_method_id,
    invoiceDeliveryPrefsEmail: r.invoice_delivery_prefs_email === 1,
    invoiceDeliveryPrefsPrint: r.invoice_delivery_prefs_print === 1,
    additionalEmailAddresses: JSON.parse(r.additional_email_addresses) as string[],
    purchaseOrderNumber: r.purchase_order_number,
    crmId: r.crm_id,
    customFields: parseCustomFields(r.custom_fields),
  };
}

// ---------------------------------------------------------------- hooks for later modules

/** Checks another module runs before an account is deleted (e.g. subscription ownership); throw to refuse. */
export type AccountDeletionGuard = (ctx: Ctx, account: AccountRecord) => Promise<void>;
const deletionGuards: AccountDeletionGuard[] = [];
export function registerAccountDeletionGuard(g: AccountDeletionGuard): void {
  deletionGuards.push(g);
}

/**
 * Checks an account's `paymentTerm` against the tenant's terms (the settings module's, wired in
 * accounts/index.ts when the module joins the app): answers the term's spelling or throws. Without one,
 * the fixed PAYMENT_TERMS list applies.
 */
export type PaymentTermCheck = (ctx: Ctx, name: string) => Promise<string>;
let paymentTermCheck: PaymentTermCheck | undefined;
export function registerPaymentTermCheck(check: PaymentTermCheck | undefined): void {
  paymentTermCheck = check;
}

/** The payment methods of an account, once a payment methods module exists. */
export type PaymentMethodLookup = (ctx: Ctx, accountId: string) => Promise<Array<{ id: string }>>;
let paymentMethodLookup: PaymentMethodLookup | undefined;
export function registerPaymentMethodLookup(fn: PaymentMethodLookup): void {
  paymentMethodLookup = fn;
}
export async function paymentMethodIds(ctx: Ctx, accountId: string): Promise<Set<string>> {
  return new Set(paymentMethodLookup ? (await paymentMethodLookup(ctx, accountId)).map((p) => p.id) : []);
}

/**
 * The payment method given with a new account (`paymentMethod`, the legacy `creditCard`, or
 * `hpmCreditCardPaymentMethodId`): the payment-methods module registers it when it joins the app.
 * Each answers the id of the payment method that becomes the account's default, or throws.
 */
export interface NewAccountPaymentMethods {
  create(ctx: Ctx, account: { id: string; currency: string }, field: 'paymentMethod' | 'creditCard', body: Record<string, unknown>): Promise<string>;
  attach(ctx: Ctx, accountId: string, paymentMethodId: string): Promise<string>;
}
let newAccountPaymentMethods: NewAccountPaymentMethods | undefined;
export function registerNewAccountPaymentMethods(s: NewAccountPaymentMethods): void {
  newAccountPaymentMethods = s;
}

/**
 * The subscription given with a new account (POST /v1/accounts `subscription`, with the call's billing
 * options): the subscriptions module registers it when it joins the app. It gets the new account, the
 * whole request body and its API version, and answers the subscription's fields of the response.
 */
export type NewAccountSubscription = (ctx: Ctx, account: { id: string; accountNumber: string }, request: Record<string, unknown>, apiVersion: string | undefined) => Promise<Record<string, unknown>>;
let newAccountSubscription: NewAccountSubscription | undefined;
export function registerNewAccountSubscription(f: NewAccountSubscription): void {
  newAccountSubscription = f;
}

/** Makes a payment method the account's default one (the payment-methods module's `makeDefault`). */
export async function setDefaultPaymentMethod(ctx: Ctx, accountId: string, paymentMethodId: string): Promise<void> {
  await store.updateAccountRow(ctx, accountId, { default_payment_method_id: paymentMethodId, updated_at: ctx.now().toString() });
}

contacts.registerAccountDirectory({
  async findAccount(ctx, key) {
    const r = await store.findByKey(ctx, key);
    return r
      ? { id: r.id, accountNumber: r.account_number, parentId: r.parent_id, billToContactId: r.bill_to_contact_id, soldToContactId: r.sold_to_contact_id, shipToContactId: r.ship_to_contact_id }
      : undefined;
  },
});

// ---------------------------------------------------------------- reads

/** An account by id or account number; deleted accounts are not found. */
export async function getAccountByKey(ctx: Ctx, key: string): Promise<AccountRecord | undefined> {
  const r = await store.findByKey(ctx, key);
  return r ? toRecord(r) : undefined;
}

/** The accounts a bill run by batch bills (accountsForBillRun's), each with its record. */
export async function accountRecordsForBillRun(ctx: Ctx, o: { batches?: string[]; billCycleDay?: number }): Promise<AccountRecord[]> {
  return (await store.billRunAccountRows(ctx, o)).map(toRecord);
}

/** The live account row by id or number, or Zuora's not-found error. */
export async function mustFind(ctx: Ctx, key: string): Promise<AccountRow> {
  const r = await store.findByKey(ctx, key);
  if (!r) throw entityNotFound(key);
  return r;
}

// ---------------------------------------------------------------- field rules

let currencies: Set<string> | undefined;
function isCurrency(code: string): boolean {
  // the list is built once (Intl makes a new array on every call)
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return /^[A-Z]{3}$/.test(code) && currencies.has(code);
}

function parseBatch(v: string): string {
  const m = /^Batch(\d{1,2})$/.exec(v);
  const n = m ? Number(m[1]) : 0;
  if (!m || n < 1 || n > MAX_BATCH || String(n) !== m[1]) throw invalidValue(`'batch' must be one of Batch1 to Batch${MAX_BATCH}: ${v}`);
  return v;
}

function parseEmails(b: Record<string, unknown>): string | undefined {
  if (!('additionalEmailAddresses' in b) || b.additionalEmailAddresses === undefined) return undefined;
  const v = b.additionalEmailAddresses;
  let list: string[];
  if (v === null || v === '') list = [];
  else if (Array.isArray(v)) list = v.map((x) => (typeof x === 'string' ? x.trim() : String(x)));
  else if (typeof v === 'string') list = v.split(',').map((x) => x.trim());
  else throw invalidValue(`'additionalEmailAddresses' must be a list of email addresses`);
  list = list.filter((x) => x !== '');
  for (const e of list) if (!EMAIL_RE.test(e)) throw invalidValue(`'additionalEmailAddresses' contains an invalid email address: ${e}`);
  if (list.join(',').length > MAX_ADDITIONAL_EMAILS_LENGTH) {
    throw invalidValue(`'additionalEmailAddresses' must be at most ${MAX_ADDITIONAL_EMAILS_LENGTH} characters when joined with commas`);
  }
  return JSON.stringify(list);
}

function parseTaxInfo(b: Record<string, unknown>, existing: string | null | undefined): string | null | undefined {
  if (!('taxInfo' in b) || b.taxInfo === undefined) return undefined;
  if (b.taxInfo === null) return null;
  const t = obj(b, 'taxInfo')!;
  const out: Record<string, string | null> = existing ? (JSON.parse(existing) as Record<string, string | null>) : {};
  for (const k of ['VATId', 'companyCode', 'exemptCertificateId', 'exemptCertificateType', 'exemptDescription', 'exemptIssuingJurisdiction']) {
    const v = optStr(t, k, 255);
    if (v !== undefined) out[k] = v;
  }
  const code = optStr(t, 'exemptEntityUseCode', 64);
  if (code !== undefined) out.exemptEntityUseCode = code;
  for (const k of ['exemptEffectiveDate', 'exemptExpirationDate']) {
    const v = date(t, k, `taxInfo.${k}`);
    if (v !== undefined) out[k] = v;
  }
  const status = optStr(t, 'exemptStatus');
  if (status !== undefined) {
    if (status !== null && !TAX_EXEMPT_STATUSES.includes(status)) throw invalidValue(`'taxInfo.exemptStatus' value should be one of: ${TAX_EXEMPT_STATUSES.join(', ')}`);
    out.exemptStatus = status;
  }
  if (out.exemptEffectiveDate && out.exemptExpirationDate && out.exemptExpirationDate < out.exemptEffectiveDate) {
    throw invalidValue(`'taxInfo.exemptExpirationDate' cannot be before 'taxInfo.exemptEffectiveDate'`);
  }
  return JSON.stringify(out);
}

function parseEinvoice(b: Record<string, unknown>, existing: string | null | undefined): string | null | undefined {
  if (!('einvoiceProfile' in b) || b.einvoiceProfile === undefined) return undefined;
  if (b.einvoiceProfile === null) return null;
  const e = obj(b, 'einvoiceProfile')!;
  const out: Record<string, unknown> = existing ? (JSON.parse(existing) as Record<string, unknown>) : {};
  for (const k of ['businessName', 'businessNumber', 'businessNumberSchemeId', 'endpointId', 'endpointSchemeId', 'taxRegisterNumber']) {
    const v = optStr(e, k, 255);
    if (v !== undefined) out[k] = v;
  }
  const cat = optStr(e, 'businessCategory');
  if (cat !== undefined) {
    if (cat !== null && !EINVOICE_CATEGORIES.includes(cat)) throw invalidValue(`'einvoiceProfile.businessCategory' value should be one of: ${EINVOICE_CATEGORIES.join(', ')}`);
    out.businessCategory = cat;
  }
  const enabled = bool(e, 'enabled');
  if (enabled !== undefined) out.enabled = enabled;
  Object.assign(out, pickCustomFields(e));
  return JSON.stringify(out);
}

/** `__c` custom fields and the NetSuite connector's `__NS` fields, merged over what is stored. */
function parseAccountCustomFields(b: Record<string, unknown>, existing: string | null | undefined, rules: CustomFieldRules, create: boolean): string | undefined {
  // Orders' newAccount nests them in `customFields`; POST /v1/accounts puts them on the body.
  const nested = obj(b, 'customFields');
  // checked against the tenant's definitions of Account custom fields, if any (defaults filled on create)
  const picked: CustomFields = rules.check({ ...pickCustomFields(nested), ...pickCustomFields(b) }, { create });
  for (const [k, v] of Object.entries(b)) {
    if (!k.endsWith('__NS')) continue;
    if (v !== null && typeof v === 'object') throw invalidValue(`'${k}' must be a string`);
    picked[k] = v as string | null;
  }
  if (!Object.keys(picked).length) return undefined;
  return JSON.stringify({ ...parseCustomFields(existing), ...picked });
}

/** Levels from the account up to the top of its hierarchy (1 for a top account). */
async function levelOf(ctx: Ctx, accountId: string): Promise<number> {
  let level = 1;
  let cur = await store.findByKey(ctx, accountId);
  while (cur?.parent_id && level <= MAX_HIERARCHY_LEVELS + 1) {
    cur = await store.findByKey(ctx, cur.parent_id);
    level++;
  }
  return level;
}

/** Levels of the subtree under an account (1 when it has no children). */
async function depthBelow(ctx: Ctx, accountId: string): Promise<number> {
  let depth = 1;
  let frontier = [accountId];
  while (frontier.length && depth <= MAX_HIERARCHY_LEVELS + 1) {
    const next: string[] = [];
    for (const id of frontier) next.push(...(await store.childIds(ctx, id)));
    if (!next.length) break;
    depth++;
    frontier = next;
  }
  return depth;
}

async function ancestors(ctx: Ctx, accountId: string): Promise<string[]> {
  const out: string[] = [];
  let cur = await store.findByKey(ctx, accountId);
  while (cur?.parent_id && out.length <= MAX_HIERARCHY_LEVELS + 1) {
    out.push(cur.parent_id);
    cur = await store.findByKey(ctx, cur.parent_id);
  }
  return out;
}

async function parseParent(ctx: Ctx, b: Record<string, unknown>, self?: AccountRow): Promise<string | null | undefined> {
  const v = optStr(b, 'parentId');
  if (v === undefined || v === null) return v;
  const parent = await store.findByKey(ctx, v);
  if (!parent || parent.id !== v) throw invalidValue(`'parentId' does not name an existing account: ${v}`);
  if (self) {
    if (parent.id === self.id) throw invalidValue(`'parentId' cannot be the account itself`);
    if ((await ancestors(ctx, parent.id)).includes(self.id)) throw invalidValue(`'parentId' cannot be a descendant of the account: ${v}`);
  }
  const levels = (await levelOf(ctx, parent.id)) + (self ? await depthBelow(ctx, self.id) : 1);
  if (levels > MAX_HIERARCHY_LEVELS) throw ruleViolation(`A customer hierarchy can have at most ${MAX_HIERARCHY_LEVELS} levels`);
  return parent.id;
}

async function parseSequenceSet(ctx: Ctx, b: Record<string, unknown>): Promise<string | null | undefined> {
  const v = optStr(b, 'sequenceSetId');
  if (v === undefined || v === null) return v;
  const set = (await getSequenceSet(ctx, v)) as { id?: string } | undefined;
  if (!set) throw invalidValue(`'sequenceSetId' does not name an existing sequence set: ${v}`);
  return set.id ?? v;
}

/** The account fields create and update share. Only fields present in the body are returned. */
async function parseCommon(ctx: Ctx, b: Record<string, unknown>, existing?: AccountRow): Promise<Partial<AccountRow>> {
  const out: Partial<AccountRow> = {};
  const name = str(b, 'name', MAX_NAME_LENGTH);
  if (name !== undefined) {
    if (name === null || name.trim() === '') throw existing ? invalidValue(`'name' cannot be empty`) : missingField(`'name' is required`);
    if (contacts.FOUR_BYTE_CHAR.test(name)) throw invalidValue(`'name' cannot contain 4-byte UTF-8 characters`);
    out.name = name;
  }
  const batch = optStr(b, 'batch', 50);
  if (batch) out.batch = parseBatch(batch);
  else if (batch === null && existing) out.batch = DEFAULT_BATCH;
  const term = optStr(b, 'paymentTerm');
  if (term) {
    if (paymentTermCheck) out.payment_term = await paymentTermCheck(ctx, term);
    else if (!PAYMENT_TERMS.includes(term)) throw invalidValue(`'paymentTerm' value should be one of: ${PAYMENT_TERMS.join(', ')}`);
    else out.payment_term = term;
  }
  const simple: Array<[string, keyof AccountRow, number]> = [
    ['crmId', 'crm_id', 100],
    ['notes', 'notes', 65535],
    ['salesRep', 'sales_rep', 50],
    ['customerServiceRepName', 'customer_service_rep_name', 50],
    ['purchaseOrderNumber', 'purchase_order_number', 100],
    ['invoiceTemplateId', 'invoice_template_id', 64],
    ['creditMemoTemplateId', 'credit_memo_template_id', 64],
    ['debitMemoTemplateId', 'debit_memo_template_id', 64],
    ['summaryStatementTemplateId', 'summary_statement_template_id', 64],
    ['communicationProfileId', 'communication_profile_id', 64],
    ['profileNumber', 'profile_number', 64],
    ['paymentGateway', 'payment_gateway', 255],
    ['organizationLabel', 'organization_label', 255],
    ['tagging', 'tagging', 65535],
  ];
  for (const [key, col, max] of simple) {
    const v = optStr(b, key, max);
    if (v !== undefined) (out as Record<string, unknown>)[col] = v;
  }
  const flags: Array<[string, keyof AccountRow]> = [
    ['invoiceDeliveryPrefsEmail', 'invoice_delivery_prefs_email'],
    ['invoiceDeliveryPrefsPrint', 'invoice_delivery_prefs_print'],
    ['partnerAccount', 'partner_account'],
    ['gatewayRoutingEligible', 'gateway_routing_eligible'],
  ];
  for (const [key, col] of flags) {
    const v = bool(b, key);
    if (v !== undefined) (out as Record<string, unknown>)[col] = v ? 1 : 0;
  }
  const emails = parseEmails(b);
  if (emails !== undefined) out.additional_email_addresses = emails;
  const tax = parseTaxInfo(b, existing?.tax_info);
  if (tax !== undefined) out.tax_info = tax;
  const einv = parseEinvoice(b, existing?.einvoice_profile);
  if (einv !== undefined) out.einvoice_profile = einv;
  const custom = parseAccountCustomFields(b, existing?.custom_fields, await customFieldRules(ctx, 'Account'), !existing);
  if (custom !== undefined) out.custom_fields = custom;
  const parent = await parseParent(ctx, b, existing);
  if (parent !== undefined) out.parent_id = parent;
  const seq = await parseSequenceSet(ctx, b);
  if (seq !== undefined) out.sequence_set_id = seq;
  return out;
}

// ---------------------------------------------------------------- create

async function nextAccountNumber(ctx: Ctx): Promise<string> {
  for (;;) {
    const n = formatNumber(ACCOUNT_NUMBER_PREFIX, await nextCounter(ctx, ACCOUNT_NUMBER_COUNTER));
    if (!(await store.numberTaken(ctx, n))) return n;
  }
}

export interface CreatedAccount {
  id: string;
  accountNumber: string;
  billToContactId: string;
  soldToContactId: string;
  shipToContactId: string | null;
}

async function create(ctx: Ctx, body: Record<string, unknown>, opts: { withSubscription?: boolean } = {}): Promise<CreatedAccount> {
  const b = body ?? {};
  if (b.subscription !== undefined && b.subscription !== null) {
    // only POST /v1/accounts makes the subscription given with the account (createAccountResponse)
    if (!newAccountSubscription || !opts.withSubscription) throw notImplemented(`creating a subscription with the account (use POST /v1/orders)`);
    if (typeof b.subscription !== 'object' || Array.isArray(b.subscription)) throw invalidValue(`'subscription' must be an object`);
  }
  // Required fields first, in the order Zuora's page lists them.
  if (b.name === undefined || b.name === null || b.name === '') throw missingField(`'name' is required`);
  const billTo = b.billToContact;
  if (billTo === undefined || billTo === null) throw missingField(`'billToContact' is required`);
  if (typeof billTo !== 'object' || Array.isArray(billTo)) throw invalidValue(`'billToContact' must be an object`);
  // Required by POST /v1/accounts and an order's newAccount alike (no tenant default there in Zuora).
  const currencyIn = optStr(b, 'currency');
  if (currencyIn === undefined || currencyIn === null) throw missingField(`'currency' is required`);
  const currency = currencyIn.toUpperCase();
  if (!isCurrency(currency)) throw invalidValue(`'currency' is not a valid ISO 4217 currency code: ${currencyIn}`);
  const bcd = int(b, 'billCycleDay');
  if (bcd === undefined) throw missingField(`'billCycleDay' is required`);
  if (bcd < 0 || bcd > 31) throw invalidValue(`'billCycleDay' must be between 0 and 31 (0 sets it automatically): ${bcd}`);

  const accountNumberIn = optStr(b, 'accountNumber');
  if (accountNumberIn) {
    if (accountNumberIn.length > MAX_ACCOUNT_NUMBER_LENGTH) throw invalidValue(`'accountNumber' must be at most ${MAX_ACCOUNT_NUMBER_LENGTH} characters`);
    if (new RegExp(`^${ACCOUNT_NUMBER_PREFIX}\\d{8,}$`).test(accountNumberIn)) {
      throw invalidValue(`'accountNumber' cannot take the form of generated account numbers (${ACCOUNT_NUMBER_PREFIX} followed by digits): ${accountNumberIn}`);
    }
    if (await store.numberTaken(ctx, accountNumberIn)) throw invalidValue(`'accountNumber' ${accountNumberIn} is already used by another account`);
  }

  // Payment method: at most one of the three; autoPay needs one (it becomes the default payment method).
  const autoPay = bool(b, 'autoPay') ?? false;
  const pmFields = ['paymentMethod', 'creditCard', 'hpmCreditCardPaymentMethodId'].filter((k) => b[k] !== undefined && b[k] !== null && b[k] !== '');
  if (pmFields.length > 1) throw invalidValue(`Only one of 'paymentMethod', 'creditCard' and 'hpmCreditCardPaymentMethodId' can be given`);
  const pmField = pmFields[0] as 'paymentMethod' | 'creditCard' | 'hpmCreditCardPaymentMethodId' | undefined;
  if (autoPay && !pmField) throw missingField(`'autoPay' is true: one of 'paymentMethod', 'creditCard' or 'hpmCreditCardPaymentMethodId' is required`);
  if (pmField && !newAccountPaymentMethods) throw notImplemented(`creating a payment method with the account ('${pmField}')`);
  const hpmId = pmField === 'hpmCreditCardPaymentMethodId' ? optStr(b, pmField, 64) : undefined;
  const pmBody = pmField === 'paymentMethod' || pmField === 'creditCard' ? obj(b, pmField) : undefined;

  const common = await parseCommon(ctx, b);
  // Validate every contact before writing anything.
  contacts.parseContactInput(billTo, { prefix: 'billToContact.' });
  const soldTo = obj(b, 'soldToContact');
  if (soldTo) contacts.parseContactInput(soldTo, { prefix: 'soldToContact.' });
  const shipTo = obj(b, 'shipToContact');
  if (shipTo) contacts.parseContactInput(shipTo, { prefix: 'shipToContact.' });
  const soldSame = bool(b, 'soldToSameAsBillTo') ?? false;
  const shipSame = bool(b, 'shipToSameAsBillTo') ?? false;

  const id = newId();
  const defaultPm: string | null = hpmId
    ? await newAccountPaymentMethods!.attach(ctx, id, hpmId)
    : pmBody
      ? await newAccountPaymentMethods!.create(ctx, { id, currency }, pmField as 'paymentMethod' | 'creditCard', pmBody)
      : null;
  const accountNumber = accountNumberIn ?? (await nextAccountNumber(ctx));
  // One clock reading for the whole create; the new account's contacts are counted here, not queried.
  const now = ctx.now().toString();
  let made = 0;
  const contact = async (body: unknown, prefix: string) => contacts.createAccountContact(ctx, id, body, prefix, { contacts: made++, now });
  const billToId = await contact(billTo, 'billToContact.');
  // No sold-to contact: the same entity when soldToSameAsBillTo, else a separate copy of the bill-to contact.
  const soldToId = soldTo ? await contact(soldTo, 'soldToContact.') : soldSame ? billToId : await contact(billTo, 'billToContact.');
  const shipToId = shipTo ? await contact(shipTo, 'shipToContact.') : shipSame ? billToId : null;

  const row: AccountRow = {
    id,
    tenant_id: ctx.tenant.id,
    account_number: accountNumber,
    name: String(b.name),
    status: 'Active',
    currency,
    bill_cycle_day: bcd,
    auto_pay: autoPay ? 1 : 0,
    payment_term: DEFAULT_PAYMENT_TERM,
    batch: DEFAULT_BATCH,
    bill_to_contact_id: billToId,
    sold_to_contact_id: soldToId,
    ship_to_contact_id: shipToId,
    parent_id: null,
    crm_id: null,
    notes: null,
    sales_rep: null,
    customer_service_rep_name: null,
    purchase_order_number: null,
    invoice_template_id: null,
    credit_memo_template_id: null,
    debit_memo_template_id: null,
    summary_statement_template_id: null,
    communication_profile_id: null,
    profile_number: null,
    sequence_set_id: null,
    payment_gateway: null,
    organization_label: null,
    tagging: null,
    // Without invoiceDeliveryPrefsEmail the email preference is false, whatever emails the contact has.
    invoice_delivery_prefs_email: 0,
    invoice_delivery_prefs_print: 0,
    partner_account: 0,
    gateway_routing_eligible: 0,
    additional_email_addresses: '[]',
    tax_info: null,
    einvoice_profile: null,
    default_payment_method_id: defaultPm,
    cascading_consent: 0,
    cascading_priorities: '[]',
    custom_fields: '{}',
    deleted: 0,
    created_at: now,
    updated_at: now,
    ...common,
  };
  try {
    await store.insertAccount(ctx, row);
  } catch (err) {
    // A concurrent request took the same number between our check and the insert.
    if (/unique|duplicate/i.test(String((err as Error).message))) throw invalidValue(`'accountNumber' ${accountNumber} is already used by another account`);
    throw err;
  }
  return { id, accountNumber, billToContactId: billToId, soldToContactId: soldToId, shipToContactId: shipToId };
}

/**
 * Creates an account with the body and rules of POST /v1/accounts (an order's
 * new account uses it too). Joins the caller's transaction when there is one.
 */
export async function createAccount(ctx: Ctx, body: Record<string, unknown>): Promise<{ id: string; accountNumber: string }> {
  const c = await inTransaction(ctx, (tx) => create(tx, body));
  return { id: c.id, accountNumber: c.accountNumber };
}

/** POST /v1/accounts */
export async function createAccountResponse(ctx: Ctx, body: Record<string, unknown>, apiVersion?: string): Promise<Record<string, unknown>> {
  const c = await create(ctx, body, { withSubscription: true });
  // the subscription given with the account, in the same transaction (its failure creates no account)
  const sub = body?.subscription !== undefined && body?.subscription !== null ? await newAccountSubscription!(ctx, c, body, apiVersion) : {};
  return {
    success: true,
    accountId: c.id,
    accountNumber: c.accountNumber,
    billToContactId: c.billToContactId,
    soldToContactId: c.soldToContactId,
    ...(c.shipToContactId ? { shipToContactId: c.shipToContactId } : {}),
    ...sub,
  };
}

/** For accounts created with billCycleDay 0 (auto-set): the first subscription sets the day. */
/**
 * An order for the account was placed (the subscriptions module calls this from its
 * order hook, inside the order's transaction): its order date becomes the account's
 * last booking date unless a later order already set a later one.
 */
export async function recordBooking(ctx: Ctx, accountId: string, orderDate: string): Promise<void> {
  await store.recordBookingDate(ctx, accountId, orderDate);
}

export async function setBillCycleDayIfAuto(ctx: Ctx, accountId: string, day: number): Promise<void> {
  if (!Number.isInteger(day) || day < 1 || day > 31) throw invalidValue(`'billCycleDay' must be between 1 and 31: ${day}`);
  const r = await mustFind(ctx, accountId);
  if (r.bill_cycle_day !== 0) return;
  await store.updateAccountRow(ctx, r.id, { bill_cycle_day: day, updated_at: ctx.now().toString() });
}

// ---------------------------------------------------------------- update

async function contactOfAccount(ctx: Ctx, account: AccountRow, key: string, field: string, role: 'asBillTo' | 'asSoldTo' | 'asShipTo'): Promise<string> {
  const c = await contacts.getContact(ctx, key);
  if (!c || c.accountId !== account.id) throw invalidValue(`'${field}' does not name a contact of this account: ${key}`);
  // With the Ship To Contact feature a contact says which roles it may take.
  if (c[role] === false) throw invalidValue(`'${field}': the contact ${key} has ${role} set to false`);
  return c.id;
}

/** PUT /v1/accounts/{key}: only the fields given change; contacts are updated in place. */
export async function updateAccount(ctx: Ctx, key: string, body: Record<string, unknown>): Promise<void> {
  const b = body ?? {};
  const acct = await mustFind(ctx, key);
  const patch = await parseCommon(ctx, b, acct);

  const bcd = int(b, 'billCycleDay');
  if (bcd !== undefined) {
    if (bcd < 1 || bcd > 31) throw invalidValue(`'billCycleDay' must be between 1 and 31: ${bcd}`);
    patch.bill_cycle_day = bcd;
  }
  const pms = await paymentMethodIds(ctx, acct.id);
  const defaultPm = optStr(b, 'defaultPaymentMethodId', 64);
  if (defaultPm) {
    if (!pms.has(defaultPm)) throw invalidValue(`'defaultPaymentMethodId' does not name a payment method of this account: ${defaultPm}`);
    patch.default_payment_method_id = defaultPm;
  }
  const autoPay = bool(b, 'autoPay');
  if (autoPay !== undefined) {
    const pm = patch.default_payment_method_id ?? acct.default_payment_method_id;
    if (autoPay && !pm) throw ruleViolation(`'autoPay' cannot be true: the account has no default payment method`);
    patch.auto_pay = autoPay ? 1 : 0;
  }

  // Switching contacts by id.
  for (const [field, col, role] of [
    ['billToContactId', 'bill_to_contact_id', 'asBillTo'],
    ['soldToContactId', 'sold_to_contact_id', 'asSoldTo'],
    ['shipToContactId', 'ship_to_contact_id', 'asShipTo'],
  ] as const) {
    const v = optStr(b, field);
    if (v) patch[col] = await contactOfAccount(ctx, acct, v, field, role);
  }
  const billToId = patch.bill_to_contact_id ?? acct.bill_to_contact_id;
  const soldToId = patch.sold_to_contact_id ?? acct.sold_to_contact_id;
  const shipToId = patch.ship_to_contact_id ?? acct.ship_to_contact_id;

  // Contacts in place (validated before any write: parse first).
  const billTo = obj(b, 'billToContact');
  const soldTo = obj(b, 'soldToContact');
  const shipTo = obj(b, 'shipToContact');
  if (billTo) await contacts.updateContact(ctx, billToId, billTo, 'billToContact.');
  if (soldTo) await contacts.updateContact(ctx, soldToId, soldTo, 'soldToContact.');
  if (shipTo) {
    if (shipToId) await contacts.updateContact(ctx, shipToId, shipTo, 'shipToContact.');
    else patch.ship_to_contact_id = await contacts.createAccountContact(ctx, acct.id, shipTo, 'shipToContact.');
  }

  // Email delivery: a bill-to email given turns it on; no bill-to email left turns it off.
  if (billTo && b.invoiceDeliveryPrefsEmail === undefined) {
    const given = ['workEmail', 'personalEmail'].some((k) => typeof billTo[k] === 'string' && (billTo[k] as string).trim() !== '');
    const c = await contacts.getContact(ctx, billToId);
    if (given) patch.invoice_delivery_prefs_email = 1;
    else if (c && !c.workEmail && !c.personalEmail) patch.invoice_delivery_prefs_email = 0;
  }

  if (Object.keys(patch).length) await store.updateAccountRow(ctx, acct.id, { ...patch, updated_at: ctx.now().toString() });
  if (bcd !== undefined && bcd !== acct.bill_cycle_day && acct.bill_cycle_day >= 1)
    for (const h of billCycleDayChangedHooks) await h(ctx, { accountId: acct.id, fromDay: acct.bill_cycle_day, toDay: bcd, date: ctx.today().toString() });
}

// ---------------------------------------------------------------- delete

/**
 * DELETE /v1/accounts/{key}: Zuora cancels the account and removes it in a
 * background job; zbill does it at once and answers with the job it would start.
 */
export async function deleteAccount(ctx: Ctx, key: string): Promise<Record<string, unknown>> {
  const acct = await mustFind(ctx, key);
  if ((await store.childIds(ctx, acct.id)).length) {
    throw ruleViolation(`The account ${acct.account_number} is the parent of other accounts; remove them from the hierarchy first`);
  }
  // Zuora: not when the account owns a subscription invoiced to another account, or is the invoice owner of another account's subscription.
  for (const s of await subscriptionsOfAccount(ctx, acct.id)) {
    if (s.accountId !== s.invoiceOwnerAccountId && (s.accountId === acct.id || s.invoiceOwnerAccountId === acct.id)) {
      const role = s.accountId === acct.id ? 'subscription owner' : 'invoice owner';
      throw ruleViolation(`The account ${acct.account_number} is the ${role} of subscription ${s.subscriptionNumber}, whose other owner is a different account; it cannot be deleted`);
    }
  }
  for (const guard of deletionGuards) await guard(ctx, toRecord(acct));
  await contacts.deleteContactsOfAccount(ctx, acct.id);
  await store.updateAccountRow(ctx, acct.id, { deleted: 1, status: 'Canceled', updated_at: ctx.now().toString() });
  return { id: acct.id, jobId: newId(), jobStatus: 'Pending', success: true };
}


/** Live accounts in account number order, optionally of some batches only (what billing runs over). */
export async function listAccountsForBilling(ctx: Ctx, batches?: string[]): Promise<Array<{ id: string; accountNumber: string; batch: string }>> {
  return (await store.listForBilling(ctx, batches)).map((r) => ({ id: r.id, accountNumber: r.account_number, batch: r.batch }));
}
