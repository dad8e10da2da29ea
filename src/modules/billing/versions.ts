/**
 * The API-version switches of the billing operations (docs/api-versions.md lists them all). Route-layer
 * only: each function takes the request's effective version and a request or response body.
 */
import { atLeast, type HasVersion } from '../../platform/api-version.js';
import { invalidValue, unknownField } from '../../platform/errors.js';

type Obj = Record<string, unknown>;

/**
 * POST /v1/billing-preview-runs names the accounts' batches `batches` (a comma-separated list) from
 * 314.0 on and `batch` (one batch, or AllBatches) before. The name the request's version does not have
 * is refused (category 21); the body the service sees always says `batches`.
 */
export function previewRunRequest(v: HasVersion, body: Obj): Obj {
  if (atLeast(v, '314.0')) {
    if (body.batch !== undefined) throw unknownField(`'batch' is the name before Zuora-Version 314.0; from 314.0 on the field is 'batches'`);
    return body;
  }
  if (body.batches !== undefined) throw unknownField(`'batches' is available from Zuora-Version 314.0; on this version the field is 'batch'`);
  const { batch, ...rest } = body;
  if (batch === undefined || batch === null) return rest;
  if (typeof batch !== 'string' || batch.includes(',')) throw invalidValue(`'batch' must be one batch such as Batch1, or AllBatches, got ${JSON.stringify(batch)}`);
  return { ...rest, batches: batch };
}

/** GET /v1/billing-preview-runs/{id} answers `batches` from 314.0 on and `batch` before. */
export function previewRunResponse(v: HasVersion, res: Obj): Obj {
  if (atLeast(v, '314.0') || !('batches' in res)) return res;
  const { batches, ...rest } = res;
  return { ...rest, batch: batches };
}
