// SMTP delivery of billing document emails (both databases): with ZBILL_SMTP_URL set, a job sends each
// outbox message after the request committed (smtp-server runs in the test); the outbox records it.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/platform/jobs.js';
import { setupApp, type Client, type TestApp } from '../helpers.js';
import { billed, docTenant } from './fixtures.js';

interface Received {
  from: string;
  to: string[];
  data: string;
}
const received: Received[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, session, cb) {
    const chunks: Buffer[] = [];
    stream.on('data', (b: Buffer) => chunks.push(b));
    stream.on('end', () => {
      received.push({ from: String((session.envelope.mailFrom as { address: string }).address), to: session.envelope.rcptTo.map((r) => r.address), data: Buffer.concat(chunks).toString('utf8') });
      cb();
    });
  },
});
smtp.listen(0, '127.0.0.1');
await once(smtp.server, 'listening');
const port = (smtp.server.address() as AddressInfo).port;
afterAll(() => new Promise<void>((r) => smtp.close(() => r())));

const ts = await setupApp({ jobWorker: false, smtpUrl: `smtp://127.0.0.1:${port}` });
// A second app in the same process without an SMTP server: each app's jobs use their own app's setting
// (it was once a process-wide value, taken from the last app built, which would have silenced `ts`).
const plain = await setupApp({ jobWorker: false });
const outbox = async (app: TestApp, c: Client) => (await app.admin('GET', `/admin/tenants/${c.tenant.id}/outbox`)).body.messages as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('SMTP (ZBILL_SMTP_URL)', () => {
  it('a job sends the message with its PDF after the request committed; the outbox records it Sent', async () => {
    const c = await docTenant(ts);
    const b = await billed(ts, c);
    expect((await c.post(`/v1/invoices/${b.invoiceId}/emails`, { includeAdditionalEmailAddresses: true })).body.success).toBe(true);
    expect((await outbox(ts, c))[0]).toMatchObject({ status: 'Queued' });
    expect(received).toHaveLength(0);
    expect(await runDueJobs(ts.app, { tenantId: c.tenant.id })).toBe(1);
    expect(received).toHaveLength(1);
    const mail = received[0]!;
    expect(mail.to.sort()).toEqual(['ap@example.com', 'pat@example.com']);
    expect(mail.data).toContain(`Subject: Invoice ${b.invoiceNumber} from Acme Billing Co`);
    expect(mail.data).toContain(`filename=${b.invoiceNumber}.pdf`);
    expect(mail.data).toContain('Content-Type: application/pdf');
    expect((await outbox(ts, c))[0]).toMatchObject({ status: 'Sent', sentAt: '2024-01-01 00:00:00', error: null });
  });

  it('an app without ZBILL_SMTP_URL keeps its emails in the outbox: no delivery job, nothing sent', async () => {
    const c = await docTenant(plain);
    const b = await billed(plain, c);
    const before = received.length;
    expect((await c.post(`/v1/invoices/${b.invoiceId}/emails`, { includeAdditionalEmailAddresses: true })).body.success).toBe(true);
    expect(await runDueJobs(plain.app, { tenantId: c.tenant.id })).toBe(0);
    expect(received).toHaveLength(before);
    expect((await outbox(plain, c))[0]).toMatchObject({ status: 'Outbox' });
  });

  it('a rolled-back request queues nothing', async () => {
    const c = await docTenant(ts);
    const b = await billed(ts, c, { autoPost: false });
    expect((await c.post(`/v1/invoices/${b.invoiceId}/emails`, { emailAddresses: 'x@y.com' })).body.success).toBe(false);
    expect(await runDueJobs(ts.app, { tenantId: c.tenant.id })).toBe(0);
    expect(await outbox(ts, c)).toEqual([]);
  });
});
