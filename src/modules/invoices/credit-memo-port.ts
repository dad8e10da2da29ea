/**
 * Credit memos belong to the memos module, which sits above invoices. A bill run's net negative
 * result is still made through invoiceWriter (billing's one door), so the memos module registers
 * here, when it joins the app, what invoices need of credit memos: making one for a result, a bill
 * run's memos, their status changes and the items the billing ledger counts. Re-exported by contract.ts.
 */
import type { Ctx } from '../../platform/context.js';
import type { AccountRecord } from '../accounts/service.js';
import type { Money } from '../../platform/money.js';
import type { MadeDocument, MakeDocumentsInput } from './service.js';

/** A credit memo item as the billing ledger reads it (the item shape of invoices). */
export interface CreditedItem {
  id: string;
  original_charge_id: string | null;
  service_start_date: string;
  service_end_date: string;
  /** positive: what it credits */
  amount: string;
  quantity: string | null;
  processing_type: string;
  credits_item_id: string | null;
  applied_to_charge_number: string | null;
  unit_price: string | null;
}

export interface BillingCreditMemos {
  /** The credit memo for a net negative result (`total` < 0), in the caller's transaction. */
  create(ctx: Ctx, account: AccountRecord, input: MakeDocumentsInput, total: Money): Promise<MadeDocument>;
  ofBillRun(ctx: Ctx, billRunId: string): Promise<Array<{ id: string; number: string; status: string; accountId: string }>>;
  post(ctx: Ctx, id: string): Promise<void>;
  cancel(ctx: Ctx, id: string): Promise<void>;
  remove(ctx: Ctx, id: string): Promise<void>;
  /** Items of the account's Draft and Posted credit memos that billing made. */
  creditedItems(ctx: Ctx, accountId: string): Promise<CreditedItem[]>;
}

let port: BillingCreditMemos | undefined;

export function registerBillingCreditMemos(p: BillingCreditMemos): void {
  port = p;
}

export function billingCreditMemos(): BillingCreditMemos {
  if (!port) throw new Error('zbill: the memos module has not joined the app (credit memos of bill runs)');
  return port;
}
