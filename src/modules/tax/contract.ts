/**
 * What the tax module needs of a billing document whose items carry taxation items. Each document
 * module's port is registered here (invoices by the tax module's join(); memos may register theirs),
 * so the tax module never reads another module's tables.
 */
import type { Ctx } from '../../platform/context.js';
import type { DocumentKind } from './store.js';

export type { DocumentKind } from './store.js';

export interface TaxedDocument {
  id: string;
  number: string;
  accountId: string;
  currency: string;
  status: string;
  items: Array<{ id: string; amount: string; taxAmount: string; balance: string }>;
}

export interface TaxedDocumentPort {
  /** The document by id or number, locked for the transaction on PostgreSQL; null when none. */
  lock(ctx: Ctx, key: string): Promise<TaxedDocument | null>;
  /** The document by id or number, unlocked; null when none. */
  read(ctx: Ctx, key: string): Promise<TaxedDocument | null>;
  /** Sets the tax of the named items of the (Draft) document; its totals follow. */
  setItemTaxes(ctx: Ctx, documentId: string, taxes: Array<{ itemId: string; taxAmount: string }>): Promise<void>;
  /** The error for a key naming no document. */
  notFound(key: string): Error;
  /** The 6-digit object code of the document's errors. */
  resource: number;
  /** The document's name in messages ("invoice", "credit memo"). */
  label: string;
}

const ports = new Map<DocumentKind, TaxedDocumentPort>();

export function registerTaxedDocuments(kind: DocumentKind, port: TaxedDocumentPort): void {
  ports.set(kind, port);
}

export function taxedDocuments(kind: DocumentKind): TaxedDocumentPort | undefined {
  return ports.get(kind);
}
