/**
 * The PaymentMethodSnapshot object of the query model (object query `payment-method-snapshots`, ZOQL,
 * describe), over payment_method_snapshots: the PaymentMethod object's fields read the same way (the
 * snapshot holds the payment method's columns as they were), plus PaymentMethodId; read-only. The
 * snapshot never changes: its CreatedDate and UpdatedDate are the time it was taken.
 */
import { qf, type QueryField, type QueryObject } from '../queries/contract.js';
import { paymentMethodQueryObjects } from './query-objects.js';

const method = paymentMethodQueryObjects[0]!;

const readOnly = (f: QueryField): QueryField => ({ ...f, createable: false, updateable: false });

const fields: QueryField[] = method.fields
  .filter((f) => !['CreatedById', 'UpdatedById', 'UpdatedDate'].includes(f.name))
  .map(readOnly);
fields.push(qf.id('PaymentMethodId', 'payment_method_id'), qf.text('CreatedById', 'created_by'), qf.datetime('UpdatedDate', 'created_at'), qf.text('UpdatedById', 'created_by'));

export const paymentMethodSnapshotQueryObjects: QueryObject[] = [
  {
    name: 'PaymentMethodSnapshot',
    label: 'Payment Method Snapshot',
    path: 'payment-method-snapshots',
    operationIds: ['queryPaymentMethodSnapshots', 'queryPaymentMethodSnapshotByKey'],
    table: 'payment_method_snapshots',
    fields,
    // "The Payment Method Snapshot object does not support expanding any related objects."
  },
];

/** PaymentMethodTransactionLog in ZOQL and describe (no object query path in the spec), over payment_method_transaction_logs. */
export const paymentMethodTransactionLogQueryObjects: QueryObject[] = [
  {
    name: 'PaymentMethodTransactionLog',
    label: 'Payment Method Transaction Log',
    table: 'payment_method_transaction_logs',
    fields: [
      qf.id('Id', 'id'),
      qf.text('Gateway', 'gateway'),
      qf.text('GatewayReasonCode', 'reason_code'),
      qf.text('GatewayReasonCodeDescription', 'reason_description'),
      qf.pick('GatewayTransactionType', 'transaction_type', ['Authorization', 'Void']),
      qf.id('PaymentMethodId', 'payment_method_id'),
      qf.text('PaymentMethodType', 'payment_method_type'),
      qf.text('RequestString', 'request_string'),
      qf.text('ResponseString', 'response_string'),
      qf.datetime('TransactionDate', 'transaction_date'),
      qf.text('TransactionId', 'transaction_id'),
    ],
    relations: [{ name: 'paymentmethod', property: 'paymentMethod', object: 'PaymentMethod', cardinality: 'one', localField: 'PaymentMethodId', remoteField: 'Id' }],
  },
];
