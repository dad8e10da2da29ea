import { describe, expect, it } from 'vitest';
import { setupApp } from '../helpers.js';
import { realisticProduct } from './fixtures.js';

const t = await setupApp();

describe('Commerce: products', () => {
  it('creates the realistic catalog', async () => {
    const c = await t.newClient();
    const r = await c.post('/commerce/products', realisticProduct());
    console.log(JSON.stringify(r.body, null, 1).slice(0, 6000));
    expect(r.status).toBe(200);
  });
});
