/**
 * POST /v1/operations/invoice-collect ("Invoice and collect") for an existing invoice: the full
 * balance of a posted invoice is collected with the account's default payment method through the
 * test gateway, as one electronic payment applied to it. The operation is atomic: a decline or a
 * gateway error rolls everything back and answers the gateway's response code. Generating invoices
 * first (no invoiceId) needs a billing entry point zbill does not have yet: it answers 501.
 */
import type { Ctx } from '../../platform/context.js';
import { invalidValue, missingField, notFound, notImplemented, ruleViolation } from '../../platform/errors.js';
import { D, toJsonNumber } from '../../platform/money.js';
import { getAccountByKey } from '../accounts/service.js';
import { TEST_GATEWAY_NAME, testGatewayId } from '../payment-methods/contract.js';
import { applyCreditMemo } from '../memos/apply.js';
import { getMemo, getMemoItems, listMemos } from '../memos/service.js';
import { bool, obj, onlyKeys, str, type Body } from './input.js';
import { applyPayment, createPayment, RES_PAYMENT } from './service.js';
import * as store from './store.js';
import { unappliedOf } from './views.js';
import { lockDocument } from './settlement.js';

export async function invoiceCollect(ctx: Ctx, b: Body): Promise<Record<string, unknown>> {
  onlyKeys(b, ['accountKey', 'documentDate', 'invoiceId', 'paymentGateway', 'targetDate'], '', 'an invoice-collect request', RES_PAYMENT);
  const key = str(b, 'accountKey', 'accountKey', 70, RES_PAYMENT);
  if (!key) throw missingField(`'accountKey' is required`, RES_PAYMENT);
  const account = await getAccountByKey(ctx, key);
  if (!account) throw notFound(`The account ${key} does not exist`, RES_PAYMENT);
  const invoiceId = str(b, 'invoiceId', 'invoiceId', 60, RES_PAYMENT);
  if (!invoiceId) throw notImplemented(`generating invoices in POST /v1/operations/invoice-collect (name an existing posted invoice with 'invoiceId')`);
  for (const k of ['documentDate', 'targetDate']) if (b[k] !== undefined && b[k] !== null) throw invalidValue(`'${k}' dates the invoices the operation generates: it does not apply when 'invoiceId' names an existing invoice`, RES_PAYMENT);
  const gw = str(b, 'paymentGateway', 'paymentGateway', 100, RES_PAYMENT);
  if (gw !== undefined && gw !== TEST_GATEWAY_NAME && gw !== testGatewayId(ctx.tenant.id)) throw invalidValue(`'paymentGateway' does not name a payment gateway of this tenant (see GET /v1/paymentgateways): ${gw}`, RES_PAYMENT);
  const doc = await lockDocument(ctx, 'invoice', invoiceId);
  if (!doc) throw notFound(`'invoiceId': no posted invoice ${invoiceId} exists`, RES_PAYMENT);
  if (doc.accountId !== account.id) throw ruleViolation(`'invoiceId': the invoice ${doc.number} belongs to another account than ${account.accountNumber}`, RES_PAYMENT);
  const balance = new D(doc.balance);
  const invoices = [{ invoiceAmount: toJsonNumber(doc.amount), invoiceId: doc.id, invoiceNumber: doc.number }];
  if (balance.lte(0)) return { amountCollected: 0, invoices, creditMemos: [], paymentId: null, success: true };
  if (!account.defaultPaymentMethodId) throw ruleViolation(`The account ${account.accountNumber} has no default payment method to collect with`, RES_PAYMENT);
  const { payment, failure } = await createPayment(ctx, {
    accountId: account.id,
    type: 'Electronic',
    effectiveDate: ctx.today().toString(),
    amount: balance.toFixed(),
    currency: doc.currency,
    paymentMethodId: account.defaultPaymentMethodId,
    invoices: [{ invoiceId: doc.id, amount: balance.toFixed() }],
  });
  // atomic: a decline rolls the whole operation back
  if (failure) throw failure;
  return { amountCollected: toJsonNumber(payment.amount), invoices, creditMemos: [], paymentId: payment.id, success: true };
}

// ---------------------------------------------------------------- debit memo collect

/** Zuora's limits on POST /v1/debit-memos/{key}/collect ("Collect a posted debit memo", Restrictions). */
export const COLLECT_LIMITS = { debitMemoItems: 10, creditMemos: 25, payments: 25 };

type Obj = Record<string, unknown>;
const num = (v: unknown) => new D(String(v ?? 0));

/**
 * POST /v1/debit-memos/{key}/collect: with applyCredit, the account's unapplied credit memos and then
 * its unapplied payments (or in applicationOrder's order) are applied Oldest-First-Largest-First up to
 * the debit memo's balance; with collect, what is left is paid electronically with the payment method
 * given or the account's default. A decline is answered in processedPayment (status Error), as the
 * response schema has it, and the payment stays recorded.
 */
