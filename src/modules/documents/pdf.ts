/**
 * The PDF of a billing document (pure: a document model in, PDF bytes out; no database, no clock).
 * Laid out as Zuora's default invoice template lays one out: the company, the bill-to and sold-to
 * contacts, the document's number and dates, its items with service periods, quantities and
 * amounts, then subtotal, tax, total and balance, amounts in the currency's format.
 */
import PDFDocument from 'pdfkit';
import { formatMoney, money } from '../../platform/money.js';

export interface PdfContact {
  name: string;
  lines: string[];
  email: string | null;
}

export interface PdfItem {
  description: string;
  /** inclusive dates as Zuora prints them */
  servicePeriod: string;
  quantity: string | null;
  uom: string | null;
  unitPrice: string | null;
  amount: string;
  tax: string;
}

export interface PdfModel {
  /** Invoice, Credit Memo, Debit Memo */
  title: string;
  company: string;
  number: string;
  /** label → value lines of the header box (Invoice Date, Due Date, …) */
  dates: Array<[string, string]>;
  account: { name: string; number: string };
  billTo: PdfContact | null;
  soldTo: PdfContact | null;
  currency: string;
  items: PdfItem[];
  subtotal: string;
  tax: string;
  total: string;
  /** label of the last figure (Balance Due, Unapplied Amount) and its value */
  balance: [string, string];
  /** a line under the items (a memo's reason, the invoice it refers to, comments) */
  notes: string[];
  /** the instant the file is made: its CreationDate (the same model gives the same bytes) */
  createdAt: Date;
}

export { formatMoney };

/** A quantity or price as a plain decimal (no trailing zeros past the point). */
export function formatDecimal(value: string): string {
  return money(value).toFixed();
}

const MARGIN = 50;
const WIDTH = 612 - 2 * MARGIN; // US Letter

export function renderPdf(m: PdfModel): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'LETTER',
      margin: MARGIN,
      info: { Title: `${m.title} ${m.number}`, Author: m.company, Subject: `${m.title} ${m.number} for ${m.account.name}`, CreationDate: m.createdAt, ModDate: m.createdAt },
    });
    const out: Buffer[] = [];
    doc.on('data', (b: Buffer) => out.push(b));
    doc.on('end', () => resolve(Buffer.concat(out)));
    doc.on('error', reject);

    // header: company on the left, title and number on the right
    doc.font('Helvetica-Bold').fontSize(16).text(m.company, MARGIN, MARGIN, { width: WIDTH / 2 });
    doc.font('Helvetica-Bold').fontSize(20).text(m.title.toUpperCase(), MARGIN + WIDTH / 2, MARGIN, { width: WIDTH / 2, align: 'right' });
    doc.font('Helvetica').fontSize(10).text(`${m.title} Number: ${m.number}`, MARGIN + WIDTH / 2, doc.y + 4, { width: WIDTH / 2, align: 'right' });
    for (const [label, value] of m.dates) doc.text(`${label}: ${value}`, MARGIN + WIDTH / 2, doc.y, { width: WIDTH / 2, align: 'right' });
    doc.text(`Account Number: ${m.account.number}`, MARGIN + WIDTH / 2, doc.y, { width: WIDTH / 2, align: 'right' });
    doc.text(`Currency: ${m.currency}`, MARGIN + WIDTH / 2, doc.y, { width: WIDTH / 2, align: 'right' });

    // contacts
    let y = Math.max(doc.y, MARGIN + 110) + 10;
    const contact = (label: string, c: PdfContact | null, x: number) => {
      doc.font('Helvetica-Bold').fontSize(10).text(label, x, y, { width: WIDTH / 2 - 10 });
      doc.font('Helvetica').text(m.account.name, { width: WIDTH / 2 - 10 });
      if (c) {
        doc.text(c.name, { width: WIDTH / 2 - 10 });
        for (const l of c.lines) doc.text(l, { width: WIDTH / 2 - 10 });
        if (c.email) doc.text(c.email, { width: WIDTH / 2 - 10 });
      }
      return doc.y;
    };
    const a = contact('Bill To', m.billTo, MARGIN);
    const b = contact('Sold To', m.soldTo, MARGIN + WIDTH / 2);
    y = Math.max(a, b) + 20;

    // items
    const cols = [
      { label: 'Description', w: 170, align: 'left' as const },
      { label: 'Service Period', w: 120, align: 'left' as const },
      { label: 'Qty', w: 45, align: 'right' as const },
      { label: 'Unit Price', w: 60, align: 'right' as const },
      { label: 'Tax', w: 50, align: 'right' as const },
      { label: 'Amount', w: WIDTH - 445, align: 'right' as const },
    ];
    const row = (cells: string[], bold: boolean) => {
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
      let x = MARGIN;
      let h = 0;
      cells.forEach((cell, i) => {
        const c = cols[i]!;
        h = Math.max(h, doc.heightOfString(cell, { width: c.w - 4 }));
        x += c.w;
      });
      if (y + h > doc.page.height - MARGIN - 20) {
        doc.addPage();
        y = MARGIN;
      }
      x = MARGIN;
      cells.forEach((cell, i) => {
        const c = cols[i]!;
        doc.text(cell, x, y, { width: c.w - 4, align: c.align });
        x += c.w;
      });
      y += h + 6;
    };
    row(cols.map((c) => c.label), true);
    doc.moveTo(MARGIN, y - 3).lineTo(MARGIN + WIDTH, y - 3).stroke();
    for (const it of m.items)
      row(
        [
          it.description,
          it.servicePeriod,
          it.quantity === null ? '' : `${formatDecimal(it.quantity)}${it.uom ? ` ${it.uom}` : ''}`,
          it.unitPrice === null ? '' : formatMoney(it.unitPrice, m.currency),
          formatMoney(it.tax, m.currency),
          formatMoney(it.amount, m.currency),
        ],
        false,
      );
    doc.moveTo(MARGIN, y).lineTo(MARGIN + WIDTH, y).stroke();
    y += 10;

    // totals
    const total = (label: string, value: string, bold = false) => {
      if (y > doc.page.height - MARGIN - 20) {
        doc.addPage();
        y = MARGIN;
      }
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(10);
      doc.text(label, MARGIN + WIDTH - 260, y, { width: 150, align: 'right' });
      doc.text(value, MARGIN + WIDTH - 110, y, { width: 110, align: 'right' });
      y += 16;
    };
    total('Subtotal', formatMoney(m.subtotal, m.currency));
    total('Tax', formatMoney(m.tax, m.currency));
    total('Total', formatMoney(m.total, m.currency), true);
    total(m.balance[0], formatMoney(m.balance[1], m.currency), true);

    y += 10;
    doc.font('Helvetica').fontSize(9);
    for (const n of m.notes) {
      doc.text(n, MARGIN, y, { width: WIDTH });
      y = doc.y + 4;
    }
    doc.end();
  });
}
