import { FILE_TYPES, type FileKind } from './document-slots';

export interface Sniffed {
  /** One of the accepted kinds, or null for anything else (an executable, a script, unknown bytes). */
  kind: FileKind | null;
  /** What the bytes are, as far as sniffing tells (for the refusal message). */
  detected: string;
}

const BY_MIME = new Map<string, FileKind>(Object.entries(FILE_TYPES).map(([k, m]) => [m, k as FileKind]));

/** The file's type from its content (magic bytes, and the entries of a ZIP container), never its name. */
export async function sniffFile(path: string): Promise<Sniffed> {
  // file-type ships ES modules only; Node 24 loads them through require().
  const { fileTypeFromFile } = await import('file-type');
  const found = await fileTypeFromFile(path);
  if (!found) return { kind: null, detected: 'unknown or plain-text content' };
  return { kind: BY_MIME.get(found.mime) ?? null, detected: `${found.mime} (.${found.ext})` };
}
