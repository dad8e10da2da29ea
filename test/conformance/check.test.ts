// Unit tests of the conformance checker and of the spec extraction's YAML parser.
import { describe, expect, it } from 'vitest';
import { checkAgainst, checkResponse, formatIssues, type Schema } from './check.js';
import { extract, parseYaml } from '../../scripts/extract-schemas.mjs';

const account: Schema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    balance: { type: 'string', format: 'decimal' },
    billCycleDay: { type: 'integer' },
    autoPay: { type: 'boolean' },
    status: { type: 'string', enum: ['Active', 'Canceled'] },
    notes: { type: 'string', nullable: true },
    tags: { type: 'array', items: { type: 'string' } },
    contact: { type: 'object', properties: { firstName: { type: 'string' } } },
  },
};

describe('checkAgainst', () => {
  it('accepts a conforming body and lists the absent fields only as information', () => {
    const r = checkAgainst(account, { id: 'a', balance: 10.5, billCycleDay: 1, status: 'Active', notes: null, contact: {} });
    expect(r.ok).toBe(true);
    expect(r.issues).toEqual([]);
    expect(r.missing).toEqual(['$.autoPay', '$.contact.firstName', '$.tags']);
  });

  it('reports unknown fields, naming the spec spelling when only the casing differs', () => {
    const r = checkAgainst(account, { ID: 'a', contact: { firstname: 'x', lastName: 'y' } });
    expect(r.issues.map((i) => [i.kind, i.path])).toEqual([
      ['unknown-field', '$.ID'],
      ['unknown-field', '$.contact.firstname'],
      ['unknown-field', '$.contact.lastName'],
    ]);
    expect(r.issues[0]!.expected).toContain('"id"');
    expect(formatIssues(r)).toContain('$.contact.firstname');
  });

  it('lets custom fields through anywhere, and `description` (the compacted spec lost every property of that name)', () => {
    expect(checkAgainst(account, { tier__c: 'gold', description: 'd', contact: { nick__c: { any: 1 }, description: null } }).ok).toBe(true);
    expect(checkAgainst(account, { Description: 'd' }).ok).toBe(false);
  });

  it('reports JSON type mismatches, integers included, and enum values outside the enum', () => {
    const r = checkAgainst(account, { id: 1, billCycleDay: 1.5, autoPay: 'true', tags: 'x', contact: [], status: 'Cancelled' });
    expect(r.issues.map((i) => [i.kind, i.path, i.expected.split(' ')[0]])).toEqual([
      ['type', '$.id', 'string'],
      ['type', '$.billCycleDay', 'integer'],
      ['type', '$.autoPay', 'boolean'],
      ['type', '$.tags', 'array'],
      ['type', '$.contact', 'object'],
      ['enum', '$.status', 'one'],
    ]);
  });

  it('fails an empty string anywhere (Zuora sends null for an unset field), and passes null and values', () => {
    const r = checkAgainst(account, { id: 'a', notes: '', tags: ['x', ''], contact: { firstName: '' } });
    expect(r.issues.map((i) => [i.kind, i.path])).toEqual([
      ['empty-string', '$.notes'],
      ['empty-string', '$.tags[1]'],
      ['empty-string', '$.contact.firstName'],
    ]);
    expect(checkAgainst(account, { id: 'a', notes: null, tags: ['x'], contact: { firstName: 'Ann' } }).ok).toBe(true);
    expect(checkAgainst({ type: 'string', enum: ['', 'A'] }, '').ok).toBe(true);
  });

  it('does not let a sample with "" back an empty string (GET_Account: Zuora\'s sample has basicInfo.notes "")', () => {
    const r = checkResponse('GET_Account', { success: true, basicInfo: { id: 'a', notes: '' } });
    expect(r.issues.map((i) => [i.kind, i.path])).toEqual([['empty-string', '$.basicInfo.notes']]);
  });

  it('checks array items and numbers (a decimal string may be a JSON number, a plain string may not)', () => {
    const r = checkAgainst(account, { tags: ['a', 2], balance: 3, id: 4 });
    expect(r.issues.map((i) => i.path)).toEqual(['$.tags[1]', '$.id']);
  });

  it('lists a null on a field not marked nullable without failing', () => {
    const r = checkAgainst(account, { id: null, notes: null, tags: [null] });
    expect(r.ok).toBe(true);
    expect(r.nulls).toEqual(['$.id', '$.tags[]']);
  });

  it('merges allOf parts, picks the best oneOf alternative, and accepts anything at a cycle', () => {
    const s: Schema = {
      allOf: [{ type: 'object', properties: { a: { type: 'string' } } }, { properties: { b: { type: 'number' }, rec: { 'x-cycle': 'Node' } } }],
      oneOf: [{ properties: { kind: { type: 'string', enum: ['x'] }, x: { type: 'string' } } }, { properties: { kind: { type: 'string', enum: ['y'] }, y: { type: 'number' } } }],
    };
    expect(checkAgainst(s, { a: 'a', b: 1, kind: 'y', y: 2, rec: { whatever: [1] } }).ok).toBe(true);
    const bad = checkAgainst(s, { a: 'a', kind: 'y', y: 'two', z: 1 });
    expect(bad.issues.map((i) => [i.kind, i.path])).toEqual([
      ['type', '$.y'],
      ['unknown-field', '$.z'],
    ]);
  });

  it('follows additionalProperties: true passes anything, a schema checks the values', () => {
    expect(checkAgainst({ type: 'object', properties: { a: {} }, additionalProperties: true }, { b: 1 }).ok).toBe(true);
    const r = checkAgainst({ type: 'object', additionalProperties: { type: 'number' } }, { b: 1, c: 'x' });
    expect(r.issues.map((i) => i.path)).toEqual(['$.c']);
  });
});

