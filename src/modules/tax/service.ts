/**
 * Taxation items on billing document items (external tax: the caller computed it, zbill keeps it).
 * Rules (Zuora v1 API reference, POST_INV_TaxationItems, Object_POSTTaxationItem, GET/PUT/DELETE
 * _TaxationItem): taxation items are added, changed and removed only on a Draft document; each names an
 * item of that document; the item's taxAmount is the sum of its taxation items, and the document's
 * taxAmount, amount (amountWithoutTax + taxAmount) and balance follow through the document's port.
 */
import type { Ctx } from '../../platform/context.js';
import { invalidValue, notFound, notImplemented, ruleViolation, UNKNOWN_RESOURCE } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { currencyPlaces, D, roundTo, toDbAmount, toJsonNumber } from '../../platform/money.js';
import { formatDateTime } from '../../platform/dates.js';
import { Temporal } from 'temporal-polyfill';
import { taxedDocuments, type TaxedDocument, type TaxedDocumentPort } from './contract.js';
import { camel, parseTaxationItem, roundAmount, type Namer, type TaxationItemFields } from './rules.js';
import * as store from './store.js';

type Obj = Record<string, unknown>;
/** Zuora's limit of taxation items in one request is not documented; zbill takes up to 1,000 (as invoice items). */
export const MAX_TAXATION_ITEMS = 1000;

const num = (v: string | null) => (v === null ? null : toJsonNumber(v));
const stamp = (ctx: Ctx, iso: string) => formatDateTime(Temporal.Instant.from(iso), ctx.tenant.timezone);
const isoNow = (ctx: Ctx) => ctx.now().toString();

function port(kind: store.DocumentKind): TaxedDocumentPort {
  const p = taxedDocuments(kind);
  if (!p) throw new Error(`no taxed document port for ${kind}`);
  return p;
}

function requireDraft(doc: TaxedDocument, p: TaxedDocumentPort): void {
  if (doc.status !== 'Draft') throw ruleViolation(`The ${p.label} ${doc.number} is ${doc.status}: taxation items can be added, changed or removed only on a Draft ${p.label}`, p.resource);
}

/** Sums each named item's taxation items and hands the totals to the document. */
async function refreshItems(ctx: Ctx, p: TaxedDocumentPort, docId: string, itemIds: Iterable<string>): Promise<void> {
  const taxes: Array<{ itemId: string; taxAmount: string }> = [];
  for (const itemId of new Set(itemIds)) {
    const rows = await store.taxationItemsOfItem(ctx, itemId);
    taxes.push({ itemId, taxAmount: toDbAmount(rows.reduce((t, r) => t.plus(r.tax_amount), new D(0))) });
  }
  await p.setItemTaxes(ctx, docId, taxes);
}

function newRow(ctx: Ctx, kind: store.DocumentKind, doc: TaxedDocument, f: TaxationItemFields, seq: number): store.TaxationItemRow {
  const now = isoNow(ctx);
  return {
    id: newId(),
    tenant_id: ctx.tenant.id,
    document_kind: kind,
    document_id: doc.id,
    item_id: f.itemId!,
    account_id: doc.accountId,
    seq,
    name: f.name!,
    jurisdiction: f.jurisdiction ?? null,
    location_code: f.locationCode ?? null,
    tax_code: f.taxCode ?? null,
    tax_code_description: f.taxCodeDescription ?? null,
    tax_date: f.taxDate ?? null,
    tax_mode: f.taxMode ?? 'TaxExclusive',
    tax_rate: f.taxRate!,
    tax_rate_type: f.taxRateType!,
    tax_rate_description: f.taxRateDescription ?? null,
    tax_amount: roundAmount(f.taxAmount!, doc.currency),
    exempt_amount: roundAmount(f.exemptAmount ?? '0', doc.currency),
    source_tax_item_id: f.sourceTaxItemId ?? null,
    sales_tax_payable_accounting_code: null,
    accounts_receivable_accounting_code: null,
    created_at: now,
    updated_at: now,
  };
}

