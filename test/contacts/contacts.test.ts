import { beforeAll, describe, expect, it } from 'vitest';
import { makeCtx, inTransaction } from '../../src/platform/context.js';
import { takeContactSnapshot } from '../../src/modules/contacts/service.js';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { countRows, createAccount, V2024 } from '../accounts/fixtures.js';

let t: TestApp;
let c: Client;

beforeAll(async () => {
  t = await setupApp();
  c = await t.newClient(V2024);
});

/** The request sample of POST /v1/contacts (account fields set per test). */
const sample = {
  address1: '314, Bongora',
  address2: 'near Tech City',
  city: 'GHY',
  contactDescription: 'This is a description for the contact',
  country: 'India',
  fax: '6174',
  firstName: 'Kuhi',
  homePhone: '1234123',
  lastName: 'Das',
  mobilePhone: '123213',
  nickname: 'Dorimi',
  otherPhone: '2314213',
  otherPhoneType: 'Work',
  personalEmail: 'kuhiroll@example.com',
  state: 'Assam',
  zipCode: '123456',
};

describe('POST /v1/contacts and GET /v1/contacts/{id}', () => {
  it('creates the sample contact on an account given by id and number, and reads it back', async () => {
    const a = await createAccount(c);
    const res = await c.post('/v1/contacts', { ...sample, accountId: a.accountId, accountNumber: a.accountNumber, taxRegion: 'California', workEmail: 'amy.lawrence@zuora.com', workPhone: '(888) 976-9056', county: 'Kamrup', nick__c: 'x' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...sample, accountId: a.accountId, accountNumber: a.accountNumber, taxRegion: 'California', county: 'Kamrup', nick__c: 'x', success: true });
    expect(res.body.id).toMatch(/^[0-9a-f]{32}$/);
    const got = await c.get(`/v1/contacts/${res.body.id}`);
    expect(got.body).toEqual(res.body);
  });

  it('accepts the account number alone; fields never set are null', async () => {
    const a = await createAccount(c);
    const res = await c.post('/v1/contacts', { accountNumber: a.accountNumber, firstName: 'Only', lastName: 'Names' });
    expect(res.body).toMatchObject({ accountId: a.accountId, firstName: 'Only', county: null, workEmail: null, country: null, success: true });
  });

  it('refuses bad input naming the field and creates nothing', async () => {
    const cl = await t.newClient(V2024);
    const a = await createAccount(cl);
    const b = await createAccount(cl);
    const cases: Array<[Record<string, unknown>, number, number, RegExp]> = [
      [{ firstName: 'A', lastName: 'B' }, 400, 22, /'accountId' or 'accountNumber'/],
      [{ accountId: 'nope', firstName: 'A', lastName: 'B' }, 400, 20, /'accountId'/],
      [{ accountNumber: 'A12345678', firstName: 'A', lastName: 'B' }, 400, 20, /'accountNumber'/],
      [{ accountId: a.accountId, accountNumber: b.accountNumber, firstName: 'A', lastName: 'B' }, 400, 20, /same account/],
      [{ accountId: a.accountId, lastName: 'B' }, 400, 22, /'firstName'/],
      [{ accountId: a.accountId, firstName: 'A' }, 400, 22, /'lastName'/],
      [{ accountId: a.accountId, firstName: 'A', lastName: 'B', personalEmail: 'bad@' }, 400, 20, /'personalEmail'/],
      [{ accountId: a.accountId, firstName: 'A', lastName: 'B', otherPhoneType: 'Fax' }, 400, 20, /'otherPhoneType'/],
      [{ accountId: a.accountId, firstName: 'A', lastName: 'B', zipCode: '1'.repeat(21) }, 400, 20, /'zipCode'/],
      [{ accountId: a.accountId, firstName: 'A', lastName: 'B', country: 'Narnia' }, 400, 20, /'country'/],
      [{ accountId: a.accountId, firstName: 'A', lastName: 'B', country: 'CA', state: 'Bavaria' }, 400, 20, /'state'/],
    ];
    for (const [body, status, cat, msg] of cases) {
      const res = await cl.post('/v1/contacts', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.reasons[0].code % 100).toBe(cat);
      expect(res.body.reasons[0].message).toMatch(msg);
    }
    expect(await countRows(t, 'contacts', cl.tenant.id)).toBe(4);
  });

  it('validates US and Canadian states by name or code and normalizes country codes', async () => {
    const a = await createAccount(c);
    const ok = [
      ['US', 'ca', 'United States'],
      ['United States', 'New York', 'United States'],
      ['ca', 'QC', 'Canada'],
      ['Canada', 'British Columbia', 'Canada'],
      ['DE', 'Bavaria', 'Germany'],
      ['USA', 'TX', 'United States'],
      ['GBR', 'Kent', 'United Kingdom'],
    ];
    for (const [country, state, name] of ok) {
      const res = await c.post('/v1/contacts', { accountId: a.accountId, firstName: 'A', lastName: 'B', country, state });
      expect(res.body, `${country}/${state}`).toMatchObject({ success: true, country: name, state });
    }
  });

  it('answers 404 for an unknown contact', async () => {
    const res = await c.get('/v1/contacts/0123456789abcdef0123456789abcdef');
    expect(res.status).toBe(404);
    expect(res.body.reasons[0].code).toBe(50000040);
  });
});

