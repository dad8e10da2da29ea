/**
 * Payment terms: what decides an invoice's due date. Pure functions, no database.
 *
 * Zuora has two kinds (its "Define payment terms" page):
 *   Net   the due date is the invoice date plus a fixed number of days; "Due Upon Receipt" is 0 days and is
 *         the default term;
 *   Prox  an invoice dated on or before the invoice cutoff day is due `numberOfMonths` months later on the
 *         payment due day; one dated after the cutoff a month later still. A day past the end of a month
 *         (a cutoff or due day of 31 in a shorter month, or 'EndOfMonth') is that month's last day.
 */
import { createHash } from 'node:crypto';
import { Temporal } from '../../platform/dates.js';
import { invalidValue, missingField, unknownField } from '../../platform/errors.js';

export type PaymentTermType = 'Net' | 'Prox';
/** A day of the month 1-31, or 'EndOfMonth'. */
export type MonthDay = number | 'EndOfMonth';

export interface PaymentTerm {
  id: string;
  name: string;
  description: string | null;
  type: PaymentTermType;
  /** Net: days from the invoice date to the due date. Null for Prox. */
  dueDays: number | null;
  /** Prox: the last invoice day of a month counted in that month. Null for Net. */
  invoiceCutoffDay: MonthDay | null;
  /** Prox: months from the invoice month to the due month. */
  numberOfMonths: number | null;
  /** Prox: the day of the due month. */
  paymentDueDay: MonthDay | null;
  active: boolean;
}

/** A fixed id per built-in term name, the same in every tenant. */
export function builtInTermId(name: string): string {
  return createHash('sha256').update(`zbill-payment-term:${name}`).digest('hex').slice(0, 32);
}

function net(name: string, days: number, description: string): PaymentTerm {
  return { id: builtInTermId(name), name, description, type: 'Net', dueDays: days, invoiceCutoffDay: null, numberOfMonths: null, paymentDueDay: null, active: true };
}

/**
 * The terms every tenant starts with, all active: Zuora's default Due Upon Receipt and the Net terms zbill
 * accounts have always accepted (Net 30, Net 60, Net 90). Others (Net 15, Net 45, Prox terms) are created.
 */
export const BUILT_IN_PAYMENT_TERMS: readonly PaymentTerm[] = Object.freeze([
  net('Due Upon Receipt', 0, 'Payment is due on the invoice date'),
  net('Net 30', 30, 'Payment is due 30 days after the invoice date'),
  net('Net 60', 60, 'Payment is due 60 days after the invoice date'),
  net('Net 90', 90, 'Payment is due 90 days after the invoice date'),
]);

export const DEFAULT_PAYMENT_TERM_NAME = 'Due Upon Receipt';

function dayIn(month: Temporal.PlainYearMonth, day: MonthDay): Temporal.PlainDate {
  const last = month.daysInMonth;
  return month.toPlainDate({ day: day === 'EndOfMonth' ? last : Math.min(day, last) });
}

/** The due date of an invoice dated `invoiceDate` under `term`. */
export function dueDate(invoiceDate: Temporal.PlainDate, term: Pick<PaymentTerm, 'type' | 'dueDays' | 'invoiceCutoffDay' | 'numberOfMonths' | 'paymentDueDay'>): Temporal.PlainDate {
  if (term.type === 'Net') return invoiceDate.add({ days: term.dueDays ?? 0 });
  const month = invoiceDate.toPlainYearMonth();
  const cutoff = dayIn(month, term.invoiceCutoffDay ?? 'EndOfMonth');
  const months = (term.numberOfMonths ?? 0) + (Temporal.PlainDate.compare(invoiceDate, cutoff) > 0 ? 1 : 0);
  return dayIn(month.add({ months }), term.paymentDueDay ?? 'EndOfMonth');
}

