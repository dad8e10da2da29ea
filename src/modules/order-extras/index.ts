import type { ZModule } from '../../platform/module.js';

/** Placeholder until the module lands. */
export const orderExtrasModule: ZModule = { name: 'order-extras' };
