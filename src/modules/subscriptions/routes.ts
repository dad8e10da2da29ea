/** HTTP for orders, order actions, subscriptions, rate plans and async jobs. */
import { Type, type TSchema } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import '../../platform/jobs.js'; // FastifyInstance.jobs
import { inTransaction, type Ctx } from '../../platform/context.js';
import { invalidValue } from '../../platform/errors.js';
import { pageRequest, pageResult, PageQuery } from '../../platform/pagination.js';
import { accountDetails } from './deps.js';
import { RES_SUBSCRIPTION } from './fields.js';
import * as legacy from './legacy.js';
import * as orders from './order-service.js';
import { processOrder } from './orders.js';
import { subscriptionRelated } from './read-extras.js';
import * as svc from './service.js';
import { latestVersionNumber, type OrderFilter } from './store.js';
import { subscriptionView, type ChargeDetail, type ViewOptions } from './view.js';
import { createOrderResponse, legacyBillingOptions, previewOptions, previewOrderResponse, subscriptionPreviewResponse } from './versions.js';

type Obj = Record<string, unknown>;
/** A legacy call's body without its billing options, and the options (versions.ts names them by version). */
const bodyAndBilling = (req: FastifyRequest, body: unknown): [Obj, ReturnType<typeof legacyBillingOptions>['options']] => {
  const r = legacyBillingOptions(req, body as Obj);
  return [r.body, r.options];
};
const Body = Type.Record(Type.String(), Type.Unknown());
/** How long an async order's answer waits for its job (ms); a longer job goes on after the answer. */
const ASYNC_SETTLE_MS = 3_000;
const Key = Type.Object({ key: Type.String() });
const SubQuery = Type.Object({
  'charge-detail': Type.Optional(Type.Union([Type.Literal('last-segment'), Type.Literal('current-segment'), Type.Literal('all-segments'), Type.Literal('specific-segment')])),
  'as-of-date': Type.Optional(Type.String({ format: 'date' })),
  'exclude-rate-plans-with-no-charges': Type.Optional(Type.Boolean()),
  getDetailedMetrics: Type.Optional(Type.Boolean()),
  asOfDay: Type.Optional(Type.String({ format: 'date' })),
  getSubscriptionOwnerDetails: Type.Optional(Type.Boolean()),
  getInvoiceOwnerDetails: Type.Optional(Type.Boolean()),
});
const OrderListQuery = Type.Object({
  ...PageQuery,
  dateFilterOption: Type.Optional(Type.String()),
  startDate: Type.Optional(Type.String({ format: 'date' })),
  endDate: Type.Optional(Type.String({ format: 'date' })),
  status: Type.Optional(Type.String()),
});

function spec<S extends { params?: TSchema; querystring?: TSchema; body?: TSchema }>(operationId: string, tag: string, extra: S = {} as S) {
  return { config: { operationId }, schema: { operationId, tags: [tag], ...extra } };
}

type ViewQuery = {
  'charge-detail'?: string;
  'as-of-date'?: string;
  'exclude-rate-plans-with-no-charges'?: boolean;
  getDetailedMetrics?: boolean;
  asOfDay?: string;
  getSubscriptionOwnerDetails?: boolean;
  getInvoiceOwnerDetails?: boolean;
};
function viewOpts(ctx: Ctx, q: ViewQuery): ViewOptions {
  const detail = (q['charge-detail'] ?? 'last-segment') as ChargeDetail;
  if (detail === 'specific-segment' && !q['as-of-date']) throw invalidValue(`'as-of-date' is required when 'charge-detail' is specific-segment`);
  const today = ctx.today().toString();
  return {
    detail,
    asOf: detail === 'specific-segment' ? q['as-of-date']! : today,
    excludeRemoved: q['exclude-rate-plans-with-no-charges'] === true,
    detailedMetrics: q.getDetailedMetrics === true,
    metricsDate: q.asOfDay ?? today,
  };
}

