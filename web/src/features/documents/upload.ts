import { sessionStore } from '../../app/session-store';

export type UploadResult = { ok: true; id: string } | { ok: false; code: string };

/**
 * Sends a file to POST /uploads (the API's two-step upload: then attachDocument), reporting the
 * share sent so far (0..1). Resolves to the upload's id or the code the API refused it with
 * (UNSUPPORTED_FILE_TYPE, FILE_TOO_LARGE, OWNER_QUOTA_EXCEEDED, UPLOAD_QUARANTINED, …).
 */
export function sendUpload(
  fields: { slot: string; ownerId: string; requirement?: string | null },
  file: File,
  onProgress: (share: number) => void,
): Promise<UploadResult> {
  return new Promise((resolve) => {
    const form = new FormData();
    form.append('slot', fields.slot);
    form.append('ownerId', fields.ownerId);
    if (fields.requirement) form.append('requirement', fields.requirement);
    form.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/uploads');
    const token = sessionStore.token();
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    // The CSRF rule of the API: a cross-site form cannot send this header.
    xhr.setRequestHeader('apollo-require-preflight', 'true');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => resolve({ ok: false, code: 'NETWORK' });
    xhr.onload = () => {
      const body = parseAnswer(xhr.responseText);
      if (xhr.status === 201 && body?.id) resolve({ ok: true, id: body.id });
      else resolve({ ok: false, code: body?.errors?.[0]?.extensions?.code ?? `HTTP_${xhr.status}` });
    };
    xhr.send(form);
  });
}

interface Answer {
  id?: string;
  errors?: { extensions?: { code?: string } }[];
}

function parseAnswer(text: string): Answer | null {
  try {
    return JSON.parse(text) as Answer;
  } catch {
    return null;
  }
}

/** A size in bytes for people (kB, MB), in the reader's language. */
export function formatSize(bytes: number, lang: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let n = bytes;
  let u = 0;
  while (n >= 1000 && u < units.length - 1) {
    n /= 1000;
    u += 1;
  }
  return new Intl.NumberFormat(lang, {
    style: 'unit',
    unit: units[u],
    unitDisplay: 'short',
    maximumFractionDigits: 1,
  }).format(n);
}
