import { inTransaction, type Ctx } from '../../platform/context.js';
import { nextCounter } from '../../platform/counters.js';
import { customFieldRules, mergeCustomFields, parseCustomFields, type CustomFieldRules, type CustomFields } from '../../platform/custom-fields.js';
import { formatDateTime } from '../../platform/dates.js';
import { invalidValue, missingField, notFound, ruleViolation } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import * as store from './store.js';
import type { AccountingCodeRow } from './store.js';

/** The accounting code types of the API, each with the category Zuora files it under. */
export const TYPE_CATEGORY = {
  AccountsReceivable: 'Assets',
  'On-Account Receivable': 'Assets',
  Cash: 'Assets',
  OtherAssets: 'Assets',
  CustomerCashOnAccount: 'Liabilities',
  DeferredRevenue: 'Liabilities',
  SalesTaxPayable: 'Liabilities',
  OtherLiabilities: 'Liabilities',
  SalesRevenue: 'Revenue',
  SalesDiscounts: 'Revenue',
  OtherRevenue: 'Revenue',
  OtherEquity: 'Equity',
  BadDebt: 'Expenses',
  OtherExpenses: 'Expenses',
} as const;
export type AccountingCodeType = keyof typeof TYPE_CATEGORY;
export const ACCOUNTING_CODE_TYPES = Object.keys(TYPE_CATEGORY) as AccountingCodeType[];
export type AccountingCodeStatus = 'Active' | 'Inactive';

export const MAX_NAME_LENGTH = 100;
export const MAX_GL_LENGTH = 255;
export const MAX_NOTES_LENGTH = 2000;

export interface AccountingCodeView {
  id: string;
  name: string;
  type: AccountingCodeType;
  category: string;
  status: AccountingCodeStatus;
  glAccountName: string | null;
  glAccountNumber: string | null;
  notes: string | null;
  segmentConstantValues?: Record<string, unknown>;
  createdBy: string;
  createdOn: string;
  updatedBy: string;
  updatedOn: string;
  [customField: string]: unknown;
}

export interface AccountingCodeInput {
  name?: unknown;
  type?: unknown;
  glAccountName?: unknown;
  glAccountNumber?: unknown;
  notes?: unknown;
  segmentConstantValues?: unknown;
  [key: string]: unknown;
}

// ---------------------------------------------------------------- references

/**
 * Modules that reference accounting codes by name or id (product charges, ...)
 * register a check here: given a code, it says what refers to it, or undefined.
 * A referenced code cannot be deleted.
 */
export type AccountingCodeReferenceCheck = (ctx: Ctx, code: { id: string; name: string }) => Promise<string | undefined>;
const referenceChecks = new Map<string, AccountingCodeReferenceCheck>();

export function registerAccountingCodeReferenceCheck(name: string, check: AccountingCodeReferenceCheck): void {
  referenceChecks.set(name, check);
}

export function unregisterAccountingCodeReferenceCheck(name: string): void {
  referenceChecks.delete(name);
}

/**
 * Marks a code as associated with a transaction (an invoice item, payment,
 * journal entry, ...). From then on Zuora refuses to update, deactivate or
 * delete it. Call it inside the transaction that posts the document.
 */
export async function markAccountingCodeUsed(ctx: Ctx, id: string): Promise<void> {
  if (!(await store.markUsed(ctx, id))) throw notFound(`The accounting code '${id}' does not exist`);
}

// ---------------------------------------------------------------- views

function toView(r: AccountingCodeRow, rules?: CustomFieldRules): AccountingCodeView {
  const type = r.type as AccountingCodeType;
  return {
    // the tenant's AccountingCode custom field definitions, if any: every defined field, null when unset
    ...(rules ? rules.read(r.custom_fields) : parseCustomFields(r.custom_fields)),
    category: TYPE_CATEGORY[type],
    createdBy: r.created_by,
    createdOn: r.created_on,
    glAccountName: r.gl_account_name,
    glAccountNumber: r.gl_account_number,
    id: r.id,
    name: r.name,
    notes: r.notes,
    status: r.status as AccountingCodeStatus,
    type,
    updatedBy: r.updated_by,
    updatedOn: r.updated_on,
    ...(r.segment_constant_values ? { segmentConstantValues: JSON.parse(r.segment_constant_values) as Record<string, unknown> } : {}),
  };
}

/** For the catalog: the code a charge names (names are unique per tenant, compared ignoring case). */
export async function findAccountingCodeByName(ctx: Ctx, name: string): Promise<{ id: string; name: string; type: string; status: string } | undefined> {
  const r = await store.findByName(ctx, name);
  return r ? { id: r.id, name: r.name, type: r.type, status: r.status } : undefined;
}