describe('checkResponse', () => {
  it('checks against the extracted spec, and sets aside what the reference sample shows too', () => {
    // The spec's GET_SequenceSet schema has no `success`, but Zuora's own sample sends it.
    const r = checkResponse('GET_SequenceSet', { success: true, id: 'x', name: 'FR', invoice: { prefix: 'INV', startNumber: 1 } });
    expect(r.ok).toBe(true);
    expect(r.sampleBacked.map((i) => i.path)).toEqual(['$.success']);
    const strict = checkResponse('GET_SequenceSet', { success: true, id: 'x' }, { useSample: false });
    expect(strict.ok).toBe(false);
    const typo = checkResponse('GET_SequenceSet', { success: true, id: 'x', Name: 'FR' });
    expect(typo.issues.map((i) => i.path)).toEqual(['$.Name']);
  });

  it('refuses an operation the extraction does not know', () => {
    expect(() => checkResponse('NoSuchOperation', {})).toThrow(/NoSuchOperation/);
  });
});

describe('the extraction YAML parser', () => {
  it('reads the subset of YAML the compact spec uses', () => {
    const y = [
      'a: 1',
      "b: 'it''s'",
      'c: "q\\"x\\u00e9"',
      'd:',
      '  - x',
      '  - k: v',
      '    n: 2.5',
      '  - []',
      'e: {}',
      'f: |',
      '  line 1',
      '',
      '  line 2',
      'g: |-',
      '  kept',
      "'200':",
      '  ok: true',
      'h:',
      '- 1',
      '- null',
      'i: plain text: with colon',
    ].join('\n');
    expect(parseYaml(y)).toEqual({
      a: 1,
      b: "it's",
      c: 'q"xé',
      d: ['x', { k: 'v', n: 2.5 }, []],
      e: {},
      f: 'line 1\n\nline 2\n',
      g: 'kept',
      '200': { ok: true },
      h: [1, null],
      i: 'plain text: with colon',
    });
  });

  it('refuses what it does not support, with the line number', () => {
    expect(() => parseYaml('a: &anchor 1')).toThrow(/line 1/);
    expect(() => parseYaml('a: >\n  folded')).toThrow(/line 1/);
  });

  it('resolves $refs, guards cycles and keeps only the tags it is asked for', () => {
    const spec = {
      paths: {
        '/v1/nodes': {
          get: { operationId: 'GET_Node', tags: ['Accounts'], responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } } } },
          post: { operationId: 'POST_Other', tags: ['Workflows'], responses: { '200': {} } },
        },
      },
      components: { schemas: { Node: { type: 'object', description: 'dropped', properties: { id: { type: 'string' }, next: { $ref: '#/components/schemas/Node' } } } } },
    };
    const { ops, cycles } = extract(spec);
    expect(Object.keys(ops)).toEqual(['GET_Node']);
    expect(ops.GET_Node!.response).toEqual({ type: 'object', properties: { id: { type: 'string' }, next: { 'x-cycle': 'Node' } } });
    expect(cycles).toEqual(['Node']);
  });
});
