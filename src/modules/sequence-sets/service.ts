import { inTransaction, type Ctx } from '../../platform/context.js';
import { nextCounter } from '../../platform/counters.js';
import { invalidValue, missingField, notFound, ruleViolation, ZuoraError, errorCode, Category, UNKNOWN_RESOURCE } from '../../platform/errors.js';
import { formatNumber, newId } from '../../platform/ids.js';
import * as store from './store.js';
import { KINDS, type SequenceSetRow } from './store.js';

export type DocumentKind = 'invoice' | 'creditMemo' | 'debitMemo' | 'payment' | 'refund';

/** One document kind's numbering, as the API shows it: `startNumber` is the next number to be issued. */
export interface NumberingView {
  prefix: string;
  startNumber: number;
}

/** A sequence set in the API's shape. Payment and refund are absent when the set falls back to the default set for them. */
export interface SequenceSetView {
  id: string;
  name: string;
  invoice: NumberingView;
  creditMemo: NumberingView;
  debitMemo: NumberingView;
  payment?: NumberingView;
  refund?: NumberingView;
}

export interface NumberingInput {
  prefix?: string;
  startNumber?: number;
}

export type SequenceSetInput = { name?: string } & Partial<Record<DocumentKind, NumberingInput>>;

export const DEFAULT_SET_NAME = 'DEFAULT';
export const DEFAULT_PREFIXES: Record<DocumentKind, string> = { invoice: 'INV', creditMemo: 'CM', debitMemo: 'DM', payment: 'P-', refund: 'R-' };
/** Zuora: at most 100 sequence sets in one create request. */
export const MAX_SETS_PER_REQUEST = 100;
/** Zuora's numbering prefixes are "less than 40 characters". */
export const MAX_PREFIX_LENGTH = 39;
export const MAX_NAME_LENGTH = 100;
export const MAX_START_NUMBER = 2147483647;
/**
 * Prefixes Zuora keeps for itself: the default payment and refund numbering (P-, R-; only the
 * default set may use them, for those kinds), payment method and gateway numbers, and the
 * temporary and preview numbers of billing documents.
 */
export const RESERVED_PREFIXES = ['P-', 'R-', 'PM-', 'PG-', 'TMP-INV-', 'TMP-CM-', 'TMP-DM-', 'PREVIEW-'] as const;
/** A prefix starts with a letter and holds letters, digits, hyphens and underscores. */
const PREFIX_RE = /^[A-Za-z][A-Za-z0-9_-]*$/;
/** Billing documents need a prefix and a start number in every set; payments and refunds may fall back to the default set. */
const REQUIRED_KINDS: DocumentKind[] = ['invoice', 'creditMemo', 'debitMemo'];

// ---------------------------------------------------------------- usage checks

/**
 * Modules that assign sequence sets (accounts) register a check here: given a
 * set id, it returns a description of what uses the set (e.g. "account A00000001"),
 * or undefined. A set in use cannot be deleted.
 */
export type SequenceSetUsageCheck = (ctx: Ctx, sequenceSetId: string) => Promise<string | undefined>;
const usageChecks = new Map<string, SequenceSetUsageCheck>();

export function registerSequenceSetUsageCheck(name: string, check: SequenceSetUsageCheck): void {
  usageChecks.set(name, check);
}

export function unregisterSequenceSetUsageCheck(name: string): void {
  usageChecks.delete(name);
}

// ---------------------------------------------------------------- views

function numbering(prefix: string | null, next: number | string | null): NumberingView | undefined {
  if (prefix === null || next === null) return undefined;
  return { prefix, startNumber: Number(next) };
}

export function toView(r: SequenceSetRow): SequenceSetView {
  const v: SequenceSetView = {
    id: r.id,
    name: r.name,
    invoice: numbering(r.invoice_prefix, r.invoice_next)!,
    creditMemo: numbering(r.credit_memo_prefix, r.credit_memo_next)!,
    debitMemo: numbering(r.debit_memo_prefix, r.debit_memo_next)!,
  };
  const payment = numbering(r.payment_prefix, r.payment_next);
  const refund = numbering(r.refund_prefix, r.refund_next);
  if (payment) v.payment = payment;
  if (refund) v.refund = refund;
  return v;
}

// ---------------------------------------------------------------- default set

/**
 * The tenant's default set, created the first time it is needed (Zuora tenants
 * come with one named DEFAULT: INV, CM, DM, P-, R-, each starting at 1).
 */
