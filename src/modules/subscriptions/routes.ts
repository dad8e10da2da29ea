/** HTTP for orders, subscriptions, rate plans and async jobs. */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { inTransaction } from '../../platform/context.js';
import { processOrder } from './orders.js';
import { requireSubscription } from './service.js';
import { subscriptionView, type ChargeDetail } from './view.js';

const Body = Type.Record(Type.String(), Type.Unknown());
const SubKey = Type.Object({ key: Type.String() });
const SubQuery = Type.Object({
  'charge-detail': Type.Optional(Type.Union([Type.Literal('last-segment'), Type.Literal('current-segment'), Type.Literal('all-segments'), Type.Literal('specific-segment')])),
  'as-of-date': Type.Optional(Type.String({ format: 'date' })),
  'exclude-rate-plans-with-no-charges': Type.Optional(Type.Boolean()),
});

export function registerRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post('/v1/orders', { config: { operationId: 'POST_Order' }, schema: { operationId: 'POST_Order', tags: ['Orders'], body: Body } }, async (req) =>
    inTransaction(req.ctx, async (ctx) => (await processOrder(ctx, req.body)).response),
  );

  r.get('/v1/subscriptions/:key', { config: { operationId: 'GET_SubscriptionsByKey' }, schema: { operationId: 'GET_SubscriptionsByKey', tags: ['Subscriptions'], params: SubKey, querystring: SubQuery } }, async (req) => {
    const doc = await requireSubscription(req.ctx, req.params.key);
    const q = req.query;
    const detail = (q['charge-detail'] ?? 'last-segment') as ChargeDetail;
    return subscriptionView(doc, { detail, asOf: q['as-of-date'] ?? req.ctx.today().toString() });
  });

  r.get(
    '/v1/subscriptions/:key/versions/:version',
    {
      config: { operationId: 'GET_SubscriptionsByKeyAndVersion' },
      schema: { operationId: 'GET_SubscriptionsByKeyAndVersion', tags: ['Subscriptions'], params: Type.Object({ key: Type.String(), version: Type.Integer({ minimum: 1 }) }), querystring: SubQuery },
    },
    async (req) => {
      const doc = await requireSubscription(req.ctx, req.params.key, req.params.version);
      const q = req.query;
      return subscriptionView(doc, { detail: (q['charge-detail'] ?? 'last-segment') as ChargeDetail, asOf: q['as-of-date'] ?? req.ctx.today().toString() });
    },
  );
}
