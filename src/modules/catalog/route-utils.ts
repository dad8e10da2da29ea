import type { FastifyRequest } from 'fastify';
import { invalidValue } from '../../platform/errors.js';

/**
 * PostgreSQL can neither store nor compare a string holding U+0000: such input
 * is refused as a client error naming where it is, before any query runs.
 */
export async function refuseNul(req: FastifyRequest): Promise<void> {
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'string') {
      if (v.includes('\u0000')) throw invalidValue(`'${path || 'value'}' must not contain the NUL character`);
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
  };
  walk(req.params, '');
  walk(req.query, '');
  walk(req.body, '');
}

/** Route options: the operation id, its tag, its schemas, and the NUL guard. */
export function route<S extends object>(operationId: string, tag: string, extra: S) {
  return { config: { operationId }, preHandler: refuseNul, schema: { operationId, tags: [tag], ...extra } };
}
