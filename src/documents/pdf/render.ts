import PDFDocument from 'pdfkit';

/** A label and its value, one line each. */
export type Line = [label: string, value: string];

export interface PdfPage {
  title: string;
  subtitle?: string;
  lines?: Line[];
  sections?: { heading: string; rows: string[][]; widths?: number[] }[];
  notes?: string[];
}

/**
 * Renders a simple document (title, label/value lines, tables, notes) to a PDF buffer with pdfkit's
 * built-in Helvetica (Latin-1 texts: English, French, Spanish). `issuedAt` is the document's creation
 * date, so the same input renders the same bytes.
 */
export function renderPdf(page: PdfPage, issuedAt: Date, lang: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    lang,
    info: { Title: page.title, Producer: 'VTF Grants', Creator: 'VTF Grants', CreationDate: issuedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(18).text(page.title);
  if (page.subtitle) doc.font('Helvetica').fontSize(11).fillColor('#444').text(page.subtitle).fillColor('#000');
  doc.moveDown();
  for (const [label, value] of page.lines ?? []) {
    doc.font('Helvetica-Bold').fontSize(10).text(`${label}: `, { continued: true });
    doc.font('Helvetica').text(value);
  }
  for (const s of page.sections ?? []) {
    doc.moveDown().font('Helvetica-Bold').fontSize(12).text(s.heading).moveDown(0.3);
    const usable = doc.page.width - doc.page.margins.left - doc.page.margins.right;
    const cols = s.rows[0]?.length ?? 1;
    const widths = s.widths ?? Array.from({ length: cols }, () => usable / cols);
    for (const [i, row] of s.rows.entries()) {
      if (doc.y > doc.page.height - doc.page.margins.bottom - 30) doc.addPage();
      const y = doc.y;
      let x = doc.page.margins.left;
      let bottom = y;
      doc.font(i === 0 ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
      row.forEach((cell, c) => {
        const w = widths[c] ?? usable / cols;
        doc.text(cell, x, y, { width: w - 6 });
        bottom = Math.max(bottom, doc.y);
        x += w;
      });
      doc.x = doc.page.margins.left;
      doc.y = bottom + 2;
    }
  }
  if (page.notes?.length) {
    doc.moveDown();
    for (const n of page.notes) doc.font('Helvetica').fontSize(8).fillColor('#444').text(n).fillColor('#000');
  }
  doc.end();
  return done;
}
