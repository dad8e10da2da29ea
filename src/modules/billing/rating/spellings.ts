/**
 * The catalog, the object API and the subscription API spell the same enum values differently
 * ('Semi-Annual', 'Semi_Annual'; 'Per Month', 'Per_Month'; 'In Advance', 'IN_ADVANCE'; 'SubscriptionEnd',
 * 'Subscription_End'; 'Billing Periods', 'Billing_Periods'). These read any of them into the engine's values.
 */
import { invalidValue } from '../../../platform/errors.js';
import {
  BILL_CYCLE_TYPES,
  BILLING_PERIODS,
  type BillCycleType,
  type BillingPeriod,
  type BillingPeriodAlignment,
  type BillingTiming,
  type ChargeType,
  type EndDateCondition,
  type ListPriceBase,
  type ProrationOption,
  type TriggerEvent,
  type UpToPeriodsType,
  type Weekday,
} from './types.js';

const squash = (s: string) => s.replace(/[\s_-]+/g, '').toLowerCase();

function reader<T extends string>(values: readonly T[], what: string): (s: string | null | undefined) => T | null {
  const byKey = new Map(values.map((v) => [squash(v), v] as const));
  return (s) => {
    if (s === null || s === undefined || s.trim() === '') return null;
    const hit = byKey.get(squash(s));
    if (hit === undefined) throw invalidValue(`Unknown ${what} '${s}'; expected one of ${values.join(', ')}`);
    return hit;
  };
}

export const readChargeType = reader<ChargeType>(['OneTime', 'Recurring', 'Usage'], 'charge type');
export const readBillingPeriod = reader<BillingPeriod>(BILLING_PERIODS, 'billing period');
export const readBillCycleType = reader<BillCycleType>(BILL_CYCLE_TYPES, 'bill cycle type');
export const readAlignment = reader<BillingPeriodAlignment>(['AlignToCharge', 'AlignToSubscriptionStart', 'AlignToTermStart', 'AlignToTermEnd'], 'billing period alignment');
export const readBillingTiming = reader<BillingTiming>(['IN_ADVANCE', 'IN_ARREARS'], 'billing timing');
export const readWeekday = reader<Weekday>(['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'], 'weekly bill cycle day');
export const readListPriceBase = reader<ListPriceBase>(['Per_Billing_Period', 'Per_Month', 'Per_Week', 'Per_Year', 'Per_Specific_Months'], 'list price base');
export const readEndDateCondition = reader<EndDateCondition>(['Subscription_End', 'Fixed_Period', 'Specific_End_Date', 'One_Time'], 'end date condition');
export const readUpToPeriodsType = reader<UpToPeriodsType>(['Billing_Periods', 'Days', 'Weeks', 'Months', 'Years'], 'up-to-periods type');
export const readTriggerEvent = reader<TriggerEvent>(['ContractEffective', 'ServiceActivation', 'CustomerAcceptance', 'SpecificDate'], 'trigger event');
export const readProrationOption = reader<ProrationOption>(
  ['NoProration', 'TimeBasedProration', 'DefaultFromTenantSetting', 'ChargeFullPeriod', 'CustomizeProrationOptionOverrides'],
  'proration option',
);
