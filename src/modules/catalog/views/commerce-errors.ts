/**
 * The Commerce API answers errors with a real HTTP status whatever the API
 * version, in one of two documented bodies:
 * - `proxy` (creates and queries): `{ success: false, errors: [{ code, message }] }`
 * - `common` (updates, plans/list, tiers): `{ success: false, processId, reasons: [{ code, message }], requestId }`
 * A missing or bad credential answers 401 `{ message }`.
 * Codes are Zuora's 8-digit codes, as strings (the spec types them as strings).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { httpStatusFor, MAPPED_STATUS_VERSION } from '../../../platform/errors.js';
import { toZuoraError } from '../../../platform/http/errors.js';
import { newProcessId } from '../../../platform/ids.js';

export type CommerceErrorStyle = 'proxy' | 'common';

export function commerceErrorHandler(style: CommerceErrorStyle) {
  return (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const z = toZuoraError(err, req);
    if (z.headers) reply.headers(z.headers);
    const status = httpStatusFor(z, MAPPED_STATUS_VERSION);
    if (status === 401) return reply.code(401).send({ message: z.message });
    const items = z.reasons.map((r) => ({ code: String(r.code), message: r.message }));
    if (style === 'proxy') return reply.code(status).send({ success: false, errors: items });
    return reply.code(status).send({ success: false, processId: newProcessId(), reasons: items, requestId: req.zuoraRequestId ?? randomUUID() });
  };
}