export async function ensureDefaultSet(ctx: Ctx): Promise<SequenceSetRow> {
  const found = await store.findDefault(ctx);
  if (found) return found;
  const now = ctx.now().toString();
  await store.insertIgnoringNameConflict(ctx, {
    id: newId(),
    tenant_id: ctx.tenant.id,
    name: DEFAULT_SET_NAME,
    name_key: store.nameKey(DEFAULT_SET_NAME),
    is_default: 1,
    sort_key: 0,
    invoice_prefix: DEFAULT_PREFIXES.invoice,
    invoice_next: 1,
    credit_memo_prefix: DEFAULT_PREFIXES.creditMemo,
    credit_memo_next: 1,
    debit_memo_prefix: DEFAULT_PREFIXES.debitMemo,
    debit_memo_next: 1,
    payment_prefix: DEFAULT_PREFIXES.payment,
    payment_next: 1,
    refund_prefix: DEFAULT_PREFIXES.refund,
    refund_next: 1,
    created_on: now,
    updated_on: now,
  });
  const row = await store.findDefault(ctx);
  if (!row) throw new ZuoraError(errorCode(UNKNOWN_RESOURCE, Category.INTERNAL), 'The default sequence set could not be created');
  return row;
}

// ---------------------------------------------------------------- numbering

/**
 * The next number of a document of `kind`, from the given set or else the
 * tenant's default set. A set without payment/refund numbering uses the default
 * set's. One atomic UPDATE … RETURNING per number, inside the caller's
 * transaction: concurrent callers never get the same number, and a rolled-back
 * transaction gives its number back.
 */
export async function nextDocumentNumber(ctx: Ctx, kind: DocumentKind, sequenceSetId?: string | null): Promise<string> {
  if (!KINDS.includes(kind)) throw invalidValue(`Unknown document kind '${String(kind)}'`);
  return inTransaction(ctx, async (tx) => {
    let setId: string;
    // the usual case: the default set, found and numbered in one statement (none yet, or no numbering for the kind: below)
    let taken = sequenceSetId ? undefined : await store.takeDefaultNumber(tx, kind);
    if (taken) {
      await store.recordIssued(tx, kind, taken.prefix, taken.issued);
      return formatNumber(taken.prefix, taken.issued);
    }
    if (sequenceSetId) {
      const set = (await store.findById(tx, sequenceSetId)) ?? (await store.findByName(tx, sequenceSetId));
      if (!set) throw notFound(`The sequence set '${sequenceSetId}' does not exist`);
      setId = set.id;
    } else {
      setId = (await ensureDefaultSet(tx)).id;
    }
    taken = await store.takeNumber(tx, setId, kind);
    if (!taken) {
      // The set has no numbering for this kind (payment/refund): use the default set's.
      taken = await store.takeNumber(tx, (await ensureDefaultSet(tx)).id, kind);
    }
    if (!taken) throw new ZuoraError(errorCode(UNKNOWN_RESOURCE, Category.INTERNAL), `No numbering is configured for ${kind}`);
    await store.recordIssued(tx, kind, taken.prefix, taken.issued);
    return formatNumber(taken.prefix, taken.issued);
  });
}

// ---------------------------------------------------------------- reads

/** A set by id (or by name, as Zuora's path parameter takes "the ID or number"). */
export async function getSequenceSet(ctx: Ctx, id: string): Promise<SequenceSetView | undefined> {
  await ensureDefaultSet(ctx);
  const row = (await store.findById(ctx, id)) ?? (await store.findByName(ctx, id));
  return row ? toView(row) : undefined;
}

/** The tenant's default set (created if needed). */
export async function getDefaultSequenceSet(ctx: Ctx): Promise<SequenceSetView> {
  return toView(await ensureDefaultSet(ctx));
}

export async function listSequenceSets(ctx: Ctx, opts: { name?: string; limit: number; offset: number }): Promise<SequenceSetView[]> {
  await ensureDefaultSet(ctx);
  return (await store.list(ctx, opts)).map(toView);
}

/** Finds the set and locks its row for the rest of the transaction; re-reads it once locked. */
async function mustFindLocked(ctx: Ctx, id: string): Promise<SequenceSetRow> {
  await ensureDefaultSet(ctx);
  const found = (await store.findById(ctx, id)) ?? (await store.findByName(ctx, id));
  if (!found) throw notFound(`The sequence set '${id}' does not exist`);
  await store.lock(ctx, found.id);
  const row = await store.findById(ctx, found.id);
  if (!row) throw notFound(`The sequence set '${id}' does not exist`);
  return row;
}

// ---------------------------------------------------------------- validation

function checkName(name: unknown, field: string): string {
  if (name === undefined || name === null) throw missingField(`'${field}' is required`);
  if (typeof name !== 'string' || name.trim() === '') throw invalidValue(`'${field}' must not be empty`);
  if (name.length > MAX_NAME_LENGTH) throw invalidValue(`'${field}' must be at most ${MAX_NAME_LENGTH} characters`);
  return name.trim();
}