// ---------------------------------------------------------------- invoices

/** The `taxationItems` of a create request (its only field): a list of 1 to MAX_TAXATION_ITEMS entries. */
function taxationItemList(body: unknown, resource: number): unknown[] {
  const b = (body ?? {}) as Obj;
  for (const k of Object.keys(b)) if (k !== 'taxationItems') throw invalidValue(`'${k}' is not a field of this request`, resource);
  const list = b.taxationItems;
  if (list === undefined || list === null) throw invalidValue(`'taxationItems' is required`, resource);
  if (!Array.isArray(list) || list.length === 0) throw invalidValue(`'taxationItems' must be a list of at least one taxation item`, resource);
  if (list.length > MAX_TAXATION_ITEMS) throw invalidValue(`'taxationItems' takes at most ${MAX_TAXATION_ITEMS} taxation items`, resource);
  return list;
}

/** POST /v1/invoices/{invoiceKey}/taxation-items. */
export async function createInvoiceTaxationItems(ctx: Ctx, invoiceKey: string, body: unknown): Promise<Obj[]> {
  const p = port('invoice');
  // the document is looked up first: an unknown key answers not found whatever the body
  const doc = await p.lock(ctx, invoiceKey);
  if (!doc) throw p.notFound(invoiceKey);
  const list = taxationItemList(body, p.resource);
  const fields = list.map((o, i) =>
    parseTaxationItem(o, { mode: 'create', prefix: `taxationItems[${i}].`, itemField: 'invoiceItemId', taxDateRequired: true, extra: ['taxMode'], namer: camel, res: p.resource }),
  );
  const rows = await addRows(ctx, 'invoice', p, doc, fields, 'invoiceItemId', 'taxationItems');
  return rows.map((r) => createdView(ctx, r));
}

/** POST /v1/object/taxation-item: one taxation item on an invoice item, fields in PascalCase. */
export async function createObjectTaxationItem(ctx: Ctx, body: unknown): Promise<string> {
  const p = port('invoice');
  const n: Namer = (s) => s.charAt(0).toUpperCase() + s.slice(1);
  const raw = (body ?? {}) as Obj;
  if (raw.AccountingCode !== undefined && raw.AccountingCode !== null) throw notImplemented(`'AccountingCode' (accounting codes of taxation items)`);
  // the object API ignores unknown fields unless rejectUnknownFields (the platform checks that)
  const known = new Set(OBJECT_FIELDS.map(n));
  const b = Object.fromEntries(Object.entries(raw).filter(([k]) => known.has(k)));
  const f = parseTaxationItem(b, objOpts(n, p.resource));
  const docId = await invoiceIdOf(ctx, f.itemId!);
  if (!docId) throw invalidValue(`The invoice item '${f.itemId}' does not exist`, p.resource);
  const doc = await p.lock(ctx, docId);
  if (!doc) throw invalidValue(`The invoice item '${f.itemId}' does not exist`, p.resource);
  const [row] = await addRows(ctx, 'invoice', p, doc, [f], 'InvoiceItemId', null);
  return row!.id;
}

export const OBJECT_FIELDS = ['exemptAmount', 'invoiceItemId', 'jurisdiction', 'locationCode', 'name', 'taxAmount', 'taxCode', 'taxCodeDescription', 'taxDate', 'taxRate', 'taxRateDescription', 'taxRateType'];
const objOpts = (n: Namer, res: number) => ({ mode: 'create' as const, prefix: '', itemField: 'invoiceItemId', taxDateRequired: true, extra: [], namer: n, res });

let invoiceIdOf: (ctx: Ctx, itemId: string) => Promise<string | null> = async () => null;
/** The lookup of an invoice item's invoice (the invoices contract's, set in join()). */
export function setInvoiceItemLookup(f: (ctx: Ctx, itemId: string) => Promise<string | null>): void {
  invoiceIdOf = f;
}

