/**
 * The ProcessedUsage object of the query model (object query `processed-usages`, ExpandedProcessedUsage):
 * a usage record a bill run rated into an item. zbill bills a record into one item, so a processed usage
 * is the record itself (its Id is the usage's id) and its invoice item the one that billed it. The
 * amount a record contributed and the billing period are the item's (expand invoiceitem); zbill does not
 * split an item's amount by record, so Amount is absent.
 */
import { qf, type QueryObject } from '../queries/contract.js';

export const processedUsageQueryObjects: QueryObject[] = [
  {
    name: 'ProcessedUsage',
    path: 'processed-usages',
    operationIds: ['queryProcessedUsages', 'queryProcessedUsageByKey'],
    table: 'usages',
    fixed: { rbe_status: 'Processed' },
    fields: [
      qf.id('Id', 'id'),
      qf.datetime('CreatedDate', 'created_on'),
      qf.id('InvoiceItemId', 'invoice_item_id'),
      qf.id('RatePlanChargeId', 'charge_id'),
      qf.datetime('UpdatedDate', 'updated_on'),
      qf.id('UsageId', 'id'),
    ],
    relations: [
      { name: 'usage', property: 'usage', object: 'Usage', cardinality: 'one', localField: 'UsageId', remoteField: 'Id' },
      { name: 'invoiceitem', property: 'invoiceItem', object: 'InvoiceItem', cardinality: 'one', localField: 'InvoiceItemId', remoteField: 'Id', label: 'Invoice Item' },
    ],
  },
];
