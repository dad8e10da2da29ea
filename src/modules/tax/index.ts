import { addOnce, type ZModule } from '../../platform/module.js';
import { invoiceIdOfItem, invoiceDeletedHooks, invoiceSettlement, readInvoice, setDraftItemTaxes } from '../invoices/contract.js';
import { invoiceNotFound, notFound } from '../../platform/errors.js';
import { memoForTax, RES_DEBIT_MEMO, setDraftMemoItemTaxes } from '../memos/contract.js';
import { registerQueryObjects } from '../queries/contract.js';
import { registerTaxedDocuments, type TaxedDocument } from './contract.js';
import { taxQueryObjects } from './query-objects.js';
import { migrations, taxTables } from './migrations.js';
import { registerMemoRoutes, registerRoutes } from './routes.js';
import { documentDeleted, setInvoiceItemLookup } from './service.js';

/** The invoices' error object code (Invoice). */
const RES_INVOICE = 592100;
/** The credit memos' error object code (the memos module's RES_CREDIT_MEMO). */
const RES_CREDIT_MEMO = 593100;

const invoiceDeleted = (ctx: Parameters<typeof documentDeleted>[0], e: { invoiceId: string }) => documentDeleted(ctx, e.invoiceId);

/** Taxation items on the items of billing documents (external tax posted on Draft documents). */
export const taxModule: ZModule = {
  name: 'tax',
  migrations,
  tenantTables: taxTables,
  join() {
    registerTaxedDocuments('invoice', {
      async lock(ctx, key) {
        const inv = await invoiceSettlement.lock(ctx, key);
        return inv ? { id: inv.id, number: inv.number, accountId: inv.accountId, currency: inv.currency, status: inv.status, items: inv.items } : null;
      },
      async read(ctx, key): Promise<TaxedDocument | null> {
        const d = await readInvoice(ctx, key);
        if (!d) return null;
        const i = d.invoice;
        return {
          id: i.id,
          number: i.invoice_number,
          accountId: i.account_id,
          currency: i.currency,
          status: i.status,
          items: d.items.map((x) => ({ id: x.id, amount: x.amount, taxAmount: x.tax_amount, balance: x.balance })),
        };
      },
      setItemTaxes: setDraftItemTaxes,
      notFound: invoiceNotFound,
      resource: RES_INVOICE,
      label: 'invoice',
    });
    for (const kind of ['creditMemo', 'debitMemo'] as const) {
      const label = kind === 'creditMemo' ? 'credit memo' : 'debit memo';
      const resource = kind === 'creditMemo' ? RES_CREDIT_MEMO : RES_DEBIT_MEMO;
      registerTaxedDocuments(kind, {
        lock: (ctx, key) => memoForTax(ctx, kind, key, true),
        read: (ctx, key) => memoForTax(ctx, kind, key, false),
        setItemTaxes: (ctx, id, taxes) => setDraftMemoItemTaxes(ctx, kind, id, taxes),
        notFound: (key) => notFound(`The ${label} ${key} does not exist`, resource),
        resource,
        label,
      });
    }
    setInvoiceItemLookup(invoiceIdOfItem);
    // TaxationItem in ZOQL, describe and object query
    registerQueryObjects(taxQueryObjects);
    // a deleted invoice's taxation items go with it
    addOnce(invoiceDeletedHooks, invoiceDeleted);
  },
  routes(app) {
    registerRoutes(app);
    registerMemoRoutes(app);
  },
};
