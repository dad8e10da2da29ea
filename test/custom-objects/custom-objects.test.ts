import { beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type Client, type TestApp } from '../helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// The request of the page "Create custom object definitions", with a picklist and a required field added.
const vehicle = {
  label: 'Vehicle',
  object: 'Vehicle',
  properties: {
    DeviceId__c: { label: 'Device ID', type: 'string', maxLength: 20 },
    OrderId__c: { label: 'Order ID', type: 'string', format: 'uuid' },
    Seats__c: { label: 'Seats', type: 'integer', minimum: 1 },
    Color__c: { label: 'Color', type: 'string', enum: ['Red', 'Blue'], default: 'Red' },
    Electric__c: { label: 'Electric', type: 'boolean' },
    Registered__c: { label: 'Registered', type: 'string', format: 'date' },
  },
  required: ['DeviceId__c'],
  filterable: ['DeviceId__c', 'Seats__c', 'Color__c'],
};

async function define(c: Client, def: Record<string, unknown> = vehicle) {
  const r = await c.post('/objects/definitions/default', { definitions: { [def.object as string]: def } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

async function create(c: Client, records: unknown[], extra: Record<string, unknown> = {}) {
  return c.post('/objects/records/default/Vehicle', { records, ...extra });
}

describe('custom object definitions', () => {
  it('creates a definition and answers its schema with the system fields', async () => {
    const c = await t.newClient();
    const body = await define(c);
    expect(body.count).toBe(1);
    const d = body.definitions.Vehicle;
    expect(d.Id).toMatch(UUID);
    expect(d.type).toBe('Vehicle');
    expect(d.schema.properties.DeviceId__c).toEqual({ label: 'Device ID', type: 'string', maxLength: 20, origin: 'custom' });
    expect(d.schema.properties.Id).toEqual({ format: 'uuid', label: 'Id', origin: 'system', type: 'string' });
    expect(d.schema.required).toEqual(['DeviceId__c', 'Id', 'CreatedById', 'UpdatedById', 'CreatedDate', 'UpdatedDate']);
    expect(d.schema.filterable).toEqual(['DeviceId__c', 'Seats__c', 'Color__c', 'Id', 'CreatedDate', 'UpdatedDate']);
    const got = await c.get('/objects/definitions/default/Vehicle');
    expect(got.status).toBe(200);
    expect(got.body).toEqual(d);
    const list = await c.get('/objects/definitions/default');
    expect(list.body.count).toBe(1);
    expect(Object.keys(list.body.definitions)).toEqual(['Vehicle']);
    expect((await c.get('/objects/definitions/default?select=type')).body.definitions).toEqual({ Vehicle: { type: 'Vehicle' } });
    // object names are case-sensitive
    expect((await c.get('/objects/definitions/default/vehicle')).status).toBe(404);
    // another tenant sees nothing
    const other = await t.newClient();
    expect((await other.get('/objects/definitions/default')).body).toEqual({ count: 0, definitions: {} });
  });

  it('refuses bad definitions and changes nothing', async () => {
    const c = await t.newClient();
    const cases: [Record<string, unknown>, number][] = [
      [{ ...vehicle, label: undefined }, 22],
      [{ ...vehicle, properties: {} }, 22],
      [{ ...vehicle, properties: { Bad: { type: 'string', label: 'x' } } }, 20],
      [{ ...vehicle, properties: { A__c: { type: 'text', label: 'x' } } }, 20],
      [{ ...vehicle, properties: { A__c: { type: 'string', enum: ['a', 'A'], label: 'x' } } }, 20],
      [{ ...vehicle, properties: { A__c: { type: 'string', enum: ['a'], default: 'b', label: 'x' } } }, 20],
      [{ ...vehicle, required: ['Nope__c'] }, 20],
      [{ ...vehicle, object: 'Other' }, 20],
      [{ ...vehicle, properties: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`F${i}__c`, { type: 'string', label: 'f' }])) }, 30],
    ];
    for (const [def, cat] of cases) {
      const r = await c.post('/objects/definitions/default', { definitions: { Vehicle: def } });
      expect(r.status, JSON.stringify(def)).toBe(400);
      expect(r.body.success).toBe(false);
      expect(r.body.reasons[0].code).toBe(71012500 + cat);
    }
    expect((await c.get('/objects/definitions/default')).body.count).toBe(0);
    await define(c);
    const dup = await c.post('/objects/definitions/default', { definitions: { Vehicle: vehicle } });
    expect(dup.status).toBe(400);
    expect(dup.body.reasons[0].code).toBe(71012530);
  });

  it('deletes a definition only without records', async () => {
    const c = await t.newClient();
    await define(c);
    const r = await create(c, [{ DeviceId__c: 'D1' }]);
    const id = r.body.records[0].Id;
    const refused = await c.del('/objects/definitions/default/Vehicle');
    expect(refused.status).toBe(400);
    expect(refused.body.reasons[0].code).toBe(71012530);
    expect((await c.del(`/objects/records/default/Vehicle/${id}`)).status).toBe(200);
    expect((await c.del('/objects/definitions/default/Vehicle')).status).toBe(200);
    expect((await c.get('/objects/definitions/default/Vehicle')).status).toBe(404);
    expect((await c.del('/objects/definitions/default/Vehicle')).status).toBe(404);
  });

  it('updates a definition by migrations, one action at a time, with the record rules', async () => {
    const c = await t.newClient();
    await define(c);
    const add = await c.post('/objects/migrations', {
      actions: [{ type: 'addField', namespace: 'default', object: 'Vehicle', field: { name: 'zip__c', definition: { label: 'Zip code', maxLength: 10, type: 'string' } } }],
    });
    expect(add.status, JSON.stringify(add.body)).toBe(200);
    expect(add.body.actions[0].type).toBe('addField');
    expect((await c.get('/objects/definitions/default/Vehicle')).body.schema.properties.zip__c).toEqual({ label: 'Zip code', maxLength: 10, type: 'string', origin: 'custom' });
    const two = await c.post('/objects/migrations', { actions: [add.body.actions[0], add.body.actions[0]] });
    expect(two.status).toBe(400);
    await create(c, [{ DeviceId__c: 'D1', zip__c: '12345' }]);
    // with records: no field deletion, no new required field, no optional field made required
    for (const action of [
      { type: 'deleteField', namespace: 'default', object: 'Vehicle', field: { name: 'zip__c' } },
      { type: 'addField', namespace: 'default', object: 'Vehicle', field: { name: 'req__c', required: true, definition: { type: 'string', label: 'r' } } },
      { type: 'updateField', namespace: 'default', object: 'Vehicle', field: { name: 'zip__c', required: true } },
      { type: 'updateField', namespace: 'default', object: 'Vehicle', field: { name: 'zip__c', definition: { type: 'number' } } },
    ]) {
      const r = await c.post('/objects/migrations', { actions: [action] });
      expect(r.status, action.type).toBe(400);
      expect(r.body.reasons[0].code).toBe(71012530);
    }
    // a rename carries the records' values
    const ren = await c.post('/objects/migrations', { actions: [{ type: 'renameField', namespace: 'default', object: 'Vehicle', field: { name: 'zip__c', targetName: 'postal__c' } }] });
    expect(ren.status, JSON.stringify(ren.body)).toBe(200);
    const list = await c.get('/objects/records/default/Vehicle');
    expect(list.body.records[0].postal__c).toBe('12345');
    expect(list.body.records[0].zip__c).toBeUndefined();
    const label = await c.post('/objects/migrations', { actions: [{ type: 'updateObject', namespace: 'default', object: 'Vehicle', label: 'Car' }] });
    expect(label.status).toBe(200);
    expect((await c.get('/objects/definitions/default/Vehicle')).body.schema.label).toBe('Car');
  });
});

