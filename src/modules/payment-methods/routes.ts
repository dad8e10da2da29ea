import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { inTransaction } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import * as service from './service.js';
import { listKey, paymentMethodView } from './views.js';

type Body = Record<string, unknown>;
const Id = Type.Object({ id: Type.String() });
const AccountKey = Type.Object({ accountKey: Type.String() });
const AnyBody = Type.Object({}, { additionalProperties: true });
/** Route options: the operation id, its tag, its schemas. */
function route<S extends object>(operationId: string, tag: string, extra: S) {
  return { config: { operationId }, schema: { operationId, tags: [tag], ...extra } };
}
const PM = 'Payment Methods';

export function registerRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post('/v1/payment-methods', route('POST_PaymentMethods', PM, { body: AnyBody }), async (req) =>
    inTransaction(req.ctx, async (ctx) => ({ id: await service.createPaymentMethod(ctx, req.body as Body), success: true })),
  );

  r.get('/v1/payment-methods/:id', route('GET_PaymentMethod', PM, { params: Id }), async (req) => ({
    ...paymentMethodView(req.ctx, await service.readPaymentMethod(req.ctx, req.params.id)),
    success: true,
  }));

  r.put('/v1/payment-methods/:id', route('PUT_PaymentMethod', PM, { params: Id, body: AnyBody }), async (req) =>
    inTransaction(req.ctx, async (ctx) => {
      await service.updatePaymentMethod(ctx, req.params.id, req.body as Body);
      return { id: req.params.id, success: true };
    }),
  );

  r.delete('/v1/payment-methods/:id', route('DELETE_PaymentMethods', PM, { params: Id }), async (req) =>
    inTransaction(req.ctx, async (ctx) => {
      await service.deletePaymentMethod(ctx, req.params.id);
      return { success: true };
    }),
  );

  r.put('/v1/payment-methods/:id/verify', route('PUT_VerifyPaymentMethods', PM, { params: Id, body: AnyBody }), async (req) =>
    inTransaction(req.ctx, async (ctx) => {
      await service.verifyPaymentMethod(ctx, req.params.id, (req.body ?? {}) as Body);
      return { paymentMethodId: req.params.id, success: true };
    }),
  );

  r.put('/v1/payment-methods/:id/scrub', route('PUT_ScrubPaymentMethods', PM, { params: Id }), async (req) =>
    inTransaction(req.ctx, async (ctx) => {
      await service.scrubPaymentMethod(ctx, req.params.id);
      return { success: true };
    }),
  );

  r.get('/v1/paymentgateways', route('GET_Paymentgateways', 'Payment Gateways', {}), async (req) => ({ paymentgateways: service.listGateways(req.ctx), success: true }));

  // The account's payment methods (operations of the Accounts tag, built here where the payment methods are).
  r.get(
    '/v1/accounts/:accountKey/payment-methods',
    route('GET_AcountPaymentMethods', 'Accounts', {
      params: AccountKey,
      querystring: Type.Object({ isDefaultOnly: Type.Optional(Type.Boolean()), isActiveOnly: Type.Optional(Type.Boolean()) }),
    }),
    async (req) => {
      const { account, methods } = await service.accountPaymentMethods(req.ctx, req.params.accountKey);
      const out: Record<string, unknown> = {};
      for (const m of methods) {
        if (req.query.isDefaultOnly && !m.isDefault) continue;
        if (req.query.isActiveOnly && m.row.status !== 'Active') continue;
        ((out[listKey(m)] ??= []) as unknown[]).push(paymentMethodView(req.ctx, m));
      }
      return { ...out, defaultPaymentMethodId: account.defaultPaymentMethodId, paymentGateway: account.paymentGateway, success: true };
    },
  );

  r.get('/v1/accounts/:accountKey/payment-methods/default', route('GET_AcountDefaultPaymentMethod', 'Accounts', { params: AccountKey }), async (req) => {
    const { account, methods } = await service.accountPaymentMethods(req.ctx, req.params.accountKey);
    const d = methods.find((m) => m.isDefault);
    if (!d) throw notFound(`The account ${account.accountNumber} has no default payment method`);
    return { ...paymentMethodView(req.ctx, d), success: true };
  });
}
