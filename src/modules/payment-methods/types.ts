/**
 * The payment method types of POST /v1/payment-methods and each one's fields and rules, from the
 * spec's `CreatePaymentMethod*` schemas and the operation's page. A parser turns a request body
 * into what is stored: numbers masked (never a whole card or bank number), the holder's details,
 * and the test gateway behaviour.
 */
import { invalidValue, missingField, notImplemented } from '../../platform/errors.js';
import { abaValid, bicValid, binOf, cardExpired, cardNumberProblem, CARD_TYPES, ibanValid, maskNumber, securityCodeValid } from './card.js';
import { behaviourOfCard, type TestBehaviour } from './gateway.js';
import { bool, email, int, obj, onlyKeys, reqStr, str, type Body } from './input.js';

/** Fields every type takes (`CreatePaymentMethodCommon` and friends). */
export const COMMON_FIELDS = ['type', 'accountKey', 'authGateway', 'currencyCode', 'gatewayOptions', 'ipAddress', 'makeDefault', 'skipValidation', 'mandateInfo', 'processingOptions'];

const HOLDER_FIELDS = ['accountHolderName', 'addressLine1', 'addressLine2', 'city', 'country', 'email', 'phone', 'state', 'zipCode'] as const;
export type Holder = Record<(typeof HOLDER_FIELDS)[number], string | null>;
const HOLDER_LIMITS: Record<string, number> = { addressLine1: 255, addressLine2: 255, city: 40, country: 64, phone: 40, state: 50, zipCode: 20 };

export function emptyHolder(): Holder {
  return Object.fromEntries(HOLDER_FIELDS.map((k) => [k, null])) as Holder;
}

export interface Parsed {
  details: Record<string, unknown>;
  holder: Holder;
  behaviour: TestBehaviour;
  /** Card fields the gateway validates unless skipValidation (credit cards only). */
  gatewayValidated: boolean;
  /** Stored credential (MIT) profile fields, shown in mandateInfo. */
  mit: Record<string, string | null>;
}

export interface ParseEnv {
  /** Today on the tenant clock, for card expiry. */
  today: { year: number; month: number };
  /** Field names are prefixed with this in messages (`paymentMethod.` when nested in an account). */
  prefix: string;
}

/** The holder block (cardHolderInfo / accountHolderInfo) with its limits; `nameKey` is its name field. */
export function parseHolder(h: Body, path: string, nameKey: string, nameMax: number, opts: { nameRequired: boolean; required?: string[]; allowed?: string[] }): Holder {
  const allowed = opts.allowed ?? [nameKey, 'addressLine1', 'addressLine2', 'city', 'country', 'email', 'firstName', 'lastName', 'phone', 'state', 'zipCode'];
  onlyKeys(h, allowed, `${path}.`);
  const out = emptyHolder();
  out.accountHolderName = opts.nameRequired ? reqStr(h, nameKey, `${path}.${nameKey}`, nameMax) : (str(h, nameKey, `${path}.${nameKey}`, nameMax) ?? null);
  for (const k of ['addressLine1', 'addressLine2', 'city', 'country', 'phone', 'state', 'zipCode'] as const) {
    out[k] = (opts.required?.includes(k) ? reqStr(h, k, `${path}.${k}`, HOLDER_LIMITS[k]) : str(h, k, `${path}.${k}`, HOLDER_LIMITS[k])) ?? null;
  }
  out.email = email(h, 'email', `${path}.email`) ?? null;
  // firstName/lastName (bank transfer holders) make the name when no accountHolderName is given.
  const first = str(h, 'firstName', `${path}.firstName`, 100);
  const last = str(h, 'lastName', `${path}.lastName`, 100);
  if (!out.accountHolderName && (first || last)) out.accountHolderName = [first, last].filter(Boolean).join(' ').slice(0, nameMax);
  return out;
}

function noTokens(b: Body, p: string): void {
  if (bool(b, 'tokenize', `${p}tokenize`) === true) throw notImplemented(`'${p}tokenize' (the test gateway keeps no token vault)`);
  if (b.tokens !== undefined && b.tokens !== null) throw notImplemented(`'${p}tokens' (creating a payment method from existing gateway tokens)`);
}

const MIT_FIELDS = ['mitConsentAgreementRef', 'mitConsentAgreementSrc', 'mitProfileAction', 'mitProfileAgreedOn', 'mitProfileType', 'mitTransactionId'] as const;
export function emptyMit(): Record<string, string | null> {
  return Object.fromEntries(MIT_FIELDS.map((k) => [k, null]));
}

