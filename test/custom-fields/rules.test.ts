// Pure rules of custom field definitions (src/platform/custom-fields.ts) and of the custom object record query
// (src/modules/custom-objects/query.ts). Shapes from the Settings API tutorials "View custom fields of a specific
// object" / "Update custom fields of a specific object"; the query syntax from "Query syntax of custom object records".
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDefinitions, checkFieldDefinition, checkFieldValue, presentDefined, standardObjectName, type ObjectFieldDefinitions } from '../../src/platform/custom-fields.js';
import { matches, parseQuery, QueryError } from '../../src/modules/custom-objects/query.js';

const defs: ObjectFieldDefinitions = {
  properties: {
    Territory__c: { type: 'string', enum: ['Undefined', 'Central'], default: 'Undefined' },
    Seats__c: { type: 'integer' },
    Rate__c: { type: 'number', minimum: 0 },
    Since__c: { type: 'string', format: 'date' },
    Code__c: { type: 'string', maxLength: 3 },
  },
  required: ['Code__c'],
  filterable: [],
};

describe('custom field values', () => {
  it('checks types, formats, lengths and picklists', () => {
    const ok = (n: string, v: unknown) => checkFieldValue(n, defs.properties[n]!, v);
    expect(ok('Seats__c', 4)).toEqual({ value: 4 });
    expect(ok('Seats__c', '4')).toEqual({ value: 4 });
    expect(ok('Seats__c', 4.5)).toMatchObject({ category: 20 });
    expect(ok('Rate__c', '0.25')).toEqual({ value: 0.25 });
    expect(ok('Rate__c', -1)).toMatchObject({ category: 20 });
    expect(ok('Since__c', '2024-02-29')).toEqual({ value: '2024-02-29' });
    expect(ok('Since__c', '2023-02-29')).toMatchObject({ category: 20 });
    expect(ok('Code__c', 'ABCD')).toMatchObject({ category: 20 });
    expect(ok('Code__c', '')).toMatchObject({ category: 20 });
    expect(ok('Territory__c', 'central')).toMatchObject({ category: 20 });
    expect(ok('Territory__c', null)).toEqual({ value: null });
  });

  it('on create fills defaults and requires required fields; refuses undefined ones', () => {
    expect(applyDefinitions(defs, 'Account', { Code__c: 'A1' }, { create: true })).toEqual({ Code__c: 'A1', Territory__c: 'Undefined' });
    expect(() => applyDefinitions(defs, 'Account', {}, { create: true })).toThrow(/Code__c/);
    expect(() => applyDefinitions(defs, 'Account', { Other__c: 1 })).toThrow(/not defined/);
    expect(applyDefinitions(defs, 'Account', { Seats__c: 2 })).toEqual({ Seats__c: 2 });
    expect(() => applyDefinitions(defs, 'Account', { Code__c: null })).toThrow(/cannot be cleared/);
  });

  it('reads list every defined field, null when unset, keep non-custom keys, drop undefined custom ones', () => {
    expect(presentDefined(defs, { Seats__c: 1, Old__c: 'x', Sync__NS: 'y' })).toEqual({ Sync__NS: 'y', Territory__c: null, Seats__c: 1, Rate__c: null, Since__c: null, Code__c: null });
  });

  it('checks definitions', () => {
    expect(checkFieldDefinition('A__c', { type: 'string', enum: ['a', 'b'], default: 'a' })).toEqual({ type: 'string', enum: ['a', 'b'], default: 'a' });
    expect(checkFieldDefinition('A', { type: 'string' })).toMatchObject({ category: 20 });
    expect(checkFieldDefinition('A__c', { type: 'string', enum: ['Business', 'BUSINESS'] })).toMatchObject({ category: 20 });
    expect(checkFieldDefinition('A__c', { type: 'integer', format: 'date' })).toMatchObject({ category: 20 });
    expect(checkFieldDefinition('A__c', { type: 'boolean', default: 'no' })).toMatchObject({ category: 20 });
    expect(standardObjectName('productrateplancharge')).toBe('ProductRatePlanCharge');
    expect(standardObjectName('rate_plan')).toBe('RatePlan');
    expect(standardObjectName('Spaceship')).toBeUndefined();
  });

  it('property: a value that passes its check passes again unchanged (normalised once)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.string(), fc.boolean()), (v) => {
        for (const d of Object.values(defs.properties)) {
          const r = checkFieldValue('F__c', d, v);
          if ('value' in r) expect(checkFieldValue('F__c', d, r.value)).toEqual(r);
        }
      }),
    );
  });
});

describe('custom object record query (q)', () => {
  const rec = { status__c: 'active', activeDate__c: '2017-05-01', n__c: 5, flag__c: true };
  const q = (s: string) => matches(parseQuery(s), rec);
  it('evaluates the page examples', () => {
    expect(q('status__c:active AND activeDate__c:<2018')).toBe(true);
    expect(q('status__c:active && activeDate__c:<2018')).toBe(true);
    expect(q('status__c:inactive OR activeDate__c:<2018')).toBe(true);
    expect(q('status__c:inactive || n__c:>5')).toBe(false);
    expect(q('!_exists_:status__c')).toBe(false);
    expect(q('NOT _exists_:missing__c')).toBe(true);
    expect(q('!status__c:active')).toBe(false);
    expect(q('!missing__c:x')).toBe(true); // missing or null counts as not equal
    expect(q('n__c:>=5 AND n__c:<=5 AND flag__c:true')).toBe(true);
    expect(q('(status__c:"active" OR n__c:1) AND NOT flag__c:false')).toBe(true);
  });
  it('refuses malformed queries with the position', () => {
    for (const bad of ['', 'status__c', 'status__c:', '(a:b', 'a:b c:d', 'a:"open', 'a:b AND']) expect(() => parseQuery(bad), bad).toThrow(QueryError);
    expect(() => parseQuery('a:b )')).toThrow(/position 5/);
  });
});
