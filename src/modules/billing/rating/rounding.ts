/**
 * Currency rounding for amounts (Zuora's "Rounding and precision" and "Customization of currencies" pages).
 *
 * - Prices are never rounded; only amounts (a price times a quantity, a discount, a total) are.
 * - An amount is rounded by its currency's rule: the ISO 4217 decimal places (see platform/money.ts:
 *   2 for USD and EUR, 0 for JPY, 3 for KWD...), a rounding mode and, optionally, a rounding increment.
 * - Zuora's currency settings name three modes: Down, Up and Half Up; Half Up is the default.
 *   Down and Up go toward and away from zero, so a negative amount (a discount) mirrors a positive one.
 * - A rounding increment (e.g. 0.05) rounds to a multiple of it, with the same mode.
 * - An invoice's total is the sum of its rounded items plus its taxes; tax lines are not rounded, their sum is.
 */
import { Decimal } from 'decimal.js';
import { currencyPlaces, D, type Money } from '../../../platform/money.js';

export const ROUNDING_MODES = ['HalfUp', 'Up', 'Down'] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];

/** A currency's rounding rule, as a tenant's currency settings define it. */
export interface CurrencyRounding {
  currency: string;
  /** Decimal places; the ISO 4217 minor units of the currency unless the tenant says otherwise. */
  places: number;
  mode: RoundingMode;
  /** A multiple to round to (e.g. 0.05), or null to round to `places` only. */
  increment: Money | null;
}

const DECIMAL_MODE: Record<RoundingMode, Decimal.Rounding> = {
  HalfUp: Decimal.ROUND_HALF_UP,
  Up: Decimal.ROUND_UP,
  Down: Decimal.ROUND_DOWN,
};

/** The accepted spellings of a mode: ours, the UI's ("Half Up") and Java's (HALF_UP). */
function modeOf(v: string): RoundingMode | undefined {
  const k = v.replace(/[\s_-]/g, '').toLowerCase();
  if (k === 'halfup') return 'HalfUp';
  if (k === 'up') return 'Up';
  if (k === 'down') return 'Down';
  return undefined;
}

export class RoundingRuleError extends Error {}

/**
 * The rounding rule of a currency: ISO places and Half Up unless the tenant's settings override them.
 * An unknown mode, a negative or fractional number of places, or a non-positive increment is refused.
 */
export function currencyRounding(
  currency: string,
  settings: { places?: number | null; mode?: string | null; increment?: Decimal.Value | null } = {},
): CurrencyRounding {
  const places = settings.places ?? currencyPlaces(currency);
  if (!Number.isInteger(places) || places < 0 || places > 9) throw new RoundingRuleError(`invalid decimal places ${String(places)} for ${currency}`);
  let mode: RoundingMode = 'HalfUp';
  if (settings.mode !== undefined && settings.mode !== null) {
    const m = modeOf(settings.mode);
    if (!m) throw new RoundingRuleError(`unknown rounding mode '${settings.mode}'; allowed: ${ROUNDING_MODES.join(', ')}`);
    mode = m;
  }
  let increment: Money | null = null;
  if (settings.increment !== undefined && settings.increment !== null) {
    let inc: Money;
    try {
      inc = new D(settings.increment);
    } catch {
      throw new RoundingRuleError(`invalid rounding increment '${String(settings.increment)}'`);
    }
    if (!inc.isFinite() || inc.lte(0)) throw new RoundingRuleError(`invalid rounding increment '${String(settings.increment)}'`);
    increment = inc;
  }
  return { currency: currency.toUpperCase(), places, mode, increment };
}

/** Rounds one amount by the rule. */
export function roundAmount(amount: Decimal.Value, rule: CurrencyRounding): Money {
  const v = new D(amount);
  const mode = DECIMAL_MODE[rule.mode];
  if (rule.increment) {
    const steps = v.div(rule.increment).toDecimalPlaces(0, mode);
    return steps.mul(rule.increment).toDecimalPlaces(rule.places, mode);
  }
  return v.toDecimalPlaces(rule.places, mode);
}

/** Shorthand: rounds by a currency's default rule (ISO places, Half Up). */
export function roundForCurrency(amount: Decimal.Value, currency: string): Money {
  return roundAmount(amount, currencyRounding(currency));
}

/**
 * An invoice's figures: each item rounded on its own, taxes summed then rounded, the total their sum.
 * By default a currency's rounding increment applies to every item. With invoice-level rounding (Zuora's
 * "Invoice-level rounding" feature) items round to the currency's places only and the increment applies
 * once, to the total; the difference is a rounding item of its own.
 */
export function invoiceTotals(
  itemAmounts: readonly Decimal.Value[],
  taxAmounts: readonly Decimal.Value[],
  rule: CurrencyRounding,
  opts: { invoiceLevelRounding?: boolean } = {},
): { items: Money[]; amountWithoutTax: Money; taxAmount: Money; roundingItem: Money | null; amount: Money } {
  const itemRule = opts.invoiceLevelRounding ? { ...rule, increment: null } : rule;
  const items = itemAmounts.map((a) => roundAmount(a, itemRule));
  const taxAmount = roundAmount(
    taxAmounts.reduce<Money>((s, a) => s.add(new D(a)), new D(0)),
    itemRule,
  );
  let amountWithoutTax = items.reduce((s, a) => s.add(a), new D(0));
  let roundingItem: Money | null = null;
  if (opts.invoiceLevelRounding && rule.increment) {
    const total = amountWithoutTax.add(taxAmount);
    const diff = roundAmount(total, rule).sub(total);
    if (!diff.isZero()) {
      roundingItem = diff;
      amountWithoutTax = amountWithoutTax.add(diff);
    }
  }
  return { items, amountWithoutTax, taxAmount, roundingItem, amount: amountWithoutTax.add(taxAmount) };
}