/** The stored credential (MIT) fields of a card: Src and Type are required with an action; a network transaction id only with Persist. */
function parseMit(b: Body, p: string): Record<string, string | null> {
  const out = emptyMit();
  const action = str(b, 'mitProfileAction', `${p}mitProfileAction`);
  if (action !== undefined && !['Activate', 'Persist'].includes(action)) throw invalidValue(`'${p}mitProfileAction' must be Activate or Persist`);
  const src = str(b, 'mitConsentAgreementSrc', `${p}mitConsentAgreementSrc`);
  if (src !== undefined && src !== 'External') throw invalidValue(`'${p}mitConsentAgreementSrc' must be External`);
  const type = str(b, 'mitProfileType', `${p}mitProfileType`);
  if (type !== undefined && !['Recurring', 'Unscheduled'].includes(type)) throw invalidValue(`'${p}mitProfileType' must be Recurring or Unscheduled`);
  const ref = str(b, 'mitConsentAgreementRef', `${p}mitConsentAgreementRef`, 128);
  const ntid = str(b, 'mitNetworkTransactionId', `${p}mitNetworkTransactionId`, 128);
  const agreedOn = str(b, 'mitProfileAgreedOn', `${p}mitProfileAgreedOn`);
  if (agreedOn !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(agreedOn)) throw invalidValue(`'${p}mitProfileAgreedOn' must be a date in yyyy-mm-dd format`);
  if (action === undefined) {
    for (const [k, v] of [['mitConsentAgreementRef', ref], ['mitNetworkTransactionId', ntid], ['mitConsentAgreementSrc', src], ['mitProfileType', type], ['mitProfileAgreedOn', agreedOn]] as const) {
      if (v !== undefined) throw invalidValue(`'${p}${k}' can be given only with '${p}mitProfileAction'`);
    }
    return out;
  }
  if (src === undefined) throw missingField(`'${p}mitConsentAgreementSrc' is required when '${p}mitProfileAction' is set`);
  if (type === undefined) throw missingField(`'${p}mitProfileType' is required when '${p}mitProfileAction' is set`);
  if (ntid !== undefined && action !== 'Persist') throw invalidValue(`'${p}mitNetworkTransactionId' can be given only when '${p}mitProfileAction' is Persist`);
  return { mitConsentAgreementRef: ref ?? null, mitConsentAgreementSrc: src, mitProfileAction: action, mitProfileAgreedOn: agreedOn ?? null, mitProfileType: type, mitTransactionId: ntid ?? null };
}

/** Expiration month and year: 1–12 and four digits, not before this month. */
export function parseExpiry(b: Body, p: string, today: ParseEnv['today'], required: boolean): { month?: number; year?: number } {
  const month = int(b, 'expirationMonth', `${p}expirationMonth`);
  const year = int(b, 'expirationYear', `${p}expirationYear`);
  if (required && month === undefined) throw missingField(`'${p}expirationMonth' is required`);
  if (required && year === undefined) throw missingField(`'${p}expirationYear' is required`);
  if (month !== undefined && (month < 1 || month > 12)) throw invalidValue(`'${p}expirationMonth' must be between 1 and 12`);
  if (year !== undefined && (year < 1000 || year > 9999)) throw invalidValue(`'${p}expirationYear' must be a four-digit year`);
  return { month, year };
}

export function checkNotExpired(month: number, year: number, p: string, today: ParseEnv['today']): void {
  if (cardExpired(month, year, today)) throw invalidValue(`The card has expired: '${p}expirationMonth' and '${p}expirationYear' (${month}/${year}) are before the current month`);
}

const CARD_FIELDS = [
  'cardHolderInfo', 'cardMaskNumber', 'cardNumber', 'cardType', 'checkDuplicated', 'expirationMonth', 'expirationYear', 'identityNumber',
  'mitConsentAgreementRef', 'mitConsentAgreementSrc', 'mitNetworkTransactionId', 'mitProfileAction', 'mitProfileAgreedOn', 'mitProfileType',
  'screeningAmount', 'securityCode', 'tokens', 'tokenize',
];

