import type { FastifyRequest } from 'fastify';
import { invalidValue } from '../errors.js';

/**
 * Registered for every route: PostgreSQL cannot store or compare a string holding U+0000; such input is a
 * client error (naming where it is), never a database failure.
 */
export async function rejectNul(req: FastifyRequest): Promise<void> {
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