export const MAX_DUE_DAYS = 1000;
export const MAX_MONTHS = 12;
const FIELDS = ['name', 'description', 'type', 'dueDays', 'invoiceCutoffDay', 'numberOfMonths', 'paymentDueDay', 'active'];

function monthDay(field: string, v: unknown): MonthDay {
  if (v === 'EndOfMonth') return v;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 31) return v;
  throw invalidValue(`'${field}' must be a day of the month from 1 to 31 or 'EndOfMonth'`);
}

function intIn(field: string, v: unknown, min: number, max: number): number {
  if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
  throw invalidValue(`'${field}' must be an integer from ${min} to ${max}`);
}

/**
 * A create (no `existing`) or update body applied to a term: returns the term it would become, without its id.
 * Type-specific fields of the other type are refused; switching type needs the new type's fields.
 */
export function applyTermBody(body: unknown, existing?: PaymentTerm): Omit<PaymentTerm, 'id'> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalidValue('The payment term body must be a JSON object');
  const b = body as Record<string, unknown>;
  for (const k of Object.keys(b)) if (!FIELDS.includes(k)) throw unknownField(`'${k}' is not a payment term field`);
  const has = (k: string) => b[k] !== undefined;

  let name = existing?.name;
  if (has('name')) {
    if (typeof b.name !== 'string' || b.name.trim() === '') throw invalidValue(`'name' must be a non-empty string`);
    if (b.name.length > 100) throw invalidValue(`'name' can be at most 100 characters`);
    name = b.name.trim();
  }
  if (!name) throw missingField(`'name' is required`);

  let description = existing?.description ?? null;
  if (has('description')) {
    if (b.description !== null && typeof b.description !== 'string') throw invalidValue(`'description' must be a string`);
    const d = b.description as string | null;
    if (d !== null && d.length > 255) throw invalidValue(`'description' can be at most 255 characters`);
    description = d === null || d === '' ? null : d;
  }

  let type = existing?.type;
  if (has('type')) {
    if (b.type !== 'Net' && b.type !== 'Prox') throw invalidValue(`'type' must be one of: Net, Prox`);
    type = b.type;
  }
  if (!type) throw missingField(`'type' is required (Net or Prox)`);

  let active = existing?.active ?? false;
  if (has('active')) {
    if (typeof b.active !== 'boolean') throw invalidValue(`'active' must be true or false`);
    active = b.active;
  }

  const sameType = existing?.type === type;
  if (type === 'Net') {
    for (const k of ['invoiceCutoffDay', 'numberOfMonths', 'paymentDueDay']) if (has(k)) throw invalidValue(`'${k}' applies only to a Prox payment term`);
    const dueDays = has('dueDays') ? intIn('dueDays', b.dueDays, 0, MAX_DUE_DAYS) : sameType ? existing!.dueDays : null;
    if (dueDays === null) throw missingField(`'dueDays' is required for a Net payment term`);
    return { name, description, type, dueDays, invoiceCutoffDay: null, numberOfMonths: null, paymentDueDay: null, active };
  }
  if (has('dueDays')) throw invalidValue(`'dueDays' applies only to a Net payment term`);
  const pick = <T>(k: string, parse: (v: unknown) => T, prev: T | null | undefined): T => {
    if (has(k)) return parse(b[k]);
    if (sameType && prev !== null && prev !== undefined) return prev;
    throw missingField(`'${k}' is required for a Prox payment term`);
  };
  return {
    name,
    description,
    type,
    dueDays: null,
    invoiceCutoffDay: pick('invoiceCutoffDay', (v) => monthDay('invoiceCutoffDay', v), existing?.invoiceCutoffDay),
    numberOfMonths: pick('numberOfMonths', (v) => intIn('numberOfMonths', v, 0, MAX_MONTHS), existing?.numberOfMonths),
    paymentDueDay: pick('paymentDueDay', (v) => monthDay('paymentDueDay', v), existing?.paymentDueDay),
    active,
  };
}
