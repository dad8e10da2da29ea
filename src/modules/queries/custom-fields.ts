/**
 * Custom fields in queries: an object that declares where its records keep their custom fields
 * (`customFields`, a JSON text column) gets, for the tenant asking, one field per custom field defined for
 * the standard object of its name (`Name__c`; src/platform/custom-fields.ts, the custom-objects module's
 * definitions). Every defined field is selectable; one is filterable (and sortable) when its definition
 * marks it filterable (indexed), as Zuora's "Custom field settings" page gives it for queries other than
 * Data Query. The values compile to the JSON key on both databases (filter.ts).
 */
import type { Ctx } from '../../platform/context.js';
import { customFieldDefinitions, standardObjectName, type FieldDefinition } from '../../platform/custom-fields.js';
import type { QueryField, QueryFieldType, QueryObject } from './contract.js';

/** The query type of a custom field definition. */
export function customFieldType(d: FieldDefinition): QueryFieldType {
  if (d.enum && !d.multiselect) return 'picklist';
  if (d.type === 'integer') return 'integer';
  if (d.type === 'number') return 'decimal';
  if (d.type === 'boolean') return 'boolean';
  return d.format === 'date' ? 'date' : d.format === 'date-time' ? 'datetime' : 'text';
}

/**
 * The object with the tenant's custom fields added (the object itself when it has none). `allFilterable`:
 * every custom field may be filtered on (Data Query's rule), not only the indexed ones.
 */
export async function withCustomFields(ctx: Ctx, obj: QueryObject, allFilterable = false): Promise<QueryObject> {
  if (!obj.customFields) return obj;
  const std = standardObjectName(obj.name);
  const defs = std ? await customFieldDefinitions(ctx, std) : undefined;
  if (!defs) return obj;
  const extra: QueryField[] = [];
  for (const [name, d] of Object.entries(defs.properties)) {
    if (obj.fields.some((f) => f.name.toLowerCase() === name.toLowerCase())) continue;
    extra.push({
      name,
      type: customFieldType(d),
      json: [obj.customFields, name],
      filterable: !d.multiselect && (allFilterable || defs.filterable.includes(name)),
      createable: true,
      updateable: true,
      ...(d.label ? { label: d.label } : {}),
      ...(d.enum && !d.multiselect ? { values: d.enum } : {}),
      wireName: name.charAt(0).toLowerCase() + name.slice(1),
    });
  }
  return extra.length ? { ...obj, fields: [...obj.fields, ...extra] } : obj;
}
