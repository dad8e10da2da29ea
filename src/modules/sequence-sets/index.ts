import type { ZModule } from '../../platform/module.js';

/** Placeholder until the module lands. */
export const sequenceSetsModule: ZModule = { name: 'sequence-sets' };
