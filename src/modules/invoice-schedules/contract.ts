/**
 * What other modules may use of invoice schedules: which of an account's charges the schedules bill (billing
 * reads it through its own `registerScheduledChargeFilter` port, filled when this module joins the app).
 */
export { heldCharges } from './service.js';