function checkPrefix(prefix: unknown, field: string, kind: DocumentKind, isDefaultSet: boolean): string {
  if (typeof prefix !== 'string' || prefix.trim() === '') throw invalidValue(`'${field}' must not be empty`);
  if (prefix !== prefix.trim() || /\s/.test(prefix)) throw invalidValue(`'${field}' must not contain spaces`);
  if (prefix.length > MAX_PREFIX_LENGTH) throw invalidValue(`'${field}' must be less than 40 characters`);
  if (!/^[A-Za-z]/.test(prefix)) throw invalidValue(`'${field}' must start with a letter`);
  if (!PREFIX_RE.test(prefix)) throw invalidValue(`'${field}' may hold only letters, digits, hyphens (-) and underscores (_)`);
  const reserved = RESERVED_PREFIXES.find((r) => r === prefix.toUpperCase());
  if (reserved && !(isDefaultSet && DEFAULT_PREFIXES[kind] === reserved))
    throw invalidValue(`'${field}' '${prefix}' is reserved by Zuora (${RESERVED_PREFIXES.join(', ')})`);
  return prefix;
}

/**
 * One prefix numbers one document type: within a set and across sets, and never the prefix
 * under which numbers of another type were issued. `own` is the set's other prefixes as they
 * will be after this write.
 */
async function checkPrefixKind(ctx: Ctx, kind: DocumentKind, prefix: string, field: string, own: Partial<Record<DocumentKind, string | null>>, exceptId?: string): Promise<void> {
  for (const k of KINDS) {
    if (k !== kind && own[k] === prefix) throw ruleViolation(`'${field}' '${prefix}' is also given for ${k} numbers: each document type needs its own prefix`);
  }
  const other = await store.prefixUsedForOtherKind(ctx, kind, prefix, exceptId);
  if (other) throw ruleViolation(`'${field}' '${prefix}' is already used for ${other.kind} numbers by the sequence set '${other.name}'`);
  const issued = await store.kindsIssuedUnder(ctx, prefix);
  const foreign = issued.find((k) => k !== kind);
  if (foreign) throw ruleViolation(`'${field}' '${prefix}' has already numbered ${foreign} documents`);
}

function checkStart(n: unknown, field: string): number {
  if (typeof n !== 'number' || !Number.isInteger(n)) throw invalidValue(`'${field}' must be an integer`);
  if (n < 1) throw invalidValue(`'${field}' must be at least 1`);
  if (n > MAX_START_NUMBER) throw invalidValue(`'${field}' must be at most ${MAX_START_NUMBER}`);
  return n;
}

/**
 * The numbering rules that keep numbers unique across the tenant:
 * - a prefix belongs to one set per document kind;
 * - the next number under a prefix must be above every number ever issued under it.
 */
async function checkNumbering(ctx: Ctx, kind: DocumentKind, prefix: string, next: number, field: string, exceptId?: string): Promise<void> {
  const other = await store.prefixTakenBy(ctx, kind, prefix, exceptId);
  if (other) throw ruleViolation(`'${field}.prefix' '${prefix}' is already used for ${kind} numbers by the sequence set '${other.name}'`);
  const last = await store.lastIssued(ctx, kind, prefix);
  if (next <= last) {
    throw ruleViolation(`'${field}.startNumber' must be greater than ${last}: ${formatNumber(prefix, last)} has already been issued`);
  }
}

/**
 * A concurrent request may take a name or prefix between our check and our
 * write: the unique indexes still refuse it, reported as a Zuora error.
 */
function uniqueViolationError(err: unknown, base: string, name: string): unknown {
  const kind = store.violatedPrefixKind(err);
  if (kind) return ruleViolation(`'${base ? `${base}.` : ''}${kind}.prefix' is already used for ${kind} numbers by another sequence set`);
  if (store.isUniqueViolation(err)) return ruleViolation(`'${base ? `${base}.` : ''}name' '${name}' is already used by another sequence set`);
  return err;
}

// ---------------------------------------------------------------- writes