export async function getAccountingCode(ctx: Ctx, id: string): Promise<AccountingCodeView | undefined> {
  const r = await store.findById(ctx, id);
  return r ? toView(r, await customFieldRules(ctx, 'AccountingCode')) : undefined;
}

export async function listAccountingCodes(ctx: Ctx, limit: number, offset: number): Promise<AccountingCodeView[]> {
  const rules = await customFieldRules(ctx, 'AccountingCode');
  return (await store.list(ctx, limit, offset)).map((r) => toView(r, rules));
}

/** Finds the code and locks its row for the rest of the transaction, so that checks and the change see the same row. */
async function mustFindLocked(ctx: Ctx, id: string): Promise<AccountingCodeRow> {
  const r = (await store.lock(ctx, id)) ? await store.findById(ctx, id) : undefined;
  if (!r) throw notFound(`The accounting code '${id}' does not exist`);
  return r;
}

/** A concurrent request may take the name between our check and our write: the unique index still refuses it, as a Zuora error. */
async function writeUnique(name: string | undefined, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (err) {
    if (store.isUniqueViolation(err)) throw ruleViolation(`'name' '${String(name)}' is already used by another accounting code; accounting code names must be unique`);
    throw err;
  }
}

// ---------------------------------------------------------------- validation

function checkName(v: unknown): string {
  if (typeof v !== 'string' || v.trim() === '') throw invalidValue(`'name' must not be empty`);
  if (v.length > MAX_NAME_LENGTH) throw invalidValue(`'name' must be at most ${MAX_NAME_LENGTH} characters`);
  return v.trim();
}

function checkType(v: unknown): AccountingCodeType {
  if (typeof v !== 'string' || !(v in TYPE_CATEGORY)) throw invalidValue(`'type' value should be one of: ${ACCOUNTING_CODE_TYPES.join(', ')}`);
  return v as AccountingCodeType;
}

function checkText(v: unknown, field: string, max: number): string | null {
  if (v === null || v === '') return null;
  if (typeof v !== 'string') throw invalidValue(`'${field}' must be of type string`);
  if (v.length > max) throw invalidValue(`'${field}' must be at most ${max} characters`);
  return v;
}

function checkSegments(v: unknown): string | null {
  if (v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) throw invalidValue(`'segmentConstantValues' must be an object`);
  return Object.keys(v as object).length ? JSON.stringify(v) : null;
}

async function checkUniqueName(ctx: Ctx, name: string, exceptId?: string): Promise<void> {
  const other = await store.findByName(ctx, name);
  if (other && other.id !== exceptId) throw ruleViolation(`'name' '${name}' is already used by another accounting code; accounting code names must be unique`);
}

/** Without Zuora's Multiple AR Accounting Codes feature a tenant has one AccountsReceivable code. */
async function checkSingleReceivable(ctx: Ctx, exceptId?: string): Promise<void> {
  const other = await store.findOfType(ctx, 'AccountsReceivable', exceptId);
  if (other) throw ruleViolation(`'type' AccountsReceivable: the accounting code '${other.name}' is already of type AccountsReceivable, and a tenant can have only one`);
}

/** Zuora records who made the change: zbill has no users, so the tenant's API user stands for every caller. */
const actor = (ctx: Ctx) => ctx.tenant.id;
const stamp = (ctx: Ctx) => formatDateTime(ctx.now(), ctx.tenant.timezone);

// ---------------------------------------------------------------- writes

export async function createAccountingCode(ctx: Ctx, body: AccountingCodeInput): Promise<{ id: string }> {
  if (body.name === undefined || body.name === null) throw missingField(`'name' is required`);
  if (body.type === undefined || body.type === null) throw missingField(`'type' is required`);
  const name = checkName(body.name);
  const type = checkType(body.type);
  const glAccountName = body.glAccountName === undefined ? null : checkText(body.glAccountName, 'glAccountName', MAX_GL_LENGTH);
  const glAccountNumber = body.glAccountNumber === undefined ? null : checkText(body.glAccountNumber, 'glAccountNumber', MAX_GL_LENGTH);
  const notes = body.notes === undefined ? null : checkText(body.notes, 'notes', MAX_NOTES_LENGTH);
  const segments = body.segmentConstantValues === undefined ? null : checkSegments(body.segmentConstantValues);
  const custom: CustomFields = (await customFieldRules(ctx, 'AccountingCode')).pick(body, { create: true });
  return inTransaction(ctx, async (tx) => {
    await checkUniqueName(tx, name);
    if (type === 'AccountsReceivable') await checkSingleReceivable(tx);
    const id = newId();
    const now = stamp(tx);
    const sortKey = await nextCounter(tx, 'accounting_code_order');
    await writeUnique(name, () => store.insert(tx, {
      id,
      tenant_id: tx.tenant.id,
      name,
      name_key: store.nameKey(name),
      type,
      status: 'Active',
      gl_account_name: glAccountName,
      gl_account_number: glAccountNumber,
      notes,
      segment_constant_values: segments,
      custom_fields: JSON.stringify(custom),
      used_in_transactions: 0,
      sort_key: sortKey,
      created_by: actor(tx),
      created_on: now,
      updated_by: actor(tx),
      updated_on: now,
    }));
    return { id };
  });
}

