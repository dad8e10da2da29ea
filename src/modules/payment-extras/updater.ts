/**
 * Payment Method Updater ("List Payment Method Updater instances", "Create a Payment Method Updater batch
 * asynchronously"). A PMU instance is a card updater service of a gateway (CyberSource, WorldPay, ...); the
 * tenant's only gateway, the test gateway, has none. So the list answers no instance, and a batch, which
 * must name one by `updaterAccountId`, is refused once its body is well formed.
 */
import type { Ctx } from '../../platform/context.js';
import { invalidValue, missingField, unknownField } from '../../platform/errors.js';

type Obj = Record<string, unknown>;

/** Resource code of Payment Method Updater errors (a code of zbill's own). */
export const RES_PM_UPDATER = 534400;

/** GET /v1/payment-method-updaters. */
export async function listUpdaters(_ctx: Ctx): Promise<Obj> {
  return { success: true, updaters: [] };
}

/** POST /v1/payment-method-updaters/batches. */
export async function createBatch(_ctx: Ctx, body: unknown): Promise<Obj> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalidValue(`the body must be a JSON object`, RES_PM_UPDATER);
  const b = body as Obj;
  for (const k of Object.keys(b)) if (k !== 'billingCycleDay' && k !== 'updaterAccountId') throw unknownField(`'${k}' is not a field of a Payment Method Updater batch (billingCycleDay, updaterAccountId)`, RES_PM_UPDATER);
  if (b.updaterAccountId === undefined || b.updaterAccountId === null || b.updaterAccountId === '') throw missingField(`'updaterAccountId' is required`, RES_PM_UPDATER);
  if (typeof b.updaterAccountId !== 'string' || !/^[0-9a-f]{32}$/.test(b.updaterAccountId))
    throw invalidValue(`'updaterAccountId' must be a string of 32 characters, digits and letters a - f, got ${JSON.stringify(b.updaterAccountId)}`, RES_PM_UPDATER);
  if (b.billingCycleDay === undefined || b.billingCycleDay === null) throw missingField(`'billingCycleDay' is required`, RES_PM_UPDATER);
  if (!Number.isInteger(b.billingCycleDay) || (b.billingCycleDay as number) < 1 || (b.billingCycleDay as number) > 31)
    throw invalidValue(`'billingCycleDay' must be a whole number from 1 to 31, got ${JSON.stringify(b.billingCycleDay)}`, RES_PM_UPDATER);
  throw invalidValue(
    `'updaterAccountId': ${b.updaterAccountId} is not a Payment Method Updater instance of this tenant (its payment gateway, the test gateway, has no updater service: GET /v1/payment-method-updaters lists none)`,
    RES_PM_UPDATER,
  );
}
