/**
 * The TaxationItem object of the query model (ZOQL, describe, object query), over the invoice rows of the
 * taxation_items table. Fields with Zuora's names (the ExpandedTaxationItem schema of the object query
 * pages and the ZOQL TaxationItem object); what zbill does not keep (accounting codes, users, tax engine
 * snapshots) is left out rather than answered with a made-up value.
 */
import { qf, type QueryObject } from '../queries/contract.js';

export const taxQueryObjects: QueryObject[] = [
  {
    name: 'TaxationItem',
    label: 'Taxation Item',
    path: 'taxation-items',
    operationIds: ['queryTaxationItems', 'queryTaxationItemByKey'],
    table: 'taxation_items',
    fixed: { document_kind: 'invoice' },
    fields: [
      qf.id('Id', 'id'),
      qf.datetime('CreatedDate', 'created_at'),
      qf.dec('ExemptAmount', 'exempt_amount'),
      qf.id('InvoiceItemId', 'item_id'),
      qf.text('Jurisdiction', 'jurisdiction'),
      qf.text('LocationCode', 'location_code'),
      qf.text('Name', 'name'),
      qf.dec('TaxAmount', 'tax_amount'),
      qf.text('TaxCode', 'tax_code'),
      qf.text('TaxCodeDescription', 'tax_code_description'),
      qf.date('TaxDate', 'tax_date'),
      qf.pick('TaxMode', 'tax_mode', ['TaxExclusive', 'TaxInclusive']),
      qf.dec('TaxRate', 'tax_rate'),
      qf.text('TaxRateDescription', 'tax_rate_description'),
      qf.pick('TaxRateType', 'tax_rate_type', ['Percentage', 'FlatFee']),
      qf.datetime('UpdatedDate', 'updated_at'),
    ],
    relations: [{ name: 'invoiceitem', property: 'invoiceItem', object: 'InvoiceItem', cardinality: 'one', localField: 'InvoiceItemId', remoteField: 'Id', label: 'Invoice Item' }],
  },
];
