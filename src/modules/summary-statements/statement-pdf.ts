/** The PDF of a summary statement (pdfkit; pure: a model in, bytes out). */
import PDFDocument from 'pdfkit';
import { formatMoney } from '../documents/contract.js';
import type { ActivityKind, StatementFigures } from './rules.js';

export interface StatementPdfModel {
  company: string;
  number: string;
  statementDate: string;
  start: string;
  end: string;
  currency: string;
  account: { name: string; number: string };
  figures: StatementFigures;
  /** the instant the PDF is stamped with */
  createdAt: Date;
}

const MARGIN = 50;
const WIDTH = 612 - 2 * MARGIN; // US Letter
const LABEL: Record<ActivityKind, string> = { Invoice: 'Invoice', DebitMemo: 'Debit Memo', CreditMemo: 'Credit Memo', Payment: 'Payment', Refund: 'Refund' };

export function renderStatementPdf(m: StatementPdfModel): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'LETTER',
      margin: MARGIN,
      info: { Title: `Summary Statement ${m.number}`, Author: m.company, Subject: `Summary Statement ${m.number} for ${m.account.name}`, CreationDate: m.createdAt, ModDate: m.createdAt },
    });
    const out: Buffer[] = [];
    doc.on('data', (b: Buffer) => out.push(b));
    doc.on('end', () => resolve(Buffer.concat(out)));
    doc.on('error', reject);
    const money = (v: string) => formatMoney(v, m.currency);

    doc.font('Helvetica-Bold').fontSize(16).text(m.company, MARGIN, MARGIN, { width: WIDTH / 2 });
    doc.font('Helvetica-Bold').fontSize(18).text('SUMMARY STATEMENT', MARGIN + WIDTH / 2, MARGIN, { width: WIDTH / 2, align: 'right' });
    doc.font('Helvetica').fontSize(10);
    for (const line of [`Statement Number: ${m.number}`, `Statement Date: ${m.statementDate}`, `Period: ${m.start} - ${m.end}`, `Account: ${m.account.name} (${m.account.number})`, `Currency: ${m.currency}`]) {
      doc.text(line, MARGIN + WIDTH / 2, doc.y + 2, { width: WIDTH / 2, align: 'right' });
    }

    let y = doc.y + 20;
    const t = m.figures.totals;
    const summary: Array<[string, string]> = [
      ['Opening Balance', money(m.figures.openingBalance)],
      ['Invoices', money(t.Invoice)],
      ['Debit Memos', money(t.DebitMemo)],
      ['Credit Memos', money(t.CreditMemo)],
      ['Payments', money(t.Payment)],
      ['Refunds', money(t.Refund)],
      ['Closing Balance', money(m.figures.closingBalance)],
    ];
    for (const [label, value] of summary) {
      const bold = label.endsWith('Balance');
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(10).text(label, MARGIN, y, { width: WIDTH / 2 });
      doc.text(value, MARGIN + WIDTH / 2, y, { width: WIDTH / 2, align: 'right' });
      y = doc.y + 2;
    }

    y += 16;
    const cols = [
      { label: 'Date', w: 80, align: 'left' as const },
      { label: 'Transaction', w: 90, align: 'left' as const },
      { label: 'Number', w: 110, align: 'left' as const },
      { label: 'Charges', w: 75, align: 'right' as const },
      { label: 'Credits', w: 75, align: 'right' as const },
      { label: 'Balance', w: WIDTH - 430, align: 'right' as const },
    ];
    const row = (cells: string[], bold: boolean) => {
      if (y > 720) {
        doc.addPage();
        y = MARGIN;
      }
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
      let x = MARGIN;
      cells.forEach((cell, i) => {
        const c = cols[i]!;
        doc.text(cell, x, y, { width: c.w - 4, align: c.align });
        x += c.w;
      });
      y += 14;
    };
    row(cols.map((c) => c.label), true);
    row([m.start, 'Opening Balance', '', '', '', money(m.figures.openingBalance)], false);
    for (const l of m.figures.lines) row([l.date, LABEL[l.kind], l.number, l.charge ? money(l.charge) : '', l.credit ? money(l.credit) : '', money(l.balance)], false);
    row([m.end, 'Closing Balance', '', '', '', money(m.figures.closingBalance)], true);
    doc.end();
  });
}
