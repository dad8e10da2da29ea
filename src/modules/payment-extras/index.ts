import { adminTenantWrites } from '../../platform/http/admin.js';
import { addOnce, type ZModule } from '../../platform/module.js';
import { createHostedPage, deleteHostedPage } from './hosted-pages.js';
import { migrations, paymentExtrasTables } from './migrations.js';
import { registerRoutes } from './routes.js';

const hostedPageCreate = { method: 'POST' as const, path: 'hosted-pages', write: async (ctx: Parameters<typeof createHostedPage>[0], body: unknown) => ({ status: 201, body: await createHostedPage(ctx, body) }) };
const hostedPageDelete = {
  method: 'DELETE' as const,
  path: 'hosted-pages/:pageId',
  write: async (ctx: Parameters<typeof createHostedPage>[0], _body: unknown, p: Record<string, string>) => {
    await deleteHostedPage(ctx, p.pageId!);
    return { status: 204 };
  },
};

/**
 * Payment-side operations that stand alone: Electronic Payments Health (figures of the electronic payments
 * the payments contract gives), RSA Signatures of Payment Pages 2.0 (a key pair per tenant), Hosted Pages
 * (made through the admin API, which it extends when it joins), Custom Payment Method Types (drafts,
 * revisions, publish), Payment Method Updater (the test gateway has no updater instance). Every table holds
 * configuration: a tenant that only set these up may still move its clock back.
 */
export const paymentExtrasModule: ZModule = {
  name: 'payment-extras',
  migrations,
  tenantTables: paymentExtrasTables,
  configTables: paymentExtrasTables,
  join: () => {
    addOnce(adminTenantWrites, hostedPageCreate);
    addOnce(adminTenantWrites, hostedPageDelete);
  },
  routes: async (app) => registerRoutes(app),
};