describe('PUT /v1/contacts/{id}', () => {
  it('changes only the fields given (the page sample) and empties a field sent empty', async () => {
    const a = await createAccount(c);
    const created = (await c.post('/v1/contacts', { ...sample, accountId: a.accountId, tier__c: 'gold' })).body;
    const res = await c.put(`/v1/contacts/${created.id}`, { address1: 'new Address', city: 'Mumbai', contactDescription: 'This is the new Description', mobilePhone: 123213, zipCode: 123134, nickname: '' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...sample, id: created.id, address1: 'new Address', city: 'Mumbai', contactDescription: 'This is the new Description', mobilePhone: '123213', zipCode: '123134', nickname: null, tier__c: 'gold', success: true });
  });

  it('checks the state against the country after the change', async () => {
    const a = await createAccount(c);
    const created = (await c.post('/v1/contacts', { accountId: a.accountId, firstName: 'A', lastName: 'B', country: 'India', state: 'Assam' })).body;
    const res = await c.put(`/v1/contacts/${created.id}`, { country: 'United States' });
    expect(res.status).toBe(400);
    expect(res.body.reasons[0].message).toMatch(/'state'/);
    expect((await c.get(`/v1/contacts/${created.id}`)).body.country).toBe('India');
    const empty = await c.put(`/v1/contacts/${created.id}`, { lastName: '' });
    expect(empty.body.reasons[0].message).toMatch(/'lastName'/);
  });
});

describe('DELETE /v1/contacts/{id}', () => {
  it('deletes an ordinary contact but refuses the bill-to and sold-to contacts', async () => {
    const a = await createAccount(c);
    const extra = (await c.post('/v1/contacts', { accountId: a.accountId, firstName: 'X', lastName: 'Y' })).body;
    expect((await c.del(`/v1/contacts/${extra.id}`)).body).toEqual({ success: true });
    expect((await c.get(`/v1/contacts/${extra.id}`)).status).toBe(404);
    for (const id of [a.billToContactId, a.soldToContactId]) {
      const res = await c.del(`/v1/contacts/${id}`);
      expect(res.status).toBe(400);
      expect(res.body.reasons[0].code % 100).toBe(30);
      expect((await c.get(`/v1/contacts/${id}`)).status).toBe(200);
    }
    expect((await c.del(`/v1/contacts/${extra.id}`)).status).toBe(404);
  });
});

describe('PUT /v1/contacts/{id}/transfer', () => {
  it('moves a contact to another account of the same hierarchy', async () => {
    const parent = await createAccount(c);
    const child = await createAccount(c, { parentId: parent.accountId });
    const contact = (await c.post('/v1/contacts', { accountId: child.accountId, firstName: 'Move', lastName: 'Me' })).body;
    const res = await c.put(`/v1/contacts/${contact.id}/transfer`, { destinationAccountKey: parent.accountNumber });
    expect(res.body).toEqual({ success: true });
    expect((await c.get(`/v1/contacts/${contact.id}`)).body).toMatchObject({ accountId: parent.accountId, accountNumber: parent.accountNumber });
  });

  it('refuses a bill-to contact, an unknown or unrelated account, and a missing key', async () => {
    const parent = await createAccount(c);
    const child = await createAccount(c, { parentId: parent.accountId });
    const stranger = await createAccount(c);
    const contact = (await c.post('/v1/contacts', { accountId: child.accountId, firstName: 'Stay', lastName: 'Here' })).body;
    const billTo = await c.put(`/v1/contacts/${child.billToContactId}/transfer`, { destinationAccountKey: parent.accountId });
    expect(billTo.status).toBe(400);
    expect(billTo.body.reasons[0].code % 100).toBe(30);
    const unknown = await c.put(`/v1/contacts/${contact.id}/transfer`, { destinationAccountKey: 'A77777777' });
    expect(unknown.status).toBe(404);
    const unrelated = await c.put(`/v1/contacts/${contact.id}/transfer`, { destinationAccountKey: stranger.accountId });
    expect(unrelated.status).toBe(400);
    expect(unrelated.body.reasons[0].message).toMatch(/hierarchy/);
    const missing = await c.put(`/v1/contacts/${contact.id}/transfer`, {});
    expect(missing.body.reasons[0].message).toMatch(/'destinationAccountKey'/);
    expect((await c.get(`/v1/contacts/${contact.id}`)).body.accountId).toBe(child.accountId);
  });
});

