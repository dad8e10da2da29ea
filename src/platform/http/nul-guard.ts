import type { FastifyRequest } from 'fastify';
import { parseDate } from '../dates.js';
import { invalidValue, malformed, missingField } from '../errors.js';
import { MAX_BODY_DEPTH } from './body-parsers.js';
import { isObjectApi } from './errors.js';
import { routeKey } from './operations.js';
import type { BodyShape } from './request-shape-types.js';
import { REQUEST_SHAPES } from './request-shapes.generated.js';

/**
 * Fields the spec marks required at a body's top level that Zuora does not require (it takes a default, or
 * another field instead), by operationId. test/conformance/FINDINGS.md lists them too.
 */
export const NOT_REQUIRED: Record<string, string[]> = {
  // meaningful only for a discount charge (a new accounting code for the discount); other charges are made without it
  Object_POSTProductRatePlanCharge: ['UseDiscountSpecificAccountingCode'],
  // an update changes the fields it names and the charge keeps the rest, as every object API update does
  Object_PUTProductRatePlanCharge: ['BillCycleType', 'BillingPeriod', 'ChargeModel', 'ProductRatePlanChargeTierData', 'ProductRatePlanId', 'TriggerEvent', 'UseDiscountSpecificAccountingCode'],
  // the page: "Default is 0" (an evergreen subscription has no renewal term)
  POST_Subscription: ['renewalTerm'],
};

/**
 * Required fields whose absence the operation's module refuses itself, with the code Zuora gives it (its own
 * object code, where the guard can only give the generic one), by operationId. They stay required.
 */
export const CHECKED_BY_MODULE: Record<string, string[]> = {
  // 53100322: Zuora's code for the subscription's termType
  POST_Subscription: ['termType'],
  // 59210022: the invoice's own code
  POST_StandaloneInvoice: ['invoiceDate'],
  // an unknown payment method answers 404 before the body is read (test/payment-methods/gateway-records.test.ts)
  POST_CreateStoredCredentialProfile: ['status', 'type', 'consentAgreementSrc'],
  POST_CreateAuthorization: ['amount', 'gatewayOrderId'],
  POST_CancelAuthorization: ['transactionId', 'gatewayOrderId'],
  // an unknown custom payment method type answers 404 before its body is read (test/payment-extras/http.test.ts)
  PUT_UpdateOpenPaymentMethodType: ['internalName', 'tenantId', 'label', 'methodReferenceIdField', 'fields'],
};

/**
 * Fields the spec marks required inside a nested object of a body that Zuora does not require (it takes a
 * default, or another field instead), by operationId, as paths with `[]` for any list index. FINDINGS.md lists them.
 */
export const NESTED_NOT_REQUIRED: Record<string, string[]> = {
  // Zuora's own sample request (the page's) sends its filters without filterType
  POST_CreateEInvoicingBusinessRegion: ['invoiceFilters[].filterType'],
};

/**
 * Nested required fields whose absence the operation's module refuses itself, with Zuora's own code or per
 * record, by operationId (paths as in NESTED_NOT_REQUIRED). They stay required.
 */
export const NESTED_CHECKED_BY_MODULE: Record<string, string[]> = {
  // 59210022: the invoice's own code (test/invoices/standalone.test.ts)
  POST_StandaloneInvoice: ['invoiceItems[].amount', 'invoiceItems[].serviceStartDate'],
  // the action API answers each record on its own: a record without Id fails alone (test/queries/actions.test.ts)
  Action_POSTupdate: ['objects[].Id'],
};

