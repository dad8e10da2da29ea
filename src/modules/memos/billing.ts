/**
 * The credit memos billing makes: a bill run's (or an order's runBilling) net negative result (the
 * tenant's invoice/credit memo generation rule, see invoices/service.ts), with items naming what
 * they credit, posted and canceled with their bill run. Registered in the invoices contract when
 * the memos module joins (invoiceWriter stays billing's one door).
 */
import type { Ctx } from '../../platform/context.js';
import { newId } from '../../platform/ids.js';
import { D, toDbAmount } from '../../platform/money.js';
import type { BillingCreditMemos } from '../invoices/contract.js';
import { isoNow, itemRow, linkDiscounts } from '../invoices/service.js';
import { nextDocumentNumber } from '../sequence-sets/service.js';
import { usageLedger } from '../usage/contract.js';
import { cancelMemo, postMemo, releaseUsage } from './service.js';
import * as store from './store.js';

export const billingCreditMemos: BillingCreditMemos = {
  /** Each item keeps what it credits as a positive amount. */
  async create(ctx, account, input, total) {
    const id = newId();
    const now = isoNow(ctx);
    const number = await nextDocumentNumber(ctx, 'creditMemo', account.sequenceSetId);
    const rows = input.items.map((p, i) => itemRow(ctx, id, account.id, i, p, new D(p.amount).negated(), now));
    linkDiscounts(rows);
    const amount = toDbAmount(total.negated());
    await store.insertMemo(ctx, 'creditMemo', {
      id,
      tenant_id: ctx.tenant.id,
      memo_number: number,
      account_id: account.id,
      account_number: account.accountNumber,
      status: 'Draft',
      memo_date: input.invoiceDate,
      target_date: input.targetDate,
      currency: account.currency,
      amount,
      tax_amount: '0',
      unapplied_amount: amount,
      applied_amount: '0',
      refund_amount: '0',
      bill_run_id: input.billRunId,
      source: input.source,
      source_id: input.sourceId,
      source_type: 'Subscription',
      sequence_set_id: account.sequenceSetId,
      reason_code: input.creditMemoReasonCode ?? null,
      bill_to_contact_id: account.billToContactId,
      sold_to_contact_id: account.soldToContactId,
      posted_on: null,
      cancelled_on: null,
      created_at: now,
      updated_at: now,
      referred_invoice_id: null,
      comment: null,
      custom_fields: '{}',
      auto_apply_upon_posting: 0,
      exclude_from_auto_apply_rules: 0,
      transferred_to_accounting: 'No',
      reversed: 0,
      // billing made it: it counts in the billing ledger (store.billedCreditItemsOfAccount)
      origin: null,
      effective_date: input.invoiceDate,
      unposted_on: null,
    });
    await store.insertItems(
      ctx,
      'creditMemo',
      rows.map((r) => ({ ...r, applied_amount: '0', refund_amount: '0', comment: null, sku_name: null, source_item_type: null, source_item_id: null, custom_fields: '{}' })),
    );
    // usage rated into the memo is billed: Processed, as on an invoice, so no later run rates it again
    for (const [i, p] of input.items.entries()) if (p.usageRecordIds.length) await usageLedger.markProcessed(ctx, p.usageRecordIds, rows[i]!.id);
    if (input.post) await postMemo(ctx, 'creditMemo', id);
    return { kind: 'creditMemo', id, number, amount };
  },
  async ofBillRun(ctx, billRunId) {
    return (await store.memosOfBillRun(ctx, billRunId)).map((r) => ({ id: r.id, number: r.memo_number, status: r.status, accountId: r.account_id }));
  },
  async post(ctx, id) {
    await postMemo(ctx, 'creditMemo', id);
  },
  /** A canceled one stays canceled (a bill run's cancel may meet it again). */
  async cancel(ctx, id) {
    const m = await store.findMemo(ctx, 'creditMemo', id);
    if (m?.status === 'Canceled') return;
    await cancelMemo(ctx, 'creditMemo', id);
  },
  /** The bill run's delete: its Draft or Canceled memo goes with its items. */
  async remove(ctx, id) {
    await releaseUsage(ctx, id);
    await store.deleteMemo(ctx, 'creditMemo', id);
  },
  creditedItems: (ctx, accountId) => store.billedCreditItemsOfAccount(ctx, accountId),
};

