import type { ZModule } from '../../platform/module.js';
import { registerRoutes } from './routes.js';

/**
 * Queries: ZOQL (action query and queryMore), describe and the object query
 * API over the objects every module registers (contract.ts). It holds no
 * table: it reads the other modules' tables through their declarations.
 * It must come after every module that registers objects.
 */
export const queriesModule: ZModule = {
  name: 'queries',
  routes: registerRoutes,
};
