import { createHash } from 'node:crypto';
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
