/**
 * What other modules use of billing, and the ports billing reads through.
 *
 * The billing engine (engine.ts, this module) proposes, for one account and a
 * target date, every invoice item due from each charge's start through that
 * date and subtracts what is already billed (Kill Bill's way): the result is
 * exactly what a bill run must bill now. The invoices module keeps invoices and
 * tells the engine what is billed through the `BilledLedger` port it registers.
 *
 * Dates are `YYYY-MM-DD`; service periods are inclusive as Zuora prints them.
 * Amounts and prices are decimal strings: prices never rounded, amounts rounded
 * by the currency's rule.
 */
import type { Ctx } from '../../platform/context.js';

export type BillingChargeType = 'OneTime' | 'Recurring' | 'Usage';

/** One item the engine says a bill run must bill now (a credit when `amount` is negative). */
export interface ProposedItem {
  subscriptionId: string;
  subscriptionNumber: string;
  ratePlanId: string;
  ratePlanName: string;
  productId: string;
  productName: string;
  productRatePlanId: string;
  productRatePlanChargeId: string;
  /** The subscription charge's id in the version the item was rated from. */
  chargeId: string;
  /** Stable across subscription versions: what billed items are matched by. */
  originalChargeId: string;
  chargeNumber: string;
  chargeName: string;
  chargeType: BillingChargeType;
  chargeModel: string;
  /** 'Charge' for what is charged, 'Discount' for a discount charge's item. */
  processingType: 'Charge' | 'Discount';
  serviceStartDate: string;
  serviceEndDate: string;
  quantity: string | null;
  unitPrice: string | null;
  uom: string | null;
  /** Rounded by the currency's rule. */
  amount: string;
  /** For a discount item: the charge number it discounts. */
  appliedToChargeNumber: string | null;
  /** For a credit of something billed before: the invoice item it gives back (part of). */
  creditsItemId: string | null;
  /** Usage records rated into this item (they become Processed when it is billed). */
  usageRecordIds: string[];
}

/** One item already billed (on an invoice, or a credit memo when negative), as the ledger reports it. */
export interface BilledItem {
  itemId: string;
  originalChargeId: string;
  serviceStartDate: string;
  serviceEndDate: string;
  /** Signed: a credit is negative. */
  amount: string;
  quantity: string | null;
  processingType: 'Charge' | 'Discount';
  /** A credit: the billed item it gives back (part of), as ProposedItem.creditsItemId said. Needed to net credits against what they credit. */
  creditsItemId?: string | null;
  /** A discount item: the charge number it discounts (ProposedItem.appliedToChargeNumber). */
  appliedToChargeNumber?: string | null;
  unitPrice?: string | null;
}

/** What is billed for an account (posted and draft documents; canceled ones are not billed). */
export interface BilledLedger {
  billedItems(ctx: Ctx, accountId: string): Promise<BilledItem[]>;
}

export interface ProposeOptions {
  accountId: string;
  targetDate: string;
  /** Charge types a bill run excludes (`chargeTypeToExclude`). */
  excludeChargeTypes?: BillingChargeType[];
  /** Only these subscriptions (numbers); all of the account's otherwise. */
  subscriptionNumbers?: string[];
  /** Also the charges an invoice schedule holds (registerScheduledChargeFilter): only the invoice-schedules module asks this, to price its own charges. */
  includeScheduledCharges?: boolean;
}

export interface BillingEngine {
  /** What a bill run for the account through the target date must bill now. Throws a ZuoraError when a charge cannot be rated. */
  proposeItems(ctx: Ctx, o: ProposeOptions): Promise<ProposedItem[]>;
}

/** Nothing billed: the ledger until the invoices module registers its own. */
export const emptyBilledLedger: BilledLedger = {
  billedItems: async () => [],
};

let ledger: BilledLedger = emptyBilledLedger;

/**
 * The invoices module registers what is billed when it joins the app (ZModule
 * `join()`). Registering the same ledger again is a no-op, so many apps in one
 * process are fine; the ledger must read everything through its `ctx` argument
 * (it holds no per-tenant state).
 */
export function setBilledLedger(l: BilledLedger): void {
  ledger = l;
}

/** The registered ledger (empty until the invoices module joins). */
export function billedLedger(): BilledLedger {
  return ledger;
}

