import PDFDocument from 'pdfkit';
import { fontFile, fontRuns, type Family } from './fonts';

/** A label and its value, one line each. */
export type Line = [label: string, value: string];

export interface PdfPage {
  title: string;
  subtitle?: string;
  lines?: Line[];
  sections?: { heading: string; rows: string[][]; widths?: number[] }[];
  notes?: string[];
  /** The label of the issue date, the last of the lines (the date is the issuance's, not the content's). */
  issuedLabel: string;
}

type Doc = InstanceType<typeof PDFDocument>;
type TextOptions = Parameters<Doc['text']>[1];

const registered = new WeakMap<Doc, Set<string>>();

/** Writes a text in the embedded fonts, switching family where the script changes (Latin, Arabic, Chinese). */
function write(doc: Doc, text: string, bold: boolean, options: TextOptions = {}, at?: { x: number; y: number }): void {
  const runs = fontRuns(text);
  runs.forEach((run, i) => {
    const name = `${run.family}-${bold ? 'bold' : 'regular'}`;
    // A font file is read (once per process) and embedded only when a text needs it.
    let fonts = registered.get(doc);
    if (!fonts) registered.set(doc, (fonts = new Set()));
    if (!fonts.has(name)) {
      doc.registerFont(name, fontFile(run.family as Family, bold));
      fonts.add(name);
    }
    doc.font(name);
    const continued = i < runs.length - 1 ? true : (options?.continued ?? false);
    if (i === 0 && at) doc.text(run.text, at.x, at.y, { ...options, continued });
    else doc.text(run.text, { ...options, continued });
  });
}

/**
 * Renders a simple document (title, label/value lines, tables, notes) to a PDF buffer with embedded
 * Noto fonts (any script an organisation's name may be written in). `issuedAt` is the document's
 * issue date, so the same input renders the same bytes.
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
  doc.fontSize(18);
  write(doc, page.title, true);
  if (page.subtitle) {
    doc.fontSize(11).fillColor('#444');
    write(doc, page.subtitle, false);
    doc.fillColor('#000');
  }
  doc.moveDown();
  const lines: Line[] = [...(page.lines ?? []), [page.issuedLabel, issuedAt.toISOString().slice(0, 10)]];
  for (const [label, value] of lines) {
    doc.fontSize(10);
    write(doc, `${label}: `, true, { continued: true });
    // An empty value would leave the line open (continued) and the next label on top of it.
    write(doc, value || '-', false);
  }
  for (const s of page.sections ?? []) {
    doc.moveDown().fontSize(12);
    write(doc, s.heading, true);
    doc.moveDown(0.3);
    const usable = doc.page.width - doc.page.margins.left - doc.page.margins.right;
    const cols = s.rows[0]?.length ?? 1;
    const widths = s.widths ?? Array.from({ length: cols }, () => usable / cols);
    for (const [i, row] of s.rows.entries()) {
      if (doc.y > doc.page.height - doc.page.margins.bottom - 30) doc.addPage();
      const y = doc.y;
      let x = doc.page.margins.left;
      let bottom = y;
      doc.fontSize(9);
      row.forEach((cell, c) => {
        const w = widths[c] ?? usable / cols;
        write(doc, cell, i === 0, { width: w - 6 }, { x, y });
        bottom = Math.max(bottom, doc.y);
        x += w;
      });
      doc.x = doc.page.margins.left;
      doc.y = bottom + 2;
    }
  }
  if (page.notes?.length) {
    doc.moveDown();
    for (const n of page.notes) {
      doc.fontSize(8).fillColor('#444');
      write(doc, n, false);
      doc.fillColor('#000');
    }
  }
  doc.end();
  return done;
}
