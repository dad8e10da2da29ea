import type { Ctx } from '../../platform/context.js';
import { customFieldRules } from '../../platform/custom-fields.js';
import * as contacts from '../contacts/service.js';
import { toJsonNumber } from '../../platform/money.js';
import { accountBillingFigures } from './contract.js';
import { mustFind, toRecord } from './service.js';
import { subscriptionsOfAccount } from './subscriptions-link.js';

/** The summary lists the six most recent subscriptions. */
export const SUMMARY_SUBSCRIPTIONS = 6;

const ZERO_METRICS = {
  balance: 0,
  contractedMrr: 0,
  creditBalance: 0,
  totalInvoiceBalance: 0,
  totalDebitMemoBalance: 0,
  unappliedCreditMemoAmount: 0,
  unappliedPaymentAmount: 0,
  reservedPaymentAmount: 0,
};

/** The metrics with the invoice figures the invoices module reports (through the accounts contract's port). */
async function billingMetrics(ctx: Ctx, accountId: string): Promise<typeof ZERO_METRICS> {
  const f = await accountBillingFigures(ctx, accountId);
  return {
    ...ZERO_METRICS,
    balance: toJsonNumber(f.balance)!,
    creditBalance: toJsonNumber(f.creditBalance)!,
    totalInvoiceBalance: toJsonNumber(f.totalInvoiceBalance)!,
    totalDebitMemoBalance: toJsonNumber(f.totalDebitMemoBalance)!,
    unappliedCreditMemoAmount: toJsonNumber(f.unappliedCreditMemoAmount)!,
    unappliedPaymentAmount: toJsonNumber(f.unappliedPaymentAmount)!,
  };
}

function withoutCreditBalance<T extends { creditBalance: number }>(m: T): Omit<T, 'creditBalance'> {
  const { creditBalance: _omit, ...rest } = m;
  return rest;
}

/** The account by id or number with its bill-to, sold-to and ship-to contacts (one query for the contacts). */
async function accountWithContacts(ctx: Ctx, key: string) {
  const r = await mustFind(ctx, key);
  const found = await contacts.getContacts(ctx, [r.bill_to_contact_id, r.sold_to_contact_id, r.ship_to_contact_id]);
  const contactOf = (id: string | null) => (id ? found.get(id) : undefined);
  // custom fields as the tenant defines them for Account (every defined field, null when unset)
  const a = { ...toRecord(r), customFields: (await customFieldRules(ctx, 'Account')).read(r.custom_fields) };
  return { r, a, billTo: contactOf(r.bill_to_contact_id), soldTo: contactOf(r.sold_to_contact_id), shipTo: contactOf(r.ship_to_contact_id) };
}

const TAX_INFO_FIELDS = [
  'VATId',
  'companyCode',
  'exemptCertificateId',
  'exemptCertificateType',
  'exemptDescription',
  'exemptEffectiveDate',
  'exemptEntityUseCode',
  'exemptExpirationDate',
  'exemptIssuingJurisdiction',
  'exemptStatus',
];

/** The taxInfo block: every field, null when unset (also when the account has no tax info). */
function taxInfoView(stored: string | null): Record<string, unknown> {
  const t = stored ? (JSON.parse(stored) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const k of TAX_INFO_FIELDS) out[k] = t[k] ?? null;
  return out;
}

/** An account's contact as GET /v1/accounts/{key} shows it: with the account it belongs to and its description. */
function accountContactView(c: contacts.ContactRecord, r: { id: string; account_number: string }): Record<string, unknown> {
  return { ...contacts.contactView(c), accountId: r.id, accountNumber: r.account_number, contactDescription: c.contactDescription ?? null };
}

/** GET /v1/accounts/{key} */
export async function getAccountResponse(ctx: Ctx, key: string): Promise<Record<string, unknown>> {
  const { r, a, billTo, soldTo, shipTo } = await accountWithContacts(ctx, key);
  // one reading of the figures for both blocks (each contributor runs its queries once)
  const metrics = await billingMetrics(ctx, r.id);
  const out: Record<string, unknown> = {
    success: true,
    basicInfo: {
      id: r.id,
      name: r.name,
      accountNumber: r.account_number,
      // Unset fields read as null, never "".
      notes: r.notes,
      status: r.status,
      crmId: r.crm_id,
      batch: r.batch,
      // an account without its own template has the tenant's default one, as Zuora shows it
      invoiceTemplateId: r.invoice_template_id ?? ctx.tenant.defaultInvoiceTemplateId ?? null,
      creditMemoTemplateId: r.credit_memo_template_id,
      debitMemoTemplateId: r.debit_memo_template_id,
      communicationProfileId: r.communication_profile_id,
      profileNumber: r.profile_number,
      purchaseOrderNumber: r.purchase_order_number,
      customerServiceRepName: r.customer_service_rep_name,
      salesRep: r.sales_rep,
      parentId: r.parent_id,
      partnerAccount: r.partner_account === 1,
      sequenceSetId: r.sequence_set_id,
      summaryStatementTemplateId: r.summary_statement_template_id,
      organizationLabel: r.organization_label,
      tags: r.tagging,
      // the order date of the latest order for the account
      lastBookingDate: r.last_booking_date ?? null,
      ...a.customFields,
    },
    billingAndPayment: {
      billCycleDay: r.bill_cycle_day,
      currency: r.currency,
      paymentTerm: r.payment_term,
      paymentGateway: r.payment_gateway,
      // no payment gateway object of zbill's has a number yet
      paymentGatewayNumber: null,
      autoPay: a.autoPay,
      defaultPaymentMethodId: r.default_payment_method_id,
      invoiceDeliveryPrefsEmail: a.invoiceDeliveryPrefsEmail,
      invoiceDeliveryPrefsPrint: a.invoiceDeliveryPrefsPrint,
      additionalEmailAddresses: a.additionalEmailAddresses,
      paymentMethodCascadingConsent: r.cascading_consent === 1,
    },
    metrics: { ...metrics, currency: r.currency },
    // metricsData (one entry per currency) has no creditBalance; only the summary `metrics` block does.
    metricsData: [{ currency: r.currency, ...withoutCreditBalance(metrics) }],
    billToContact: billTo ? accountContactView(billTo, r) : null,
    soldToContact: soldTo ? accountContactView(soldTo, r) : null,
    gatewayRoutingEligible: r.gateway_routing_eligible === 1,
    taxInfo: taxInfoView(r.tax_info),
  };
  if (shipTo) out.shipToContact = accountContactView(shipTo, r);
  if (r.einvoice_profile) out.einvoiceProfile = JSON.parse(r.einvoice_profile);
  return out;
}

