import { describe, expect, it } from 'vitest';
import { setupApp, type Client } from '../helpers.js';
import { flatFeeCharge, plan } from './fixtures.js';

const t = await setupApp();
const V = { 'Zuora-Version': '2024-05-20' };

/** A product with three monthly plans (Bronze, Silver, Gold); Gold starts in the future. */
async function plans(c: Client) {
  const r = await c.post('/commerce/products', {
    name: 'Tiers',
    start_date: '2024-01-01',
    end_date: '2049-12-31',
    category: 'base',
    plans: [plan('Bronze', [flatFeeCharge]), plan('Silver', [flatFeeCharge]), { ...plan('Gold', [flatFeeCharge]), start_date: '2040-01-01' }],
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const [bronze, silver, gold] = r.body.plans;
  return { bronze, silver, gold };
}

describe('catalog groups', () => {
  it('creates a Grading group from plan ids and numbers, and reads it back by id and number', async () => {
    const c = await t.newClient();
    const { bronze, silver, gold } = await plans(c);
    const r = await c.post('/v1/catalog-groups', {
      name: 'Upgrade path',
      description: 'Bronze to Gold',
      type: 'Grading',
      productRatePlans: [
        { id: bronze.id, grade: 1 },
        { id: silver.productRatePlanNumber, grade: 2 },
        { id: gold.id, grade: 3 },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ name: 'Upgrade path', description: 'Bronze to Gold', type: 'Grading' });
    expect(r.body.catalogGroupNumber).toBe('CG-00000001');
    expect(r.body.id).toMatch(/^[0-9a-f]{32}$/);
    expect(r.body.productRatePlans).toEqual([
      { id: bronze.id, name: 'Bronze', description: '', grade: 1, effectiveStartDate: '2024-01-01', effectiveEndDate: '2049-12-31', status: 'Active', organizationLabels: [] },
      { id: silver.id, name: 'Silver', description: '', grade: 2, effectiveStartDate: '2024-01-01', effectiveEndDate: '2049-12-31', status: 'Active', organizationLabels: [] },
      { id: gold.id, name: 'Gold', description: '', grade: 3, effectiveStartDate: '2040-01-01', effectiveEndDate: '2049-12-31', status: 'NotStarted', organizationLabels: [] },
    ].map((p) => ({ ...p, description: null })));
    expect((await c.get(`/v1/catalog-groups/${r.body.id}`)).body).toEqual(r.body);
    expect((await c.get('/v1/catalog-groups/CG-00000001')).body).toEqual(r.body);
  });

  it('defaults the type to Grading; a Display group lists plans without grades', async () => {
    const c = await t.newClient();
    const { bronze, silver } = await plans(c);
    const g = await c.post('/v1/catalog-groups', { name: 'G', productRatePlans: [{ id: bronze.id, grade: 1 }] });
    expect(g.body.type).toBe('Grading');
    const d = await c.post('/v1/catalog-groups', { name: 'Shown', type: 'Display', productRatePlans: [{ id: bronze.id }, { id: silver.id }] });
    expect(d.status).toBe(200);
    expect(d.body.productRatePlans.map((p: any) => p.grade)).toEqual([null, null]);
    const withGrade = await c.post('/v1/catalog-groups', { name: 'Shown 2', type: 'Display', productRatePlans: [{ id: bronze.id, grade: 2 }] }, V);
    expect(withGrade.status).toBe(400);
    expect(withGrade.body.reasons[0].message).toContain("'productRatePlans[0].grade'");
  });

  it('enforces the grading rules: grade required and a positive integer, unique grades, a plan once per group and in one Grading group', async () => {
    const c = await t.newClient();
    const { bronze, silver, gold } = await plans(c);
    const cases: [unknown, string][] = [
      [[{ id: bronze.id }], "'productRatePlans[0].grade' is required"],
      [[{ id: bronze.id, grade: 0 }], "'productRatePlans[0].grade' must be a positive integer"],
      [[{ id: bronze.id, grade: 1.5 }], "'productRatePlans[0].grade' must be a positive integer"],
      [[{ id: bronze.id, grade: 1 }, { id: silver.id, grade: 1 }], "'productRatePlans[1].grade': grade 1"],
      [[{ id: bronze.id, grade: 1 }, { id: bronze.id, grade: 2 }], 'already in this catalog group'],
      [[{ id: 'PRP-99999999', grade: 1 }], "'productRatePlans[0].id': no product rate plan 'PRP-99999999'"],
      [[{ grade: 1 }], "'productRatePlans[0].id' is required"],
    ];
    for (const [list, msg] of cases) {
      const r = await c.post('/v1/catalog-groups', { name: 'X', productRatePlans: list }, V);
      expect(r.status, msg).toBe(400);
      expect(r.body.reasons[0].message).toContain(msg);
    }
    expect((await c.get('/v1/catalog-groups')).body.catalogGroups).toEqual([]);
    const first = await c.post('/v1/catalog-groups', { name: 'A', productRatePlans: [{ id: bronze.id, grade: 1 }] });
    expect(first.status).toBe(200);
    const second = await c.post('/v1/catalog-groups', { name: 'B', productRatePlans: [{ id: gold.id, grade: 2 }, { id: bronze.id, grade: 1 }] }, V);
    expect(second.status).toBe(400);
    expect(second.body.reasons[0].code).toBe(50000030);
    expect(second.body.reasons[0].message).toContain(`already belongs to the Grading catalog group ${first.body.catalogGroupNumber}`);
    // two Grading groups racing for one plan: one gets it
    const race = await Promise.all(['R1', 'R2'].map((name) => c.post('/v1/catalog-groups', { name, productRatePlans: [{ id: silver.id, grade: 1 }] }, V)));
    expect(race.map((r) => r.status).sort()).toEqual([200, 400]);
    const display = await c.post('/v1/catalog-groups', { name: 'C', type: 'Display', productRatePlans: [{ id: bronze.id }] });
    expect(display.status).toBe(200);
  });

  it('requires a unique name', async () => {
    const c = await t.newClient();
    expect((await c.post('/v1/catalog-groups', { name: 'Same' })).status).toBe(200);
    const dup = await c.post('/v1/catalog-groups', { name: 'Same' }, V);
    expect(dup.status).toBe(400);
    expect(dup.body.reasons[0]).toMatchObject({ code: 50000030, message: expect.stringContaining("'name'") });
    const none = await c.post('/v1/catalog-groups', { description: 'no name' }, V);
    expect(none.status).toBe(400);
    expect(none.body.reasons[0]).toMatchObject({ code: 50000022, message: "'name' is required" });
    const badType = await c.post('/v1/catalog-groups', { name: 'T', type: 'Bundle' }, V);
    expect(badType.status).toBe(400);
    expect(badType.body.reasons[0].message).toContain('type');
    // two requests racing for one name: one wins, the other is told why (never a 500)
    const race = await Promise.all([1, 2, 3].map(() => c.post('/v1/catalog-groups', { name: 'Raced' }, V)));
    expect(race.map((r) => r.status).sort()).toEqual([200, 400, 400]);
    for (const r of race.filter((x) => x.status === 400)) expect(r.body.reasons[0].message).toContain("'name'");
    // another tenant may use the same name
    const other = await t.newClient();
    expect((await other.post('/v1/catalog-groups', { name: 'Same' })).status).toBe(200);
  });

  it('updates name and description, adds and removes plans, and refuses a type change', async () => {
    const c = await t.newClient();
    const { bronze, silver, gold } = await plans(c);
    const g = (await c.post('/v1/catalog-groups', { name: 'Path', description: 'd', productRatePlans: [{ id: bronze.id, grade: 1 }, { id: silver.id, grade: 2 }] })).body;
    const u = await c.put(`/v1/catalog-groups/${g.catalogGroupNumber}`, { name: 'Path 2', add: [{ id: gold.productRatePlanNumber, grade: 3 }], remove: [{ id: bronze.id }] });
    expect(u.status, JSON.stringify(u.body)).toBe(200);
    expect(u.body).toMatchObject({ id: g.id, name: 'Path 2', description: 'd', type: 'Grading' });
    expect(u.body.productRatePlans.map((p: any) => [p.name, p.grade])).toEqual([
      ['Silver', 2],
      ['Gold', 3],
    ]);
    const emptied = await c.put(`/v1/catalog-groups/${g.id}`, { description: '' });
    expect(emptied.body.description).toBeNull();
    const typeChange = await c.put(`/v1/catalog-groups/${g.id}`, { type: 'Display' }, V);
    expect(typeChange.status).toBe(400);
    expect(typeChange.body.reasons[0].message).toContain("'type'");
    const dupGrade = await c.put(`/v1/catalog-groups/${g.id}`, { add: [{ id: bronze.id, grade: 2 }] }, V);
    expect(dupGrade.status).toBe(400);
    expect(dupGrade.body.reasons[0].message).toContain("'add[0].grade'");
    const notIn = await c.put(`/v1/catalog-groups/${g.id}`, { remove: [{ id: bronze.id }] }, V);
    expect(notIn.status).toBe(400);
    expect(notIn.body.reasons[0].message).toContain("'remove[0].id'");
    // a refused update changed nothing
    expect((await c.get(`/v1/catalog-groups/${g.id}`)).body).toEqual(emptied.body);
    // swapping a grade in one request: remove, then add
    const swap = await c.put(`/v1/catalog-groups/${g.id}`, { remove: [{ id: silver.id }], add: [{ id: bronze.id, grade: 2 }] });
    expect(swap.status).toBe(200);
    expect(swap.body.productRatePlans.map((p: any) => [p.name, p.grade])).toEqual([
      ['Gold', 3],
      ['Bronze', 2],
    ]);
  });

  it('lists groups with paging and deletes a group', async () => {
    const c = await t.newClient();
    for (let i = 1; i <= 3; i++) expect((await c.post('/v1/catalog-groups', { name: `G${i}` })).status).toBe(200);
    const p1 = await c.get('/v1/catalog-groups?pageSize=2');
    expect(p1.body.catalogGroups.map((g: any) => g.name)).toEqual(['G1', 'G2']);
    expect(p1.body.nextPage).toContain('page=2');
    const p2 = await c.get('/v1/catalog-groups?pageSize=2&page=2');
    expect(p2.body.catalogGroups.map((g: any) => g.name)).toEqual(['G3']);
    expect(p2.body.nextPage).toBeUndefined();
    expect((await c.get('/v1/catalog-groups?pageSize=41', V)).status).toBe(400);
    const d = await c.del('/v1/catalog-groups/CG-00000002');
    expect(d.status).toBe(200);
    expect(d.body).toEqual({ success: true });
    expect((await c.get('/v1/catalog-groups/CG-00000002', V)).status).toBe(404);
    expect((await c.del('/v1/catalog-groups/CG-00000002', V)).status).toBe(404);
    expect((await c.get('/v1/catalog-groups')).body.catalogGroups.map((g: any) => g.name)).toEqual(['G1', 'G3']);
  });

  it("shares the plan's grade with the model: the catalog API and the Commerce API see it, and a Commerce change shows in the group", async () => {
    const c = await t.newClient();
    const { bronze, silver } = await plans(c);
    const g = (await c.post('/v1/catalog-groups', { name: 'Path', productRatePlans: [{ id: bronze.id, grade: 1 }, { id: silver.id, grade: 2 }] })).body;
    expect((await c.get(`/v1/product-rate-plans/${silver.id}`)).body.grade).toBe(2);
    // no Commerce response schema has a plan's grade; the Commerce API sees it through the plan list's `grade` filter
    const byGrade = async (grade: number) => (await c.post('/commerce/plans/list', { filters: [{ field: 'grade', operator: 'EQ', value: grade }] })).body.values.map((p: any) => p.id);
    expect(await byGrade(2)).toEqual([silver.id]);
    expect((await c.put('/commerce/plans', { id: silver.id, grade: 5 })).status).toBe(200);
    expect((await c.get(`/v1/catalog-groups/${g.id}`)).body.productRatePlans.map((p: any) => p.grade)).toEqual([1, 5]);
    expect(await byGrade(5)).toEqual([silver.id]);
    await c.put(`/v1/catalog-groups/${g.id}`, { remove: [{ id: silver.id }] });
    expect((await c.get(`/v1/product-rate-plans/${silver.id}`)).body.grade).toBeNull();
    await c.del(`/v1/catalog-groups/${g.id}`);
    expect((await c.get(`/v1/product-rate-plans/${bronze.id}`)).body.grade).toBeNull();
  });

  it('keeps a plan listed in a group from being deleted', async () => {
    const c = await t.newClient();
    const { bronze } = await plans(c);
    await c.post('/v1/catalog-groups', { name: 'Keep', productRatePlans: [{ id: bronze.id, grade: 1 }] });
    const del = await c.del(`/v1/object/product-rate-plan/${bronze.id}`);
    expect(del.status).not.toBe(200);
    expect(JSON.stringify(del.body)).toContain('catalog group CG-00000001');
  });
});