async function addRows(ctx: Ctx, kind: store.DocumentKind, p: TaxedDocumentPort, doc: TaxedDocument, fields: TaxationItemFields[], itemLabel: string, listLabel: string | null): Promise<store.TaxationItemRow[]> {
  requireDraft(doc, p);
  const itemIds = new Set(doc.items.map((i) => i.id));
  fields.forEach((f, i) => {
    if (!itemIds.has(f.itemId!)) throw invalidValue(`'${listLabel ? `${listLabel}[${i}].` : ''}${itemLabel}': the item '${f.itemId}' is not an item of the ${p.label} ${doc.number}`, p.resource);
  });
  let seq = await store.maxSeqOfDocument(ctx, doc.id);
  const rows = fields.map((f) => newRow(ctx, kind, doc, f, ++seq));
  await store.insertTaxationItems(ctx, rows);
  await refreshItems(ctx, p, doc.id, rows.map((r) => r.item_id));
  return rows;
}

/** GET /v1/invoices/{invoiceKey}/items/{itemId}/taxation-items: the item's taxation items, with what is still owed of each. */
export async function invoiceItemTaxationItems(ctx: Ctx, invoiceKey: string, itemId: string, page: { limit: number; offset: number }): Promise<Obj[]> {
  const p = port('invoice');
  const doc = await p.read(ctx, invoiceKey);
  if (!doc) throw p.notFound(invoiceKey);
  const item = doc.items.find((i) => i.id === itemId);
  if (!item) throw notFound(`The invoice item '${itemId}' is not an item of the invoice ${doc.number}`, p.resource);
  const rows = await store.taxationItemsOfItem(ctx, itemId, page.limit, page.offset);
  return rows.map((r) => invoiceItemListView(r, item, doc.currency));
}

/**
 * What is still owed of a taxation item: zbill settles invoice items as a whole (charge and tax
 * together), so a taxation item's share of what was paid or credited is the item's, in proportion
 * (balance = taxAmount × item balance / (item amount + item tax), rounded by the currency).
 */
export function taxationItemBalance(taxAmount: string, item: { amount: string; taxAmount: string; balance: string }, currency: string): string {
  const gross = new D(item.amount).plus(item.taxAmount);
  if (gross.isZero()) return '0';
  return toDbAmount(roundTo(new D(taxAmount).times(item.balance).div(gross), currencyPlaces(currency)));
}

function invoiceItemListView(r: store.TaxationItemRow, item: { amount: string; taxAmount: string; balance: string }, currency: string): Obj {
  const balance = taxationItemBalance(r.tax_amount, item, currency);
  const settled = new D(r.tax_amount).minus(balance);
  return {
    balance: num(balance),
    // zbill does not tell what was credited from what was paid: settled amounts show as paid
    creditAmount: 0,
    exemptAmount: num(r.exempt_amount),
    id: r.id,
    jurisdiction: r.jurisdiction,
    locationCode: r.location_code,
    name: r.name,
    paymentAmount: num(toDbAmount(settled)),
    taxAmount: num(r.tax_amount),
    taxCode: r.tax_code,
    taxCodeDescription: r.tax_code_description,
    taxDate: r.tax_date,
    taxRate: num(r.tax_rate),
    taxRateDescription: r.tax_rate_description,
    taxRateType: r.tax_rate_type,
  };
}

/** A taxation item as the create requests answer it. */
function createdView(ctx: Ctx, r: store.TaxationItemRow): Obj {
  return {
    createdById: null,
    createdDate: stamp(ctx, r.created_at),
    exemptAmount: num(r.exempt_amount),
    id: r.id,
    invoiceItemId: r.document_kind === 'invoice' ? r.item_id : null,
    jurisdiction: r.jurisdiction,
    locationCode: r.location_code,
    name: r.name,
    taxAmount: num(r.tax_amount),
    taxCode: r.tax_code,
    taxCodeDescription: r.tax_code_description,
    taxDate: r.tax_date,
    taxMode: r.tax_mode,
    taxRate: num(r.tax_rate),
    taxRateDescription: r.tax_rate_description,
    taxRateType: r.tax_rate_type,
    updatedById: null,
    updatedDate: stamp(ctx, r.updated_at),
  };
}