async function view(ctx: Ctx, key: string, q: ViewQuery, version?: number) {
  const doc = await svc.requireSubscription(ctx, key, version);
  const latest = await latestVersionNumber(ctx, doc.subscriptionNumber);
  const prev = doc.version > 1 ? await svc.requireSubscription(ctx, doc.subscriptionNumber, doc.version - 1) : undefined;
  const related = await subscriptionRelated(ctx, doc);
  const out: Record<string, unknown> = subscriptionView(doc, { ...viewOpts(ctx, q), isLatestVersion: latest === doc.version, previous: prev, related });
  if (q.getSubscriptionOwnerDetails) out.accountOwnerDetails = await accountDetails(ctx, doc.accountId);
  if (q.getInvoiceOwnerDetails) out.invoiceOwnerAccountDetails = await accountDetails(ctx, doc.invoiceOwnerAccountId);
  return out;
}

export function registerRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const write = <T>(ctx: Ctx, fn: (c: Ctx) => Promise<T>) => inTransaction(ctx, fn);

  async function orderList(ctx: Ctx, url: string, q: { page?: number; pageSize?: number; dateFilterOption?: string; startDate?: string; endDate?: string; status?: string }, ids?: string[]) {
    const p = pageRequest(q);
    const f: OrderFilter = { ids };
    if (q.dateFilterOption !== undefined) {
      if (q.dateFilterOption !== 'orderDate' && q.dateFilterOption !== 'updatedDate') throw invalidValue(`'dateFilterOption' must be orderDate or updatedDate, got '${q.dateFilterOption}'`);
      f.dateField = q.dateFilterOption;
    }
    if (q.status) f.status = q.status;
    if (q.startDate) f.dateFrom = q.startDate;
    if (q.endDate) f.dateTo = q.endDate;
    const rows = await orders.listOrders(ctx, f, p);
    const { items, nextPage } = pageResult(ctx, url, p, rows);
    const out: Obj = { success: true, orders: await Promise.all(items.map((o) => orders.orderView(ctx, o))) };
    if (nextPage) out.nextPage = nextPage;
    return out;
  }

  // ---- Orders
  /**
   * An async operation's job is committed; this process's worker starts it at
   * once and the answer (the job id) waits for it at most ASYNC_SETTLE_MS, so
   * that a small order is usually done by the client's first status poll.
   */
  const settled = async <T extends { jobId: string }>(req: FastifyRequest, r: T): Promise<T> => {
    await req.server.jobs.settle(req.ctx.tenant.id, r.jobId, ASYNC_SETTLE_MS);
    return r;
  };
  r.post('/v1/orders/preview', spec('POST_PreviewOrder', 'Orders', { body: Body }), async (req) => previewOrderResponse(req, await orders.previewOrder(req.ctx, req.body)));
  r.post('/v1/async/orders/preview', spec('POST_PreviewOrderAsynchronously', 'Orders', { body: Body }), async (req) =>
    settled(req, await orders.submitJob(req.ctx, 'AsyncPreviewOrder', { body: req.body })),
  );
  r.get('/v1/orders', spec('GET_AllOrders', 'Orders', { querystring: OrderListQuery }), async (req) => orderList(req.ctx, req.url, req.query));
  r.post('/v1/orders', spec('POST_Order', 'Orders', { body: Body }), async (req) =>
    createOrderResponse(req, await write(req.ctx, async (c) => (await processOrder(c, req.body)).response)),
  );
  r.post('/v1/async/orders', spec('POST_CreateOrderAsynchronously', 'Orders', { body: Body }), async (req) =>
    settled(req, await orders.submitJob(req.ctx, 'AsyncCreateOrder', { body: req.body })),
  );
  r.delete('/v1/orders/:key', spec('DELETE_Order', 'Orders', { params: Key }), async (req) => write(req.ctx, (c) => orders.deleteOrder(c, req.params.key)));
  r.get('/v1/orders/:key', spec('GET_Order', 'Orders', { params: Key }), async (req) => orders.getOrder(req.ctx, req.params.key));
  r.put('/v1/orders/:key', spec('PUT_Order', 'Orders', { params: Key, body: Body }), async (req) => write(req.ctx, (c) => orders.updateOrder(c, req.params.key, req.body)));
  r.delete('/v1/async/orders/:key', spec('deleteOrderAsynchronously', 'Orders', { params: Key }), async (req) =>
    settled(req, await orders.submitJob(req.ctx, 'AsyncDeleteOrder', { orderNumber: req.params.key })),
  );
  r.get('/v1/async-jobs/:key', spec('GET_JobStatusAndResponse', 'Orders', { params: Key }), async (req) => orders.getJob(req.ctx, req.params.key));
  r.get('/v1/orders/subscriptionOwner/:key', spec('GET_OrdersBySubscriptionOwner', 'Orders', { params: Key, querystring: OrderListQuery }), async (req) =>
    orderList(req.ctx, req.url, req.query, await orders.orderIdsForAccount(req.ctx, req.params.key, 'owner')),
  );
  r.get('/v1/orders/subscription/:key', spec('GET_OrdersBySubscriptionNumber', 'Orders', { params: Key, querystring: OrderListQuery }), async (req) =>
    orderList(req.ctx, req.url, req.query, await orders.orderIdsForSubscription(req.ctx, req.params.key)),
  );
  r.get('/v1/orders/invoiceOwner/:key', spec('GET_OrdersByInvoiceOwner', 'Orders', { params: Key, querystring: OrderListQuery }), async (req) =>
    orderList(req.ctx, req.url, req.query, await orders.orderIdsForAccount(req.ctx, req.params.key, 'invoiceOwner')),
  );
  r.put('/v1/orders/:key/customFields', spec('PUT_UpdateOrderCustomFields', 'Orders', { params: Key, body: Body }), async (req) =>
    write(req.ctx, (c) => orders.updateOrderCustomFields(c, req.params.key, req.body)),
  );
  r.put('/v1/subscriptions/:key/customFields', spec('PUT_UpdateSubscriptionCustomFields', 'Orders', { params: Key, body: Body }), async (req) =>
    write(req.ctx, (c) => svc.updateSubscriptionCustomFields(c, req.params.key, req.body)),
  );
  r.put('/v1/orders/:key/triggerDates', spec('PUT_OrderTriggerDates', 'Orders', { params: Key, body: Body }), async (req) =>
    write(req.ctx, (c) => orders.setTriggerDates(c, req.params.key, req.body)),
  );
  r.put('/v1/orders/:key/activate', spec('PUT_OrderActivate', 'Orders', { params: Key }), async (req) => write(req.ctx, (c) => orders.activateOrder(c, req.params.key)));
  r.put('/v1/orders/:key/cancel', spec('PUT_OrderCancel', 'Orders', { params: Key }), async (req) =>
    write(req.ctx, (c) => orders.cancelOrder(c, req.params.key, (req.body ?? {}) as Obj)),
  );
  r.post('/v1/orders/:key/revert', spec('revertOrder', 'Orders', { params: Key }), async (req) =>
    write(req.ctx, (c) => orders.revertOrder(c, req.params.key, (req.body ?? {}) as Obj)),
  );
  r.get('/v1/orders/subscription/:key/pending', spec('GET_PendingOrdersBySubscriptionNumber', 'Orders', { params: Key }), async (req) => orders.pendingOrdersOf(req.ctx, req.params.key));

  // ---- Order actions
  r.put('/v1/orderActions/:key', spec('PUT_OrderActions', 'Order Actions', { params: Key, body: Body }), async (req) =>
    write(req.ctx, (c) => orders.updateOrderAction(c, req.params.key, req.body)),
  );

  // ---- Subscriptions
  r.post('/v1/subscriptions/preview', spec('POST_PreviewSubscription', 'Subscriptions', { body: Body }), async (req) =>
    subscriptionPreviewResponse(req, await legacy.previewNewSubscription(req.ctx, previewOptions(req, req.body)), 'preview'),
  );
  r.post('/v1/subscriptions/:key/preview', spec('PreviewExistingSubscription', 'Subscriptions', { params: Key, body: Body }), async (req) =>
    legacy.previewExistingSubscription(req.ctx, req.params.key, previewOptions(req, req.body, { previewCall: true, existing: true })),
  );
  r.post('/v1/subscriptions', spec('POST_Subscription', 'Subscriptions', { body: Body }), async (req) => {
    const { body, options } = legacyBillingOptions(req, req.body);
    return write(req.ctx, (c) => legacy.createNewSubscription(c, body, options));
  });
  r.get(
    '/v1/subscriptions/accounts/:key',
    spec('GET_SubscriptionsByAccount', 'Subscriptions', { params: Key, querystring: Type.Composite([SubQuery, Type.Object(PageQuery)]) }),
    async (req) => {
      const p = pageRequest(req.query, { defaultSize: 20, maxSize: 40 });
      const rows = await svc.subscriptionsOfAccount(req.ctx, req.params.key, viewOpts(req.ctx, req.query), p.pageSize + 1, p.offset);
      const { items, nextPage } = pageResult(req.ctx, req.url, p, rows);
      return nextPage ? { success: true, subscriptions: items, nextPage } : { success: true, subscriptions: items };
    },
  );
  r.get('/v1/subscriptions/subscription-metrics', spec('GetMetricsBySubscriptionNumbers', 'Subscriptions', { querystring: Type.Object({ subscriptionNumbers: Type.Union([Type.String(), Type.Array(Type.String())]), asOfDay: Type.Optional(Type.String({ format: 'date' })) }) }), async (req) => {
    const q = req.query;
    const numbers = (Array.isArray(q.subscriptionNumbers) ? q.subscriptionNumbers : [q.subscriptionNumbers]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
    return svc.metrics(req.ctx, numbers, q.asOfDay ?? req.ctx.today().toString());
  });
  r.get('/v1/subscriptions/:key', spec('GET_SubscriptionsByKey', 'Subscriptions', { params: Key, querystring: SubQuery }), async (req) => view(req.ctx, req.params.key, req.query));
  r.put('/v1/subscriptions/:key', spec('PUT_Subscription', 'Subscriptions', { params: Key, body: Body }), async (req) => {
    const { body, options } = legacyBillingOptions(req, previewOptions(req, req.body, { previewCall: false }));
    if (body.preview !== undefined && body.preview !== null && typeof body.preview !== 'boolean') throw invalidValue(`'preview' must be true or false, got ${JSON.stringify(body.preview)}`, RES_SUBSCRIPTION);
    // preview: true runs the update as an order preview: nothing is saved (versions.ts shapes the answer by version)
    if (body.preview === true) return subscriptionPreviewResponse(req, await legacy.previewSubscriptionUpdate(req.ctx, req.params.key, body, options.targetDate), 'update');
    return write(req.ctx, (c) => legacy.updateSubscription(c, req.params.key, body, options));
  });
  const VersionParams = Type.Object({ key: Type.String(), version: Type.Integer({ minimum: 1 }) });
  r.get('/v1/subscriptions/:key/versions/:version', spec('GET_SubscriptionsByKeyAndVersion', 'Subscriptions', { params: VersionParams, querystring: SubQuery }), async (req) =>
    view(req.ctx, req.params.key, req.query, req.params.version),
  );
  r.put('/v1/subscriptions/:key/renew', spec('PUT_RenewSubscription', 'Subscriptions', { params: Key }), async (req) =>
    write(req.ctx, (c) => legacy.renewSubscription(c, req.params.key, ...bodyAndBilling(req, (req.body ?? {}) as Obj))),
  );
  r.put('/v1/subscriptions/:key/cancel', spec('PUT_CancelSubscription', 'Subscriptions', { params: Key, body: Body }), async (req) =>
    write(req.ctx, (c) => legacy.cancelSubscription(c, req.params.key, ...bodyAndBilling(req, req.body))),
  );
  r.put('/v1/subscriptions/:key/resume', spec('PUT_ResumeSubscription', 'Subscriptions', { params: Key, body: Body }), async (req) =>
    write(req.ctx, (c) => legacy.resumeSubscription(c, req.params.key, ...bodyAndBilling(req, req.body))),
  );
  r.put('/v1/subscriptions/:key/suspend', spec('PUT_SuspendSubscription', 'Subscriptions', { params: Key, body: Body }), async (req) =>
    write(req.ctx, (c) => legacy.suspendSubscription(c, req.params.key, ...bodyAndBilling(req, req.body))),
  );
  r.put('/v1/subscriptions/:key/delete', spec('PUT_DeleteSubscription', 'Subscriptions', { params: Key }), async (req) => write(req.ctx, (c) => svc.deleteSubscription(c, req.params.key)));
  r.put('/v1/subscriptions/:key/versions/:version/customFields', spec('PUT_UpdateSubscriptionCustomFieldsOfASpecifiedVersion', 'Subscriptions', { params: VersionParams, body: Body }), async (req) =>
    write(req.ctx, (c) => svc.updateSubscriptionCustomFields(c, req.params.key, req.body, req.params.version)),
  );

  // ---- Rate plans
  r.get('/v1/rateplans/:key', spec('GET_RatePlan', 'Rate Plans', { params: Key }), async (req) => svc.getRatePlan(req.ctx, req.params.key));
}
