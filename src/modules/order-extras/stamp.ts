import type { Ctx } from '../../platform/context.js';

/** A stored timestamp: ISO instant with a fixed number of fraction digits, so that strings sort as times. */
export function stamp(ctx: Ctx): string {
  return ctx.now().toString({ fractionalSecondDigits: 9 });
}
