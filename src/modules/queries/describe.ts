/**
 * GET /v1/describe/{object}: the object's fields as Zuora's describe XML
 * (name, label, selectable, createable, updateable, filterable, custom,
 * maxlength, required, type, contexts) and, with showRelationships=true, its
 * related objects, all from the query registry.
 */
import type { Ctx } from '../../platform/context.js';
import { customFieldDefinitions, standardObjectName, type FieldDefinition } from '../../platform/custom-fields.js';
import { type QueryField, type QueryObject, queryObject, queryObjects } from './contract.js';
import { isFilterable } from './filter.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `AccountNumber` → `Account Number`, `BillToId` → `Bill To ID`. */
export function labelOf(name: string): string {
  return name
    .replace(/__c$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/\bId\b/g, 'ID');
}

/** A field as describe shows it; `def` is the tenant's custom field definition when it has one. */
function fieldXml(f: QueryField, def?: FieldDefinition, required = false): string {
  const b = (v: boolean) => (v ? 'true' : 'false');
  const parts = [
    `<name>${esc(f.name)}</name>`,
    `<label>${esc(f.label ?? labelOf(f.name))}</label>`,
    `<selectable>${b(f.selectable !== false)}</selectable>`,
    `<createable>${b(f.createable === true)}</createable>`,
    `<updateable>${b(f.updateable === true)}</updateable>`,
    `<filterable>${b(isFilterable(f))}</filterable>`,
    `<custom>${b(f.name.endsWith('__c'))}</custom>`,
    `<maxlength>${def?.maxLength ?? ''}</maxlength>`,
    `<required>${b(required)}</required>`,
    `<type>${f.type}</type>`,
    `<contexts><context>soap</context><context>export</context></contexts>`,
  ];
  return `<field>${parts.join('')}</field>`;
}

/** The describe type of a custom field definition. */
function typeOf(d: FieldDefinition): QueryField['type'] {
  if (d.enum) return 'picklist';
  if (d.type === 'integer') return 'integer';
  if (d.type === 'number') return 'decimal';
  if (d.type === 'boolean') return 'boolean';
  return d.format === 'date' ? 'date' : d.format === 'date-time' ? 'datetime' : 'text';
}

export async function describeXml(ctx: Ctx, obj: QueryObject, showRelationships: boolean): Promise<string> {
  const base = `${ctx.baseUrl}/v1/describe`;
  let xml = `<?xml version="1.0" encoding="UTF-8"?><object href="${esc(`${base}/${obj.name}`)}"><name>${esc(obj.name)}</name><label>${esc(obj.label ?? labelOf(obj.name))}</label>`;
  // the tenant's custom field definitions of the object, after its standard fields
  const std = standardObjectName(obj.name);
  const defs = std ? await customFieldDefinitions(ctx, std) : undefined;
  const fields = obj.fields.map((f) => fieldXml(f, defs?.properties[f.name], defs?.required.includes(f.name)));
  for (const [name, d] of Object.entries(defs?.properties ?? {})) {
    if (obj.fields.some((f) => f.name === name)) continue;
    const f: QueryField = { name, type: typeOf(d), label: d.label ?? labelOf(name), createable: true, updateable: true, filterable: defs!.filterable.includes(name), json: ['custom_fields', name] };
    fields.push(fieldXml(f, d, defs!.required.includes(name)));
  }
  xml += `<fields>${fields.join('')}</fields>`;
  if (showRelationships) {
    const rels = (obj.relations ?? []).filter((r) => queryObject(r.object));
    xml += '<related-objects>';
    for (const r of rels) {
      const join = r.joinName ?? r.property.charAt(0).toUpperCase() + r.property.slice(1);
      xml += `<object href="${esc(`${base}/${queryObject(r.object)!.name}`)}"><name>${esc(join)}</name><label>${esc(r.label ?? labelOf(join))}</label>`;
      xml += `<cardinality>${r.cardinality === 'one' ? 'TO_ONE' : 'TO_MANY'}</cardinality><direct-relationship>true</direct-relationship><path>${esc(`${obj.name}.${join}`)}</path></object>`;
    }
    xml += '</related-objects>';
  }
  return xml + '</object>';
}

export function describableNames(): string[] {
  return queryObjects().map((o) => o.name).sort();
}
