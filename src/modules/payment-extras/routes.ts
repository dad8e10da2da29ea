/** HTTP of the payment-side extras: Electronic Payments Health, RSA Signatures, Hosted Pages, Custom Payment Method Types, Payment Method Updater. */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { inTransaction } from '../../platform/context.js';
import * as types from './custom-types.js';
import { paymentRecords, paymentVolumeSummary } from './health.js';
import { listHostedPages } from './hosted-pages.js';
import { createSignature, decryptSignature } from './rsa.js';
import { createBatch, listUpdaters } from './updater.js';

const Body = Type.Unknown();
const Name = Type.Object({ paymentMethodTypeName: Type.String() });
const NameRevision = Type.Object({ paymentMethodTypeName: Type.String(), revisionNumber: Type.String() });

const spec = <S extends object>(operationId: string, tag: string, extra: S) => ({ config: { operationId }, schema: { operationId, tags: [tag], ...extra } });

export function registerRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const HEALTH = 'Electronic Payments Health';
  r.get('/system-health/payments/volume-summary', spec('GET_SystemHealthPaymentVolumeSummary', HEALTH, {}), async (req) => paymentVolumeSummary(req.ctx, req.query as Record<string, unknown>));
  r.get('/system-health/payments/details', spec('getSystemHealthPaymentRecords', HEALTH, {}), async (req) => paymentRecords(req.ctx, req.query as Record<string, unknown>, req.url));

  r.post('/v1/rsa-signatures', spec('POST_RSASignatures', 'RSA Signatures', { body: Body }), async (req) => inTransaction(req.ctx, (ctx) => createSignature(ctx, req.body)));
  r.post('/v1/rsa-signatures/decrypt', spec('POST_DecryptRSASignatures', 'RSA Signatures', { body: Body }), async (req) => decryptSignature(req.ctx, req.body));

  r.get('/v1/hostedpages', spec('Get_HostedPages', 'Hosted Pages', {}), async (req) => listHostedPages(req.ctx, (req.query as Record<string, unknown>).versionNumber));

  const CPMT = 'Custom Payment Method Types';
  r.post('/open-payment-method-types', spec('POST_CreateDraftOpenPaymentMethodType', CPMT, { body: Body }), async (req) => inTransaction(req.ctx, (ctx) => types.createDraft(ctx, req.body)));
  r.put('/open-payment-method-types/publish/:paymentMethodTypeName', spec('PUT_PublishOpenPaymentMethodType', CPMT, { params: Name }), async (req) =>
    inTransaction(req.ctx, (ctx) => types.publish(ctx, req.params.paymentMethodTypeName)),
  );
  r.put('/open-payment-method-types/:paymentMethodTypeName', spec('PUT_UpdateOpenPaymentMethodType', CPMT, { params: Name, body: Body }), async (req) =>
    inTransaction(req.ctx, (ctx) => types.updateDraft(ctx, req.params.paymentMethodTypeName, req.body)),
  );
  r.get('/open-payment-method-types/:paymentMethodTypeName/draft/:revisionNumber', spec('GET_OpenPaymentMethodTypeRevision', CPMT, { params: NameRevision }), async (req) =>
    types.getRevision(req.ctx, req.params.paymentMethodTypeName, req.params.revisionNumber),
  );
  r.get('/open-payment-method-types/:paymentMethodTypeName/published', spec('GET_OpenPaymentMethodTypePublish', CPMT, { params: Name }), async (req) => types.getPublished(req.ctx, req.params.paymentMethodTypeName));

  r.get('/v1/payment-method-updaters', spec('GET_PaymentMethodUpdaterInstances', 'Payment Method Updater', {}), async (req) => listUpdaters(req.ctx));
  r.post('/v1/payment-method-updaters/batches', spec('POST_PaymentMethodUpdaterBatch', 'Payment Method Updater', { body: Body }), async (req) => createBatch(req.ctx, req.body));
}