describe('contact snapshots and scrubbing', () => {
  it('a snapshot is an immutable copy: later contact changes do not reach it', async () => {
    const a = await createAccount(c);
    const contact = (await c.post('/v1/contacts', { ...sample, accountId: a.accountId, taxRegion: 'California', workEmail: 'amy.lawrence@zuora.com', workPhone: '(888)976-9056', asBillTo: true, tier__c: 'gold' })).body;
    const ctx = makeCtx(c.tenant, t.database.db);
    const snapId = await inTransaction(ctx, (tx) => takeContactSnapshot(tx, contact.id));
    await c.put(`/v1/contacts/${contact.id}`, { city: 'Chennai', firstName: 'Pat' });
    const s = await c.get(`/v1/contact-snapshots/${snapId}?page=1&pageSize=20`);
    expect(s.status).toBe(200);
    expect(s.body).toEqual({
      id: snapId,
      contactId: contact.id,
      address1: '314, Bongora',
      address2: 'near Tech City',
      city: 'GHY',
      country: 'India',
      county: null,
      description: 'This is a description for the contact',
      fax: '6174',
      firstName: 'Kuhi',
      homePhone: '1234123',
      lastName: 'Das',
      mobilePhone: '123213',
      nickname: 'Dorimi',
      otherPhone: '2314213',
      otherPhoneType: 'Work',
      personalEmail: 'kuhiroll@example.com',
      postalCode: '123456',
      state: 'Assam',
      taxRegion: 'California',
      workEmail: 'amy.lawrence@zuora.com',
      workPhone: '(888)976-9056',
      asBillTo: true,
      tier__c: 'gold',
      success: true,
    });
    expect((await c.get('/v1/contact-snapshots/0123456789abcdef0123456789abcdef')).status).toBe(404);
    const tooBig = await c.get(`/v1/contact-snapshots/${snapId}?pageSize=41`);
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.reasons[0].message).toMatch(/pageSize/);
    const other = await t.newClient(V2024);
    expect((await other.get(`/v1/contact-snapshots/${snapId}`)).status).toBe(404);
  });

  it('scrub replaces the personal data of the contact and of its snapshots', async () => {
    const a = await createAccount(c);
    const contact = (await c.post('/v1/contacts', { ...sample, accountId: a.accountId, workEmail: 'w@example.com', taxRegion: 'California' })).body;
    const ctx = makeCtx(c.tenant, t.database.db);
    const snapId = await takeContactSnapshot(ctx, contact.id);
    expect((await c.put(`/v1/contacts/${contact.id}/scrub`)).body).toEqual({ success: true });
    const after = (await c.get(`/v1/contacts/${contact.id}`)).body;
    expect(after).toMatchObject({ firstName: 'Scrubbed', lastName: 'Scrubbed', nickname: null, address1: null, address2: null, city: null, state: null, country: null, zipCode: null, workEmail: null, personalEmail: null, homePhone: null, mobilePhone: null, otherPhone: null, fax: null });
    // Not personal data: kept.
    expect(after).toMatchObject({ taxRegion: 'California', contactDescription: sample.contactDescription });
    const snap = (await c.get(`/v1/contact-snapshots/${snapId}`)).body;
    expect(snap).toMatchObject({ firstName: 'Scrubbed', lastName: 'Scrubbed', address1: null, personalEmail: null, workEmail: null, postalCode: null });
    expect((await c.put('/v1/contacts/0123456789abcdef0123456789abcdef/scrub')).status).toBe(404);
  });
});
