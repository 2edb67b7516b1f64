import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { GqlClient, TestApp } from './app';

/** A small well-formed PDF (content sniffing needs only its header; pdftotext reads it whole). */
export function pdfBytes(text = 'VTF test document'): Buffer {
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A Windows executable's first bytes (MZ header pointing at a PE signature). */
export function exeBytes(): Buffer {
  const b = Buffer.alloc(1024);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  return b;
}

/** An 8-byte PNG signature and an IHDR chunk. */
export function pngBytes(): Buffer {
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex'),
    Buffer.alloc(64),
  ]);
}

export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

export interface UploadAnswer {
  status: number;
  body: {
    id?: string;
    fileName?: string;
    contentType?: string;
    size?: number;
    sha256?: string;
    errors?: { message: string; extensions: { code: string; documentId?: string } }[];
  };
}

/** POST /uploads as the client, fields first then the file (with the CSRF header unless told not to). */
export async function upload(
  app: TestApp,
  client: GqlClient | null,
  fields: { slot: string; ownerId: string; requirement?: string },
  bytes: Buffer,
  fileName = 'file.pdf',
  headers: Record<string, string> = { 'apollo-require-preflight': 'true' },
): Promise<UploadAnswer> {
  const form = new FormData();
  form.append('slot', fields.slot);
  form.append('ownerId', fields.ownerId);
  if (fields.requirement) form.append('requirement', fields.requirement);
  form.append('file', new Blob([new Uint8Array(bytes)]), fileName);
  const res = await fetch(`${app.baseUrl}/uploads`, {
    method: 'POST',
    body: form,
    headers: { ...(client?.token ? { authorization: `Bearer ${client.token}` } : {}), ...headers },
  });
  return { status: res.status, body: (await res.json()) as UploadAnswer['body'] };
}

export const ATTACH = `mutation($input: AttachDocumentInput!) {
  attachDocument(input: $input) {
    document { id slot requirement fileName contentType size sha256 status version downloadUrl }
    errors { code field message }
  }
}`;

/** Uploads and attaches; fails the test when either step is refused. */
export async function uploadAndAttach(
  app: TestApp,
  client: GqlClient,
  fields: { slot: string; ownerId: string; requirement?: string },
  bytes: Buffer = pdfBytes(),
  fileName = 'file.pdf',
) {
  const u = await upload(app, client, fields, bytes, fileName);
  if (u.status !== 201) throw new Error(`upload: ${u.status} ${JSON.stringify(u.body)}`);
  const r = await client.gql(ATTACH, { input: { documentId: u.body.id, ...fields } });
  const p = r.data?.attachDocument;
  if (!p || p.errors.length) throw new Error(`attach: ${JSON.stringify(r.errors ?? p?.errors)}`);
  return p.document as { id: string; version: number; downloadUrl: string; sha256: string; fileName: string };
}

/** A ZIP archive of the given entries, stored without compression (enough for content sniffing and office readers). */
export function zipBytes(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text, 'utf8');
    const fileName = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(0, 10); // time, date
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    local.writeUInt16LE(0, 28);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(0, 10);
    dir.writeUInt32LE(0, 12);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(data.length, 20);
    dir.writeUInt32LE(data.length, 24);
    dir.writeUInt16LE(fileName.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    central.push(dir, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const RELS = (target: string) =>
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${target}"/></Relationships>`;

const contentTypes = (part: string, type: string) =>
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  `<Override PartName="/${part}" ContentType="${type}"/></Types>`;

/** A minimal Word document (OOXML): one paragraph. `macros` makes it a macro-enabled .docm. */
export function docxBytes(text = 'Project proposal', macros = false): Buffer {
  const type = macros
    ? 'application/vnd.ms-word.document.macroEnabled.main+xml'
    : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';
  return zipBytes({
    '[Content_Types].xml': contentTypes('word/document.xml', type),
    '_rels/.rels': RELS('word/document.xml'),
    'word/document.xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
      `<w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`,
  });
}

/** A minimal Excel workbook (OOXML): one sheet, one number. */
export function xlsxBytes(): Buffer {
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  return zipBytes({
    '[Content_Types].xml': contentTypes(
      'xl/workbook.xml',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
    ).replace(
      '</Types>',
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ),
    '_rels/.rels': RELS('xl/workbook.xml'),
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="${ns}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Budget" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${ns}"><sheetData><row r="1"><c r="A1"><v>35000</v></c></row></sheetData></worksheet>`,
  });
}