function parseCreditCard(b: Body, env: ParseEnv): Parsed {
  const p = env.prefix;
  noTokens(b, p);
  const holderIn = obj(b, 'cardHolderInfo', `${p}cardHolderInfo`);
  if (!holderIn) throw missingField(`'${p}cardHolderInfo' is required`);
  const holder = parseHolder(holderIn, `${p}cardHolderInfo`, 'cardHolderName', 50, { nameRequired: true, allowed: ['cardHolderName', 'addressLine1', 'addressLine2', 'city', 'country', 'email', 'phone', 'state', 'zipCode'] });
  const cardType = reqStr(b, 'cardType', `${p}cardType`);
  if (!CARD_TYPES.includes(cardType)) throw invalidValue(`'${p}cardType' must be one of ${CARD_TYPES.join(', ')}: ${cardType}`);
  const number = reqStr(b, 'cardNumber', `${p}cardNumber`);
  // The number itself never goes into a message (nor a log line).
  const problem = cardNumberProblem(number, cardType);
  if (problem) throw invalidValue(`'${p}cardNumber' ${problem}`);
  const { month, year } = parseExpiry(b, p, env.today, true);
  checkNotExpired(month!, year!, p, env.today);
  const cvv = str(b, 'securityCode', `${p}securityCode`);
  if (cvv !== undefined && !securityCodeValid(cvv, cardType)) throw invalidValue(`'${p}securityCode' must be ${cardType === 'AmericanExpress' ? 4 : 3} digits`);
  if (b.cardMaskNumber !== undefined && b.cardMaskNumber !== null) throw notImplemented(`'${p}cardMaskNumber' (it comes with gateway tokens)`);
  const screening = b.screeningAmount;
  if (screening !== undefined && screening !== null && (typeof screening !== 'number' || !(screening >= 0))) throw invalidValue(`'${p}screeningAmount' must be a non-negative amount`);
  const identityNumber = str(b, 'identityNumber', `${p}identityNumber`, 64) ?? null;
  return {
    details: {
      cardNumber: maskNumber(number),
      creditCardType: cardType,
      expirationMonth: month,
      expirationYear: year,
      bankIdentificationNumber: binOf(number),
      identityNumber,
    },
    holder,
    behaviour: behaviourOfCard(number),
    gatewayValidated: true,
    mit: parseMit(b, p),
  };
}

function parseCCRT(b: Body, env: ParseEnv): Parsed {
  const p = env.prefix;
  const tokenId = reqStr(b, 'tokenId', `${p}tokenId`, 255);
  const secondTokenId = str(b, 'secondTokenId', `${p}secondTokenId`, 255) ?? null;
  const mask = str(b, 'creditCardMaskNumber', `${p}creditCardMaskNumber`, 19) ?? null;
  if (mask !== null && /\d{7,}/.test(mask)) throw invalidValue(`'${p}creditCardMaskNumber' must be a masked number such as ************1111`);
  return { details: { tokenId, secondTokenId, creditCardMaskNumber: mask }, holder: emptyHolder(), behaviour: 'approve', gatewayValidated: false, mit: emptyMit() };
}

const ACH_FIELDS = ['addressLine1', 'addressLine2', 'bankABACode', 'bankAccountMaskNumber', 'bankAccountName', 'bankAccountNumber', 'bankAccountType', 'bankName', 'city', 'country', 'phone', 'state', 'zipCode', 'tokens', 'tokenize'];
const ACH_ACCOUNT_TYPES = ['BusinessChecking', 'Checking', 'Saving'];

function parseACH(b: Body, env: ParseEnv): Parsed {
  const p = env.prefix;
  noTokens(b, p);
  if (b.bankAccountMaskNumber !== undefined && b.bankAccountMaskNumber !== null) throw notImplemented(`'${p}bankAccountMaskNumber' (it comes with gateway tokens)`);
  const aba = reqStr(b, 'bankABACode', `${p}bankABACode`);
  if (!abaValid(aba)) throw invalidValue(`'${p}bankABACode' must be a valid nine-digit ABA routing number`);
  const name = reqStr(b, 'bankAccountName', `${p}bankAccountName`, 70);
  const number = reqStr(b, 'bankAccountNumber', `${p}bankAccountNumber`, 30);
  if (!/^\d{4,17}$/.test(number)) throw invalidValue(`'${p}bankAccountNumber' must be 4 to 17 digits`);
  const type = reqStr(b, 'bankAccountType', `${p}bankAccountType`);
  if (!ACH_ACCOUNT_TYPES.includes(type)) throw invalidValue(`'${p}bankAccountType' must be one of ${ACH_ACCOUNT_TYPES.join(', ')}`);
  const bankName = reqStr(b, 'bankName', `${p}bankName`, 70);
  // The address is on the body itself for ACH.
  const holder = emptyHolder();
  for (const k of ['addressLine1', 'addressLine2', 'city', 'country', 'phone', 'state', 'zipCode'] as const) holder[k] = str(b, k, `${p}${k}`, HOLDER_LIMITS[k]) ?? null;
  return {
    details: { bankABACode: aba, bankAccountName: name, bankAccountNumber: maskNumber(number), bankAccountType: type, bankName },
    holder,
    behaviour: 'approve',
    gatewayValidated: false,
    mit: emptyMit(),
  };
}

