import { beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type Client, type TestApp } from '../helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});

const V = { 'Zuora-Version': '2025-01-01' }; // mapped HTTP statuses
const account = (extra: Record<string, unknown> = {}) => ({ name: 'Acme', currency: 'USD', billCycleDay: 1, billToContact: { firstName: 'A', lastName: 'B' }, ...extra });

// The shape of the Settings API tutorial "Update custom fields of a specific object".
const accountFields = {
  type: 'object',
  properties: {
    Territory__c: { enum: ['Undefined', 'Central', 'North'], label: 'Territory', type: 'string', default: 'Undefined' },
    SEUseCase__c: { maxLength: 10, label: 'SE Use Case', type: 'string' },
    Seats__c: { label: 'Seats', type: 'integer' },
    Renewal__c: { format: 'date', label: 'Renewal', type: 'string' },
    Vip__c: { label: 'VIP', type: 'boolean' },
  },
  filterable: ['Territory__c'],
};

async function defineAccount(c: Client) {
  const r = await c.put('/settings/custom-fields/zuora/Account', accountFields);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

describe('custom field definitions of standard objects', () => {
  it('without definitions, any __c field round-trips as before', async () => {
    const c = await t.newClient();
    const r = await c.post('/v1/accounts', account({ Anything__c: 'x' }));
    expect(r.body.success, JSON.stringify(r.body)).toBe(true);
    const got = await c.get(`/v1/accounts/${r.body.accountId}`);
    expect(got.body.basicInfo.Anything__c).toBe('x');
    expect(got.body.basicInfo.Territory__c).toBeUndefined();
  });

  it('the Settings API stores, lists and replaces the definitions of an object', async () => {
    const c = await t.newClient();
    const put = await defineAccount(c);
    expect(put.type).toBe('Account');
    expect(put.schema.properties.Territory__c).toMatchObject({ enum: ['Undefined', 'Central', 'North'], default: 'Undefined', type: 'string', origin: 'custom' });
    expect(put.schema.properties.Territory__c.createdDate).toMatch(/^\d{4}-/);
    expect((await c.get('/settings/custom-fields/zuora/account')).body).toEqual(put);
    const all = await c.get('/settings/custom-fields/zuora');
    expect(Object.keys(all.body.definitions)).toEqual(['Account']);
    // a field's type cannot change
    const retype = await c.put('/settings/custom-fields/zuora/Account', { properties: { ...accountFields.properties, Seats__c: { type: 'string', label: 'Seats' } } });
    expect(retype.status).toBe(400);
    // a PUT replaces: fields left out are removed
    const less = await c.put('/settings/custom-fields/zuora/Account', { properties: { Seats__c: { type: 'integer', label: 'Seats' } } });
    expect(Object.keys(less.body.schema.properties)).toEqual(['Seats__c']);
    // bad definitions, unknown objects
    expect((await c.put('/settings/custom-fields/zuora/Account', { properties: { Bad: { type: 'string' } } })).status).toBe(400);
    expect((await c.put('/settings/custom-fields/zuora/Account', { properties: { A__c: { type: 'picklist' } } })).status).toBe(400);
    expect((await c.get('/settings/custom-fields/zuora/Spaceship')).status).toBe(404);
    // an object whose module does not apply definitions yet: refused, not stored and ignored
    expect((await c.put('/settings/custom-fields/zuora/Payment', { properties: { A__c: { type: 'string' } } })).status).toBe(501);
    // other tenants are not affected
    expect((await (await t.newClient()).get('/settings/custom-fields/zuora')).body).toEqual({ definitions: {} });
  });

  it('an account lists every defined field, null when unset, with the defaults on create', async () => {
    const c = await t.newClient();
    await defineAccount(c);
    const r = await c.post('/v1/accounts', account({ Seats__c: 12 }));
    expect(r.body.success, JSON.stringify(r.body)).toBe(true);
    const info = (await c.get(`/v1/accounts/${r.body.accountId}`)).body.basicInfo;
    expect(info).toMatchObject({ Territory__c: 'Undefined', SEUseCase__c: null, Seats__c: 12, Renewal__c: null, Vip__c: null });
    const summary = (await c.get(`/v1/accounts/${r.body.accountId}/summary`)).body.basicInfo;
    expect(summary).toMatchObject({ Territory__c: 'Undefined', Seats__c: 12, Vip__c: null });
    // an update changes the fields it gives and keeps the others
    const u = await c.put(`/v1/accounts/${r.body.accountId}`, { Vip__c: true, Renewal__c: '2026-01-31', Territory__c: 'North' });
    expect(u.body.success, JSON.stringify(u.body)).toBe(true);
    expect((await c.get(`/v1/accounts/${r.body.accountId}`)).body.basicInfo).toMatchObject({ Territory__c: 'North', Seats__c: 12, Vip__c: true, Renewal__c: '2026-01-31' });
  });

  it('refuses undefined fields (21), wrong types and picklist values outside the list (20), and changes nothing', async () => {
    const c = await t.newClient();
    await defineAccount(c);
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [{ Unknown__c: 'x' }, 21, /Unknown__c/],
      [{ Territory__c: 'Mars' }, 20, /Territory__c.*not one of/],
      [{ Seats__c: 'many' }, 20, /Seats__c/],
      [{ Seats__c: 1.5 }, 20, /Seats__c/],
      [{ SEUseCase__c: 'x'.repeat(11) }, 20, /SEUseCase__c/],
      [{ Renewal__c: '2026-02-30' }, 20, /Renewal__c/],
      [{ Vip__c: 'yes' }, 20, /Vip__c/],
    ];
    for (const [fields, cat, msg] of cases) {
      const r = await c.post('/v1/accounts', account(fields), V);
      expect(r.status, JSON.stringify(fields)).toBe(400);
      expect(r.body.success).toBe(false);
      expect(r.body.reasons[0].code % 100).toBe(cat);
      expect(r.body.reasons[0].message).toMatch(msg);
    }
    const ok = await c.post('/v1/accounts', account());
    const id = ok.body.accountId;
    const bad = await c.put(`/v1/accounts/${id}`, { Territory__c: 'Mars', name: 'Renamed' }, V);
    expect(bad.status).toBe(400);
    const after = (await c.get(`/v1/accounts/${id}`)).body.basicInfo;
    expect(after.name).toBe('Acme');
    expect(after.Territory__c).toBe('Undefined');
  });

  it('a required field must be given on create (22) and cannot be cleared', async () => {
    const c = await t.newClient();
    await c.put('/settings/custom-fields/zuora/Account', { properties: { Code__c: { type: 'string', label: 'Code' } }, required: ['Code__c'] });
    const miss = await c.post('/v1/accounts', account(), V);
    expect(miss.status).toBe(400);
    expect(miss.body.reasons[0].code % 100).toBe(22);
    const ok = await c.post('/v1/accounts', account({ Code__c: 'C1' }));
    expect(ok.body.success).toBe(true);
    const clear = await c.put(`/v1/accounts/${ok.body.accountId}`, { Code__c: null }, V);
    expect(clear.status).toBe(400);
  });

  it('POST /objects/migrations in the com_zuora namespace adds, updates and deletes a standard object field', async () => {
    const c = await t.newClient();
    const add = await c.post('/objects/migrations', {
      actions: [{ type: 'addField', namespace: 'com_zuora', object: 'account', field: { name: 'Tier__c', filterable: true, definition: { type: 'string', enum: ['Gold', 'Silver'], label: 'Tier' } } }],
    });
    expect(add.status, JSON.stringify(add.body)).toBe(200);
    const view = (await c.get('/settings/custom-fields/zuora/Account')).body.schema;
    expect(view.properties.Tier__c).toMatchObject({ type: 'string', enum: ['Gold', 'Silver'] });
    expect(view.filterable).toEqual(['Tier__c']);
    const acct = await c.post('/v1/accounts', account({ Tier__c: 'Gold' }));
    expect(acct.body.success, JSON.stringify(acct.body)).toBe(true);
    const upd = await c.post('/objects/migrations', {
      actions: [{ type: 'updateField', namespace: 'com_zuora', object: 'Account', field: { name: 'Tier__c', definition: { enum: ['Gold', 'Silver', 'Bronze'] } } }],
    });
    expect(upd.status, JSON.stringify(upd.body)).toBe(200);
    expect((await c.put(`/v1/accounts/${acct.body.accountId}`, { Tier__c: 'Bronze' })).body.success).toBe(true);
    const del = await c.post('/objects/migrations', { actions: [{ type: 'deleteField', namespace: 'com_zuora', object: 'Account', field: { name: 'Tier__c' } }] });
    expect(del.status).toBe(200);
    // no definitions left: free-form again
    expect((await c.post('/v1/accounts', account({ Whatever__c: 1 }))).body.success).toBe(true);
    const ren = await c.post('/objects/migrations', { actions: [{ type: 'renameField', namespace: 'com_zuora', object: 'Account', field: { name: 'A__c', targetName: 'B__c' } }] });
    expect(ren.status).toBe(501);
  });

  it('the admin API manages the same definitions', async () => {
    const c = await t.newClient();
    const put = await t.admin('PUT', `/admin/tenants/${c.tenant.id}/custom-fields/Account`, { properties: { Region__c: { type: 'string', label: 'Region' } } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect((await t.admin('GET', `/admin/tenants/${c.tenant.id}/custom-fields/Account`)).body.schema.properties.Region__c.type).toBe('string');
    expect((await c.post('/v1/accounts', account({ Other__c: 1 }), V)).status).toBe(400);
    expect((await t.admin('DELETE', `/admin/tenants/${c.tenant.id}/custom-fields/Account`)).status).toBe(204);
    expect((await t.admin('GET', `/admin/tenants/${c.tenant.id}/custom-fields`)).body).toEqual({ definitions: {} });
    expect((await c.post('/v1/accounts', account({ Other__c: 1 }))).body.success).toBe(true);
    expect((await t.raw('GET', `/admin/tenants/${c.tenant.id}/custom-fields`)).status).toBe(401);
  });

  it('GET /v1/describe/Account lists the defined custom fields', async () => {
    const c = await t.newClient();
    const before = (await c.get('/v1/describe/Account')).raw;
    expect(before).not.toContain('Territory__c');
    await defineAccount(c);
    await c.post('/objects/migrations', { actions: [{ type: 'updateField', namespace: 'com_zuora', object: 'Account', field: { name: 'Seats__c', required: true } }] });
    const xml = (await c.get('/v1/describe/Account')).raw;
    expect(xml).toContain('<field><name>Territory__c</name><label>Territory</label><selectable>true</selectable><createable>true</createable><updateable>true</updateable><filterable>true</filterable><custom>true</custom><maxlength></maxlength><required>false</required><type>picklist</type>');
    expect(xml).toMatch(/<name>SEUseCase__c<\/name>.*?<filterable>false<\/filterable>.*?<maxlength>10<\/maxlength><required>false<\/required><type>text<\/type>/);
    expect(xml).toMatch(/<name>Seats__c<\/name>.*?<required>true<\/required><type>integer<\/type>/);
    expect(xml).toMatch(/<name>Renewal__c<\/name>.*?<type>date<\/type>/);
    expect(xml).toMatch(/<name>Vip__c<\/name>.*?<type>boolean<\/type>/);
  });
});
