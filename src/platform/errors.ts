/**
 * Zuora's error model.
 *
 * An error code is 8 digits: a 6-digit resource code (which object/field) and a
 * 2-digit category. Requests without a payload (GET, DELETE) use resource 500000.
 * The HTTP status depends on the API version (see `httpStatusFor`).
 */
export const Category = {
  PERMISSION: 10,
  AUTH: 11,
  INVALID_VALUE: 20,
  UNKNOWN_FIELD: 21,
  MISSING_FIELD: 22,
  MISSING_PARAMETER: 23,
  RULE: 30,
  NOT_FOUND: 40,
  LOCK: 50,
  INTERNAL: 60,
  LIMIT: 70,
  MALFORMED: 90,
} as const;
export type Category = (typeof Category)[keyof typeof Category];

/** Resource code Zuora uses when no object or field applies. */
export const UNKNOWN_RESOURCE = 500000;

export interface Reason {
  code: number;
  message: string;
}

export class ZuoraError extends Error {
  readonly reasons: Reason[];
  /** A status that holds whatever the API version (auth, rate limit, not implemented). */
  readonly fixedStatus?: number;
  readonly headers?: Record<string, string>;

  constructor(code: number, message: string, opts: { fixedStatus?: number; headers?: Record<string, string>; more?: Reason[] } = {}) {
    super(message);
    this.reasons = [{ code, message }, ...(opts.more ?? [])];
    this.fixedStatus = opts.fixedStatus;
    this.headers = opts.headers;
  }

  get code(): number {
    return this.reasons[0]!.code;
  }

  get category(): number {
    return this.code % 100;
  }
}

export function errorCode(resource: number, category: Category): number {
  return resource * 100 + category;
}

// Shorthands for the common cases. `resource` defaults to the unknown resource.
export const notFound = (message: string, resource = UNKNOWN_RESOURCE) => new ZuoraError(errorCode(resource, Category.NOT_FOUND), message);
/** Zuora's not-found wording for a record looked up by its id or number (accounts, subscriptions): code 50000040. */
export const entityNotFound = (key: string) => notFound(`Cannot find entity by key: '${key}'.`);
/** Zuora's not-found wording for an invoice (its samples: "Cannot find a Invoice instance with id …"): code 50000040. */
export const invoiceNotFound = (key: string) => notFound(`Cannot find a Invoice instance with id ${key}.`);
export const invalidValue = (message: string, resource = UNKNOWN_RESOURCE) => new ZuoraError(errorCode(resource, Category.INVALID_VALUE), message);
export const missingField = (message: string, resource = UNKNOWN_RESOURCE) => new ZuoraError(errorCode(resource, Category.MISSING_FIELD), message);
export const unknownField = (message: string, resource = UNKNOWN_RESOURCE) => new ZuoraError(errorCode(resource, Category.UNKNOWN_FIELD), message);
export const ruleViolation = (message: string, resource = UNKNOWN_RESOURCE) => new ZuoraError(errorCode(resource, Category.RULE), message);
export const malformed = (message: string, resource = UNKNOWN_RESOURCE) => new ZuoraError(errorCode(resource, Category.MALFORMED), message);
export const lockContention = (message: string, resource = UNKNOWN_RESOURCE) => new ZuoraError(errorCode(resource, Category.LOCK), message);

/** 90000011: Zuora's code for a missing or invalid credential. Always HTTP 401. */
export const authFailed = (message = 'this resource is protected, please sign in first') =>
  new ZuoraError(90000011, message, { fixedStatus: 401 });

export const notImplemented = (what: string) =>
  new ZuoraError(errorCode(UNKNOWN_RESOURCE, Category.INTERNAL), `zbill does not implement ${what} yet`, { fixedStatus: 501 });

/** The version from which business errors are reported with a mapped 4xx/5xx status. */
export const MAPPED_STATUS_VERSION = '2024-05-20';

const STATUS_BY_CATEGORY: Record<number, number> = {
  10: 403,
  11: 401,
  12: 403, 13: 403, 14: 403, 15: 403,
  20: 400, 21: 400, 22: 400, 23: 400, 30: 400, 90: 400,
  40: 404,
  50: 409,
  60: 500, 61: 500,
  70: 429,
};

/** True when the API version asks for mapped HTTP statuses (date versions >= 2024-05-20). */
export function usesMappedStatus(version: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(version) && version >= MAPPED_STATUS_VERSION;
}

export function httpStatusFor(err: ZuoraError, version: string): number {
  if (err.fixedStatus) return err.fixedStatus;
  if (!usesMappedStatus(version)) return 200;
  return STATUS_BY_CATEGORY[err.category] ?? 400;
}

/** The object (CRUD) API's error codes, by category. */
const OBJECT_API_CODE: Record<number, string> = {
  10: 'NO_PERMISSION',
  11: 'INVALID_SESSION',
  20: 'INVALID_VALUE',
  21: 'INVALID_FIELD',
  22: 'MISSING_REQUIRED_VALUE',
  23: 'MISSING_REQUIRED_VALUE',
  30: 'INVALID_VALUE',
  40: 'INVALID_ID',
  50: 'LOCK_COMPETITION',
  60: 'UNKNOWN_ERROR',
  70: 'REQUEST_EXCEEDED_LIMIT',
  90: 'INVALID_VALUE',
};

export function objectApiCode(err: ZuoraError): string {
  return OBJECT_API_CODE[err.category] ?? 'UNKNOWN_ERROR';
}

/** The object API always answers with a real HTTP status. */
export function objectApiStatus(err: ZuoraError): number {
  return err.fixedStatus ?? STATUS_BY_CATEGORY[err.category] ?? 400;
}
