import type { FastifyInstance } from 'fastify';

/** Registers the commerce view of the catalog (owned by the engineer building the commerce API). */
export function registerCommerceRoutes(_app: FastifyInstance): void {}
