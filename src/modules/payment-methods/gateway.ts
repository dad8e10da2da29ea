/**
 * The built-in test gateway every tenant has ("Test Gateway Adapter", type "Test Gateway", as
 * Zuora names its own). It never sees a whole card number after creation: when a card payment
 * method is created, its number decides the test behaviour stored with it (`approve`,
 * `decline:<code>`, `error`), in the manner of processors' test modes. README lists the numbers.
 */
import { createHash } from 'node:crypto';

export const TEST_GATEWAY_NAME = 'Test Gateway Adapter';
export const TEST_GATEWAY_TYPE = 'Test Gateway';

/** The tenant's test gateway id: 32 hex, the same for the tenant in every process (no row, no state). */
export function testGatewayId(tenantId: string): string {
  return createHash('sha256').update(`zbill-test-gateway:${tenantId}`).digest('hex').slice(0, 32);
}

export interface GatewayDecline {
  code: string;
  message: string;
}

/** Declined card numbers and the gateway response code each answers. */
export const DECLINED_CARDS: Record<string, GatewayDecline> = {
  '4000000000000002': { code: '05', message: 'Do not honor' },
  '4000000000009995': { code: '51', message: 'Insufficient funds' },
  '4000000000000069': { code: '54', message: 'Expired card' },
  '5105105105105100': { code: '05', message: 'Do not honor' },
};
/** A card number whose every transaction fails with a gateway (processing) error. */
export const GATEWAY_ERROR_CARD = '4000000000000119';
export const GATEWAY_ERROR = { code: '96', message: 'System malfunction: the gateway could not process the transaction' };

/** What the gateway does with a payment method's transactions; stored with the payment method. */
export type TestBehaviour = 'approve' | `decline:${string}` | 'error';

/** The behaviour a card number gets: listed declines and the error card, anything else approves. */
export function behaviourOfCard(cardNumber: string): TestBehaviour {
  if (cardNumber === GATEWAY_ERROR_CARD) return 'error';
  const d = DECLINED_CARDS[cardNumber];
  return d ? `decline:${d.code}` : 'approve';
}

export type GatewayOutcome =
  | { status: 'Approved'; code: '00'; message: 'Approved' }
  | { status: 'Declined'; code: string; message: string }
  | { status: 'Error'; code: string; message: string };

/** Why the gateway refused a transaction, after what it was (`The payment P-00000001`): the answer's message. */
export function refusalMessage(o: Exclude<GatewayOutcome, { status: 'Approved' }>, what: string): string {
  const how = o.status === 'Declined' ? 'was declined by the payment gateway' : 'failed with a payment gateway error';
  return `${what} ${how}: response code ${o.code}, ${o.message}`;
}

/** The outcome of one transaction (a validation, an authorization, later a payment) for a behaviour. */
export function outcomeOf(b: TestBehaviour): GatewayOutcome {
  if (b === 'approve') return { status: 'Approved', code: '00', message: 'Approved' };
  if (b === 'error') return { status: 'Error', ...GATEWAY_ERROR };
  const code = b.slice('decline:'.length);
  const known = Object.values(DECLINED_CARDS).find((d) => d.code === code);
  return { status: 'Declined', code, message: known?.message ?? 'Declined' };
}
