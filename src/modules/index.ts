import type { ZModule } from '../platform/module.js';

/**
 * Every business module, in dependency order: a module may use the services of
 * the modules above it. Tenant reset empties tables in the reverse order.
 */
export const MODULES: ZModule[] = [];
