// The payment-side extras through the real app (both databases): Electronic Payments Health over real
// electronic payments, RSA signatures of Payment Pages 2.0 (signed with the tenant's key, decrypted back),
// hosted pages made through the admin API, custom payment method types (drafts, revisions, publish), and
// the Payment Method Updater of a tenant whose gateway has none.
import { describe, expect, it } from 'vitest';
import type { Client } from '../helpers.js';
import { setupApp } from '../helpers.js';
import { card, setup } from '../payments/fixtures.js';

const t = await setupApp({ jobWorker: false });

const code = (res: { body: { reasons: Array<{ code: number | string }> } }) => Number(res.body.reasons[0]!.code) % 100;

async function pay(c: Client, accountId: string, paymentMethodId: string, amount: number) {
  return c.post('/v1/payments', { accountId, type: 'Electronic', effectiveDate: '2024-01-01', amount, currency: 'USD', paymentMethodId });
}

describe('Electronic Payments Health', () => {
  it('counts and lists the electronic payments sent to the gateway in the window, by gateway and method type', async () => {
    const { c, acc } = await setup(t);
    const good = await card(c, acc.accountId);
    const declined = await card(c, acc.accountId, '4000000000009995', false);
    const failing = await card(c, acc.accountId, '4000000000000119', false);
    expect((await pay(c, acc.accountId, good, 10)).body.status).toBe('Processed');
    expect((await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { now: '2024-01-01T10:00:00Z' })).status).toBe(200);
    expect((await pay(c, acc.accountId, declined, 20.5)).status).toBe(400);
    expect((await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { now: '2024-01-01T12:00:00Z' })).status).toBe(200);
    expect((await pay(c, acc.accountId, failing, 30)).status).toBe(400);
    expect((await pay(c, acc.accountId, good, 40)).body.status).toBe('Processed');
    // an external payment is not an electronic one
    expect((await c.post('/v1/payments', { accountId: acc.accountId, type: 'External', paymentMethodType: 'Check', amount: 5, currency: 'USD' })).body.success).toBe(true);

    const day = 'startTime=2024-01-01T00:00Z&endTime=2024-01-02T00:00Z';
    const sum = await c.get(`/system-health/payments/volume-summary?${day}`);
    expect(sum.status, sum.raw).toBe(200);
    expect(sum.body).toEqual({ data: [{ error: 2, paymentGatewayType: 'Test Gateway', paymentMethodType: 'CreditCard', success: 2, total: 4 }] });
    // the window moves with the offset: 2024-01-01T11:00+0100 is 10:00 UTC (end exclusive)
    expect((await c.get('/system-health/payments/volume-summary?startTime=2024-01-01T11:00%2B0100&endTime=2024-01-01T13:00%2B0100')).body.data).toEqual([
      { error: 1, paymentGatewayType: 'Test Gateway', paymentMethodType: 'CreditCard', success: 0, total: 1 },
    ]);
    // an unescaped '+' arrives as a space
    expect((await c.get('/system-health/payments/volume-summary?startTime=2024-01-01T11:00+0100&endTime=2024-01-01T13:01+0100')).body.data[0].total).toBe(3);
    expect((await c.get(`/system-health/payments/volume-summary?${day}&paymentMethodType=ACH`)).body).toEqual({ data: [] });
    expect((await c.get(`/system-health/payments/volume-summary?${day}&paymentGatewayType=Adyen`)).body).toEqual({ data: [] });
    expect((await c.get(`/system-health/payments/volume-summary?${day}&paymentGatewayType=Test%20Gateway&paymentMethodType=CreditCard`)).body.data[0].total).toBe(4);

    const details = await c.get(`/system-health/payments/details?${day}`);
    expect(details.status, details.raw).toBe(200);
    // newest first by default
    expect(details.body.data.map((r: { amount: number }) => r.amount)).toEqual([40, 30, 20.5, 10]);
    expect(details.body.data[2]).toEqual({
      payment_method_type: 'CreditCard', amount: 20.5, payment_status: 'Error', payment_gateway_response_code: '51', payment_gateway_response_msg: 'Insufficient funds',
      payment_number: 'P-00000002', payment_id: expect.stringMatching(/^[0-9a-f]{32}$/), zuora_response_code: 'Declined', currency: 'USD', payment_gateway_type: 'Test Gateway', payment_date: '2024-01-01',
    });
    expect(details.body.data[1]).toMatchObject({ payment_status: 'Error', payment_gateway_response_code: '96', zuora_response_code: 'Error' });
    expect(details.body.data[0]).toMatchObject({ payment_status: 'Success', payment_gateway_response_code: '00', payment_gateway_response_msg: 'Approved', zuora_response_code: 'Approved' });
    expect(details.body.nextPage).toBeUndefined();
    const amounts = async (q: string) => (await c.get(`/system-health/payments/details?${day}&${q}`)).body.data.map((r: { amount: number }) => r.amount);
    expect(await amounts('sort=-amount')).toEqual([10, 20.5, 30, 40]);
    expect(await amounts('sort=%2Bamount')).toEqual([40, 30, 20.5, 10]);
    expect(await amounts('sort=-timestamp')).toEqual([10, 20.5, 30, 40]);
    expect(await amounts('paymentStatus=Error')).toEqual([30, 20.5]);
    expect(await amounts('paymentGatewayResponseCode=Declined')).toEqual([20.5]);
    expect(await amounts('paymentGatewayResponseCode=96')).toEqual([30]);
    expect(await amounts('currency=eur')).toEqual([]);
    // pages of two
    const p1 = await c.get(`/system-health/payments/details?${day}&pageSize=3&sort=-amount`);
    expect(p1.body.data.map((r: { amount: number }) => r.amount)).toEqual([10, 20.5, 30]);
    expect(p1.body.nextPage).toBe(`/system-health/payments/details?startTime=2024-01-01T00%3A00Z&endTime=2024-01-02T00%3A00Z&sort=-amount&page=2&pageSize=3`);
    const p2 = await c.get(p1.body.nextPage);
    expect(p2.body.data.map((r: { amount: number }) => r.amount)).toEqual([40]);
    expect(p2.body.nextPage).toBeUndefined();
  });

  it('refuses bad queries with the parameter named; latency is not measured (501)', async () => {
    const c = await t.newClient();
    const w = 'startTime=2024-01-01T00:00Z&endTime=2024-01-02T00:00Z';
    for (const [path, cat, re] of [
      ['volume-summary?endTime=2024-01-02T00:00Z', 22, /startTime/],
      ['volume-summary?startTime=2024-01-02T00:00Z', 22, /endTime/],
      ['volume-summary?startTime=yesterday&endTime=2024-01-02T00:00Z', 20, /startTime/],
      ['volume-summary?startTime=2024-01-02T00:00Z&endTime=2024-01-01T00:00Z', 20, /endTime/],
      [`details?${w}&pageSize=41`, 20, /pageSize/],
      [`details?${w}&page=0`, 20, /page/],
      [`details?${w}&sort=http_method`, 20, /sort/],
      [`details?${w}&paymentStatus=Processed`, 20, /paymentStatus/],
    ] as const) {
      const res = await c.get(`/system-health/payments/${path}`);
      expect(res.status, path).toBe(400);
      expect(code(res), path).toBe(cat);
      expect(res.body.reasons[0].message, path).toMatch(re);
    }
    const lat = await c.get(`/system-health/payments/details?${w}&sort=latency`);
    expect(lat.status).toBe(501);
    expect(lat.body.reasons[0].message).toContain('latency');
    // a tenant without payments: nothing
    expect((await c.get(`/system-health/payments/volume-summary?${w}`)).body).toEqual({ data: [] });
    expect((await c.get(`/system-health/payments/details?${w}`)).body).toEqual({ data: [] });
  });
});

