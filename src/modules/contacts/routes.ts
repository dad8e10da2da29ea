import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { inTransaction } from '../../platform/context.js';
import { PageQuery } from '../../platform/pagination.js';
import * as service from './service.js';

const ContactId = Type.Object({ contactId: Type.String() });
const Body = Type.Object({}, { additionalProperties: true });

export function registerRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post(
    '/v1/contacts',
    { config: { operationId: 'POST_CreateContact' }, schema: { operationId: 'POST_CreateContact', tags: ['Contacts'], body: Body } },
    async (req) => inTransaction(req.ctx, (ctx) => service.createContact(ctx, req.body as Record<string, unknown>)),
  );

  r.get(
    '/v1/contacts/:contactId',
    { config: { operationId: 'GET_Contact' }, schema: { operationId: 'GET_Contact', tags: ['Contacts'], params: ContactId } },
    async (req) => service.getContactResponse(req.ctx, req.params.contactId),
  );

  r.put(
    '/v1/contacts/:contactId',
    { config: { operationId: 'PUT_Contact' }, schema: { operationId: 'PUT_Contact', tags: ['Contacts'], params: ContactId, body: Body } },
    async (req) => inTransaction(req.ctx, (ctx) => service.updateContactById(ctx, req.params.contactId, req.body as Record<string, unknown>)),
  );

  r.delete(
    '/v1/contacts/:contactId',
    { config: { operationId: 'DELETE_Contact' }, schema: { operationId: 'DELETE_Contact', tags: ['Contacts'], params: ContactId } },
    async (req) =>
      inTransaction(req.ctx, async (ctx) => {
        await service.deleteContact(ctx, req.params.contactId);
        return { success: true };
      }),
  );

  r.put(
    '/v1/contacts/:contactId/transfer',
    {
      config: { operationId: 'transferContent' },
      schema: { operationId: 'transferContent', tags: ['Contacts'], params: ContactId, body: Type.Object({ destinationAccountKey: Type.Optional(Type.String()) }) },
    },
    async (req) =>
      inTransaction(req.ctx, async (ctx) => {
        await service.transferContact(ctx, req.params.contactId, req.body as Record<string, unknown>);
        return { success: true };
      }),
  );

  r.put(
    '/v1/contacts/:contactId/scrub',
    { config: { operationId: 'PUT_ScrubContact' }, schema: { operationId: 'PUT_ScrubContact', tags: ['Contacts'], params: ContactId } },
    async (req) =>
      inTransaction(req.ctx, async (ctx) => {
        await service.scrubContact(ctx, req.params.contactId);
        return { success: true };
      }),
  );

  r.get(
    '/v1/contact-snapshots/:snapshotId',
    {
      config: { operationId: 'GET_ContactSnapshot' },
      schema: {
        operationId: 'GET_ContactSnapshot',
        tags: ['Contact Snapshots'],
        params: Type.Object({ snapshotId: Type.String() }),
        querystring: Type.Object({ page: PageQuery.page, pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 40 })) }),
      },
    },
    async (req) => service.getContactSnapshot(req.ctx, req.params.snapshotId),
  );
}
