// Zuora sends null for an unset field, never "" (issue 7). Every response a test
// receives through test/helpers.ts is checked for ""; these tests check the check,
// and that an empty string a caller writes reads back as null.
import { beforeAll, describe, expect, it } from 'vitest';
import { emptyStringPaths, setupApp, type Client } from '../helpers.js';

describe('empty strings in responses', () => {
  it('finds every "" in a body, nested in objects and arrays', () => {
    expect(emptyStringPaths({ a: '', b: null, c: 'x', d: [{ e: '' }, ''], f: { g: { h: '' } }, n: 0 })).toEqual(['$.a', '$.d[0].e', '$.d[1]', '$.f.g.h']);
    expect(emptyStringPaths({ a: null, b: [], c: {}, d: 'value' })).toEqual([]);
  });

  describe('through the app', () => {
    let c: Client;
    beforeAll(async () => {
      c = await (await setupApp()).newClient();
    });

    it('an account created with empty strings reads them back as null', async () => {
      const res = await c.post('/v1/accounts', {
        name: 'Blank Fields',
        currency: 'USD',
        billCycleDay: 1,
        notes: '',
        crmId: '',
        salesRep: '',
        billToContact: { firstName: 'Ann', lastName: 'Lee', address1: '', city: '', workEmail: '' },
      });
      expect(res.status, res.raw).toBe(200);
      const a = await c.get(`/v1/accounts/${res.body.accountId}`);
      expect(a.status, a.raw).toBe(200);
      expect(emptyStringPaths(a.body)).toEqual([]);
      expect(a.body.basicInfo).toMatchObject({ notes: null, crmId: null, salesRep: null });
      expect(a.body.billToContact).toMatchObject({ address1: null, city: null, workEmail: null });
    });
  });
});