export async function createSequenceSets(ctx: Ctx, inputs: SequenceSetInput[]): Promise<SequenceSetView[]> {
  if (!Array.isArray(inputs) || inputs.length === 0) throw missingField(`'sequenceSets' is required`);
  if (inputs.length > MAX_SETS_PER_REQUEST) {
    throw new ZuoraError(errorCode(UNKNOWN_RESOURCE, Category.LIMIT), `You can create at most ${MAX_SETS_PER_REQUEST} sequence sets in one request`, { fixedStatus: 400 });
  }
  return inTransaction(ctx, async (tx) => {
    await ensureDefaultSet(tx);
    const out: SequenceSetView[] = [];
    for (const [i, input] of inputs.entries()) {
      const base = `sequenceSets[${i}]`;
      const name = checkName(input.name, `${base}.name`);
      if (await store.findByName(tx, name)) throw ruleViolation(`'${base}.name' '${name}' is already used by another sequence set`);
      const now = tx.now().toString();
      const row: SequenceSetRow = {
        id: newId(),
        tenant_id: tx.tenant.id,
        name,
        name_key: store.nameKey(name),
        is_default: 0,
        sort_key: await nextCounter(tx, 'sequence_set_order'),
        invoice_prefix: '',
        invoice_next: 1,
        credit_memo_prefix: '',
        credit_memo_next: 1,
        debit_memo_prefix: '',
        debit_memo_next: 1,
        payment_prefix: null,
        payment_next: null,
        refund_prefix: null,
        refund_next: null,
        created_on: now,
        updated_on: now,
      };
      for (const kind of KINDS) {
        const block = input[kind];
        const field = `${base}.${kind}`;
        if (block === undefined || block === null) {
          if (REQUIRED_KINDS.includes(kind)) throw missingField(`'${field}' is required`);
          continue;
        }
        if (block.prefix === undefined || block.prefix === null) throw missingField(`'${field}.prefix' is required`);
        const prefix = checkPrefix(block.prefix, `${field}.prefix`, kind, false);
        let start: number;
        if (block.startNumber === undefined || block.startNumber === null) {
          if (REQUIRED_KINDS.includes(kind)) throw missingField(`'${field}.startNumber' is required`);
          start = 1;
        } else start = checkStart(block.startNumber, `${field}.startNumber`);
        await checkNumbering(tx, kind, prefix, start, field);
        Object.assign(row, { [store.prefixCol(kind)]: prefix, [store.nextCol(kind)]: start });
      }
      const own = Object.fromEntries(KINDS.map((k) => [k, row[store.prefixCol(k)] || null]));
      for (const kind of KINDS) {
        const prefix = own[kind];
        if (prefix) await checkPrefixKind(tx, kind, prefix, `${base}.${kind}.prefix`, own);
      }
      try {
        await store.insert(tx, row);
      } catch (err) {
        throw uniqueViolationError(err, base, name);
      }
      out.push(toView(row));
    }
    return out;
  });
}

export async function updateSequenceSet(ctx: Ctx, id: string, input: SequenceSetInput): Promise<void> {
  return inTransaction(ctx, async (tx) => {
    const row = await mustFindLocked(tx, id);
    const patch: Partial<SequenceSetRow> = {};
    if (input.name !== undefined) {
      const name = checkName(input.name, 'name');
      if (store.nameKey(name) !== row.name_key) {
        if (row.is_default) throw ruleViolation(`'name' of the default sequence set cannot be changed`);
        if (await store.findByName(tx, name)) throw ruleViolation(`'name' '${name}' is already used by another sequence set`);
      }
      patch.name = name;
      patch.name_key = store.nameKey(name);
    }
    for (const kind of KINDS) {
      const block = input[kind];
      if (block === undefined || block === null) continue;
      const pc = store.prefixCol(kind);
      const nc = store.nextCol(kind);
      const curPrefix = row[pc];
      const curNext = row[nc] === null ? null : Number(row[nc]);
      const prefix = block.prefix === undefined || block.prefix === null ? curPrefix : checkPrefix(block.prefix, `${kind}.prefix`, kind, Boolean(row.is_default));
      if (prefix === null) throw missingField(`'${kind}.prefix' is required: this sequence set has no ${kind} numbering yet`);
      const next = block.startNumber === undefined || block.startNumber === null ? (curNext ?? 1) : checkStart(block.startNumber, `${kind}.startNumber`);
      if (prefix === curPrefix && next === curNext) continue;
      await checkNumbering(tx, kind, prefix, next, kind, row.id);
      Object.assign(patch, { [pc]: prefix, [nc]: next });
    }
    const after = { ...row, ...patch };
    const own = Object.fromEntries(KINDS.map((k) => [k, after[store.prefixCol(k)] || null]));
    for (const kind of KINDS) {
      const pc = store.prefixCol(kind);
      if (patch[pc] !== undefined && patch[pc] !== row[pc]) await checkPrefixKind(tx, kind, patch[pc]!, `${kind}.prefix`, own, row.id);
    }
    if (Object.keys(patch).length === 0) return;
    patch.updated_on = tx.now().toString();
    try {
      await store.update(tx, row.id, patch);
    } catch (err) {
      throw uniqueViolationError(err, '', patch.name ?? row.name);
    }
  });
}

export async function deleteSequenceSet(ctx: Ctx, id: string): Promise<void> {
  return inTransaction(ctx, async (tx) => {
    const row = await mustFindLocked(tx, id);
    if (row.is_default) throw ruleViolation(`The default sequence set '${row.name}' cannot be deleted`);
    for (const check of usageChecks.values()) {
      const user = await check(tx, row.id);
      if (user) throw ruleViolation(`The sequence set '${row.name}' cannot be deleted: it is assigned to ${user}`);
    }
    await store.remove(tx, row.id);
  });
}
