// Conformance of taxation items (Invoices and Taxation Items tags): every implemented operation's answer
// checked against its spec schema, over a Draft standalone invoice (see FINDINGS.md for how the checker judges).
import { beforeAll, describe, it } from 'vitest';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { newAccount } from '../subscriptions/fixtures.js';
import { billedAccount } from '../memos/fixtures.js';
import { conform, expectSuccess } from './harness.js';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { extract, parseYaml, TAGS } from '../../scripts/extract-schemas.mjs';
import { checkAgainst, formatIssues, type Schema } from './check.js';

let t: TestApp;
let c: Client;
const w: Record<string, string> = {};

beforeAll(async () => {
  t = await setupApp({ jobWorker: false });
  c = await t.newClient({ defaultApiVersion: '2025-08-12' });
  await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2024-01-01' });
  const acc = await newAccount(c, {});
  const inv = await c.post('/v1/invoices', { accountId: acc.accountId, invoiceDate: '2024-01-01', invoiceItems: [{ amount: 100, serviceStartDate: '2024-01-01', chargeName: 'Fee' }] });
  expectSuccess('POST_StandaloneInvoice', inv);
  w.invoice = inv.body.id;
  const items = await c.get(`/v1/invoices/${w.invoice}/items`);
  expectSuccess('GET_InvoiceItems', items);
  w.item = items.body.invoiceItems[0].id;
});

describe('Taxation items', () => {
  it('POST_INV_TaxationItems', async () => {
    const res = await c.post(`/v1/invoices/${w.invoice}/taxation-items`, {
      taxationItems: [{ invoiceItemId: w.item, jurisdiction: 'CALIFORNIA', locationCode: '06', name: 'STATE TAX', taxAmount: 6.25, taxCode: 'ServiceTaxCode', taxCodeDescription: 'Service', taxDate: '2024-01-01', taxMode: 'TaxExclusive', taxRate: 0.0625, taxRateDescription: 'State rate', taxRateType: 'Percentage' }],
    });
    conform('POST_INV_TaxationItems', res);
    w.tax = res.body.taxationItems[0].id;
  });
  it('GET_TaxationItemsOfInvoiceItem', async () => {
    conform('GET_TaxationItemsOfInvoiceItem', await c.get(`/v1/invoices/${w.invoice}/items/${w.item}/taxation-items`));
  });
  it('Object_POSTTaxationItem', async () => {
    const res = await c.post('/v1/object/taxation-item', { InvoiceItemId: w.item, Jurisdiction: 'CALIFORNIA', Name: 'CA TAX', TaxAmount: 3, TaxDate: '2024-01-01', TaxRate: 3, TaxRateType: 'FlatFee' });
    conform('Object_POSTTaxationItem', res);
    w.objTax = res.body.Id;
  });
  it('GET_TaxationItem', async () => {
    conform('GET_TaxationItem', await c.get(`/v1/taxation-items/${w.tax}`));
  });
  it('PUT_TaxationItem', async () => {
    conform('PUT_TaxationItem', await c.put(`/v1/taxation-items/${w.tax}`, { taxAmount: 7, exemptAmount: 1 }));
  });
  it('DELETE_TaxationItem', async () => {
    conform('DELETE_TaxationItem', await c.del(`/v1/taxation-items/${w.objTax}`));
  });
});

/** A memo from the billed invoice, one taxation item posted on its first item, and that item's taxation items read back. */
async function memoTax(kind: 'credit' | 'debit') {
  const base = kind === 'credit' ? 'credit-memos' : 'debit-memos';
  const b = await billedAccount(c);
  const memo = await c.post(`/v1/${base}/invoice/${b.invoiceId}`, { invoiceId: b.invoiceId, items: [{ invoiceItemId: b.items['Seats'], amount: 5, skuName: kind }] });
  expectSuccess(kind === 'credit' ? 'POST_CreditMemoFromInvoice' : 'POST_DebitMemoFromInvoice', memo);
  const items = await c.get(`/v1/${base}/${memo.body.id}/items`);
  const itemId = items.body.items[0].id;
  const posted = await c.post(`/v1/${base}/${memo.body.id}/taxation-items`, { taxationItems: [{ memoItemId: itemId, name: 'VAT', jurisdiction: 'FR', taxAmount: 1, taxRate: 0.2, taxRateType: 'Percentage', taxDate: '2024-01-01' }] });
  const read = await c.get(`/v1/${base}/${memo.body.id}/items/${itemId}/taxation-items`);
  return { posted, read };
}

describe('Taxation items of memo items', () => {
  it('POST_CM_TaxationItems, GET_TaxationItemsOfCreditMemoItem', async () => {
    const { posted, read } = await memoTax('credit');
    conform('POST_CM_TaxationItems', posted);
    conform('GET_TaxationItemsOfCreditMemoItem', read);
  });
  it('POST_DM_TaxationItems, GET_TaxationItemsOfDebitMemoItem', async () => {
    const { posted, read } = await memoTax('debit');
    conform('POST_DM_TaxationItems', posted);
    conform('GET_TaxationItemsOfDebitMemoItem', read);
  });
});

describe('Object Queries of taxation items', () => {
  it('queryTaxationItems, queryTaxationItemByKey', async () => {
    // the Object Queries tag is not in spec-responses.json: its schemas extracted here, as object-queries.test.ts does
    const path = process.env.ZBILL_REFERENCE_SPEC ?? '/work/shared/reference/zuora-openapi.yaml';
    if (!TAGS.includes('Object Queries')) TAGS.push('Object Queries');
    const ops = extract(parseYaml(readFileSync(path, 'utf8'))).ops as Record<string, { response: unknown }>;
    const check = (operationId: string, res: Parameters<typeof expectSuccess>[1]) => {
      expectSuccess(operationId, res);
      const r = checkAgainst(ops[operationId]!.response as Schema, res.body, operationId);
      if (!r.ok) expect.fail(formatIssues(r));
    };
    const list = await c.get('/object-query/taxation-items');
    check('queryTaxationItems', list);
    check('queryTaxationItemByKey', await c.get(`/object-query/taxation-items/${list.body.data[0].id}`));
  });
});
