/**
 * The token of the e-mail's link, `/reset-password#token=…`. It is in the fragment so that it is
 * never sent to the server with the page's request (nor logged by a proxy); only the mutation carries it.
 */
export function tokenOfHash(hash: string): string {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token')?.trim() ?? '';
}