const SHAPES = new Map<string, BodyShape>();
const REQUIRED = new Map<string, string[]>();
const NESTED_SKIP = new Map<string, Set<string>>();
for (const [key, v] of Object.entries(REQUEST_SHAPES)) {
  const sp = key.indexOf(' ');
  const rk = routeKey(key.slice(0, sp), key.slice(sp + 1));
  if (v.body) SHAPES.set(rk, v.body);
  const nestedSkip = [...(NESTED_NOT_REQUIRED[v.operationId] ?? []), ...(NESTED_CHECKED_BY_MODULE[v.operationId] ?? [])];
  if (nestedSkip.length) NESTED_SKIP.set(rk, new Set(nestedSkip));
  const skip = [...(NOT_REQUIRED[v.operationId] ?? []), ...(CHECKED_BY_MODULE[v.operationId] ?? [])];
  const required = (v.required ?? []).filter((k) => !skip.includes(k));
  if (required.length) REQUIRED.set(rk, required);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const kindOf = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
const join = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

/**
 * Why `v` does not fit `shape`, or null when it does. Only what would make a value of the wrong kind reach a
 * service or SQL is refused: an object or a list where the spec has a scalar, a scalar where it has an object,
 * an object where it has a list, and an impossible calendar date in a date field. A scalar is taken for a
 * one-item list and scalars convert into each other, as schema validation already does on the routes; a list
 * of objects is taken where the spec has one object.
 */
export function shapeMismatch(v: unknown, shape: BodyShape, path: string, quote = true): string | null {
  if (v === null || v === undefined) return null;
  for (const part of shape.allOf ?? []) {
    const m = shapeMismatch(v, part, path, quote);
    if (m) return m;
  }
  for (const alts of [shape.oneOf, shape.anyOf]) {
    if (!alts?.length) continue;
    const misses = alts.map((a) => shapeMismatch(v, a, path, quote));
    if (misses.every((m) => m !== null)) return misses[0]!;
  }
  // REST messages quote the field; the object API's name it bare, as the catalog's own messages do.
  const field = quote ? `'${path || 'body'}'` : path || 'body';
  switch (shape.type) {
    case 'string':
    case 'number':
    case 'integer':
    case 'boolean':
      if (typeof v === 'object') return `${field} must be of type ${shape.type}, not ${kindOf(v)}`;
      if (shape.format === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) && !parseDate(v.slice(0, 10)))
        return `${field} must be a date in yyyy-MM-dd format, not '${v}'`;
      return null;
    case 'object':
      // A list of such objects passes too: the spec has a few lists as single objects (sign-up renewalTerms).
      if (Array.isArray(v) && v.every(isPlainObject)) {
        for (let i = 0; i < v.length; i++) {
          const m = shapeMismatch(v[i], { properties: shape.properties }, join(path, i), quote);
          if (m) return m;
        }
        return null;
      }
      if (!isPlainObject(v)) return `${field} must be of type object, not ${kindOf(v)}`;
      break;
    case 'array':
      if (isPlainObject(v)) return `${field} must be of type array, not object`;
      if (shape.items) {
        const list = Array.isArray(v) ? v : [v];
        for (let i = 0; i < list.length; i++) {
          const m = shapeMismatch(list[i], shape.items, join(path, i), quote);
          if (m) return m;
        }
      }
      return null;
  }
  if (shape.properties && isPlainObject(v)) {
    for (const [k, s] of Object.entries(shape.properties)) {
      if (!Object.hasOwn(v, k)) continue;
      const m = shapeMismatch(v[k], s, join(path, k), quote);
      if (m) return m;
    }
  }
  return null;
}

/** A path with its list indexes left out (`a[0].b` → `a[].b`), as NESTED_NOT_REQUIRED names them. */
export const genericPath = (path: string) => path.replace(/\[\d+\]/g, '[]');

/**
 * The path of the first field the spec marks required in an object nested in `v` (or in an object of a list)
 * that is absent or null, or null when there is none. Only objects the client sent are checked (an absent parent
 * imposes nothing), and not the top level's own fields (the caller checks those, with its own exceptions).
 * oneOf/anyOf alternatives are not looked into: which one the client meant is not known. `skip` holds the
 * generic paths (`a[].b`) Zuora does not require.
 */