/** Bank transfer (direct debit) types: their account and bank code fields and the bankTransferType Zuora shows. */
interface BankTransferSpec {
  fields: string[];
  holderRequired: boolean;
  holderNameRequired: boolean;
  bankTransferType: string;
  /** field → [pattern, what it must be] */
  formats: Record<string, [RegExp, string]>;
}
const BANK_TRANSFER: Record<string, BankTransferSpec> = {
  SEPA: { fields: ['IBAN', 'accountHolderInfo', 'accountMaskNumber', 'businessIdentificationCode', 'tokenize', 'tokens'], holderRequired: true, holderNameRequired: true, bankTransferType: 'SEPA', formats: {} },
  Betalingsservice: {
    fields: ['accountHolderInfo', 'accountNumber', 'accountMaskNumber', 'bankCode', 'identityNumber'],
    holderRequired: true, holderNameRequired: false, bankTransferType: 'Betalingsservice',
    formats: { accountNumber: [/^\d{1,10}$/, 'up to 10 digits'], bankCode: [/^\d{4}$/, 'four digits (the registration number)'] },
  },
  Autogiro: {
    fields: ['accountHolderInfo', 'accountNumber', 'accountMaskNumber', 'branchCode', 'identityNumber'],
    holderRequired: true, holderNameRequired: false, bankTransferType: 'Autogiro',
    formats: { accountNumber: [/^\d{1,16}$/, 'up to 16 digits'], branchCode: [/^\d{4,5}$/, 'four or five digits (the clearing number)'] },
  },
  Bacs: {
    fields: ['accountHolderInfo', 'accountNumber', 'accountMaskNumber', 'bankCode', 'tokenize', 'tokens'],
    holderRequired: true, holderNameRequired: false, bankTransferType: 'DirectDebitUK',
    formats: { accountNumber: [/^\d{8}$/, 'eight digits'], bankCode: [/^\d{6}$/, 'six digits (the sort code)'] },
  },
  Becs: {
    fields: ['accountHolderInfo', 'accountNumber', 'accountMaskNumber', 'branchCode'],
    holderRequired: false, holderNameRequired: false, bankTransferType: 'Becs',
    formats: { accountNumber: [/^\d{5,9}$/, '5 to 9 digits'], branchCode: [/^\d{6}$/, 'six digits (the BSB)'] },
  },
  Becsnz: {
    fields: ['accountHolderInfo', 'accountNumber', 'accountMaskNumber', 'branchCode', 'bankCode'],
    holderRequired: true, holderNameRequired: false, bankTransferType: 'Becsnz',
    formats: { accountNumber: [/^\d{7,10}$/, '7 to 10 digits (account and suffix)'], branchCode: [/^\d{4}$/, 'four digits'], bankCode: [/^\d{2}$/, 'two digits'] },
  },
  PAD: {
    fields: ['accountHolderInfo', 'accountNumber', 'accountMaskNumber', 'branchCode', 'bankCode'],
    holderRequired: true, holderNameRequired: false, bankTransferType: 'PAD',
    formats: { accountNumber: [/^\d{7,12}$/, '7 to 12 digits'], branchCode: [/^\d{5}$/, 'five digits (the transit number)'], bankCode: [/^\d{3}$/, 'three digits (the institution number)'] },
  },
};