export async function updateAccountingCode(ctx: Ctx, id: string, body: AccountingCodeInput): Promise<void> {
  return inTransaction(ctx, async (tx) => {
    const row = await mustFindLocked(tx, id);
    if (row.used_in_transactions) throw ruleViolation(`The accounting code '${row.name}' is associated with transactions and cannot be updated`);
    const patch: Partial<AccountingCodeRow> = {};
    if (body.name !== undefined) {
      const name = checkName(body.name);
      await checkUniqueName(tx, name, row.id);
      patch.name = name;
      patch.name_key = store.nameKey(name);
    }
    if (body.type !== undefined) {
      const type = checkType(body.type);
      if (type !== row.type) {
        if (row.type === 'AccountsReceivable') throw ruleViolation(`'type' of an AccountsReceivable accounting code cannot be changed`);
        if (type === 'AccountsReceivable') await checkSingleReceivable(tx, row.id);
      }
      patch.type = type;
    }
    if (body.glAccountName !== undefined) patch.gl_account_name = checkText(body.glAccountName, 'glAccountName', MAX_GL_LENGTH);
    if (body.glAccountNumber !== undefined) patch.gl_account_number = checkText(body.glAccountNumber, 'glAccountNumber', MAX_GL_LENGTH);
    if (body.notes !== undefined) patch.notes = checkText(body.notes, 'notes', MAX_NOTES_LENGTH);
    if (body.segmentConstantValues !== undefined) patch.segment_constant_values = checkSegments(body.segmentConstantValues);
    const custom = (await customFieldRules(tx, 'AccountingCode')).pick(body);
    if (Object.keys(custom).length) patch.custom_fields = mergeCustomFields(row.custom_fields, custom);
    patch.updated_by = actor(tx);
    patch.updated_on = stamp(tx);
    await writeUnique(patch.name, () => store.update(tx, row.id, patch));
  });
}

export async function activateAccountingCode(ctx: Ctx, id: string): Promise<void> {
  return inTransaction(ctx, async (tx) => {
    const row = await mustFindLocked(tx, id);
    if (row.status === 'Active') throw ruleViolation(`The accounting code '${row.name}' is already active`);
    await store.update(tx, row.id, { status: 'Active', updated_by: actor(tx), updated_on: stamp(tx) });
  });
}

export async function deactivateAccountingCode(ctx: Ctx, id: string): Promise<void> {
  return inTransaction(ctx, async (tx) => {
    const row = await mustFindLocked(tx, id);
    if (row.status === 'Inactive') throw ruleViolation(`The accounting code '${row.name}' is already inactive`);
    if (row.type === 'AccountsReceivable') throw ruleViolation(`Accounting codes of type AccountsReceivable cannot be deactivated`);
    if (row.used_in_transactions) throw ruleViolation(`The accounting code '${row.name}' is associated with transactions and cannot be deactivated`);
    await store.update(tx, row.id, { status: 'Inactive', updated_by: actor(tx), updated_on: stamp(tx) });
  });
}

export async function deleteAccountingCode(ctx: Ctx, id: string): Promise<void> {
  return inTransaction(ctx, async (tx) => {
    const row = await mustFindLocked(tx, id);
    if (row.used_in_transactions) throw ruleViolation(`The accounting code '${row.name}' has been associated with transactions and cannot be deleted`);
    if (row.status === 'Active') throw ruleViolation(`The accounting code '${row.name}' must be deactivated before it can be deleted`);
    for (const check of referenceChecks.values()) {
      const user = await check(tx, { id: row.id, name: row.name });
      if (user) throw ruleViolation(`The accounting code '${row.name}' cannot be deleted: it is used by ${user}`);
    }
    await store.remove(tx, row.id);
  });
}
