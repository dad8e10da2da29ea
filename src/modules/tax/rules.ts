/**
 * Pure rules of taxation items (pages POST_INV_TaxationItems, POST_CM_TaxationItems, PUT_TaxationItem of
 * the Zuora v1 API reference): the fields a taxation item takes, which are required, their types, and how
 * the amounts are kept (taxRate as given, never rounded; taxAmount and exemptAmount rounded by the
 * document's currency, half up).
 */
import { invalidValue, missingField, notImplemented, unknownField } from '../../platform/errors.js';
import { parseDate } from '../../platform/dates.js';
import { currencyPlaces, D, roundTo, toDbAmount } from '../../platform/money.js';

export const TAX_RATE_TYPES = ['Percentage', 'FlatFee'] as const;
export const TAX_MODES = ['TaxExclusive', 'TaxInclusive'] as const;
const MAX_TEXT = 255;

/** The fields of a taxation item as the service keeps them (decimal strings). */
export interface TaxationItemFields {
  name?: string;
  jurisdiction?: string;
  locationCode?: string | null;
  taxCode?: string | null;
  taxCodeDescription?: string | null;
  taxDate?: string | null;
  taxMode?: string;
  taxRate?: string;
  taxRateType?: string;
  taxRateDescription?: string | null;
  taxAmount?: string;
  exemptAmount?: string;
  itemId?: string;
  sourceTaxItemId?: string | null;
}

type Body = Record<string, unknown>;
/** A field's wire name per request style: the REST requests' camelCase or the object API's PascalCase. */
export type Namer = (camel: string) => string;
export const camel: Namer = (s) => s;
export const pascal: Namer = (s) => s.charAt(0).toUpperCase() + s.slice(1);

function text(o: Body, key: string, label: string, res: number): string | null | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== 'string') throw invalidValue(`'${label}' must be a string`, res);
  if (v.length > MAX_TEXT) throw invalidValue(`'${label}' must be at most ${MAX_TEXT} characters`, res);
  return v;
}

function decimal(o: Body, key: string, label: string, res: number): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' && typeof v !== 'string') throw invalidValue(`'${label}' must be a number`, res);
  let d;
  try {
    d = new D(v);
  } catch {
    throw invalidValue(`'${label}' must be a number`, res);
  }
  if (!d.isFinite() || (typeof v === 'string' && v.trim() === '')) throw invalidValue(`'${label}' must be a number`, res);
  if (d.isNegative()) throw invalidValue(`'${label}' must not be negative`, res);
  return toDbAmount(d);
}

/** Amounts kept by the currency's rule (half up). */
export function roundAmount(v: string, currency: string): string {
  return toDbAmount(roundTo(new D(v), currencyPlaces(currency)));
}

export interface ParseOptions {
  /** 'create' checks the required fields; 'update' takes each as optional. */
  mode: 'create' | 'update';
  /** Where the request prefixes each field in messages, e.g. "taxationItems[0]." */
  prefix: string;
  /** The field naming the taxed item ('invoiceItemId', 'memoItemId'), or null when the request has none. */
  itemField: string | null;
  /** Whether taxDate is required on create (invoices: yes; memos: no). */
  taxDateRequired: boolean;
  /** Fields the request may also carry (e.g. 'sourceTaxItemId' on memos, 'taxMode' on invoices). */
  extra: string[];
  namer: Namer;
  res: number;
}

const BASE = ['exemptAmount', 'financeInformation', 'jurisdiction', 'locationCode', 'name', 'taxAmount', 'taxCode', 'taxCodeDescription', 'taxDate', 'taxRate', 'taxRateDescription', 'taxRateType'];

