/** The Usage object of the query model, over the usages table. */
import { qf, type QueryObject } from '../queries/contract.js';
import { createUsage, deleteUsage, updateUsage } from './service.js';

const rw = { createable: true, updateable: true };

export const usageQueryObjects: QueryObject[] = [
  {
    name: 'Usage',
    path: 'usages',
    operationIds: ['queryUsages', 'queryUsageByKey'],
    table: 'usages',
    customFields: 'custom_fields',
    // POST /v1/action/create, update, delete: the object API's rules (service.ts)
    actions: { create: (ctx, b, o) => createUsage(ctx, b, { wsdlVersion: o.wsdlVersion }), update: (ctx, id, b) => updateUsage(ctx, id, b), delete: deleteUsage },
    fields: [
      qf.id('Id', 'id'),
      qf.id('AccountId', 'account_id', { createable: true }),
      qf.text('AccountNumber', 'account_number', { createable: true }),
      qf.id('ChargeId', 'charge_id', { createable: true, wireName: 'ratePlanChargeId' }),
      qf.text('ChargeNumber', 'charge_number', { createable: true }),
      qf.datetime('CreatedDate', 'created_on'),
      qf.text('Description', 'description', rw),
      qf.datetime('EndDateTime', 'end_date_time', rw),
      qf.id('ImportId', 'import_id'),
      qf.dec('Quantity', 'quantity', rw),
      qf.pick('RbeStatus', 'rbe_status', ['Importing', 'Pending', 'Processed']),
      qf.pick('SourceType', 'source_type', ['API', 'Import']),
      qf.datetime('StartDateTime', 'start_date_time', rw),
      qf.id('SubscriptionId', 'subscription_id', { createable: true }),
      qf.text('SubscriptionNumber', 'subscription_number', { createable: true }),
      qf.text('UniqueKey', 'unique_key', { createable: true }),
      qf.text('UOM', 'uom', rw),
      qf.datetime('UpdatedDate', 'updated_on'),
    ],
    relations: [{ name: 'account', property: 'account', object: 'Account', cardinality: 'one', localField: 'AccountId', remoteField: 'Id' }],
  },
  {
    name: 'Import',
    table: 'usage_imports',
    zoql: true,
    fields: [
      qf.id('Id', 'id'),
      qf.datetime('CreatedDate', 'created_on'),
      qf.text('FileName', 'file_name'),
      qf.computed('ImportType', 'picklist', () => 'Usage', { values: ['Usage'] }),
      qf.int('ImportedCount', 'imported_count'),
      qf.text('Md5', 'md5'),
      qf.text('Name', 'file_name'),
      qf.int('Size', 'size'),
      qf.pick('Status', 'status', ['Pending', 'Processing', 'Completed', 'Canceled', 'Failed']),
      qf.text('StatusReason', 'status_reason'),
      qf.int('TotalCount', 'total_count'),
      qf.datetime('UpdatedDate', 'updated_on'),
    ],
  },
];
