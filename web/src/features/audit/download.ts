import { sessionStore } from '../../app/session-store';

/**
 * Fetches a file the API serves to signed-in readers (Bearer token, like /graphql) and saves it
 * under `fileName`. Resolves to null, or to the error code the API answered with.
 */
export async function downloadWithToken(url: string, fileName: string): Promise<string | null> {
  const token = sessionStore.token();
  let res: Response;
  try {
    res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch {
    return 'NETWORK';
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { errors?: { extensions?: { code?: string } }[] } | null;
    return body?.errors?.[0]?.extensions?.code ?? `HTTP_${res.status}`;
  }
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(href);
  return null;
}
