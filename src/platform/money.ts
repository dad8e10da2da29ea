import { Decimal } from 'decimal.js';

/**
 * Money is a Decimal everywhere in the code and a string in the database.
 * JSON responses carry numbers, as Zuora's do; `toJsonNumber` converts at the edge.
 */
export const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Money = InstanceType<typeof D>;

export function money(v: Decimal.Value | null | undefined): Money {
  return new D(v ?? 0);
}

/** Rounds to a currency's decimal places (HALF_UP unless told otherwise). */
export function roundTo(v: Money, places: number, mode: Decimal.Rounding = Decimal.ROUND_HALF_UP): Money {
  return v.toDecimalPlaces(places, mode);
}

/** The string we store in the database: no exponent, no trailing noise. */
export function toDbAmount(v: Decimal.Value): string {
  return new D(v).toFixed();
}

/** A JSON number for responses. Amounts stay exact up to 15 significant digits. */
export function toJsonNumber(v: Decimal.Value | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  return new D(v).toNumber();
}

/** Decimal places per ISO currency; 2 unless listed. */
const CURRENCY_PLACES: Record<string, number> = { JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, BHD: 3, KWD: 3, OMR: 3, JOD: 3, TND: 3 };
export function currencyPlaces(currency: string): number {
  return CURRENCY_PLACES[currency.toUpperCase()] ?? 2;
}

const symbols = new Map<string, string>();
/** The currency's sign as en-US writes it ($, €, ¥); a code or a lettered sign (BHD, CHF) with a space after it. */
function currencySymbol(code: string): string {
  let s = symbols.get(code);
  if (s === undefined) {
    try {
      s = new Intl.NumberFormat('en-US', { style: 'currency', currency: code }).formatToParts(0).find((p) => p.type === 'currency')?.value ?? code;
      if (/^[A-Za-z]+$/.test(s)) s = `${s} `;
    } catch {
      s = `${code} `;
    }
    symbols.set(code, s);
  }
  return s;
}

/**
 * An amount in the currency's format, for documents people read (PDFs, rate details): its symbol, thousands
 * grouped, the currency's decimal places, HALF_UP (USD 1234.5 → $1,234.50; JPY 1200 → ¥1,200; a negative
 * amount leads with a minus). Exact: the decimal is formatted, never a float.
 */
export function formatMoney(value: Decimal.Value, currency: string): string {
  const d = money(value);
  const fixed = d.abs().toFixed(currencyPlaces(currency));
  const [int, frac] = fixed.split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${d.isNegative() && !d.isZero() ? '-' : ''}${currencySymbol(currency)}${grouped}${frac ? `.${frac}` : ''}`;
}