/** A file another module keeps, served by GET /v1/files/{file-id} (the Files tag: AQuA results, previews). */
export interface ServedFile {
  name: string;
  /** With its charset, as Zuora sends it (`text/csv;charset=UTF-8`). */
  contentType: string;
  /** The content, streamed. */
  body: NodeJS.ReadableStream;
}

/**
 * Where GET /v1/files/{file-id} looks besides billing's own files: each source answers the file of that
 * id in the caller's tenant, or undefined. The queries module adds its AQuA results when it joins.
 */
export const fileSources: Array<(ctx: Ctx, fileId: string) => Promise<ServedFile | undefined>> = [];

/** A bill run by id or number (BR-…) with the documents it made (invoices first, by number), or null: for the documents module's bill run emails. */
export async function billRunDocuments(ctx: Ctx, key: string): Promise<{ id: string; number: string; status: string; noEmailForZeroAmountInvoice: boolean; documents: import('../invoices/contract.js').DocumentRef[] } | null> {
  const { find } = await import('./bill-run-store.js');
  const r = await find(ctx, key);
  if (!r) return null;
  const { invoiceWriter } = await import('../invoices/contract.js');
  return { id: r.id, number: r.bill_run_number, status: r.status, noEmailForZeroAmountInvoice: r.no_email_for_zero_amount_invoice === 1, documents: await invoiceWriter.documentsOfBillRun(ctx, r.id) };
}

// ---------------------------------------------------------------- charges billed by invoice schedules

/**
 * The charges of an account that invoice schedules bill (their items bill them on their run dates), as original
 * charge id → the last service day held (YYYY-MM-DD): the engine leaves out their periods starting on or before
 * it (what is due and what is billed), so bill runs, order billing and previews never bill them again, while
 * later periods (a renewed term) bill as usual. The invoice-schedules module registers its filter when it joins
 * (ZModule `join()`).
 */
export type ScheduledChargeFilter = (ctx: Ctx, accountId: string) => Promise<Map<string, string>>;
const scheduledChargeFilters: ScheduledChargeFilter[] = [];

export function registerScheduledChargeFilter(f: ScheduledChargeFilter): void {
  if (!scheduledChargeFilters.includes(f)) scheduledChargeFilters.push(f);
}

/** Every registered filter's charges for the account (empty when none is registered). */
export async function scheduledCharges(ctx: Ctx, accountId: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const f of scheduledChargeFilters) for (const [id, through] of await f(ctx, accountId)) if (through > (out.get(id) ?? '')) out.set(id, through);
  return out;
}

/** What a bill run for one account asks the invoice schedules to bill with it (each item its own document, made with the run's id). */
export interface ScheduledItemsRun {
  accountId: string;
  targetDate: string;
  invoiceDate: string;
  billRunId: string;
  billRunNumber: string;
  post: boolean;
  /** A bill run by subscription: only schedules holding charges of these subscriptions. */
  subscriptionNumbers?: string[];
}
export type ScheduledItemsBiller = (ctx: Ctx, run: ScheduledItemsRun) => Promise<{ invoices: number; creditMemos: number }>;
let scheduledItemsBiller: ScheduledItemsBiller | null = null;

/**
 * A bill run bills, for each account, the invoice schedule items whose run date is on or before its target date,
 * paused schedules included (the Execute and Pause pages: "Create a bill run with the target date greater than the
 * next run date of the invoice schedule" bills a paused schedule). The invoice-schedules module registers the
 * biller when it joins; without it nothing is billed.
 */
export function registerScheduledItemsBiller(f: ScheduledItemsBiller): void {
  scheduledItemsBiller = f;
}

export async function billScheduledItems(ctx: Ctx, run: ScheduledItemsRun): Promise<{ invoices: number; creditMemos: number }> {
  return scheduledItemsBiller ? scheduledItemsBiller(ctx, run) : { invoices: 0, creditMemos: 0 };
}

/** The engine itself, and the bill run an invoice schedule item's execution makes (schedule-bill-runs.ts). */
export { billingEngine } from './engine.js';
export { openInvoiceScheduleBillRun, closeInvoiceScheduleBillRun } from './schedule-bill-runs.js';

/** The usage rate detail of a billed usage item: its list price and how its amount comes from it (rate-detail.ts). */
export { RATE_DETAIL_MODELS, usageRateDetail, type UsageRateDetail, type UsageRateDetailInput } from './rate-detail.js';
