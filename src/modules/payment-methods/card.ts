/**
 * Pure card and bank number rules: Luhn, brands, masking, expiry, ABA and IBAN check digits.
 * No database, no clock (the caller passes today's year and month).
 */
import { luhnValid } from '../../platform/luhn.js';

export { luhnValid };

/** Card types Zuora's card payment methods take (`cardType` / `creditCardType`). */
export const CARD_TYPES = ['Visa', 'MasterCard', 'AmericanExpress', 'Discover', 'JCB', 'Diners', 'CUP', 'Maestro', 'Electron', 'Dankort', 'Elo', 'Hipercard'];
/** Debit card types: an account's list of payment methods shows these under `debitcard`. */
export const DEBIT_CARD_TYPES = ['Maestro', 'Electron', 'Dankort'];

/** Number prefixes (and lengths) of the brands whose ranges are public; other types are not checked against the number. */
const BRAND_RULES: Record<string, { prefix: (n: string) => boolean; lengths: number[] }> = {
  Visa: { prefix: (n) => n.startsWith('4'), lengths: [13, 16, 19] },
  MasterCard: {
    prefix: (n) => {
      const two = Number(n.slice(0, 2));
      const four = Number(n.slice(0, 4));
      return (two >= 51 && two <= 55) || (four >= 2221 && four <= 2720);
    },
    lengths: [16],
  },
  AmericanExpress: { prefix: (n) => /^3[47]/.test(n), lengths: [15] },
  Discover: {
    prefix: (n) => {
      const six = Number(n.slice(0, 6));
      const three = Number(n.slice(0, 3));
      return n.startsWith('6011') || n.startsWith('65') || (three >= 644 && three <= 649) || (six >= 622126 && six <= 622925);
    },
    lengths: [16, 19],
  },
  JCB: { prefix: (n) => Number(n.slice(0, 4)) >= 3528 && Number(n.slice(0, 4)) <= 3589, lengths: [16, 17, 18, 19] },
  Diners: { prefix: (n) => /^3(0[0-5]|09|6|8|9)/.test(n), lengths: [14, 15, 16, 17, 18, 19] },
};

/** Why a card number cannot be used with the card type, or undefined when it can. */
export function cardNumberProblem(number: string, cardType: string): string | undefined {
  if (!/^\d{12,19}$/.test(number)) return 'must be 12 to 19 digits';
  if (!luhnValid(number)) return 'is not a valid card number (check digit)';
  const rule = BRAND_RULES[cardType];
  if (rule && (!rule.prefix(number) || !rule.lengths.includes(number.length))) return `is not a ${cardType} card number`;
  return undefined;
}

/** All but the last four characters as `*`: `4111111111111111` → `************1111`. */
export function maskNumber(value: string): string {
  if (value.length <= 4) return value;
  return '*'.repeat(value.length - 4) + value.slice(-4);
}

/** The bank identification number Zuora shows for a card: its first six digits. */
export function binOf(cardNumber: string): string {
  return cardNumber.slice(0, 6);
}

/** A card expires at the end of its expiration month: usable while (year, month) is not before today's. */
export function cardExpired(month: number, year: number, today: { year: number; month: number }): boolean {
  return year < today.year || (year === today.year && month < today.month);
}

/** The security code: three digits, four for American Express. */
export function securityCodeValid(code: string, cardType: string): boolean {
  return cardType === 'AmericanExpress' ? /^\d{4}$/.test(code) : /^\d{3}$/.test(code);
}

/** A US routing (ABA) number: nine digits whose weighted sum (3, 7, 1) is a multiple of ten. */
export function abaValid(code: string): boolean {
  if (!/^\d{9}$/.test(code)) return false;
  const d = [...code].map(Number);
  const sum = 3 * (d[0]! + d[3]! + d[6]!) + 7 * (d[1]! + d[4]! + d[7]!) + (d[2]! + d[5]! + d[8]!);
  return sum % 10 === 0;
}

/** An IBAN: country letters, two check digits, up to 30 letters or digits, mod 97 = 1 (ISO 13616). Spaces are ignored. */
export function ibanValid(raw: string): boolean {
  const iban = raw.replace(/ /g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const v = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of v) rest = (rest * 10 + Number(digit)) % 97;
  }
  return rest === 1;
}

/** A BIC (SWIFT code): 4 bank letters, 2 country letters, 2 location characters, optionally 3 branch characters. */
export function bicValid(code: string): boolean {
  return /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(code.toUpperCase());
}