export function missingNested(v: unknown, shape: BodyShape, path: string, skip?: Set<string>, depth = 0): string | null {
  if (v === null || v === undefined || depth > MAX_BODY_DEPTH) return null;
  for (const part of shape.allOf ?? []) {
    const m = missingNested(v, part, path, skip, depth);
    if (m) return m;
  }
  if (Array.isArray(v)) {
    // a list where the spec has one object is checked item by item, as shapeMismatch takes it
    const item = shape.type === 'array' ? shape.items : shape.type === 'object' || shape.properties ? shape : undefined;
    if (!item) return null;
    for (let i = 0; i < v.length; i++) {
      const m = missingNested(v[i], item, join(path, i), skip, depth + 1);
      if (m) return m;
    }
    return null;
  }
  if (!isPlainObject(v)) return null;
  if (shape.type === 'array') {
    // one object where the spec has a list: taken for a one-item list
    return shape.items ? missingNested(v, shape.items, join(path, 0), skip, depth + 1) : null;
  }
  if (path && shape.required) {
    for (const k of shape.required) {
      if (v[k] !== undefined && v[k] !== null) continue;
      const p = join(path, k);
      if (!skip?.has(genericPath(p))) return p;
    }
  }
  if (shape.properties) {
    for (const [k, s] of Object.entries(shape.properties)) {
      if (!Object.hasOwn(v, k)) continue;
      const m = missingNested(v[k], s, join(path, k), skip, depth + 1);
      if (m) return m;
    }
  }
  return null;
}

/** The NUL character anywhere in a value, as the path of the first string holding it. */
export function nulPath(root: unknown): string | null {
  const stack: Array<[unknown, string, number]> = [[root, '', 0]];
  while (stack.length) {
    const [v, path, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return path || 'value';
    } else if (typeof v === 'object' && v !== null) {
      if (depth > MAX_BODY_DEPTH) throw malformed(`The request nests deeper than ${MAX_BODY_DEPTH} levels`);
      if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], join(path, i), depth + 1]);
      else for (const k of Object.keys(v).reverse()) stack.push([(v as Record<string, unknown>)[k], join(path, k), depth + 1]);
    }
  }
  return null;
}

/**
 * Registered for every route, before schema validation and before any service code: PostgreSQL cannot store or
 * compare a string holding U+0000, and a value of the wrong kind (an object where the spec has a string, say)
 * must never reach a query. Both are client errors naming the field. A JSON body without a field the spec marks
 * required at its top level (absent or null; NOT_REQUIRED aside) is refused first, naming the field (category 22);
 * then one without a field the spec marks required in an object the client sent inside it (missingNested;
 * NESTED_NOT_REQUIRED aside), naming its full path (`'subscriptions[0].orderActions[1].type' is required`).
 */
export async function rejectNul(req: FastifyRequest): Promise<void> {
  for (const part of [req.params, req.query, req.body]) {
    const p = nulPath(part);
    if (p !== null) throw invalidValue(`'${p}' must not contain the NUL character`);
  }
  const url = req.routeOptions.url;
  if (req.body === undefined || !url || req.routeOptions.config?.stub) return;
  const key = routeKey(req.method, url);
  const objectApi = isObjectApi(req.url);
  // REST messages quote the field, as route validation does; the object API's name it bare
  const missingError = (path: string) => missingField(objectApi ? `${path} is required` : `'${path}' is required`);
  const jsonObject = isPlainObject(req.body) && /json/i.test(String(req.headers['content-type'] ?? ''));
  const body = req.body as Record<string, unknown>;
  const required = REQUIRED.get(key);
  if (required && jsonObject) {
    const missing = required.find((k) => body[k] === undefined || body[k] === null);
    if (missing !== undefined) throw missingError(missing);
  }
  const shape = SHAPES.get(key);
  if (!shape) return;
  if (jsonObject) {
    const missing = missingNested(body, shape, '', NESTED_SKIP.get(key));
    if (missing !== null) throw missingError(missing);
  }
  const m = shapeMismatch(req.body, shape, '', !objectApi);
  if (m) throw invalidValue(m);
}