// ---------------------------------------------------------------- /v1/taxation-items/{id}

/** A taxation item as GET/PUT /v1/taxation-items/{id} answer it (memoItemId is null for an invoice's). */
function taxationItemView(ctx: Ctx, r: store.TaxationItemRow): Obj {
  return {
    createdById: null,
    createdDate: stamp(ctx, r.created_at),
    exemptAmount: num(r.exempt_amount),
    id: r.id,
    jurisdiction: r.jurisdiction,
    locationCode: r.location_code,
    memoItemId: r.document_kind === 'invoice' ? null : r.item_id,
    name: r.name,
    sourceTaxItemId: r.source_tax_item_id,
    taxAmount: num(r.tax_amount),
    taxCode: r.tax_code,
    taxCodeDescription: r.tax_code_description,
    taxDate: r.tax_date,
    taxRate: num(r.tax_rate),
    taxRateDescription: r.tax_rate_description,
    taxRateType: r.tax_rate_type,
    updatedById: null,
    updatedDate: stamp(ctx, r.updated_at),
  };
}

const taxItemNotFound = (id: string) => notFound(`The taxation item '${id}' does not exist`, UNKNOWN_RESOURCE);

async function requireRow(ctx: Ctx, id: string): Promise<store.TaxationItemRow> {
  const r = await store.findTaxationItem(ctx, id);
  if (!r) throw taxItemNotFound(id);
  return r;
}

export async function getTaxationItem(ctx: Ctx, id: string): Promise<Obj> {
  return taxationItemView(ctx, await requireRow(ctx, id));
}

/** PUT /v1/taxation-items/{id}: the fields sent change; the item's and the document's tax follow. */
export async function updateTaxationItem(ctx: Ctx, id: string, body: unknown): Promise<Obj> {
  const r = await requireRow(ctx, id);
  const p = port(r.document_kind);
  const f = parseTaxationItem(body ?? {}, { mode: 'update', prefix: '', itemField: null, taxDateRequired: false, extra: [], namer: camel, res: p.resource });
  const doc = await p.lock(ctx, r.document_id);
  if (!doc) throw taxItemNotFound(id);
  requireDraft(doc, p);
  const set: Partial<store.TaxationItemRow> = { updated_at: isoNow(ctx) };
  if (f.name !== undefined) set.name = f.name;
  if (f.jurisdiction !== undefined) set.jurisdiction = f.jurisdiction;
  if (f.locationCode !== undefined) set.location_code = f.locationCode;
  if (f.taxCode !== undefined) set.tax_code = f.taxCode;
  if (f.taxCodeDescription !== undefined) set.tax_code_description = f.taxCodeDescription;
  if (f.taxDate !== undefined) set.tax_date = f.taxDate;
  if (f.taxRate !== undefined) set.tax_rate = f.taxRate;
  if (f.taxRateType !== undefined) set.tax_rate_type = f.taxRateType;
  if (f.taxRateDescription !== undefined) set.tax_rate_description = f.taxRateDescription;
  if (f.taxAmount !== undefined) set.tax_amount = roundAmount(f.taxAmount, doc.currency);
  if (f.exemptAmount !== undefined) set.exempt_amount = roundAmount(f.exemptAmount, doc.currency);
  await store.updateTaxationItem(ctx, id, set);
  if (set.tax_amount !== undefined) await refreshItems(ctx, p, doc.id, [r.item_id]);
  return taxationItemView(ctx, (await store.findTaxationItem(ctx, id))!);
}

