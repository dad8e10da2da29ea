import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { inTransaction } from '../../platform/context.js';
import * as changeLogs from './change-logs.js';
import * as fulfillments from './fulfillments.js';
import * as lineItems from './line-items.js';
import * as omni from './omnichannel.js';
import * as ramps from './ramps.js';
import * as signUp from './sign-up.js';

type Body = Record<string, unknown>;

// Request bodies are checked field by field in the services (they name the field in errors);
// the schemas here only pin the shapes of the top-level containers.
const AnyObject = Type.Object({});
const OliBody = AnyObject;
const BulkOliBody = Type.Object({ orderLineItems: Type.Array(Type.Object({ id: Type.String() })) });
const FulfillmentsBody = Type.Object({ fulfillments: Type.Array(Type.Object({})), processingOptions: Type.Optional(Type.Object({})) });
const FulfillmentItemsBody = Type.Object({ fulfillmentItems: Type.Array(Type.Object({})) });
const OmniBody = Type.Object({ externalSubscriptionId: Type.String({ minLength: 1 }) });

export function registerRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  // ---- Order Line Items ----
  r.get(
    '/v1/order-line-items/:itemId',
    {
      config: { operationId: 'GET_OrderLineItem' },
      schema: {
        operationId: 'GET_OrderLineItem',
        tags: ['Order Line Items'],
        params: Type.Object({ itemId: Type.String() }),
        querystring: Type.Object({ fulfillment: Type.Optional(Type.Boolean()) }),
      },
    },
    async (req) => lineItems.getLineItem(req.ctx, req.params.itemId, req.query.fulfillment === true),
  );
  r.put(
    '/v1/order-line-items/:itemId',
    {
      config: { operationId: 'PUT_OrderLineItem' },
      schema: { operationId: 'PUT_OrderLineItem', tags: ['Order Line Items'], params: Type.Object({ itemId: Type.String() }), body: OliBody },
    },
    async (req) => inTransaction(req.ctx, (ctx) => lineItems.updateLineItem(ctx, req.params.itemId, req.body as Body)),
  );
  r.post(
    '/v1/order-line-items/bulk',
    { config: { operationId: 'Post_OrderLineItems' }, schema: { operationId: 'Post_OrderLineItems', tags: ['Order Line Items'], body: BulkOliBody } },
    async (req) => inTransaction(req.ctx, (ctx) => lineItems.bulkUpdate(ctx, req.body as Body)),
  );

  // ---- Fulfillments ----
  const FKey = Type.Object({ key: Type.String() });
  const FId = Type.Object({ id: Type.String() });
  r.post(
    '/v1/fulfillments',
    { config: { operationId: 'Create_Fulfillment' }, schema: { operationId: 'Create_Fulfillment', tags: ['Fulfillments'], body: FulfillmentsBody } },
    async (req) => inTransaction(req.ctx, (ctx) => fulfillments.createFulfillments(ctx, req.body as Body)),
  );
  r.get(
    '/v1/fulfillments/:key',
    {
      config: { operationId: 'GET_Fulfillment' },
      schema: {
        operationId: 'GET_Fulfillment',
        tags: ['Fulfillments'],
        params: FKey,
        querystring: Type.Object({ 'fulfillment-items': Type.Optional(Type.Boolean()) }),
      },
    },
    async (req) => fulfillments.getFulfillment(req.ctx, req.params.key, req.query['fulfillment-items'] === true),
  );
  r.put(
    '/v1/fulfillments/:key',
    { config: { operationId: 'PUT_Fulfillment' }, schema: { operationId: 'PUT_Fulfillment', tags: ['Fulfillments'], params: FKey, body: AnyObject } },
    async (req) => inTransaction(req.ctx, (ctx) => fulfillments.updateFulfillment(ctx, req.params.key, req.body as Body)),
  );
  r.delete(
    '/v1/fulfillments/:key',
    { config: { operationId: 'Delete_Fulfillment' }, schema: { operationId: 'Delete_Fulfillment', tags: ['Fulfillments'], params: FKey } },
    async (req) => inTransaction(req.ctx, (ctx) => fulfillments.deleteFulfillment(ctx, req.params.key)),
  );
  r.post(
    '/v1/fulfillment-items',
    { config: { operationId: 'Create_FulfillmentItem' }, schema: { operationId: 'Create_FulfillmentItem', tags: ['Fulfillments'], body: FulfillmentItemsBody } },
    async (req) => inTransaction(req.ctx, (ctx) => fulfillments.createFulfillmentItems(ctx, req.body as Body)),
  );
  r.get(
    '/v1/fulfillment-items/:id',
    { config: { operationId: 'GET_FulfillmentItem' }, schema: { operationId: 'GET_FulfillmentItem', tags: ['Fulfillments'], params: FId } },
    async (req) => fulfillments.getFulfillmentItem(req.ctx, req.params.id),
  );
  r.put(
    '/v1/fulfillment-items/:id',
    { config: { operationId: 'PUT_FulfillmentItem' }, schema: { operationId: 'PUT_FulfillmentItem', tags: ['Fulfillments'], params: FId, body: AnyObject } },
    async (req) => inTransaction(req.ctx, (ctx) => fulfillments.updateFulfillmentItem(ctx, req.params.id, req.body as Body)),
  );
  r.delete(
    '/v1/fulfillment-items/:id',
    { config: { operationId: 'Delete_FulfillmentItem' }, schema: { operationId: 'Delete_FulfillmentItem', tags: ['Fulfillments'], params: FId } },
    async (req) => inTransaction(req.ctx, (ctx) => fulfillments.deleteFulfillmentItem(ctx, req.params.id)),
  );

  // ---- Ramps ----
  const RampNo = Type.Object({ rampNumber: Type.String() });
  const SubKey = Type.Object({ subscriptionKey: Type.String() });
  r.get(
    '/v1/ramps/:rampNumber',
    { config: { operationId: 'GET_RampByRampNumber' }, schema: { operationId: 'GET_RampByRampNumber', tags: ['Ramps'], params: RampNo } },
    async (req) => ramps.getRamp(req.ctx, req.params.rampNumber),
  );
  r.get(
    '/v1/ramps/:rampNumber/ramp-metrics',
    { config: { operationId: 'GET_RampMetricsByRampNumber' }, schema: { operationId: 'GET_RampMetricsByRampNumber', tags: ['Ramps'], params: RampNo } },
    async (req) => ramps.metricsByRampNumber(req.ctx, req.params.rampNumber),
  );
  r.get(
    '/v1/subscriptions/:subscriptionKey/ramps',
    { config: { operationId: 'GET_RampsBySubscriptionKey' }, schema: { operationId: 'GET_RampsBySubscriptionKey', tags: ['Ramps'], params: SubKey } },
    async (req) => ramps.rampsBySubscription(req.ctx, req.params.subscriptionKey),
  );
  r.get(
    '/v1/subscriptions/:subscriptionKey/ramp-metrics',
    {
      config: { operationId: 'GET_RampMetricsBySubscriptionKey' },
      schema: { operationId: 'GET_RampMetricsBySubscriptionKey', tags: ['Ramps'], params: SubKey },
    },
    async (req) => ramps.metricsBySubscription(req.ctx, req.params.subscriptionKey),
  );
  r.get(
    '/v1/orders/:orderNumber/ramp-metrics',
    {
      config: { operationId: 'GET_RampMetricsByOrderNumber' },
      schema: { operationId: 'GET_RampMetricsByOrderNumber', tags: ['Ramps'], params: Type.Object({ orderNumber: Type.String() }) },
    },
    async (req) => ramps.metricsByOrder(req.ctx, req.params.orderNumber),
  );

  // ---- Subscription Change History ----
  const Tag = 'Subscription Change History';
  r.get(
    '/v1/subscription-change-logs/orders/:orderNumber',
    {
      config: { operationId: 'getSubscriptionChangeLogsByOrderNumber' },
      schema: { operationId: 'getSubscriptionChangeLogsByOrderNumber', tags: [Tag], params: Type.Object({ orderNumber: Type.String() }) },
    },
    async (req) => changeLogs.byOrder(req.ctx, req.params.orderNumber),
  );
  r.get(
    '/v1/subscription-change-logs/:subscriptionNumber',
    {
      config: { operationId: 'getSubscriptionChangeLogsBySubscriptionNumber' },
      schema: { operationId: 'getSubscriptionChangeLogsBySubscriptionNumber', tags: [Tag], params: Type.Object({ subscriptionNumber: Type.String() }) },
    },
    async (req) => changeLogs.bySubscription(req.ctx, req.params.subscriptionNumber),
  );
  r.get(
    '/v1/subscription-change-logs/:subscriptionNumber/versions/:version',
    {
      config: { operationId: 'getSubscriptionChangelogByVersion' },
      schema: {
        operationId: 'getSubscriptionChangelogByVersion',
        tags: [Tag],
        params: Type.Object({ subscriptionNumber: Type.String(), version: Type.String() }),
      },
    },
    async (req) => changeLogs.byVersion(req.ctx, req.params.subscriptionNumber, req.params.version),
  );

  // ---- Omnichannel Subscriptions ----
  r.post(
    '/v1/omni-channel-subscriptions',
    {
      config: { operationId: 'postOmnichannelSubscription' },
      schema: { operationId: 'postOmnichannelSubscription', tags: ['Omnichannel Subscriptions'], body: OmniBody },
    },
    async (req) => inTransaction(req.ctx, (ctx) => omni.upsert(ctx, req.body as Body)),
  );
  r.get(
    '/v1/omni-channel-subscriptions/:subscriptionKey',
    {
      config: { operationId: 'getOmnichannelSubscription' },
      schema: {
        operationId: 'getOmnichannelSubscription',
        tags: ['Omnichannel Subscriptions'],
        params: SubKey,
        querystring: Type.Object({ getAccountDetails: Type.Optional(Type.Boolean()) }),
      },
    },
    async (req) => omni.get(req.ctx, req.params.subscriptionKey, req.query.getAccountDetails === true),
  );
  r.delete(
    '/v1/omni-channel-subscriptions/:subscriptionKey',
    {
      config: { operationId: 'deleteOmnichannelSubscription' },
      schema: { operationId: 'deleteOmnichannelSubscription', tags: ['Omnichannel Subscriptions'], params: SubKey },
    },
    async (req) => inTransaction(req.ctx, (ctx) => omni.remove(ctx, req.params.subscriptionKey)),
  );

  // ---- Sign Up ----
  r.post(
    '/v1/sign-up',
    { config: { operationId: 'POST_SignUp' }, schema: { operationId: 'POST_SignUp', tags: ['Sign Up'], body: AnyObject } },
    async (req) => inTransaction(req.ctx, (ctx) => signUp.signUp(ctx, req.body as Body)),
  );
}
