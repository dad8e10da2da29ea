import type { ZModule } from '../../platform/module.js';

/** Placeholder until the module lands. */
export const accountingCodesModule: ZModule = { name: 'accounting-codes' };