/** One taxation item of a request, checked; throws the Zuora-style error of the first fault. */
export function parseTaxationItem(o: unknown, opt: ParseOptions): TaxationItemFields {
  const { prefix: p, namer: n, res } = opt;
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw invalidValue(`'${p || 'body'}' must be an object`, res);
  const b = o as Body;
  const known = new Set([...BASE, ...opt.extra, ...(opt.itemField ? [opt.itemField] : [])].map(n));
  for (const k of Object.keys(b)) if (!known.has(k) && !k.endsWith('__c')) throw unknownField(`'${p}${k}' is not a field of this request`, res);
  const f = (k: string) => n(k);
  const label = (k: string) => `${p}${f(k)}`;
  if (b[f('financeInformation')] !== undefined && b[f('financeInformation')] !== null) throw notImplemented(`'${label('financeInformation')}' (accounting codes of taxation items)`);
  const out: TaxationItemFields = {};
  const name = text(b, f('name'), label('name'), res);
  const jurisdiction = text(b, f('jurisdiction'), label('jurisdiction'), res);
  if (name !== undefined) {
    if (name === null || name === '') throw invalidValue(`'${label('name')}' must not be empty`, res);
    out.name = name;
  }
  if (jurisdiction !== undefined) {
    if (jurisdiction === null || jurisdiction === '') throw invalidValue(`'${label('jurisdiction')}' must not be empty`, res);
    out.jurisdiction = jurisdiction;
  }
  for (const k of ['locationCode', 'taxCode', 'taxCodeDescription', 'taxRateDescription'] as const) {
    const v = text(b, f(k), label(k), res);
    if (v !== undefined) out[k] = v;
  }
  const date = text(b, f('taxDate'), label('taxDate'), res);
  if (date !== undefined && date !== null) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !parseDate(date)) throw invalidValue(`'${label('taxDate')}' must be a date (yyyy-mm-dd)`, res);
    out.taxDate = date;
  } else if (date === null) out.taxDate = null;
  const rateType = b[f('taxRateType')];
  if (rateType !== undefined && rateType !== null) {
    if (!TAX_RATE_TYPES.includes(rateType as never)) throw invalidValue(`'${label('taxRateType')}' must be one of ${TAX_RATE_TYPES.join(', ')}`, res);
    out.taxRateType = rateType as string;
  }
  const taxRate = decimal(b, f('taxRate'), label('taxRate'), res);
  if (taxRate !== undefined) out.taxRate = taxRate;
  const taxAmount = decimal(b, f('taxAmount'), label('taxAmount'), res);
  if (taxAmount !== undefined) out.taxAmount = taxAmount;
  const exempt = decimal(b, f('exemptAmount'), label('exemptAmount'), res);
  if (exempt !== undefined) out.exemptAmount = exempt;
  if (opt.extra.includes('taxMode')) {
    const mode = b[f('taxMode')];
    if (mode !== undefined && mode !== null) {
      if (!TAX_MODES.includes(mode as never)) throw invalidValue(`'${label('taxMode')}' must be one of ${TAX_MODES.join(', ')}`, res);
      if (mode === 'TaxInclusive') throw notImplemented(`'${label('taxMode')}' TaxInclusive on taxation items`);
      out.taxMode = mode as string;
    }
  }
  if (opt.itemField) {
    const id = text(b, f(opt.itemField), label(opt.itemField), res);
    if (id) out.itemId = id;
  }
  if (opt.extra.includes('sourceTaxItemId')) {
    const s = text(b, f('sourceTaxItemId'), label('sourceTaxItemId'), res);
    if (s !== undefined) out.sourceTaxItemId = s;
  }
  if (opt.mode === 'create') {
    const required = ['name', 'jurisdiction', 'taxAmount', 'taxRate', 'taxRateType', ...(opt.taxDateRequired ? ['taxDate'] : []), ...(opt.itemField ? ['itemId'] : [])] as const;
    for (const k of required) {
      if (out[k as keyof TaxationItemFields] === undefined || out[k as keyof TaxationItemFields] === null) {
        const wire = k === 'itemId' ? opt.itemField! : k;
        throw missingField(`'${label(wire)}' is required`, res);
      }
    }
  }
  return out;
}
