// Pure rules of the documents module: amounts in the currency's format on a PDF (decimal places by
// ISO 4217, as Zuora's "Currency" settings page gives them: USD 2, JPY 0, BHD 3), email address lists
// of the email operations (POST_EmailInvoice: `emailAddresses`, comma-separated), ZBILL_SMTP_URL.
import { describe, expect, it } from 'vitest';
import { parseAddresses } from '../../src/modules/documents/mail.js';
import { formatDecimal, formatMoney } from '../../src/modules/documents/pdf.js';
import { loadConfig } from '../../src/platform/config.js';

describe('formatMoney', () => {
  it('symbol, grouped thousands, the currency places, exact (no float)', () => {
    expect(formatMoney('1234.5', 'USD')).toBe('$1,234.50');
    expect(formatMoney('0', 'USD')).toBe('$0.00');
    expect(formatMoney('-10', 'USD')).toBe('-$10.00');
    expect(formatMoney('1200', 'JPY')).toBe('¥1,200');
    // three places, rounded half up
    expect(formatMoney('1.2345', 'BHD')).toBe('BHD 1.235');
    expect(formatMoney('1234567.89', 'EUR')).toBe('€1,234,567.89');
    // beyond float precision
    expect(formatMoney('12345678901234567.01', 'USD')).toBe('$12,345,678,901,234,567.01');
  });
  it('quantities and prices are shown unrounded', () => {
    expect(formatDecimal('1.500000000')).toBe('1.5');
    expect(formatDecimal('0.123456789')).toBe('0.123456789');
  });
});

describe('parseAddresses', () => {
  it('splits on commas, trims, drops duplicates, refuses an invalid address', () => {
    expect(parseAddresses(' a@x.com,b@y.org , a@x.com,', 'emailAddresses', 592100)).toEqual(['a@x.com', 'b@y.org']);
    expect(() => parseAddresses('a@x.com, nope', 'emailAddresses', 592100)).toThrow(/invalid email address: 'nope'/);
    expect(() => parseAddresses('a b@x.com', 'emailAddresses', 592100)).toThrow();
  });
});

describe('ZBILL_SMTP_URL', () => {
  it('takes smtp:// and smtps:// URLs with a host; anything else names the setting', () => {
    expect(loadConfig({}).smtpUrl).toBeUndefined();
    expect(loadConfig({ ZBILL_SMTP_URL: 'smtp://u:p@mail.example.com:587' }).smtpUrl).toBe('smtp://u:p@mail.example.com:587');
    expect(loadConfig({ ZBILL_SMTP_URL: 'smtps://mail.example.com' }).smtpUrl).toBe('smtps://mail.example.com');
    expect(() => loadConfig({ ZBILL_SMTP_URL: 'http://mail.example.com' })).toThrow(/ZBILL_SMTP_URL/);
    expect(() => loadConfig({ ZBILL_SMTP_URL: 'mail.example.com' })).toThrow(/ZBILL_SMTP_URL/);
  });
});
