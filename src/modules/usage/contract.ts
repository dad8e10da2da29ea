/**
 * What other modules (the billing engine) read from and write to usage records.
 * The usage service implements it (`usageLedger` below); consumers depend on this
 * file only. Dates are `YYYY-MM-DD`, quantities decimal strings.
 */
import type { Ctx } from '../../platform/context.js';
import type { CustomFields } from '../../platform/custom-fields.js';
import * as service from './service.js';

export type RbeStatus = 'Importing' | 'Pending' | 'Processed';

export interface UsageRecord {
  id: string;
  accountId: string;
  accountNumber: string;
  /** The subscription's original id (its first version's id), or null when the record names none. */
  subscriptionId: string | null;
  subscriptionNumber: string | null;
  /** The rate plan charge's original id, or null when the record names none. */
  chargeId: string | null;
  chargeNumber: string | null;
  uom: string;
  quantity: string;
  /** ISO instant. */
  startDateTime: string;
  /** The usage date: StartDateTime's date in the tenant's time zone. It places the record in a billing period. */
  startDate: string;
  endDateTime: string | null;
  description: string | null;
  uniqueKey: string | null;
  rbeStatus: RbeStatus;
  sourceType: 'API' | 'Import';
  importId: string | null;
  /** The invoice item that billed the record, once Processed. */
  invoiceItemId: string | null;
  customFields: CustomFields;
}

export interface UsageLedger {
  /**
   * The records that name this charge (its original id, or its charge number), whose usage
   * date is in [from, to) (`to` exclusive, as charge segments end), in every status, oldest first.
   * Records naming only an account or subscription are read with `usageForAccount`.
   */
  usageForCharge(ctx: Ctx, chargeId: string, from: string, to: string): Promise<UsageRecord[]>;
  /** Every record of an account whose usage date is in [from, to), oldest first. */
  usageForAccount(ctx: Ctx, accountId: string, from: string, to: string): Promise<UsageRecord[]>;
  /**
   * Marks records billed by an invoice item: they become Processed and can no longer change.
   * Run inside the billing transaction; refuses (a rule error, nothing changed) when a record
   * does not exist or is not Pending.
   */
  markProcessed(ctx: Ctx, ids: string[], invoiceItemId: string): Promise<void>;
  /**
   * The records billed by these invoice items go back to Pending (their invoice was canceled or
   * deleted), so the next bill run rates them again. Runs in the caller's transaction; answers how many.
   */
  releaseProcessed(ctx: Ctx, invoiceItemIds: string[]): Promise<number>;
}

export const usageLedger: UsageLedger = {
  usageForCharge: service.usageForCharge,
  usageForAccount: service.usageForAccount,
  markProcessed: service.markProcessed,
  releaseProcessed: service.releaseProcessed,
};
