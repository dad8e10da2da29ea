// POST /v1/object/import (page v1-api-reference_api_operation_object_postimport.md): the object API's
// import, multipart fields ImportType, Name and File. Usage imports are kept as POST /v1/usage keeps them.
import { beforeAll, describe, expect, it } from 'vitest';
import { countRows } from '../accounts/fixtures.js';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { HEADER, usageWorld, type UsageWorld } from './fixtures.js';

let t: TestApp;
let c: Client;
let w: UsageWorld;
beforeAll(async () => {
  t = await setupApp();
  c = await t.newClient({ timezone: 'UTC' });
  w = await usageWorld(c);
});

/** A multipart body of text fields and at most one file part. */
function form(fields: Record<string, string>, file?: { field?: string; fileName?: string | null; content: string }) {
  const b = `----zbillimport${Math.random().toString(16).slice(2)}`;
  const chunks = Object.entries(fields).map(([k, v]) => `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  if (file) {
    const fn = file.fileName === null ? '' : `; filename="${file.fileName ?? 'UsageData.csv'}"`;
    chunks.push(`--${b}\r\nContent-Disposition: form-data; name="${file.field ?? 'File'}"${fn}\r\nContent-Type: text/csv\r\n\r\n${file.content}\r\n`);
  }
  return { body: Buffer.from(chunks.join('') + `--${b}--\r\n`), headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
}
const post = (f: ReturnType<typeof form>) => c.req('POST', '/v1/object/import', f.body, f.headers);
const rows = () => countRows(t, 'usages', c.tenant.id);

describe('POST /v1/object/import', () => {
  it('imports a usage file as the page sample does (ImportType=Usage, Name, File): answers Id and Success; the import reads back', async () => {
    const csv = [HEADER, `${w.accountNumber},Minutes,12,06/01/2024,,${w.subscriptionNumber},${w.minutesChargeNumber},`, ''].join('\r\n');
    const before = await rows();
    const res = await post(form({ ImportType: 'Usage', Name: 'June usage' }, { content: csv }));
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toEqual({ Id: expect.stringMatching(/^[0-9a-f]{32}$/), Success: true });
    expect(await rows()).toBe(before + 1);
    const imp = await c.get(`/v1/object/import/${res.body.Id}`);
    expect(imp.body).toMatchObject({ Id: res.body.Id, ImportType: 'Usage', Name: 'June usage', Status: 'Completed', TotalCount: 1, ImportedCount: 1 });
    expect((await c.get(`/v1/usage/${res.body.Id}/status`)).body).toMatchObject({ importStatus: 'Completed', name: 'June usage' });
  });

  it('a file with a bad row is kept as a Failed import with no records, as POST /v1/usage does', async () => {
    const before = await rows();
    const res = await post(form({ ImportType: 'Usage', Name: 'bad.csv' }, { content: [HEADER, `A-NO-SUCH,Minutes,1,06/01/2024,,,,`, ''].join('\r\n') }));
    expect(res.status, res.raw).toBe(200);
    expect((await c.get(`/v1/object/import/${res.body.Id}`)).body).toMatchObject({ Status: 'Failed' });
    expect(await rows()).toBe(before);
  });

  it('refuses a missing field, an unknown import type and a file that is not CSV; other import types answer 501; nothing is kept', async () => {
    const csv = [HEADER, `${w.accountNumber},Minutes,1,06/01/2024,,,,`, ''].join('\r\n');
    const before = await rows();
    const cases: Array<[ReturnType<typeof form>, number, RegExp]> = [
      [form({ Name: 'n' }, { content: csv }), 400, /ImportType is required/],
      [form({ ImportType: 'Usage' }, { content: csv }), 400, /Name is required/],
      [form({ ImportType: 'Usage', Name: 'n' }), 400, /File is required/],
      [form({ ImportType: 'Usages', Name: 'n' }, { content: csv }), 400, /ImportType must be one of/],
      [form({ ImportType: 'Usage', Name: 'n' }, { fileName: 'usage.xlsx', content: csv }), 400, /not a \.csv file/],
      [form({ ImportType: 'Payment', Name: 'n' }, { content: csv }), 501, /Payment/],
    ];
    for (const [f, status, msg] of cases) {
      const r = await post(f);
      expect(r.status, r.raw).toBe(status);
      expect(r.raw).toMatch(msg);
      if (status === 400) expect(r.body).toMatchObject({ Success: false, Errors: [{ Code: expect.any(String), Message: expect.stringMatching(msg) }] });
    }
    const json = await c.post('/v1/object/import', { ImportType: 'Usage', Name: 'n' });
    expect(json.status).toBeGreaterThanOrEqual(400);
    expect(json.status).toBeLessThan(500);
    expect(await rows()).toBe(before);
  });

  it('without a file name on the part, the Name must be a .csv name', async () => {
    const csv = [HEADER, `${w.accountNumber},Minutes,2,06/01/2024,,,,`, ''].join('\r\n');
    expect((await post(form({ ImportType: 'Usage', Name: 'UsageData.csv' }, { fileName: null, content: csv }))).status).toBe(200);
    expect((await post(form({ ImportType: 'Usage', Name: 'no extension' }, { fileName: null, content: csv }))).status).toBe(400);
  });
});