export async function collectDebitMemo(ctx: Ctx, key: string, b: Body): Promise<Obj> {
  onlyKeys(b, ['applicationOrder', 'applyCredit', 'collect', 'payment'], '', 'a debit memo collect request', RES_PAYMENT);
  const applyCredit = bool(b, 'applyCredit', 'applyCredit', RES_PAYMENT) ?? false;
  const collect = bool(b, 'collect', 'collect', RES_PAYMENT) ?? false;
  let order: string[] = ['CreditMemo', 'UnappliedPayment'];
  if (b.applicationOrder !== undefined && b.applicationOrder !== null) {
    if (!Array.isArray(b.applicationOrder) || b.applicationOrder.some((x) => x !== 'CreditMemo' && x !== 'UnappliedPayment')) throw invalidValue(`'applicationOrder' holds CreditMemo and/or UnappliedPayment`, RES_PAYMENT);
    if (!applyCredit) throw invalidValue(`'applicationOrder' is valid only when 'applyCredit' is true`, RES_PAYMENT);
    order = [...new Set(b.applicationOrder as string[])];
  }
  const pay = obj(b, 'payment', 'payment', RES_PAYMENT) ?? {};
  onlyKeys(pay, ['gatewayId', 'paymentMethodId'], 'payment.', 'the payment of a debit memo collect', RES_PAYMENT);

  // Read, not locked, first: a credit memo application locks the credit memo before the debit memo,
  // and so must this request (the memos module's lock order).
  const view = await getMemo(ctx, 'debitMemo', key);
  if (view.status !== 'Posted') throw ruleViolation(`The debit memo ${String(view.number)} is ${String(view.status)}: only a posted debit memo is collected`, RES_PAYMENT);
  const items = await getMemoItems(ctx, 'debitMemo', String(view.id), { limit: COLLECT_LIMITS.debitMemoItems + 1, offset: 0 });
  if (items.length > COLLECT_LIMITS.debitMemoItems) throw ruleViolation(`The debit memo ${String(view.number)} has more than ${COLLECT_LIMITS.debitMemoItems} items: collect it in steps`, RES_PAYMENT);
  const first = { id: String(view.id), number: String(view.number), accountId: String(view.accountId), currency: String(view.currency) };
  // the balance as it stands (read, not locked: each application below locks what it settles, in order)
  const balanceNow = async () => num((await getMemo(ctx, 'debitMemo', first.id)).balance);

  const appliedCreditMemos: Obj[] = [];
  const appliedPayments: Obj[] = [];
  if (applyCredit) {
    for (const kind of order) {
      if (kind === 'CreditMemo') {
        const memos = ((await listMemos(ctx, 'creditMemo', { accountId: first.accountId, status: 'Posted' }, { limit: 1000, offset: 0 })) ?? [])
          .filter((m) => num(m.unappliedAmount).gt(0) && m.currency === first.currency)
          .sort((x, y) => (String(x.creditMemoDate) < String(y.creditMemoDate) ? -1 : String(x.creditMemoDate) > String(y.creditMemoDate) ? 1 : num(y.unappliedAmount).comparedTo(num(x.unappliedAmount))));
        if (memos.length > COLLECT_LIMITS.creditMemos) throw ruleViolation(`More than ${COLLECT_LIMITS.creditMemos} credit memos would be applied to the debit memo ${first.number}`, RES_PAYMENT);
        for (const m of memos) {
          const left = await balanceNow();
          if (left.lte(0)) break;
          const take = D.min(left, num(m.unappliedAmount));
          const after = await applyCreditMemo(ctx, String(m.id), { debitMemos: [{ debitMemoId: first.id, amount: take.toNumber() }] });
          appliedCreditMemos.push({ id: m.id, number: m.number, appliedAmount: toJsonNumber(take), unappliedAmount: after.unappliedAmount });
        }
      } else {
        const payments = (await store.processedPaymentsOfAccount(ctx, first.accountId))
          .filter((p) => unappliedOf(p).gt(0) && p.currency === first.currency)
          .sort((x, y) => (x.effective_date < y.effective_date ? -1 : x.effective_date > y.effective_date ? 1 : unappliedOf(y).comparedTo(unappliedOf(x))));
        if (payments.length > COLLECT_LIMITS.payments) throw ruleViolation(`More than ${COLLECT_LIMITS.payments} payments would be applied to the debit memo ${first.number}`, RES_PAYMENT);
        for (const p of payments) {
          const left = await balanceNow();
          if (left.lte(0)) break;
          const take = D.min(left, unappliedOf(p));
          const after = await applyPayment(ctx, p.id, { debitMemos: [{ debitMemoId: first.id, amount: take.toFixed() }] });
          appliedPayments.push({ id: p.id, number: p.number, appliedAmount: toJsonNumber(take), unappliedAmount: toJsonNumber(unappliedOf(after)) });
        }
      }
    }
  }

  let processedPayment: Obj | null = null;
  if (collect) {
    const left = await balanceNow();
    if (left.gt(0)) {
      const account = (await getAccountByKey(ctx, first.accountId))!;
      const pmId = str(pay, 'paymentMethodId', 'payment.paymentMethodId', 60, RES_PAYMENT) ?? account.defaultPaymentMethodId;
      if (!pmId) throw ruleViolation(`The account ${account.accountNumber} has no default payment method: name one in 'payment.paymentMethodId'`, RES_PAYMENT);
      const gatewayId = str(pay, 'gatewayId', 'payment.gatewayId', 60, RES_PAYMENT);
      const { payment } = await createPayment(ctx, {
        accountId: account.id,
        type: 'Electronic',
        effectiveDate: ctx.today().toString(),
        amount: left.toFixed(),
        currency: first.currency,
        paymentMethodId: pmId,
        ...(gatewayId ? { gatewayId } : {}),
        debitMemos: [{ debitMemoId: first.id, amount: left.toFixed() }],
      });
      processedPayment = {
        id: payment.id, number: payment.number, status: payment.status, amount: toJsonNumber(payment.amount), paymentMethodId: payment.payment_method_id,
        gatewayId: payment.gateway_id, gatewayResponse: payment.gateway_response, gatewayResponseCode: payment.gateway_response_code,
      };
    }
  }
  return { debitMemo: { id: first.id, number: first.number }, appliedCreditMemos, appliedPayments, ...(processedPayment ? { processedPayment } : {}), success: true };
}