function parseBankTransfer(type: string, b: Body, env: ParseEnv): Parsed {
  const p = env.prefix;
  const spec = BANK_TRANSFER[type]!;
  noTokens(b, p);
  if (b.accountMaskNumber !== undefined && b.accountMaskNumber !== null) throw notImplemented(`'${p}accountMaskNumber' (it comes with gateway tokens)`);
  const holderIn = obj(b, 'accountHolderInfo', `${p}accountHolderInfo`);
  if (!holderIn && spec.holderRequired) throw missingField(`'${p}accountHolderInfo' is required`);
  const holder = holderIn ? parseHolder(holderIn, `${p}accountHolderInfo`, 'accountHolderName', 60, { nameRequired: spec.holderNameRequired }) : emptyHolder();
  const details: Record<string, unknown> = { bankTransferType: spec.bankTransferType };
  if (type === 'SEPA') {
    const iban = reqStr(b, 'IBAN', `${p}IBAN`, 34 + 8).replace(/ /g, '').toUpperCase();
    if (!ibanValid(iban)) throw invalidValue(`'${p}IBAN' is not a valid IBAN (country, check digits, length)`);
    details.IBAN = maskNumber(iban);
    const bic = str(b, 'businessIdentificationCode', `${p}businessIdentificationCode`, 11);
    if (bic !== undefined && !bicValid(bic)) throw invalidValue(`'${p}businessIdentificationCode' must be a BIC of 8 or 11 characters`);
    details.businessIdentificationCode = bic?.toUpperCase() ?? null;
  } else {
    for (const f of ['accountNumber', 'bankCode', 'branchCode'] as const) {
      if (!spec.fields.includes(f)) continue;
      const v = reqStr(b, f, `${p}${f}`, 34);
      const fmt = spec.formats[f];
      if (fmt && !fmt[0].test(v)) throw invalidValue(`'${p}${f}' must be ${fmt[1]}`);
      details[f] = f === 'accountNumber' ? maskNumber(v) : v;
    }
    if (spec.fields.includes('identityNumber')) details.identityNumber = reqStr(b, 'identityNumber', `${p}identityNumber`, 64);
  }
  return { details, holder, behaviour: 'approve', gatewayValidated: false, mit: emptyMit() };
}

interface SimpleSpec {
  fields: string[];
  required: string[];
}
const WALLETS: Record<string, SimpleSpec> = {
  PayPalCP: { fields: ['BAID', 'email', 'tokens', 'tokenize'], required: ['BAID', 'email'] },
  PayPalEC: { fields: ['BAID', 'email'], required: ['BAID', 'email'] },
  PayPalNativeEC: { fields: ['BAID', 'email'], required: ['BAID'] },
  PayPalAdaptive: { fields: ['preapprovalKey', 'email'], required: ['preapprovalKey', 'email'] },
  AdyenApplePay: { fields: ['applePaymentData', 'email'], required: ['applePaymentData'] },
  AdyenGooglePay: { fields: ['googlePaymentToken', 'email'], required: ['googlePaymentToken'] },
  GooglePay: { fields: ['googlePaymentToken'], required: ['googlePaymentToken'] },
  AmazonPay: { fields: ['amazonPayToken'], required: ['amazonPayToken'] },
};

function parseWallet(type: string, b: Body, env: ParseEnv): Parsed {
  const p = env.prefix;
  const spec = WALLETS[type]!;
  noTokens(b, p);
  const details: Record<string, unknown> = {};
  for (const f of spec.fields) {
    if (f === 'tokens' || f === 'tokenize') continue;
    const req = spec.required.includes(f);
    if (f === 'email') details.email = email(b, 'email', `${p}email`, req) ?? null;
    // Wallet payloads (Apple payment data, Google tokens) are opaque blobs: kept out of what is shown.
    else if (['applePaymentData', 'googlePaymentToken', 'amazonPayToken'].includes(f)) (req ? reqStr : str)(b, f, `${p}${f}`, 65535);
    else details[f] = (req ? reqStr(b, f, `${p}${f}`, 255) : str(b, f, `${p}${f}`, 255)) ?? null;
  }
  return { details, holder: emptyHolder(), behaviour: 'approve', gatewayValidated: false, mit: emptyMit() };
}

/** Every type POST /v1/payment-methods takes, with the fields of its own schema. */
export const TYPE_FIELDS: Record<string, string[]> = {
  CreditCard: CARD_FIELDS,
  CreditCardReferenceTransaction: ['creditCardMaskNumber', 'secondTokenId', 'tokenId'],
  ACH: ACH_FIELDS,
  ...Object.fromEntries(Object.entries(BANK_TRANSFER).map(([k, v]) => [k, v.fields])),
  ...Object.fromEntries(Object.entries(WALLETS).map(([k, v]) => [k, v.fields])),
};
export const PAYMENT_METHOD_TYPES = Object.keys(TYPE_FIELDS);
export const isBankTransfer = (type: string) => type in BANK_TRANSFER;

/** Parses a create body for its type (the type already checked), refusing fields of other types. */
export function parseTypeFields(type: string, b: Body, env: ParseEnv): Parsed {
  onlyKeys(b, [...COMMON_FIELDS, ...TYPE_FIELDS[type]!], env.prefix, { customFields: true, why: `a ${type} payment method` });
  if (type === 'CreditCard') return parseCreditCard(b, env);
  if (type === 'CreditCardReferenceTransaction') return parseCCRT(b, env);
  if (type === 'ACH') return parseACH(b, env);
  if (type in BANK_TRANSFER) return parseBankTransfer(type, b, env);
  return parseWallet(type, b, env);
}
