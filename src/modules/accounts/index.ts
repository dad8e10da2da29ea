import type { ZModule } from '../../platform/module.js';

/** Placeholder until the module lands. */
export const accountsModule: ZModule = { name: 'accounts' };