/** DELETE /v1/taxation-items/{id}: the item's and the document's tax drop by its amount. */
export async function deleteTaxationItem(ctx: Ctx, id: string): Promise<void> {
  const r = await requireRow(ctx, id);
  const p = port(r.document_kind);
  const doc = await p.lock(ctx, r.document_id);
  if (!doc) throw taxItemNotFound(id);
  requireDraft(doc, p);
  await store.deleteTaxationItem(ctx, id);
  await refreshItems(ctx, p, doc.id, [r.item_id]);
}

/** A deleted document's taxation items go with it. */
export async function documentDeleted(ctx: Ctx, documentId: string): Promise<void> {
  await store.deleteTaxationItemsOfDocument(ctx, documentId);
}

// ---------------------------------------------------------------- credit and debit memos

/** POST /v1/credit-memos/{key}/taxation-items, POST /v1/debit-memos/{key}/taxation-items. */
export async function createMemoTaxationItems(ctx: Ctx, kind: 'creditMemo' | 'debitMemo', key: string, body: unknown): Promise<Obj[]> {
  const p = port(kind);
  // the document is looked up first: an unknown key answers not found whatever the body
  const doc = await p.lock(ctx, key);
  if (!doc) throw p.notFound(key);
  const list = taxationItemList(body, p.resource);
  // the spec marks memoItemId optional; zbill needs the item it taxes, so it is required here
  const fields = list.map((o, i) =>
    parseTaxationItem(o, { mode: 'create', prefix: `taxationItems[${i}].`, itemField: 'memoItemId', taxDateRequired: false, extra: ['sourceTaxItemId'], namer: camel, res: p.resource }),
  );
  for (const [i, f] of fields.entries()) {
    if (f.sourceTaxItemId) {
      const src = await store.findTaxationItem(ctx, f.sourceTaxItemId);
      if (!src || src.document_kind !== 'invoice') throw invalidValue(`'taxationItems[${i}].sourceTaxItemId': the invoice taxation item '${f.sourceTaxItemId}' does not exist`, p.resource);
    }
  }
  const rows = await addRows(ctx, kind, p, doc, fields, 'memoItemId', 'taxationItems');
  return rows.map((r) => ({ ...createdView(ctx, r), invoiceItemId: null }));
}

/** GET /v1/credit-memos/{id}/items/{itemId}/taxation-items and the debit memo one. */
export async function memoItemTaxationItems(ctx: Ctx, kind: 'creditMemo' | 'debitMemo', key: string, itemId: string, page: { limit: number; offset: number }): Promise<Obj[]> {
  const p = port(kind);
  const doc = await p.read(ctx, key);
  if (!doc) throw p.notFound(key);
  const item = doc.items.find((i) => i.id === itemId);
  if (!item) throw notFound(`The ${p.label} item '${itemId}' is not an item of the ${p.label} ${doc.number}`, p.resource);
  const rows = await store.taxationItemsOfItem(ctx, itemId, page.limit, page.offset);
  return rows.map((r) => {
    const open = taxationItemBalance(r.tax_amount, item, doc.currency);
    const used = num(toDbAmount(new D(r.tax_amount).minus(open)));
    const common = {
      exemptAmount: num(r.exempt_amount),
      id: r.id,
      jurisdiction: r.jurisdiction,
      locationCode: r.location_code,
      name: r.name,
      sourceTaxItemId: r.source_tax_item_id,
      taxAmount: num(r.tax_amount),
      taxCode: r.tax_code,
      taxCodeDescription: r.tax_code_description,
      taxDate: r.tax_date,
      taxRate: num(r.tax_rate),
      taxRateDescription: r.tax_rate_description,
      taxRateType: r.tax_rate_type,
    };
    // zbill does not tell refunds from applications (credit) nor credits from payments (debit): all show as the first
    return kind === 'creditMemo'
      ? { appliedAmount: used, ...common, refundAmount: 0, unappliedAmount: num(open) }
      : { balance: num(open), creditAmount: 0, ...common, paymentAmount: used };
  });
}