const SUMMARY_CONTACT_FIELDS = ['id', 'firstName', 'lastName', 'address1', 'address2', 'city', 'county', 'state', 'country', 'zipCode', 'taxRegion', 'workEmail', 'workPhone', 'fax'];

/** Summary contacts: every field of the schema, null when unset. */
function summaryContact(c: contacts.ContactRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const rec = c as unknown as Record<string, unknown>;
  for (const k of SUMMARY_CONTACT_FIELDS) out[k] = rec[k] ?? null;
  for (const k of ['asBillTo', 'asSoldTo', 'asShipTo']) if (rec[k] !== null) out[k] = rec[k];
  return { ...out, ...c.customFields };
}

/** GET /v1/accounts/{key}/summary: the lists fill in as billing modules land. */
export async function getAccountSummary(ctx: Ctx, key: string, opts: { excludeUsage?: boolean } = {}): Promise<Record<string, unknown>> {
  const { r, a, billTo, soldTo, shipTo } = await accountWithContacts(ctx, key);
  const figures = await accountBillingFigures(ctx, r.id);
  const out: Record<string, unknown> = {
    success: true,
    basicInfo: {
      id: r.id,
      name: r.name,
      accountNumber: r.account_number,
      status: r.status,
      currency: r.currency,
      balance: toJsonNumber(figures.balance),
      billCycleDay: r.bill_cycle_day,
      batch: r.batch,
      autoPay: a.autoPay,
      invoiceDeliveryPrefsEmail: a.invoiceDeliveryPrefsEmail,
      invoiceDeliveryPrefsPrint: a.invoiceDeliveryPrefsPrint,
      additionalEmailAddresses: a.additionalEmailAddresses,
      lastInvoiceDate: figures.lastInvoiceDate,
      lastPaymentAmount: toJsonNumber(figures.lastPaymentAmount),
      lastPaymentDate: figures.lastPaymentDate,
      partnerAccount: r.partner_account === 1,
      paymentMethodCascadingConsent: r.cascading_consent === 1,
      purchaseOrderNumber: r.purchase_order_number,
      organizationLabel: r.organization_label,
      tags: r.tagging,
      ...a.customFields,
    },
    billToContact: billTo ? summaryContact(billTo) : null,
    soldToContact: soldTo ? summaryContact(soldTo) : null,
    subscriptions: await summarySubscriptions(ctx, r.id),
    // the latest posted invoices (Zuora's summary lists up to six)
    invoices: figures.invoices.slice(0, SUMMARY_SUBSCRIPTIONS).map((i) => ({ ...i, amount: toJsonNumber(i.amount), balance: toJsonNumber(i.balance) })),
    payments: figures.payments,
  };
  if (shipTo) out.shipToContact = summaryContact(shipTo);
  if (!opts.excludeUsage) out.usage = [];
  return out;
}


async function summarySubscriptions(ctx: Ctx, accountId: string): Promise<Array<Record<string, unknown>>> {
  const subs = (await subscriptionsOfAccount(ctx, accountId)).filter((s) => s.accountId === accountId);
  subs.sort((x, y) => (x.subscriptionNumber < y.subscriptionNumber ? 1 : -1));
  return subs.slice(0, SUMMARY_SUBSCRIPTIONS).map((s) => ({
    id: s.id,
    subscriptionNumber: s.subscriptionNumber,
    status: s.status,
    termType: s.termType,
    autoRenew: s.autoRenew,
    subscriptionStartDate: s.subscriptionStartDate,
    termStartDate: s.termStartDate,
    termEndDate: s.termEndDate,
    ratePlans: s.ratePlans.filter((p) => !p.removedDate).map((p) => ({ productName: p.productName, ratePlanName: p.ratePlanName })),
  }));
}
