import type { FastifyInstance, HTTPMethods } from 'fastify';
import { notImplemented } from '../errors.js';
import { OPERATIONS, type OperationInfo } from '../operations.generated.js';

/** `/v1/accounts/{account-key}` → `/v1/accounts/:account_key` (find-my-way ends a parameter name at '-'). */
export function toFastifyPath(specPath: string): string {
  return specPath.replace(/\{([^}]+)\}/g, (_m, name: string) => ':' + name.replace(/[^A-Za-z0-9_]/g, '_'));
}

/** One key per route shape, whatever its parameters are called. */
export function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, ':').replace(/:[^/]+/g, ':')}`;
}

export interface Coverage {
  implemented: number;
  total: number;
  byTag: Record<string, { implemented: string[]; missing: string[] }>;
}

/**
 * Tracks which reference operations have a real route, and gives every other
 * operation a route that answers 501 in Zuora's envelope.
 */
export class OperationRegistry {
  private readonly real = new Set<string>();

  constructor(app: FastifyInstance) {
    app.addHook('onRoute', (opts) => {
      if (opts.config?.stub) return;
      const methods = Array.isArray(opts.method) ? opts.method : [opts.method];
      for (const m of methods) this.real.add(routeKey(m, opts.url ?? opts.path));
    });
  }

  isImplemented(op: OperationInfo): boolean {
    return this.real.has(routeKey(op.method, op.path));
  }

  registerStubs(app: FastifyInstance): void {
    for (const op of OPERATIONS) {
      if (this.isImplemented(op)) continue;
      app.route({
        method: op.method as HTTPMethods,
        url: toFastifyPath(op.path),
        config: { stub: true, operationId: op.operationId },
        schema: { hide: true },
        handler: async () => {
          throw notImplemented(`${op.method} ${op.path} (${op.operationId}: ${op.summary})`);
        },
      });
    }
  }

  coverage(): Coverage {
    const byTag: Coverage['byTag'] = {};
    let implemented = 0;
    for (const op of OPERATIONS) {
      const t = (byTag[op.tag] ??= { implemented: [], missing: [] });
      if (this.isImplemented(op)) {
        t.implemented.push(op.operationId);
        implemented++;
      } else t.missing.push(op.operationId);
    }
    return { implemented, total: OPERATIONS.length, byTag };
  }
}