async function hostedPage(c: Client, body: Record<string, unknown>) {
  const res = await t.admin('POST', `/admin/tenants/${c.tenant.id}/hosted-pages`, body);
  expect(res.status, res.raw).toBe(201);
  return res.body as { pageId: string; pageName: string; pageType: string; pageVersion: number };
}

describe('Hosted Pages (made through the admin API)', () => {
  it('lists the tenant’s pages, by version; the admin API makes and removes them', async () => {
    const c = await t.newClient();
    expect((await c.get('/v1/hostedpages')).body).toEqual({ hostedpages: [], success: true });
    const cc = await hostedPage(c, { pageName: 'Card form', pageType: 'Credit Card' });
    const ach = await hostedPage(c, { pageName: 'ACH form', pageType: 'ACH', pageVersion: 1 });
    expect(cc).toEqual({ pageId: expect.stringMatching(/^[0-9a-f]{32}$/), pageName: 'Card form', pageType: 'Credit Card', pageVersion: 2 });
    expect((await c.get('/v1/hostedpages')).body.hostedpages).toEqual([cc, ach]);
    expect((await c.get('/v1/hostedpages?versionNumber=2')).body.hostedpages).toEqual([cc]);
    expect((await c.get('/v1/hostedpages?versionNumber=1')).body.hostedpages).toEqual([ach]);
    const bad = await c.get('/v1/hostedpages?versionNumber=3');
    expect(bad.status).toBe(400);
    expect(code(bad)).toBe(20);
    // another tenant sees none of them
    expect((await (await t.newClient()).get('/v1/hostedpages')).body.hostedpages).toEqual([]);

    for (const [body, status] of [
      [{ pageType: 'ACH' }, 400],
      [{ pageName: 'x', pageType: 'PayPal' }, 400],
      [{ pageName: 'x', pageType: 'ACH', pageVersion: 3 }, 400],
      [{ pageName: 'x', pageType: 'ACH', color: 'red' }, 400],
    ] as const) expect((await t.admin('POST', `/admin/tenants/${c.tenant.id}/hosted-pages`, body)).status, JSON.stringify(body)).toBe(status);
    expect((await t.raw('POST', `/admin/tenants/${c.tenant.id}/hosted-pages`, { pageName: 'x', pageType: 'ACH' })).status).toBe(401);
    expect((await t.admin('DELETE', `/admin/tenants/${c.tenant.id}/hosted-pages/${ach.pageId}`)).status).toBe(204);
    expect((await t.admin('DELETE', `/admin/tenants/${c.tenant.id}/hosted-pages/${ach.pageId}`)).status).toBe(404);
    expect((await c.get('/v1/hostedpages')).body.hostedpages).toEqual([cc]);
  });
});

