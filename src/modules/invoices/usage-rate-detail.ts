/**
 * GET /v1/invoices/invoice-item/{invoice-item-id}/usage-rate-detail: how a usage item's amount comes from
 * its charge's list price. The item names the subscription version and the charge (in that version) it was
 * rated from; versions never change, so the charge's segment covering the item's service period holds the
 * pricing billing used. The text itself is billing's (`usageRateDetail`).
 *
 * Refused, as the page says: a Canceled invoice (a reversal is a credit memo here, which the invoice does
 * not record, so a reversed invoice still answers), a rating group other than by billing period,
 * charge models the detail does not explain (billing's RATE_DETAIL_MODELS). An unknown item is not found
 * (category 40); an item that is not a billed usage charge is an invalid value (20).
 */
import type { Ctx } from '../../platform/context.js';
import { invalidValue, notFound, ruleViolation } from '../../platform/errors.js';
import { toJsonNumber } from '../../platform/money.js';
import { usageRateDetail } from '../billing/contract.js';
import { billingSegments } from '../subscriptions/contract.js';
import { subscriptionReader } from '../subscriptions/service.js';
import * as store from './store.js';

const usDate = (d: string) => `${d.slice(5, 7)}/${d.slice(8, 10)}/${d.slice(0, 4)}`;

export async function getUsageRateDetail(ctx: Ctx, itemId: string) {
  const item = await store.findInvoiceItem(ctx, itemId);
  if (!item) throw notFound(`The invoice item ${itemId} does not exist.`);
  const inv = (await store.findInvoice(ctx, item.document_id))!;
  if (inv.status === 'Canceled') throw ruleViolation(`The invoice ${inv.invoice_number} is Canceled: the usage rate detail is not supported for a Canceled invoice.`);
  if (item.charge_type !== 'Usage' || item.processing_type !== 'Charge' || !item.subscription_id || !item.charge_id)
    throw invalidValue(`The invoice item ${itemId} is not a usage charge item: the usage rate detail is only for usage charges.`);
  const sub = await subscriptionReader.getSubscription(ctx, item.subscription_id);
  const start = item.service_start_date;
  const row = sub
    ? billingSegments(sub).find((r) => r.chargeId === item.charge_id && r.segmentStartDate <= start && (r.segmentEndDate === null || start < r.segmentEndDate))
    : undefined;
  if (!row) throw ruleViolation(`The charge ${item.charge_number} the invoice item ${itemId} was rated from no longer exists.`);
  const group = (row.ratingGroup ?? 'ByBillingPeriod').replace(/[\s_-]/g, '').toLowerCase();
  if (group !== 'bybillingperiod')
    throw ruleViolation(`The usage rate detail supports only usage rating by billing period; the charge ${item.charge_number} rates by '${row.ratingGroup}'.`);
  const quantity = item.quantity ?? '0';
  const uom = item.uom ?? row.uom ?? '';
  const text = usageRateDetail({
    itemId,
    chargeModel: item.charge_model ?? row.chargeModel,
    currency: inv.currency,
    price: row.price,
    tiers: row.tiers,
    quantity,
    uom,
    amount: item.amount,
  });
  return {
    data: {
      amountWithoutTax: toJsonNumber(item.amount),
      chargeNumber: item.charge_number,
      invoiceId: inv.id,
      invoiceItemId: item.id,
      invoiceNumber: inv.invoice_number,
      listPrice: text.listPrice,
      quantity: toJsonNumber(quantity),
      rateDetail: text.rateDetail,
      servicePeriod: `${usDate(item.service_start_date)}-${usDate(item.service_end_date)}`,
      uom,
    },
    success: true,
  };
}
