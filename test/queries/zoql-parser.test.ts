/**
 * The ZOQL grammar, pure. Rules from Zuora's pages: "ZOQL"
 * (docs.zuora.com/zuora-platform/data/legacy-query-methods/zoql: lower-case
 * keywords, no `*` in query(), `and` before `or`, at most 200 conditions),
 * "Filter statements" (=, !=, <, >, <=, >=, like, null) and the SOAP "Faults"
 * page (MalformedQueryFault, 10,000 characters at most).
 */
import { describe, expect, it } from 'vitest';
import { QueryFault } from '../../src/modules/queries/filter.js';
import { parseZoql } from '../../src/modules/queries/zoql.js';

const fault = (q: string) => {
  try {
    parseZoql(q);
  } catch (e) {
    expect(e).toBeInstanceOf(QueryFault);
    return e as QueryFault;
  }
  throw new Error(`parsed: ${q}`);
};

describe('ZOQL parser', () => {
  it('parses the action query page example', () => {
    const q = parseZoql("select AccountNumber, BillCycleDay from Account where Id = '8ad09378905a5af201907ca1edb524c2'");
    expect(q.fields.map((f) => f.name)).toEqual(['AccountNumber', 'BillCycleDay']);
    expect(q.object.name).toBe('Account');
    expect(q.where).toEqual({ kind: 'cmp', field: 'Id', pos: 54, op: '=', value: { kind: 'string', value: '8ad09378905a5af201907ca1edb524c2' } });
  });

  it('gives and priority over or, and honours parentheses', () => {
    const q = parseZoql("select Id from Contact where FirstName = 'Willie' and LastName = 'A' or Fax = 2");
    expect(q.where!.kind).toBe('or');
    const w = q.where as { kind: 'or'; items: Array<{ kind: string }> };
    expect(w.items.map((i) => i.kind)).toEqual(['and', 'cmp']);
    const p = parseZoql("select Id from Contact where FirstName = 'Willie' and (LastName = 'A' or Fax = 2)");
    expect(p.where!.kind).toBe('and');
  });

  it('reads null, booleans, numbers, like and escaped quotes', () => {
    const q = parseZoql(`select Id from Account where PurchaseOrderNumber != null and AutoPay = true and BillCycleDay >= 1 and Name like 'Bob\\'s%' and Notes = "say \\"hi\\""`);
    const items = (q.where as { items: Array<{ op: string; value: unknown }> }).items;
    expect(items.map((i) => i.op)).toEqual(['!=', '=', '>=', 'like', '=']);
    expect(items.map((i) => i.value)).toEqual([{ kind: 'null' }, { kind: 'boolean', value: true }, { kind: 'number', value: '1' }, { kind: 'string', value: "Bob's%" }, { kind: 'string', value: 'say "hi"' }]);
  });

  it('refuses what the grammar does not allow, saying where', () => {
    expect(fault('select * from Account').message).toMatch(/wildcard/);
    expect(fault('SELECT Id FROM Account').message).toMatch(/lower case/);
    expect(fault("select Id from Account where Name = 'x").message).toMatch(/unterminated string/);
    expect(fault('select Id from Account where Name = ').message).toMatch(/expected a value/);
    expect(fault('select Id from Account where (Name = 1').message).toMatch(/'\)'/);
    expect(fault('select Id, from Account').message).toMatch(/expected a field name but found 'from' at position 12/);
    expect(fault("select Id from Account where Name = 'a'; drop table accounts").message).toMatch(/unexpected character ';'/);
    expect(fault("select Id from Account where Name < null").message).toMatch(/null/);
    expect(fault("select Id from Account where Name = 'a\\x'").message).toMatch(/invalid escape/);
    expect(fault('').faultCode).toBe('MALFORMED_QUERY');
  });

  it('limits conditions to 200 and length to 10,000 characters', () => {
    const conds = (n: number) => Array.from({ length: n }, (_, i) => `Name = 'n${i}'`).join(' or ');
    expect(() => parseZoql(`select Id from Account where ${conds(200)}`)).not.toThrow();
    expect(fault(`select Id from Account where ${conds(201)}`).message).toMatch(/200 conditions/);
    expect(fault(`select Id from Account where Name = '${'x'.repeat(10_000)}'`).message).toMatch(/10000 characters/);
  });
});
