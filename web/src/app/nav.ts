/** An entry of the portal's navigation. */
export interface NavItem {
  to: string;
  label: string;
  badge?: number;
  /** Other paths that belong to this entry (the money screens' sub-pages under "Money"). */
  also?: string[];
}

/** The nav entry of a page: the one whose path (or one of its `also` paths) is the longest prefix of it. */
export function activeEntry(items: readonly NavItem[], pathname: string): string | null {
  let best: { to: string; length: number } | null = null;
  for (const item of items) {
    for (const path of [item.to, ...(item.also ?? [])]) {
      const leads = path === '/' ? pathname === '/' : pathname === path || pathname.startsWith(`${path}/`);
      if (leads && (!best || path.length > best.length)) best = { to: item.to, length: path.length };
    }
  }
  return best?.to ?? null;
}