describe('RSA Signatures', () => {
  it('signs the page, tenant, token and time with the tenant’s key; decrypt gives the signed string back', async () => {
    const c = await t.newClient();
    await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { now: '2024-03-01T08:00:00Z' });
    const page = await hostedPage(c, { pageName: 'Card form', pageType: 'Credit Card' });
    const uri = 'https://apisandbox.zuora.com/apps/PublicHostedPageLite.do';
    const res = await c.post('/v1/rsa-signatures', { method: 'POST', pageId: page.pageId, uri });
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toMatchObject({ success: true, tenantId: String(c.tenant.tenantNumber) });
    expect(res.body.token).toMatch(/^[A-Za-z0-9]{32}$/);
    // a 2048-bit key: base64 DER SubjectPublicKeyInfo
    expect(res.body.key).toMatch(/^MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A/);
    const dec = await c.post('/v1/rsa-signatures/decrypt', { method: 'POST', publicKey: res.body.key, signature: res.body.signature });
    expect(dec.status, dec.raw).toBe(200);
    expect(dec.body).toEqual({
      decryptedSignature: `/apps/publichostedpagelite.do#${c.tenant.tenantNumber}#${res.body.token}#${Date.parse('2024-03-01T08:00:00Z')}#${page.pageId}`,
      publicKey: res.body.key,
      signature: res.body.signature,
      success: true,
    });
    // the same key signs every time; a new token each time
    const again = await c.post('/v1/rsa-signatures', { method: 'POST', pageId: page.pageId, uri, accountId: 'A-1', submitEnabled: true, passthrough1: 'p1', passthrough7: 'dropped' });
    expect(again.body.key).toBe(res.body.key);
    expect(again.body.token).not.toBe(res.body.token);
    const dec2 = await c.post('/v1/rsa-signatures/decrypt', { method: 'POST', publicKey: again.body.key, signature: again.body.signature });
    expect(dec2.body.decryptedSignature).toMatch(new RegExp(`#${page.pageId}#accountId=A-1#passthrough1=p1#submitEnabled=true$`));
    // another tenant has another key, and cannot decrypt with this one
    const other = await t.newClient();
    const page2 = await hostedPage(other, { pageName: 'Card', pageType: 'Credit Card' });
    const theirs = await other.post('/v1/rsa-signatures', { method: 'POST', pageId: page2.pageId, uri });
    expect(theirs.body.key).not.toBe(res.body.key);
    const cross = await other.post('/v1/rsa-signatures/decrypt', { method: 'POST', publicKey: res.body.key, signature: res.body.signature });
    expect(cross.status).toBe(400);
    expect(cross.body.reasons[0].message).toContain('publicKey');
  });

  it('a string longer than the key signs answers a token and a null signature', async () => {
    const c = await t.newClient();
    const page = await hostedPage(c, { pageName: 'Card form', pageType: 'Credit Card' });
    const res = await c.post('/v1/rsa-signatures', { method: 'POST', pageId: page.pageId, uri: 'https://www.zuora.com/apps/PublicHostedPageLite.do', style: 'x'.repeat(200) });
    expect(res.status, res.raw).toBe(200);
    expect(res.body.signature).toBeNull();
    expect(res.body.token).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  it('refuses bad requests with the field named and signs nothing', async () => {
    const c = await t.newClient();
    const page = await hostedPage(c, { pageName: 'Card form', pageType: 'Credit Card' });
    const v1 = await hostedPage(c, { pageName: 'Old', pageType: 'Credit Card', pageVersion: 1 });
    const uri = 'https://www.zuora.com/apps/PublicHostedPageLite.do';
    for (const [body, cat, msg] of [
      [{ pageId: page.pageId, uri }, 22, 'method'],
      [{ method: 'GET', pageId: page.pageId, uri }, 20, 'method'],
      [{ method: 'POST', uri }, 22, 'pageId'],
      [{ method: 'POST', pageId: page.pageId }, 22, 'uri'],
      [{ method: 'POST', pageId: page.pageId, uri: 'not a url' }, 20, 'uri'],
      [{ method: 'POST', pageId: 'f'.repeat(32), uri }, 20, 'pageId'],
      [{ method: 'POST', pageId: v1.pageId, uri }, 20, 'Payment Pages 2.0'],
      [{ method: 'POST', pageId: page.pageId, uri, submitEnabled: 'yes' }, 20, 'submitEnabled'],
      [{ method: 'POST', pageId: page.pageId, uri, paymentRetryWindow: 1.5 }, 20, 'paymentRetryWindow'],
      [{ method: 'POST', pageId: page.pageId, uri, colour: 'red' }, 21, 'colour'],
    ] as const) {
      const res = await c.post('/v1/rsa-signatures', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(code(res), JSON.stringify(body)).toBe(cat);
      expect(res.body.reasons[0].message).toContain(msg);
    }
    const ok = (await c.post('/v1/rsa-signatures', { method: 'POST', pageId: page.pageId, uri })).body;
    const tampered = Buffer.from(ok.signature, 'base64');
    tampered[10] = tampered[10]! ^ 0xff;
    for (const [body, cat, msg] of [
      [{ method: 'POST', publicKey: ok.key }, 22, 'signature'],
      [{ method: 'POST', signature: ok.signature }, 22, 'publicKey'],
      [{ publicKey: ok.key, signature: ok.signature }, 22, 'method'],
      [{ method: 'POST', publicKey: ok.key, signature: tampered.toString('base64') }, 20, 'signature'],
      [{ method: 'POST', publicKey: 'MIIB' + ok.key.slice(4, -8) + 'AAAAAAAA', signature: ok.signature }, 20, 'publicKey'],
      [{ method: 'POST', publicKey: ok.key, signature: ok.signature, extra: 1 }, 21, 'extra'],
    ] as const) {
      const res = await c.post('/v1/rsa-signatures/decrypt', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(code(res), JSON.stringify(body)).toBe(cat);
      expect(res.body.reasons[0].message).toContain(msg);
    }
  });
});

const typeBody = (tenantNumber: number, over: Record<string, unknown> = {}) => ({
  entityId: '',
  fields: [
    { checksum: true, defaultValue: null, description: 'The Token value', editable: true, index: 1, label: 'AmazonToken', maxLength: 100, minLength: 1, name: 'AmazonToken', representer: true, required: true, type: 'string', visible: true },
    { checksum: true, defaultValue: null, description: 'The Type of Token', editable: true, index: 2, label: 'Amazon TokenType', maxLength: 100, minLength: 1, name: 'AmazonTokenType', representer: true, required: true, type: 'string', visible: true },
  ],
  internalName: 'AmazonPay',
  label: 'ZuoraQA Amazon Pay',
  methodReferenceIdField: 'AmazonToken',
  subTypeField: 'AmazonTokenType',
  tenantId: String(tenantNumber),
  userReferenceIdField: '',
  ...over,
});

describe('Custom Payment Method Types', () => {
  it('a draft (revision 1), updated in place, published; an update after publishing makes revision 2', async () => {
    const c = await t.newClient();
    await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2024-05-02' });
    const n = c.tenant.tenantNumber;
    const name = `AmazonPay__c_${n}`;
    const created = await c.post('/open-payment-method-types', typeBody(n));
    expect(created.status, created.raw).toBe(200);
    expect(created.body).toEqual({ paymentMethodType: name, publishDate: null, revision: 1, status: 'Draft' });
    expect((await c.get(`/open-payment-method-types/${name}/published`)).status).toBe(404);

    // a draft is rewritten in place
    const upd = await c.put(`/open-payment-method-types/${name}`, typeBody(n, { label: 'Amazon Pay' }));
    expect(upd.body, upd.raw).toEqual({ paymentMethodType: name, publishDate: null, revision: 1, status: 'Draft' });
    const r1 = await c.get(`/open-payment-method-types/${name}/draft/1`);
    expect(r1.status, r1.raw).toBe(200);
    expect(r1.body).toMatchObject({ internalName: 'AmazonPay', label: 'Amazon Pay', revision: 1, status: 'Draft', tenantId: String(n), entityId: null, userReferenceIdField: null, subTypeField: 'AmazonTokenType', version: null });
    expect(r1.body.fields.map((f: { name: string }) => f.name)).toEqual(['AmazonToken', 'AmazonTokenType']);
    expect(r1.body.fields[0]).toEqual(typeBody(n).fields[0]);

    const pub = await c.put(`/open-payment-method-types/publish/${name}`);
    expect(pub.status, pub.raw).toBe(200);
    expect(pub.body).toMatchObject({ internalName: 'AmazonPay', label: 'Amazon Pay', revision: 1, status: 'Published', version: '2024-05-02' });
    // nothing left to publish
    const again = await c.put(`/open-payment-method-types/publish/${name}`);
    expect(again.status).toBe(400);
    expect(code(again)).toBe(30);

    await t.admin('PUT', `/admin/tenants/${c.tenant.id}/clock`, { date: '2024-05-09' });
    const rev2 = await c.put(`/open-payment-method-types/${name}`, typeBody(n, { label: 'Amazon Pay 2', entityId: c.tenant.entityId }));
    expect(rev2.status, rev2.raw).toBe(400); // entityId may only be emptied, never set
    const ok2 = await c.put(`/open-payment-method-types/${name}`, typeBody(n, { label: 'Amazon Pay 2' }));
    expect(ok2.body).toEqual({ paymentMethodType: name, publishDate: null, revision: 2, status: 'Draft' });
    // the published one is still revision 1 until revision 2 is published
    expect((await c.get(`/open-payment-method-types/${name}/published`)).body).toMatchObject({ revision: 1, label: 'Amazon Pay' });
    expect((await c.get(`/open-payment-method-types/${name}/draft/2`)).body).toMatchObject({ revision: 2, status: 'Draft', label: 'Amazon Pay 2' });
    expect((await c.put(`/open-payment-method-types/publish/${name}`)).body).toMatchObject({ revision: 2, status: 'Published', version: '2024-05-09' });
    expect((await c.get(`/open-payment-method-types/${name}/published`)).body).toMatchObject({ revision: 2, label: 'Amazon Pay 2' });
    // the page's create sample writes the API name with __C_
    expect((await c.get(`/open-payment-method-types/AmazonPay__C_${n}/draft/1`)).body.revision).toBe(1);
    expect((await c.get(`/open-payment-method-types/${name}/draft/3`)).status).toBe(404);
    expect(code(await c.get(`/open-payment-method-types/${name}/draft/abc`))).toBe(20);
    // internalName is unique in a tenant
    const dup = await c.post('/open-payment-method-types', typeBody(n));
    expect(dup.status).toBe(400);
    expect(code(dup)).toBe(30);
    // another tenant has its own
    const other = await t.newClient();
    expect((await other.get(`/open-payment-method-types/${name}/draft/1`)).status).toBe(404);
    expect((await other.post('/open-payment-method-types', typeBody(other.tenant.tenantNumber))).body.paymentMethodType).toBe(`AmazonPay__c_${other.tenant.tenantNumber}`);
  });

  it('refuses bad definitions with the field named and changes nothing', async () => {
    const c = await t.newClient();
    const n = c.tenant.tenantNumber;
    const f0 = typeBody(n).fields[0]!;
    const many = Array.from({ length: 21 }, (_, i) => ({ ...f0, name: `F${i}`, index: i + 1 }));
    for (const [over, cat, msg] of [
      [{ internalName: undefined }, 22, 'internalName'],
      [{ internalName: 'amazonPay' }, 20, 'capital'],
      [{ internalName: 'Amazon_Pay' }, 20, 'internalName'],
      [{ internalName: 'A'.repeat(20) }, 20, '19'],
      [{ tenantId: '999999' }, 20, 'tenantId'],
      [{ label: undefined }, 22, 'label'],
      [{ label: 'Bad * label' }, 20, 'label'],
      [{ label: 'L'.repeat(41) }, 20, '40'],
      [{ methodReferenceIdField: 'Nope' }, 20, 'methodReferenceIdField'],
      [{ subTypeField: 'Nope' }, 20, 'subTypeField'],
      [{ entityId: 'not-a-uuid' }, 20, 'entityId'],
      [{ entityId: '123e4567-e89b-12d3-a456-426614174000' }, 20, 'entityId'],
      [{ fields: [] }, 22, 'at least one'],
      [{ fields: many }, 70, 'at most 20'],
      [{ fields: [{ ...f0, type: 'text' }] }, 20, 'fields[0].type'],
      [{ fields: [{ ...f0, visible: undefined }] }, 22, 'fields[0].visible'],
      [{ fields: [{ ...f0, maxLength: undefined }] }, 22, 'maxLength'],
      [{ fields: [{ ...f0, minLength: 5, maxLength: 2 }] }, 20, 'minLength'],
      [{ fields: [{ ...f0, colour: 'red' }] }, 21, 'fields[0].colour'],
      [{ fields: [f0, { ...f0, index: 2 }] }, 20, 'twice'],
      [{ isSupportAsyncPayment: 'yes' }, 20, 'isSupportAsyncPayment'],
      [{ bogus: 1 }, 21, 'bogus'],
    ] as const) {
      const res = await c.post('/open-payment-method-types', typeBody(n, over as Record<string, unknown>));
      expect(res.body.success, JSON.stringify(over)).toBe(false);
      expect(code(res), JSON.stringify(over)).toBe(cat);
      expect(res.body.reasons[0].message, JSON.stringify(over)).toContain(msg);
    }
    expect((await c.get(`/open-payment-method-types/AmazonPay__c_${n}/draft/1`)).status).toBe(404);
    // what an update may not change
    expect((await c.post('/open-payment-method-types', typeBody(n))).body.revision).toBe(1);
    for (const [over, msg] of [
      [{ methodReferenceIdField: 'AmazonTokenType' }, 'methodReferenceIdField'],
      [{ subTypeField: '' }, 'subTypeField'],
      [{ userReferenceIdField: 'AmazonToken' }, 'userReferenceIdField'],
    ] as const) {
      const res = await c.put(`/open-payment-method-types/AmazonPay__c_${n}`, typeBody(n, over));
      expect(code(res), JSON.stringify(over)).toBe(20);
      expect(res.body.reasons[0].message).toContain(msg);
    }
    expect((await c.get(`/open-payment-method-types/AmazonPay__c_${n}/draft/1`)).body).toMatchObject({ methodReferenceIdField: 'AmazonToken', subTypeField: 'AmazonTokenType' });
    // an unknown type answers 404 before its body is read
    expect((await c.put(`/open-payment-method-types/Nope__c_${n}`, {})).status).toBe(404);
    expect((await c.put(`/open-payment-method-types/publish/Nope__c_${n}`)).status).toBe(404);
  });
});

describe('Payment Method Updater', () => {
  it('the test gateway has no updater instance: an empty list, and a batch naming one is refused', async () => {
    const c = await t.newClient();
    expect((await c.get('/v1/payment-method-updaters')).body).toEqual({ success: true, updaters: [] });
    for (const [body, cat, msg] of [
      [{ billingCycleDay: 5 }, 22, 'updaterAccountId'],
      [{ updaterAccountId: '418734b01fbb11ee821f0e4e5eec84cf' }, 22, 'billingCycleDay'],
      [{ updaterAccountId: 'xyz', billingCycleDay: 5 }, 20, '32 characters'],
      [{ updaterAccountId: '418734b01fbb11ee821f0e4e5eec84cf', billingCycleDay: 32 }, 20, '1 to 31'],
      [{ updaterAccountId: '418734b01fbb11ee821f0e4e5eec84cf', billingCycleDay: 5, extra: true }, 21, 'extra'],
      [{ updaterAccountId: '418734b01fbb11ee821f0e4e5eec84cf', billingCycleDay: 5 }, 20, 'not a Payment Method Updater instance'],
    ] as const) {
      const res = await c.post('/v1/payment-method-updaters/batches', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(code(res), JSON.stringify(body)).toBe(cat);
      expect(res.body.reasons[0].message).toContain(msg);
    }
  });
});
