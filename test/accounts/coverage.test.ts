import { expect, it } from 'vitest';
import { setupApp } from '../helpers.js';

it('every operation of the Accounts, Contacts and Contact Snapshots tags is implemented', async () => {
  const t = await setupApp();
  const res = await t.admin('GET', '/admin/coverage');
  expect(res.body.byTag.Accounts).toEqual({ implemented: expect.arrayContaining(['POST_Account', 'GET_Account', 'PUT_Account', 'DELETE_Account']), missing: [] });
  expect(res.body.byTag.Accounts.implemented).toHaveLength(9);
  expect(res.body.byTag.Contacts).toEqual({ implemented: expect.any(Array), missing: [] });
  expect(res.body.byTag.Contacts.implemented).toHaveLength(6);
  expect(res.body.byTag['Contact Snapshots']).toEqual({ implemented: ['GET_ContactSnapshot'], missing: [] });
});
