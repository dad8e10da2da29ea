/**
 * The usage rate detail of a billed usage item (GET /v1/invoices/invoice-item/{id}/usage-rate-detail): how
 * its amount comes from the charge's list price, as the invoice template's UsageSummary.ListPrice and
 * UsageSummary.RateDetail show it. Pure: the charge's pricing and the item's quantity in, two strings out.
 *
 * Formats (the operation's page): the list price of a tiered or volume charge is a table, one line per
 * tier, "Tier / From / To / List Price / Price Format" (an open last tier has an empty To); the rate detail
 * is one line per tier the quantity reached ("Tier 2: 10-20, 11 Each(s) x $1.00/Each = $11.00", a flat fee
 * tier "Tier 3: 21-30, $2.00 Flat Fee", an open last tier ">=31"), then "Total = $58.00". A per unit or
 * flat fee charge has one line of the same shape without the tier. Prices show at least the currency's
 * decimal places (more when the price has more), amounts the currency's places.
 *
 * Supported: Per Unit, Flat Fee, Tiered and Volume pricing. Overage, Tiered with Overage and multi-attribute
 * pricing are refused as the page says; the other usage models (pre-rated, high water mark, delivery) are
 * refused too, since their amount does not come from the item's quantity alone.
 */
import { ruleViolation } from '../../platform/errors.js';
import { currencyPlaces, D, formatMoney, type Money } from '../../platform/money.js';
import { chargeModelOf, type PricingTier, rateFlatFee, ratePerUnit, tierTable, volumeTier } from './rating/models/index.js';
import { fillTiers } from './rating/models/tiered.js';
import { roundForCurrency } from './rating/rounding.js';

export interface UsageRateDetailInput {
  /** The invoice item, for messages. */
  itemId: string;
  chargeModel: string;
  currency: string;
  /** A per unit or flat fee charge's price. */
  price: string | null;
  tiers: ReadonlyArray<{ tier: number; startingUnit: string; endingUnit: string | null; price: string; priceFormat: string }>;
  /** The item's quantity (the usage total of its period). */
  quantity: string;
  uom: string;
  /** The item's amount as billed. */
  amount: string;
}

export interface UsageRateDetail {
  listPrice: string;
  rateDetail: string;
}

export const RATE_DETAIL_MODELS = ['Per Unit Pricing', 'Flat Fee Pricing', 'Tiered Pricing', 'Volume Pricing'] as const;

/** A price: at least the currency's places, more when the price has them. */
function priceText(p: Money, currency: string): string {
  return p.toFixed(Math.max(currencyPlaces(currency), p.decimalPlaces()));
}

const FORMAT_LABEL = { PerUnit: 'Per Unit', FlatFee: 'Flat Fee' } as const;

function pricingTiers(input: UsageRateDetailInput): PricingTier[] {
  return input.tiers.map((t) => ({ tier: t.tier, startingUnit: t.startingUnit, endingUnit: t.endingUnit, price: t.price, priceFormat: t.priceFormat === 'FlatFee' || t.priceFormat === 'Flat Fee' ? 'FlatFee' : 'PerUnit' }));
}

/** The usage rate detail of one billed usage item; a rule error (category 30) for a model it does not explain. */
export function usageRateDetail(input: UsageRateDetailInput): UsageRateDetail {
  let model: string;
  try {
    model = chargeModelOf(input.chargeModel);
  } catch {
    model = input.chargeModel;
  }
  if (!(RATE_DETAIL_MODELS as readonly string[]).includes(model))
    throw ruleViolation(`The usage rate detail does not support the charge model '${model}' of the invoice item ${input.itemId}.`);
  const cur = input.currency;
  const q = new D(input.quantity);
  const total = `Total = ${formatMoney(new D(input.amount), cur)}`;
  const units = (n: Money) => `${n.toFixed()} ${input.uom}(s)`;
  const perUnitLine = (n: Money, price: Money) => `${units(n)} x ${formatMoney(price, cur)}/${input.uom} = ${formatMoney(roundForCurrency(price.mul(n), cur), cur)}`;

  if (model === 'Per Unit Pricing') {
    ratePerUnit({ currency: cur, price: input.price }, { quantity: q }); // checks the price
    const price = new D(input.price!);
    return { listPrice: priceText(price, cur), rateDetail: `${perUnitLine(q, price)}\n${total}` };
  }
  if (model === 'Flat Fee Pricing') {
    const price = rateFlatFee({ currency: cur, price: input.price }, { quantity: q }).amount;
    return { listPrice: priceText(price, cur), rateDetail: `${formatMoney(price, cur)} Flat Fee\n${total}` };
  }

  const table = tierTable(pricingTiers(input));
  const listPrice =
    'Tier / From / To / List Price / Price Format\n' +
    table.map((t) => `${t.tier} / ${t.startingUnit.toFixed()} / ${t.endingUnit === null ? '' : `${t.endingUnit.toFixed()} `}/ ${priceText(t.price, cur)} / ${FORMAT_LABEL[t.priceFormat]}\n`).join('');
  const lines =
    model === 'Tiered Pricing'
      ? fillTiers(table, q, new D(1)).lines
      : (() => {
          const t = volumeTier(table, q);
          return t ? [{ ...t, units: q }] : [];
        })();
  const detail = lines.map((l) => {
    const range = l.endingUnit === null ? `>=${l.startingUnit.toFixed()}` : `${l.startingUnit.toFixed()}-${l.endingUnit.toFixed()}`;
    const what = l.priceFormat === 'FlatFee' ? `${formatMoney(l.price, cur)} Flat Fee` : perUnitLine(l.units, l.price);
    return `Tier ${l.tier}: ${range}, ${what}`;
  });
  return { listPrice, rateDetail: [...detail, total].join('\n') };
}
