import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { countRows } from '../accounts/fixtures.js';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { HEADER, multipartFile, usageWorld, type UsageWorld } from './fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});

describe('POST /v1/usage (usage file upload)', () => {
  let c: Client;
  let w: UsageWorld;
  const rows = () => countRows(t, 'usages', c.tenant.id);
  const upload = (content: string | Buffer, opts: { fileName?: string; field?: string } = {}, headers: Record<string, string> = {}) => {
    const m = multipartFile(content, opts);
    return c.req('POST', '/v1/usage', m.body, { ...m.headers, ...headers });
  };
  const status = async (res: { body: { checkImportStatus: string } }) => (await c.get(res.body.checkImportStatus)).body;

  beforeAll(async () => {
    c = await t.newClient({ timezone: 'UTC' });
    w = await usageWorld(c);
  });

  it('imports a good file: answers size and status URL; the import is Completed and its records Pending, from Import', async () => {
    const csv = [
      HEADER + ',Region__c',
      `${w.accountNumber},Minutes,10.5,06/01/2024,06/01/2024,${w.subscriptionNumber},${w.minutesChargeNumber},"Calls, EMEA",EMEA`,
      `${w.accountNumber},GB,3,06/02/2024,,,,,`,
      `${w.accountNumber},Minutes,7,2024-06-03,,${w.subscriptionNumber},,,`,
      '',
    ].join('\r\n');
    const before = await rows();
    const res = await upload(csv);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ checkImportStatus: expect.stringMatching(/^\/v1\/usage\/[0-9a-f]{32}\/status$/), size: Buffer.byteLength(csv), success: true });
    const st = await status(res);
    expect(st).toMatchObject({ success: true, importStatus: 'Completed', totalCount: 3, importedCount: 3, name: 'usage.csv', size: Buffer.byteLength(csv), message: null });
    expect(await rows()).toBe(before + 3);

    const importId = res.body.checkImportStatus.split('/')[3];
    const imp = await c.get(`/v1/object/import/${importId}`);
    expect(imp.body).toMatchObject({ Id: importId, ImportType: 'Usage', Status: 'Completed', TotalCount: 3, ImportedCount: 3, Name: 'usage.csv' });

    const stored = await t.database.db.selectFrom('usages').selectAll().where('tenant_id', '=', c.tenant.id).where('import_id', '=', importId).orderBy('start_date').execute();
    expect(stored.map((r: any) => [r.uom, r.quantity, r.start_date, r.charge_number, r.subscription_number, r.rbe_status, r.source_type, r.description])).toEqual([
      ['Minutes', '10.5', '2024-06-01', w.minutesChargeNumber, w.subscriptionNumber, 'Pending', 'Import', 'Calls, EMEA'],
      ['GB', '3', '2024-06-02', null, null, 'Pending', 'Import', null],
      ['Minutes', '7', '2024-06-03', null, w.subscriptionNumber, 'Pending', 'Import', null],
    ]);
    const one = (await c.get(`/v1/object/usage/${(stored[0] as any).id}`)).body;
    expect(one).toMatchObject({ SourceType: 'Import', Region__c: 'EMEA', StartDateTime: '2024-06-01T00:00:00+00:00' });
  });

  it('a file with any bad row fails whole: the import is Failed with each bad line, and no record of it is kept', async () => {
    const csv = [
      HEADER,
      `${w.accountNumber},Minutes,1,06/01/2024,,,,`,
      `${w.accountNumber},Minutes,-2,06/01/2024,,,,`,
      `NOPE-404,Minutes,1,06/01/2024,,,,`,
      `${w.accountNumber},Minutes,1,13/45/2024,,,,`,
      `${w.accountNumber},Parsecs,1,06/01/2024,,,,`,
      `${w.accountNumber},Minutes,1,06/01/2024,,,${w.flatChargeNumber},`,
      `${w.accountNumber},,1,06/01/2024,,,,`,
    ].join('\n');
    const before = await rows();
    const res = await upload(csv);
    expect(res.body.success).toBe(true);
    const st = await status(res);
    expect(st).toMatchObject({ importStatus: 'Failed', totalCount: 7, importedCount: 0 });
    expect(st.message).toMatch(/6 of 7 usage records failed; nothing was imported/);
    expect(st.message).toMatch(/Line 3: QTY cannot be less than 0/);
    expect(st.message).toMatch(/Line 4: The account NOPE-404 does not exist/);
    expect(st.message).toMatch(/Line 5: STARTDATE must be a date/);
    expect(st.message).toMatch(/Line 6: The UOM 'Parsecs' does not match any usage charge/);
    expect(st.message).toMatch(/Line 7: .*not a usage charge/);
    expect(st.message).toMatch(/Line 8: UOM is missing/);
    expect(st.message).not.toMatch(/Line 2:/);
    expect(await rows()).toBe(before);
  });

  it('fails imports whose file is not the template: a missing or unknown heading, no rows, a broken quote', async () => {
    const before = await rows();
    const cases: Array<[string, RegExp]> = [
      [`ACCOUNT_ID,UOM,QTY,STARTDATE\n${w.accountNumber},Minutes,1,06/01/2024`, /lacks the column heading\(s\) ENDDATE, SUBSCRIPTION_ID, CHARGE_ID/],
      [`${HEADER},COLOUR\n${w.accountNumber},Minutes,1,06/01/2024,,,,,red`, /Unknown column heading 'COLOUR'/],
      [`${HEADER}\n`, /no usage records/],
      [`${HEADER}\n${w.accountNumber},Minutes,1,06/01/2024,,,,"open`, /not closed/],
      [`${HEADER}\n${w.accountNumber},Minutes,1,06/01/2024,,,,,,extra`, /fields but the file has/],
    ];
    for (const [csv, reason] of cases) {
      const res = await upload(csv);
      expect(res.body.success, csv).toBe(true);
      const st = await status(res);
      expect(st.importStatus, csv).toBe('Failed');
      expect(st.message, csv).toMatch(reason);
    }
    expect(await rows()).toBe(before);
  });

  it('refuses uploads that are not a usage CSV file, with an error and no import', async () => {
    const imports = () => countRows(t, 'usage_imports', c.tenant.id);
    const before = await imports();
    const good = `${HEADER}\n${w.accountNumber},Minutes,1,06/01/2024,,,,`;
    const cases: Array<[Promise<{ status: number; body: any }>, RegExp]> = [
      [upload(good, { fileName: 'usage.xlsx' }), /not a \.csv file/],
      [upload(good, { fileName: `${'x'.repeat(48)}.csv` }), /longer than 50/],
      [upload(good, { field: 'data' }), /part named 'file'/],
      [upload(Buffer.from([0xff, 0xfe, 0x41])), /UTF-8/],
      [upload(`${good}\u0000`), /NUL/],
      [upload(good, { fileName: 'u\u0000.csv' }), /NUL/],
      [upload(Buffer.alloc(4 * 1024 * 1024 + 10, 0x41)), /larger than 4 MB/],
      [c.post('/v1/usage', { file: good }), /multipart\/form-data/],
    ];
    for (const [p, message] of cases) {
      const res = await p;
      expect(res.status, String(message)).toBe(400);
      expect(res.body.success, String(message)).toBe(false);
      expect(res.body.reasons[0].message, String(message)).toMatch(message);
    }
    // A body past the upload limit (4 MB of file plus framing) is refused before it is read: 413.
    const huge = await upload(`${good}\r\n${'1'.repeat(6 * 1024 * 1024)}`);
    expect(huge.status).toBe(413);
    expect(huge.body.success).toBe(false);
    expect(await imports()).toBe(before);
  });

  it('takes a gzipped upload (Content-Encoding: gzip)', async () => {
    const m = multipartFile(`${HEADER}\n${w.accountNumber},Minutes,4,06/05/2024,,,,`);
    const res = await c.req('POST', '/v1/usage', gzipSync(m.body), { ...m.headers, 'content-encoding': 'gzip' });
    expect(res.body.success, res.raw).toBe(true);
    expect((await status(res)).importStatus).toBe('Completed');
  });

  it('other JSON routes still refuse multipart bodies', async () => {
    const m = multipartFile('x');
    const res = await c.req('POST', '/v1/object/usage', m.body, m.headers);
    expect(res.status).toBe(415);
  });

  it('keeps tenants apart: another tenant cannot see the import or use the account', async () => {
    const res = await upload(`${HEADER}\n${w.accountNumber},Minutes,1,06/01/2024,,,,`);
    const stranger = await t.newClient();
    expect((await stranger.get(res.body.checkImportStatus)).status).toBe(404);
    const id = res.body.checkImportStatus.split('/')[3];
    expect((await stranger.get(`/v1/object/import/${id}`)).status).toBe(404);
    const m = multipartFile(`${HEADER}\n${w.accountNumber},Minutes,1,06/01/2024,,,,`);
    const theirs = await stranger.req('POST', '/v1/usage', m.body, m.headers);
    const st = (await stranger.get(theirs.body.checkImportStatus)).body;
    expect(st.importStatus).toBe('Failed');
    expect(st.message).toMatch(/does not exist/);
    expect(await countRows(t, 'usages', stranger.tenant.id)).toBe(0);
  });

  it('before API version 2024-05-20 a refused upload answers HTTP 200 with success false', async () => {
    const m = multipartFile('x', { fileName: 'usage.txt' });
    const res = await c.req('POST', '/v1/usage', m.body, { ...m.headers, 'Zuora-Version': '211.0' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: false, reasons: [{ code: 50000020, message: expect.stringMatching(/\.csv/) }] });
  });

  it('answers not found for an unknown import', async () => {
    const res = await c.get(`/v1/usage/${'0'.repeat(32)}/status`);
    expect(res.status).toBe(404);
    expect(res.body.success).toBe(false);
  });
});
