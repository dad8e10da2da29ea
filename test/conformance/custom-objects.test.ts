// Conformance of Custom Object Definitions and Custom Object Records: every implemented operation's answer
// checked against its spec schema, on the page's Vehicle example.
import { beforeAll, describe, it } from 'vitest';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { conform, conformKnown, expectSuccess, known, surprisesTest } from './harness.js';

let t: TestApp;
let c: Client;
const w: Record<string, string> = {};

beforeAll(async () => {
  t = await setupApp();
  c = await t.newClient({ defaultApiVersion: '2025-08-12' });
});

const vehicle = {
  label: 'Vehicle',
  object: 'Vehicle',
  properties: {
    DeviceId__c: { label: 'Device ID', type: 'string', maxLength: 20 },
    OrderId__c: { label: 'Order ID', type: 'string', format: 'uuid' },
  },
  filterable: ['DeviceId__c'],
};

describe('Custom Object Definitions and Records', () => {
  // FINDINGS.md CO-1, CO-2: the samples' labels of the CreatedDate/UpdatedDate system properties
  it.fails('POST_CustomObjectDefinitions', known(async () => {
    conformKnown('POST_CustomObjectDefinitions', await c.post('/objects/definitions/default', { definitions: { Vehicle: vehicle } }), 'CO-1');
  }));
  it.fails('GET_AllCustomObjectDefinitionsInNamespace', known(async () => {
    conformKnown('GET_AllCustomObjectDefinitionsInNamespace', await c.get('/objects/definitions/default'), 'CO-2');
  }));
  it('GET_AllCustomObjectDefinitionsInNamespace (select=type)', async () => {
    conform('GET_AllCustomObjectDefinitionsInNamespace', await c.get('/objects/definitions/default?select=type'));
  });
  it('GET_CustomObjectDefinitionByType', async () => {
    conform('GET_CustomObjectDefinitionByType', await c.get('/objects/definitions/default/Vehicle'));
  });
  it('POST_UpdateCustomObjectDefinition', async () => {
    conform(
      'POST_UpdateCustomObjectDefinition',
      await c.post('/objects/migrations', {
        actions: [{ type: 'addField', namespace: 'default', object: 'Vehicle', field: { name: 'zip__c', definition: { description: 'Address zip code', label: 'Zip code', maxLength: 10, type: 'string' } } }],
      }),
    );
  });
  it('POST_CustomObjectRecords', async () => {
    const res = await c.post('/objects/records/default/Vehicle', { records: [{ DeviceId__c: '10101010', OrderId__c: 'c086028c-5df8-427d-a3c8-7a7fb5d32d3d' }, { DeviceId__c: '2' }] });
    conform('POST_CustomObjectRecords', res);
    w.id = res.body.records[0].Id;
    w.id2 = res.body.records[1].Id;
  });
  it('GET_AllRecordsForCustomObjectType', async () => {
    conform('GET_AllRecordsForCustomObjectType', await c.get('/objects/records/default/Vehicle?q=DeviceId__c:10101010&pageSize=10'));
  });
  it('GET_CustomObjectRecordByID', async () => {
    conform('GET_CustomObjectRecordByID', await c.get(`/objects/records/default/Vehicle/${w.id}`));
  });
  it('PUT_CustomObjectRecord', async () => {
    conform('PUT_CustomObjectRecord', await c.put(`/objects/records/default/Vehicle/${w.id}`, { DeviceId__c: '10101011' }));
  });
  it('Patch_PartialUpdateCustomObjectRecord', async () => {
    conform('Patch_PartialUpdateCustomObjectRecord', await c.req('PATCH', `/objects/records/default/Vehicle/${w.id}`, { zip__c: '94105' }, { 'content-type': 'application/merge-patch+json' }));
  });
  it('POST_CustomObjectRecordsBatchUpdateOrDelete', async () => {
    conform('POST_CustomObjectRecordsBatchUpdateOrDelete', await c.post('/objects/batch/default/Vehicle', { action: { type: 'update', records: { [w.id2!]: { DeviceId__c: '3' } } } }));
  });
  // FINDINGS.md CO-3, CO-4: the deletes answer no body
  it.fails('Delete_CustomObjectRecordByID', known(async () => {
    conformKnown('Delete_CustomObjectRecordByID', await c.del(`/objects/records/default/Vehicle/${w.id}`), 'CO-3');
  }));
  it.fails('Delete_CustomObjectDefinitionByType', known(async () => {
    expectSuccess('POST_CustomObjectDefinitions', await c.post('/objects/definitions/default', { definitions: { Scratch: { ...vehicle, object: 'Scratch', label: 'Scratch' } } }));
    conformKnown('Delete_CustomObjectDefinitionByType', await c.del('/objects/definitions/default/Scratch'), 'CO-4');
  }));
});

surprisesTest();
