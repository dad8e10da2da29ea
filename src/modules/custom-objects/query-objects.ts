/**
 * Custom objects in the query model: object query `/object-query/{namespace}__{object}s` (queryCustomObjects,
 * queryCustomObjectBykey) reads a tenant's custom object records through the object this source builds from
 * the tenant's definition: the records table (rows of that object), the system fields in columns and each
 * custom field a key of the record's JSON data. Facts: the QueryCustomObjects page (the name is
 * `{namespace}__{objectname}s`, e.g. `default__cars`; records answer their fields as defined, `brand__c`,
 * and the system fields in camelCase).
 */
import type { Ctx } from '../../platform/context.js';
import type { FieldDefinition } from '../../platform/custom-fields.js';
import type { QueryField, QueryFieldType, QueryObject } from '../queries/contract.js';
import { qf } from '../queries/contract.js';
import type { StoredDefinition } from './schema.js';
import * as store from './store.js';

function typeOf(d: FieldDefinition): QueryFieldType {
  if (d.enum && !d.multiselect) return 'picklist';
  if (d.type === 'integer') return 'integer';
  if (d.type === 'number') return 'decimal';
  if (d.type === 'boolean') return 'boolean';
  return d.format === 'date' ? 'date' : d.format === 'date-time' ? 'datetime' : 'text';
}

/** The custom object a name of the object query path designates (`default__car` or `default__cars`), for this tenant. */
export async function customQueryObject(ctx: Ctx, name: string): Promise<QueryObject | undefined> {
  const m = /^default__([A-Za-z][A-Za-z0-9_]*)$/i.exec(name);
  if (!m) return undefined;
  const wanted = m[1]!;
  let row = await store.definition(ctx, 'default', wanted);
  if (!row && /s$/i.test(wanted)) row = await store.definition(ctx, 'default', wanted.slice(0, -1));
  if (!row) return undefined;
  const def = JSON.parse(row.definition) as StoredDefinition;
  const fields: QueryField[] = [
    qf.text('Id', 'id', { exact: true, wireName: 'id' }),
    qf.text('CreatedById', 'created_by', { exact: true }),
    qf.datetime('CreatedDate', 'created_date'),
    qf.text('UpdatedById', 'updated_by', { exact: true }),
    qf.datetime('UpdatedDate', 'updated_date'),
  ];
  for (const [key, d] of Object.entries(def.properties)) {
    // a multiselect picklist holds a list: answered, not filterable
    fields.push({ name: key, type: typeOf(d), json: ['data', key], filterable: !d.multiselect, exact: d.format === 'uuid', wireName: key.charAt(0).toLowerCase() + key.slice(1) });
  }
  return { name: `default__${row.object}`, label: def.label, table: 'custom_object_records', fixed: { object: row.object }, zoql: false, fields };
}