describe('custom object records', () => {
  it('creates records with Zuora ids, defaults and system fields, and reads them back', async () => {
    const c = await t.newClient();
    await define(c);
    const r = await create(c, [{ DeviceId__c: '10101010', OrderId__c: 'c086028c-5df8-427d-a3c8-7a7fb5d32d3d', Seats__c: 4 }, { DeviceId__c: 'D2', Color__c: 'Blue' }]);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.records).toHaveLength(2);
    const [a, b] = r.body.records;
    expect(a.Id).toMatch(UUID);
    expect(a).toMatchObject({ type: 'Vehicle', DeviceId__c: '10101010', Seats__c: 4, Color__c: 'Red' });
    expect(b.Color__c).toBe('Blue');
    expect(a.CreatedDate).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const got = await c.get(`/objects/records/default/Vehicle/${a.Id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(a);
    const missing = await c.get('/objects/records/default/Vehicle/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.reasons[0].code).toBe(71012540);
  });

  it('refuses invalid records with the details of each, and creates none unless partial success is allowed', async () => {
    const c = await t.newClient();
    await define(c);
    const bad = [
      { DeviceId__c: 'ok' },
      { DeviceId__c: 'x'.repeat(21) },
      { DeviceId__c: 'a', Color__c: 'Green' },
      { DeviceId__c: 'a', Seats__c: 1.5 },
      { DeviceId__c: 'a', Unknown__c: 1 },
      { Seats__c: 2 },
      { DeviceId__c: 'a', OrderId__c: '123' },
      { DeviceId__c: 'a', Registered__c: '2024-02-30' },
      { DeviceId__c: '' },
    ];
    const r = await create(c, bad);
    expect(r.status).toBe(400);
    expect(r.body.details.map((d: { code: number }) => d.code)).toEqual([71012520, 71012520, 71012520, 71012521, 71012522, 71012520, 71012520, 71012520]);
    expect(r.body.details[4].record).toEqual({ Seats__c: 2 });
    expect(typeof r.body.message).toBe('string');
    expect((await c.get('/objects/records/default/Vehicle')).body.count).toBe(0);
    const p = await create(c, bad, { allowPartialSuccess: true });
    expect(p.status).toBe(200);
    expect(p.body.records).toHaveLength(1);
    expect(p.body.error.details).toHaveLength(8);
    expect((await c.get('/objects/records/default/Vehicle')).body.count).toBe(1);
    // an unknown object
    const none = await c.post('/objects/records/default/Nope', { records: [{}] });
    expect(none.status).toBe(404);
    expect(none.body.code).toBe(71012540);
  });

  it('updates (PUT merges, PATCH merge-patches), and deletes', async () => {
    const c = await t.newClient();
    await define(c);
    const id = (await create(c, [{ DeviceId__c: 'D1', Seats__c: 2 }])).body.records[0].Id;
    const put = await c.put(`/objects/records/default/Vehicle/${id}`, { DeviceId__c: 'D9' });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ DeviceId__c: 'D9', Seats__c: 2 });
    const patch = await c.req('PATCH', `/objects/records/default/Vehicle/${id}`, { Seats__c: null }, { 'content-type': 'application/merge-patch+json' });
    expect(patch.status, JSON.stringify(patch.body)).toBe(200);
    expect(patch.body.Seats__c).toBeUndefined();
    const clearRequired = await c.req('PATCH', `/objects/records/default/Vehicle/${id}`, { DeviceId__c: null });
    expect(clearRequired.status).toBe(400);
    expect(clearRequired.body.reasons[0].code).toBe(71012522);
    // If-Match: the ETag of the version read; a stale one is refused with 412 and changes nothing
    const read = await c.get(`/objects/records/default/Vehicle/${id}`);
    const etag = String(read.headers.etag);
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    const fresh = await c.put(`/objects/records/default/Vehicle/${id}`, { Seats__c: 4 }, { 'If-Match': etag });
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(200);
    expect(fresh.headers.etag).not.toBe(etag);
    const stale = await c.put(`/objects/records/default/Vehicle/${id}`, { Seats__c: 5 }, { 'If-Match': etag });
    expect(stale.status).toBe(412);
    expect((await c.get(`/objects/records/default/Vehicle/${id}`)).body.Seats__c).toBe(4);
    expect((await c.put(`/objects/records/default/Vehicle/${id}`, { Seats__c: 6 }, { 'If-Match': '*' })).status).toBe(200);
    const wrong = await c.put(`/objects/records/default/Vehicle/${id}`, { Seats__c: 'many' });
    expect(wrong.status).toBe(400);
    expect((await c.get(`/objects/records/default/Vehicle/${id}`)).body.DeviceId__c).toBe('D9');
    expect((await c.del(`/objects/records/default/Vehicle/${id}`)).status).toBe(200);
    expect((await c.get(`/objects/records/default/Vehicle/${id}`)).status).toBe(404);
    // deleting again still answers 200, as the page says
    expect((await c.del(`/objects/records/default/Vehicle/${id}`)).status).toBe(200);
  });

  it('lists with q, ids, pageSize and cursor', async () => {
    const c = await t.newClient();
    await define(c);
    const recs = Array.from({ length: 7 }, (_, i) => ({ DeviceId__c: `D${i}`, Seats__c: i + 1, Color__c: i % 2 ? 'Blue' : 'Red' }));
    const created = (await create(c, recs)).body.records as { Id: string; DeviceId__c: string }[];
    const all = (await c.get('/objects/records/default/Vehicle')).body.records as { Id: string }[];
    expect(all.map((r) => r.Id)).toEqual(created.map((r) => r.Id).sort());
    const page1 = (await c.get('/objects/records/default/Vehicle?pageSize=3')).body;
    expect(page1.count).toBe(3);
    const page2 = (await c.get(`/objects/records/default/Vehicle?pageSize=3&cursor=${page1.records[2].Id}`)).body;
    expect(page2.records.map((r: { Id: string }) => r.Id)).toEqual(all.slice(3, 6).map((r) => r.Id));
    const q = async (s: string) => ((await c.get(`/objects/records/default/Vehicle?q=${encodeURIComponent(s)}`)).body.records as { DeviceId__c: string }[]).map((r) => r.DeviceId__c).sort();
    expect(await q('Color__c:Blue')).toEqual(['D1', 'D3', 'D5']);
    expect(await q('Color__c:Blue AND Seats__c:>2')).toEqual(['D3', 'D5']);
    expect(await q('Seats__c:<=2 || DeviceId__c:"D6"')).toEqual(['D0', 'D1', 'D6']);
    expect(await q('NOT Color__c:Red')).toEqual(['D1', 'D3', 'D5']);
    expect(await q('(Seats__c:1 OR Seats__c:7) && !Color__c:Blue')).toEqual(['D0', 'D6']);
    expect(await q('_exists_:DeviceId__c AND Seats__c:>=7')).toEqual(['D6']);
    const ids = (await c.get(`/objects/records/default/Vehicle?ids=${created[0]!.Id}&ids=${created[1]!.Id}`)).body.records;
    expect(ids.map((r: { DeviceId__c: string }) => r.DeviceId__c).sort()).toEqual(['D0', 'D1']);
    // not filterable, malformed, bad cursor
    for (const bad of ['q=Electric__c:true', 'q=Color__c:', 'q=(Color__c:Red', 'cursor=nope', 'pageSize=1001']) {
      const r = await c.get(`/objects/records/default/Vehicle?${bad}`);
      expect(r.status, bad).toBe(400);
    }
  });

  it('batch updates and deletes, all or nothing unless partial success is allowed', async () => {
    const c = await t.newClient();
    await define(c);
    const [a, b] = (await create(c, [{ DeviceId__c: 'A' }, { DeviceId__c: 'B' }])).body.records as { Id: string }[];
    const up = await c.post('/objects/batch/default/Vehicle', { action: { type: 'update', records: { [a!.Id]: { Seats__c: 5 }, [b!.Id]: { Seats__c: 'x' } } } });
    expect(up.status).toBe(400);
    expect(up.body.details).toHaveLength(1);
    expect((await c.get(`/objects/records/default/Vehicle/${a!.Id}`)).body.Seats__c).toBeUndefined();
    const ok = await c.post('/objects/batch/default/Vehicle', { action: { type: 'update', allowPartialSuccess: true, records: { [a!.Id]: { Seats__c: 5 }, [b!.Id]: { Seats__c: 'x' } } } });
    expect(ok.status).toBe(200);
    expect(ok.body.error.details).toHaveLength(1);
    expect((await c.get(`/objects/records/default/Vehicle/${a!.Id}`)).body.Seats__c).toBe(5);
    const del = await c.post('/objects/batch/default/Vehicle', { action: { type: 'delete', ids: [a!.Id, b!.Id] } });
    expect(del.status).toBe(200);
    expect(del.body).toEqual({});
    expect((await c.get('/objects/records/default/Vehicle')).body.count).toBe(0);
    expect((await c.post('/objects/batch/default/Vehicle', { action: { type: 'purge' } })).status).toBe(400);
  });

  it('enforces relationships between custom objects and unique fields', async () => {
    const c = await t.newClient();
    await define(c);
    await define(c, {
      label: 'Trip',
      object: 'Trip',
      properties: { VehicleId__c: { type: 'string', format: 'uuid', label: 'Vehicle' }, Code__c: { type: 'string', label: 'Code' } },
      unique: ['Code__c'],
      relationships: [{ namespace: 'default', object: 'Vehicle', fields: { VehicleId__c: 'Id' } }],
    });
    const v = (await create(c, [{ DeviceId__c: 'V' }])).body.records[0].Id;
    const ok = await c.post('/objects/records/default/Trip', { records: [{ VehicleId__c: v, Code__c: 'T1' }] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const dangling = await c.post('/objects/records/default/Trip', { records: [{ VehicleId__c: '00000000-0000-4000-8000-000000000000', Code__c: 'T2' }] });
    expect(dangling.status).toBe(400);
    expect(dangling.body.details[0].code).toBe(71012530);
    const dup = await c.post('/objects/records/default/Trip', { records: [{ Code__c: 'T1' }] });
    expect(dup.status).toBe(400);
    expect(dup.body.details[0].code).toBe(71012530);
    // Vehicle cannot be deleted while Trip relates to it (and has records)
    const del = await c.del('/objects/definitions/default/Vehicle');
    expect(del.status).toBe(400);
  });

  it('relationships to Zuora objects: accounts are verified; others only without enforcement (501 otherwise)', async () => {
    const c = await t.newClient();
    const base = { label: 'Device', object: 'Device', properties: { OrderId__c: { type: 'string', label: 'Order' } } };
    const enforced = await c.post('/objects/definitions/default', { definitions: { Device: { ...base, relationships: [{ namespace: 'com_zuora', object: 'orders', fields: { OrderId__c: 'Id' } }] } } });
    expect(enforced.status).toBe(501);
    const loose = await c.post('/objects/definitions/default', {
      definitions: { Device: { ...base, relationships: [{ namespace: 'com_zuora', object: 'orders', fields: { OrderId__c: 'Id' }, recordConstraints: { create: { enforceValidMapping: false } } }] } },
    });
    expect(loose.status, JSON.stringify(loose.body)).toBe(200);
    expect(loose.body.definitions.Device.schema.relationships[0].recordConstraints.create.enforceValidMapping).toBe(false);
    const acct = await c.post('/v1/accounts', { name: 'A', currency: 'USD', billCycleDay: 1, billToContact: { firstName: 'A', lastName: 'B' } });
    await c.post('/objects/definitions/default', {
      definitions: { Seat: { label: 'Seat', object: 'Seat', properties: { AccountId__c: { type: 'string', label: 'Account' } }, relationships: [{ namespace: 'com_zuora', object: 'Account', fields: { AccountId__c: 'Id' } }] } },
    });
    const bad = await c.post('/objects/records/default/Seat', { records: [{ AccountId__c: 'f'.repeat(32) }] });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].code).toBe(71012530);
    const ok = await c.post('/objects/records/default/Seat', { records: [{ AccountId__c: acct.body.accountId }] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });

  it('empties with the tenant reset', async () => {
    const c = await t.newClient();
    await define(c);
    await create(c, [{ DeviceId__c: 'A' }]);
    const r = await t.admin('POST', `/admin/tenants/${c.tenant.id}/reset`);
    expect(r.status).toBe(200);
    const c2 = await t.newClient();
    expect((await c2.get('/objects/definitions/default')).body.count).toBe(0);
    // the reset tenant's token still works; its definitions and records are gone
    expect((await c.get('/objects/definitions/default')).body.count).toBe(0);
  });
});
