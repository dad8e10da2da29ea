// Conformance of Attachments: every operation's answer checked against its spec schema.
import { beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { setup } from '../payments/fixtures.js';
import { conform, surprisesTest } from './harness.js';

let t: TestApp;
let c: Client;
let accountId: string;

beforeAll(async () => {
  t = await setupApp({ jobWorker: false });
  const s = await setup(t);
  c = s.c;
  accountId = s.acc.accountId;
});

function upload(fileName: string, content: string) {
  const b = `----zbillconf${Math.random().toString(16).slice(2)}`;
  const body = Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/plain\r\n\r\n${content}\r\n--${b}--\r\n`);
  return c.req('POST', `/v1/attachments?associatedObjectType=Account&associatedObjectKey=${accountId}&description=Postal%20order`, body, { 'content-type': `multipart/form-data; boundary=${b}` });
}

describe('Attachments', () => {
  it('POST_Attachments, GET_Attachments, PUT_Attachments, GET_AttachmentsList, DELETE_Attachments', async () => {
    const created = await upload('AttachTest.txt', 'hello');
    conform('POST_Attachments', created);
    await upload('Second.txt', 'again');
    const id = created.body.id as string;
    conform('GET_Attachments', await c.get(`/v1/attachments/${id}`));
    conform('PUT_Attachments', await c.put(`/v1/attachments/${id}`, { description: 'Details of the attachment' }));
    const list = await c.get(`/v1/attachments/account/${accountId}?pageSize=1`);
    conform('GET_AttachmentsList', list);
    expect(list.body.nextPage).toBeDefined();
    conform('DELETE_Attachments', await c.del(`/v1/attachments/${id}`));
  });
});

surprisesTest();
